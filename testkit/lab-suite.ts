/** Lab set-up shared by the lab test files (vitest only: benches use lab-harness.ts directly). */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PLAIN_FAULT_IDS } from '../src/model/faults.js';
import type { LabPlugin, LabRelease } from '../src/lab/model.js';
import type { LabStatus } from '../src/lab/types.js';
import { agreementServices, compareWithFault } from './lab-agreement.js';
import {
  catalogue,
  describeCauses,
  diagnoseLab,
  isExact,
  startLab,
  stopLab,
  withFault,
  type LabDiagnoseOptions,
} from './lab-harness.js';
import { uniqueLabName } from './lab-helpers.js';

/**
 * One lab for the enclosing `describe`: up before its tests, down after them, also when they fail
 * (vitest runs afterAll whatever the tests did). `status` is readable once the lab is up.
 */
export function sharedLab(
  prefix: string,
  plugin: LabPlugin = 'subnet',
  release?: LabRelease,
): { readonly name: string; readonly status: LabStatus } {
  const name = uniqueLabName(prefix);
  let status: LabStatus | undefined;
  beforeAll(async () => {
    status = await startLab(name, plugin, release ? { release } : {});
  }, 180_000);
  afterAll(async () => {
    await stopLab(name);
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
