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
import { canRunLab, describeCauses, diagnoseLab, withFault } from '../../testkit/lab-harness.js';
import {
  itDiagnosesEachFault,
  itDiagnosesPolicyFaults,
  itIsHealthy,
  sharedLab,
  where,
} from '../../testkit/lab-suite.js';

// A little more than the 2 s default per probe: CI runs other lab suites on the same two cores.
const E2E = { timeoutMs: 3000 };

describe.skipIf(!canRunLab)('diagnose on the ovs-networkpolicy lab', () => {
  const lab = sharedLab('dgnp', 'networkpolicy');
  const { name } = lab;

  itIsHealthy(lab, E2E);

  itDiagnosesPolicyFaults(lab, E2E);

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
