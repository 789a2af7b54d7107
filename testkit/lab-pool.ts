/**
 * Labs shared by the lab test files of one `vitest run`. CI builds some 25 labs one after the other
 * on two cores, and a lab up and down costs about 8 s; the files that only inject catalogue faults
 * into a plain 3-node lab (and take them off again) need not each build their own. The lab
 * project's global setup (lab-pool-setup.ts) names the pool of this run; the first file that asks
 * for a pooled lab builds it, the next files find it up, and the global teardown takes down every
 * pooled lab. A file hands its lab on as it found it: faults it left on are taken off, and the
 * file fails (see `handBack`), so the next file starts on a healthy lab and the culprit is named.
 */
import { existsSync } from 'node:fs';
import { faultOff, labNames, loadLabStatus, loadState } from '../src/lab/index.js';
import type { LabPlugin, LabRelease } from '../src/lab/model.js';
import type { LabStatus } from '../src/lab/types.js';
import { startLab, stopLab } from './lab-harness.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The prefix of this run's pooled lab names (lab-pool-setup.ts); absent where no lab runs. */
    labPool?: string;
  }
}

/** The lab shapes the pool holds: plain 3.11 labs of the two plugins without isolation objects to write. */
const POOLED: Readonly<Partial<Record<LabPlugin, string>>> = { subnet: 's', multitenant: 'm' };

/**
 * The pooled lab's name for `plugin` and `release` in the run whose pool is `prefix` (vitest's
 * `inject('labPool')`: this module is also the global setup's, where vitest cannot be imported),
 * or undefined when that lab is not pooled.
 */
export function pooledLabName(
  prefix: string | undefined,
  plugin: LabPlugin,
  release: LabRelease | undefined,
): string | undefined {
  const letter = POOLED[plugin];
  if (!prefix || !letter || (release !== undefined && release !== '3.11')) return undefined;
  return `${prefix}${letter}`;
}

/** The pooled lab `name`, built on first use (3 nodes, 2 pods each, as startLab builds every lab). */
export async function takePooledLab(name: string, plugin: LabPlugin): Promise<LabStatus> {
  if (!existsSync(labNames(name).runDir)) return startLab(name, plugin);
  const status = await loadLabStatus(name);
  if (!status) throw new Error(`pooled lab ${name} is not readable: a previous file broke it`);
  return status;
}

/** Takes off whatever faults the file left on, then fails the file if there were any. */
export async function handBack(name: string): Promise<void> {
  const left = (await loadState(name))?.faults.map((f) => f.id) ?? [];
  for (const id of new Set(left)) await faultOff(name, id);
  if (left.length > 0)
    throw new Error(`this file left faults on in the shared lab ${name}: ${left.join(', ')} (now off)`);
}

/** The global teardown: every pooled lab of this run that was built. */
export async function downPool(prefix: string): Promise<void> {
  for (const letter of Object.values(POOLED)) {
    const name = `${prefix}${letter}`;
    if (existsSync(labNames(name).runDir)) await stopLab(name);
  }
}
