/**
 * One module per command of the guide. Every export is `parseX(text) → ParseResult<…>`:
 * pure, total (never throws), warnings carry line numbers.
 */
export type * from './types.js';
export { parseIpRoute, parseIpRouteGet } from './ip-route.js';
export { parseIpAddr } from './ip-addr.js';
export { parseSysctl } from './sysctl.js';
export { parseOvsListBr, parseOvsShow } from './ovs-vsctl.js';
export { parseOvsPortsDesc } from './ovs-ports.js';
export { parseOvsFlows, parseFlowMatch, parseFlowActions } from './ovs-flows.js';
export { parseOvsGroups } from './ovs-groups.js';
export { parseIptablesSave } from './iptables-save.js';
export { parseIptablesList } from './iptables-list.js';
export { parseResolvConf } from './resolv-conf.js';
export { parseNodeConfig } from './node-config.js';
export { parseNodeJournal } from './journal.js';
export { parseDigShort, parseDigAnswer } from './dig.js';
export { parseCurlVerbose } from './curl.js';
export { parsePing } from './ping.js';
export { parseTracepath } from './tracepath.js';
export { parseEthtool, parseEthtoolStats, parseEthtoolDriver } from './ethtool.js';
export { parseProcesses } from './processes.js';
export { parseKeepalivedLog } from './keepalived-log.js';
