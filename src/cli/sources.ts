/**
 * The CLI side of where a command reads a cluster from: `--lang`, the model-source options of
 * trace and matrix, Ctrl-C handling. The choice itself (bundle, lab, live cluster) is library
 * code in src/sources/choose.ts, re-exported here for the commands.
 */
import { buildModel } from '../model/build.js';
import type { ClusterModel } from '../model/types.js';
import {
  loadSnapshot,
  resolveClusterSource as resolveSource,
  type ClusterSource,
  type ClusterSourceOptions,
  type ModelSourceOptions,
} from '../sources/choose.js';
import { closeOnInterrupt } from './interrupt.js';

export {
  chooseNodes,
  collectFromSource,
  positiveNumber,
  readInputs,
  type ClusterSource,
  type ClusterSourceOptions,
  type ModelSourceOptions,
} from '../sources/choose.js';
export { resolveLang } from './lang.js';

/** The lab or live cluster of the options (src/sources/choose.ts); Ctrl-C closes its node shell. */
export function resolveClusterSource(opts: ClusterSourceOptions): Promise<ClusterSource> {
  return resolveSource(opts, closeOnInterrupt);
}

/** The model trace and matrix work on: src/sources/choose.ts picks the snapshot, this builds it. */
export async function loadClusterModel(
  opts: ModelSourceOptions & { timeoutMs?: number },
): Promise<ClusterModel> {
  return buildModel(await loadSnapshot(opts, closeOnInterrupt)).model;
}
