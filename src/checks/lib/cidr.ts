/**
 * Shim: the IPv4 helpers live in src/net/ipv4.ts. Kept only for checks/lib/iptables.ts, which is
 * being merged into the dataplane's evaluator; delete this file with that merge.
 */
export { cidrContains } from '../../net/ipv4.js';
