/** The dataplane simulator: br0 pipeline, node kernel, VXLAN, cluster traces and the reachability matrix. */
export {
  Bridge,
  type BridgeResult,
  type BridgeOutput,
  type BridgeEnd,
  type BridgeWarning,
} from './engine/bridge.js';
export {
  ClusterDataplane,
  COMPILED_NODES_KEPT,
  type TraceSource,
  type TraceTarget,
  type ClusterDataplaneOptions,
} from './trace/cluster.js';
export { resolveSource, resolveTarget, type Resolved, type ResolvedTarget } from './trace/endpoints.js';
export { packetToOvsFlow } from './engine/ovs-flow-string.js';
export * from './engine/types.js';
export {
  computeMatrix,
  type MatrixOptions,
  type MatrixResult,
  type MatrixPair,
  type BrokenGroup,
  type PairKind,
  type NodeGrid,
} from './matrix/matrix.js';
export { tracePairs, type PairTrace } from './matrix/pair-traces.js';
