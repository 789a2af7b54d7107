/** Lab set-up shared by the lab test files (vitest only: benches use lab-harness.ts directly). */
import { afterAll, beforeAll } from 'vitest';
import type { LabPlugin, LabRelease } from '../src/lab/model.js';
import type { LabStatus } from '../src/lab/types.js';
import { startLab, stopLab } from './lab-harness.js';
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
