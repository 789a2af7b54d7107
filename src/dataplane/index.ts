/** The dataplane simulator: br0 pipeline, node kernel, VXLAN, cluster traces and the reachability matrix. */
export {
  Bridge,
  type BridgeResult,
  type BridgeOutput,
  type BridgeEnd,
  type BridgeWarning,
} from './bridge.js';
export {
  ClusterDataplane,
  type TraceSource,
  type TraceTarget,
  type ClusterDataplaneOptions,
} from './cluster.js';
export { resolveSource, resolveTarget, type Resolved, type ResolvedTarget } from './endpoints.js';
export { packetToOvsFlow } from './ovs-flow-string.js';
export * from './types.js';
export {
  computeMatrix,
  type MatrixOptions,
  type MatrixResult,
  type MatrixPair,
  type BrokenGroup,
  type PairKind,
  type NodeGrid,
} from './matrix.js';
export { tracePairs, type PairTrace } from './pair-traces.js';
