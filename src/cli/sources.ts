/**
 * The CLI side of where a command reads a cluster from: `--lang` and Ctrl-C handling (the options
 * are declared in model-options.ts). The choice itself (bundle, lab, live cluster) is library
 * code in src/sources/choose.ts, re-exported here for the commands.
 */
import { buildModel, buildModelLazily } from '../model/build.js';
import type { ClusterDataplane } from '../dataplane/index.js';
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

/**
 * The whole model of a source, every node's flows kept (what the checks read): src/sources/choose.ts
 * picks the snapshot, this builds it. trace and matrix take loadClusterDataplane instead.
 */
export async function loadClusterModel(
  opts: ModelSourceOptions & { timeoutMs?: number },
): Promise<ClusterModel> {
  return buildModel(await loadSnapshot(opts, closeOnInterrupt)).model;
}

/**
 * The dataplane trace and matrix work on, over a model without br0's flows (buildModelLazily): a
 * node's flows are read again when it is compiled, so a 2000-node bundle is not held as records.
 */
export async function loadClusterDataplane(
  opts: ModelSourceOptions & { timeoutMs?: number },
): Promise<ClusterDataplane> {
  const [{ ClusterDataplane, COMPILED_NODES_KEPT }, snapshot] = await Promise.all([
    import('../dataplane/index.js'),
    loadSnapshot(opts, closeOnInterrupt),
  ]);
  const { model, loadNode } = buildModelLazily(snapshot);
  return new ClusterDataplane(model, { loadNode, cacheSize: COMPILED_NODES_KEPT });
}
