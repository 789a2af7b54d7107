/** Lab set-up shared by the lab test files (vitest only: benches use lab-harness.ts directly). */
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { PLAIN_FAULT_IDS } from '../src/model/faults.js';
import type { LabPlugin, LabRelease } from '../src/lab/model.js';
import type { LabStatus } from '../src/lab/types.js';
import { agreementServices, compareWithFault } from './lab-agreement.js';
import {
  catalogue,
  describeCauses,
  diagnoseLab,
  isExact,
  policyCatalogue,
  startLab,
  stopLab,
  withFault,
  type LabDiagnoseOptions,
} from './lab-harness.js';
import { uniqueLabName } from './lab-helpers.js';
import { handBack, pooledLabName, takePooledLab } from './lab-pool.js';

/**
 * One lab for the enclosing `describe`: up before its tests, down after them, also when they fail
 * (vitest runs afterAll whatever the tests did). `status` is readable once the lab is up. A plain
 * 3.11 subnet or multitenant lab comes from this run's pool instead (lab-pool.ts): built once, handed
 * on from file to file, its faults checked off after each.
 */
export function sharedLab(
  prefix: string,
  plugin: LabPlugin = 'subnet',
  release?: LabRelease,
): { readonly name: string; readonly status: LabStatus } {
  const pooled = pooledLabName(inject('labPool'), plugin, release);
  const name = pooled ?? uniqueLabName(prefix);
  let status: LabStatus | undefined;
  beforeAll(async () => {
    status = pooled
      ? await takePooledLab(name, plugin)
      : await startLab(name, plugin, release ? { release } : {});
  }, 180_000);
  afterAll(async () => {
    await (pooled ? handBack(name) : stopLab(name));
  }, 120_000);
  return {
    name,
    get status(): LabStatus {
      if (!status) throw new Error(`lab ${name} is not up`);
      return status;
    },
  };
}

/** `diagnose` on the healthy lab: healthy, with no cause and nothing unchecked. */
export function itIsHealthy(lab: { readonly name: string }, opts: LabDiagnoseOptions): void {
  it('a healthy lab is healthy, with no cause and nothing unchecked', async () => {
    const r = await diagnoseLab(lab.name, opts);
    expect(describeCauses(r)).toBe('(none)');
    expect(r.verdict.healthy).toBe(true);
    expect(r.steps.every((s) => s.status === 'pass' || s.status === 'skipped')).toBe(true);
  });
}

/** Each plain fault of the catalogue alone: exactly that fault, on the object it was injected on. */
export function itDiagnosesEachFault(
  lab: { readonly name: string; readonly status: LabStatus },
  opts: LabDiagnoseOptions,
): void {
  for (const fault of PLAIN_FAULT_IDS) {
    it(`${fault} alone → exactly ${fault}`, async () => {
      const c = catalogue(lab.status).find((x) => x.fault === fault)!;
      const r = await withFault(lab.name, c, () => diagnoseLab(lab.name, opts));
      expect(isExact(c, r), `target ${JSON.stringify(c.target)}\n${describeCauses(r)}`).toBe(true);
      expect(r.verdict.healthy).toBe(false);
    });
  }
}

/** One diagnose cause as the policy tests compare it: fault, node, pod and policy. */
export const where = (c: { fault: string; node?: string; pod?: string; policy?: string }): string =>
  `${c.fault}@${c.node ?? ''}${c.pod ? `/${c.pod}` : ''}${c.policy ? ` policy ${c.policy}` : ''}`;

/**
 * The table 80 faults on a networkpolicy lab (3.11 or 4.x; where they lie on the URL's path:
 * test/e2e/diagnose-networkpolicy.test.ts): each alone → exactly it, on node-2, with its policy / pod.
 */
export function itDiagnosesPolicyFaults(
  lab: { readonly name: string; readonly status: LabStatus },
  opts: LabDiagnoseOptions,
): void {
  const pod = (ns: string, app: string, node: string): string => {
    const p = lab.status.pods.find((x) => x.namespace === ns && x.node === node && x.name.startsWith(app));
    if (!p) throw new Error(`no ${ns}/${app} pod on ${node}`);
    return `${p.namespace}/${p.name}`;
  };
  it('policy-flow-missing on the route path → exactly policy-flow-missing on node-2, with the policy', async () => {
    const c = policyCatalogue().find((x) => x.fault === 'policy-flow-missing')!;
    const r = await withFault(lab.name, c, () => diagnoseLab(lab.name, opts));
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
    const [viaUrl, viaPod] = await withFault(lab.name, c, async () => [
      await diagnoseLab(lab.name, opts),
      await diagnoseLab(lab.name, {
        ...opts,
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
}

/** The faults the lab agreement files inject one at a time: the flow faults and two of the node. */
export const AGREEMENT_FAULTS: readonly string[] = [
  'flow-tun-src-missing',
  'flow-tun-dst-missing',
  'flow-pod-missing',
  'ip-forward-off',
  'svc-masquerade-missing',
];

/**
 * One test per fault of AGREEMENT_FAULTS: the simulator agrees with real TCP on every pair the
 * fault's case compares, and the fault shows — more unreachable pairs than `floor(services)` (the
 * healthy lab's, or 0), or, for svc-masquerade-missing (its pairs are isolated first or have the
 * client among the endpoints), OPENSHIFT-MASQUERADE among the matrix's causes.
 */
export function agreementWithEachFault(
  lab: () => { readonly name: string; readonly status: LabStatus },
  label: string,
  floor: (services: boolean | 'no-self') => number,
): void {
  for (const fault of AGREEMENT_FAULTS) {
    const services = agreementServices(fault);
    it(`agrees on every pod pair with ${fault}${services ? ' (and pod → service pairs)' : ''}`, async () => {
      const { name, status } = lab();
      const r = await compareWithFault(name, status, fault);
      console.log(`${label}${fault}: ${r.checked} pairs, ${r.broken} unreachable in the simulator`);
      expect(r.disagreements).toEqual([]);
      if (fault === 'svc-masquerade-missing')
        expect(r.causes.some((c) => c.includes('OPENSHIFT-MASQUERADE'))).toBe(true);
      else expect(r.broken).toBeGreaterThan(floor(services));
    }, 240_000);
  }
}
