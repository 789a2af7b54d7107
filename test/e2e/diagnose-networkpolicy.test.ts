/**
 * `diagnose` on the project-isolating plugins (issue 11, "Checked against the real thing"): the
 * healthy networkpolicy and multitenant labs are healthy; each isolation fault alone gives exactly
 * that fault on its node (and policy); the 21 plain faults of the catalogue are still diagnosed
 * exactly on the networkpolicy lab, whose table 80 now stands between the router and the pods.
 *
 * Where the faults lie on a URL's path:
 * - policy-flow-missing is injected on the route's path: node-2 (it hosts an endpoint of demo/web)
 *   loses the allow flow of `demo/allow-from-default-namespace`, the one that admits the router's
 *   VNID 0 — the router on node-1 no longer reaches that endpoint.
 * - policy-flow-stale is an isolation hole: node-2 still admits shop → demo's web pod on 8080 after
 *   `demo/allow-shop-to-web` was deleted. The route itself keeps working. `diagnose <url>` reads
 *   table 80 on every node of the route's path (node-2 hosts an endpoint), so it names the stale
 *   flow there as a configuration fault of a node on the path — it does not claim the route fails.
 *   The door that proves the hole is `diagnose --from pod/shop/<pod> pod/demo/<web on node-2>:8080`:
 *   the connection the policies forbid answers, and the same check names the flow.
 * - vnid-mismatch (multitenant): node-2's demo web pod, an endpoint of the route, loads shop's netid.
 */
import { describe, expect, it } from 'vitest';
import {
  canRunLab,
  describeCauses,
  diagnoseLab,
  policyCatalogue,
  withFault,
} from '../../testkit/lab-harness.js';
import { itDiagnosesEachFault, itIsHealthy, sharedLab } from '../../testkit/lab-suite.js';

// A little more than the 2 s default per probe: CI runs other lab suites on the same two cores.
const E2E = { timeoutMs: 3000 };

const where = (c: { fault: string; node?: string; pod?: string; policy?: string }): string =>
  `${c.fault}@${c.node ?? ''}${c.pod ? `/${c.pod}` : ''}${c.policy ? ` policy ${c.policy}` : ''}`;

describe.skipIf(!canRunLab)('diagnose on the ovs-networkpolicy lab', () => {
  const lab = sharedLab('dgnp', 'networkpolicy');
  const { name } = lab;
  const pod = (ns: string, app: string, node: string): string => {
    const p = lab.status.pods.find((x) => x.namespace === ns && x.node === node && x.name.startsWith(app));
    if (!p) throw new Error(`no ${ns}/${app} pod on ${node}`);
    return `${p.namespace}/${p.name}`;
  };

  itIsHealthy(lab, E2E);

  it('policy-flow-missing on the route path → exactly policy-flow-missing on node-2, with the policy', async () => {
    const c = policyCatalogue().find((x) => x.fault === 'policy-flow-missing')!;
    const r = await withFault(name, c, () => diagnoseLab(name, E2E));
    expect(r.verdict.causes.map(where), describeCauses(r)).toEqual([
      'policy-flow-missing@node-2 policy demo/allow-from-default-namespace',
    ]);
    // the endpoint that stopped answering is the evidence, not a second cause
    const each = r.steps.find((s) => s.id === 'service.each-endpoint');
    expect(each?.status, describeCauses(r)).toBe('fail');
  });

  it('policy-flow-stale → exactly policy-flow-stale on node-2, from the URL and from the pod it wrongly admits', async () => {
    const c = policyCatalogue().find((x) => x.fault === 'policy-flow-stale')!;
    const web2 = pod('demo', 'web', 'node-2');
    const [viaUrl, viaPod] = await withFault(name, c, async () => [
      await diagnoseLab(name, E2E),
      await diagnoseLab(name, {
        ...E2E,
        from: `pod/${pod('shop', 'shop', 'node-1')}`,
        url: `pod/${web2}:8080`,
      }),
    ]);
    for (const r of [viaUrl, viaPod]) {
      expect(r.verdict.causes.map(where), describeCauses(r)).toEqual([`policy-flow-stale@node-2/${web2}`]);
    }
    // the route itself still answers: the hole is not reported as a failing endpoint
    expect(viaUrl.steps.find((s) => s.id === 'service.each-endpoint')?.status).toBe('pass');
    // through the door, the connection the policies forbid answers
    expect(viaPod.steps.find((s) => s.id === 'pod.from-source')?.status).toBe('pass');
  });

  // Each plain fault alone: exactly that fault, on the object it was injected on, and nothing else.
  itDiagnosesEachFault(lab, E2E);

  it('the lab is healthy again after the faults are cleared', async () => {
    const r = await diagnoseLab(name, E2E);
    expect(describeCauses(r)).toBe('(none)');
  });
});

describe.skipIf(!canRunLab)('diagnose on the ovs-multitenant lab', () => {
  const lab = sharedLab('dgmt', 'multitenant');
  const { name } = lab;

  itIsHealthy(lab, E2E);

  it('vnid-mismatch → exactly vnid-mismatch on node-2 and its pod', async () => {
    const p = lab.status.pods.find((x) => x.node === 'node-2' && x.namespace === 'demo')!;
    const c = { fault: 'vnid-mismatch' as const, target: { pod: `${p.namespace}/${p.name}` } };
    const r = await withFault(name, c, () => diagnoseLab(name, E2E));
    expect(r.verdict.causes.map(where), describeCauses(r)).toEqual([
      `vnid-mismatch@node-2/${p.namespace}/${p.name}`,
    ]);
  });
});
