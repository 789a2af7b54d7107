/** Lab set-up shared by the lab test files (vitest only: benches use lab-harness.ts directly). */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PLAIN_FAULT_IDS } from '../src/model/faults.js';
import type { LabPlugin } from '../src/lab/model.js';
import type { LabStatus } from '../src/lab/types.js';
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
): { readonly name: string; readonly status: LabStatus } {
  const name = uniqueLabName(prefix);
  let status: LabStatus | undefined;
  beforeAll(async () => {
    status = await startLab(name, plugin);
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
