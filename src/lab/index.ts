/** The lab: a real openshift-sdn cluster on one machine, with every fault of DESIGN.md §5. */
export { upLab, warmTunnels } from './up.js';
export { downLab, downAll } from './down.js';
export { faultOn, faultOff, faultClear, faultList, FAULT_DESCRIPTIONS, type FaultTarget } from './faults.js';
export { labStatus, loadLabStatus, listLabs, formatStatus } from './status.js';
export { generateNodeFlows, hostSubnetCookie, type NodeFlowSpec } from './flows.js';
export { generateNodeIptables, serviceChainName, endpointChainName } from './iptables.js';
export { LabError } from './errors.js';
export { labNames, assertLabName } from './names.js';
export { loadState } from './state.js';
export { ovsEnv } from './ovs.js';
export type { LabStatus } from './types.js';
