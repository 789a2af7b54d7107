/**
 * Representative addresses of one node's SDN traffic, for walking its iptables chains with concrete
 * packets (39.7.4.1, 39.7.4.1 OPENSHIFT-MASQUERADE): the node IP and the interface carrying it, the
 * local pod subnet, its tun0 gateway, one local pod address.
 */
import type { ClusterModel } from '../../model/types.js';
import { formatIp, gatewayOf, nthAddress, parseCidr } from '../../net/ipv4.js';
import { expectedNodeIP, hostSubnetOf, linkCarrying } from './nodes.js';
import { localSdnPods } from './pods.js';
import { defaultRoute } from './routes.js';

/** TEST-NET-1 (RFC 5737): stands for "any address outside the cluster". */
export const EXTERNAL_IP = '192.0.2.10';

export interface NodeTraffic {
  readonly nodeIP: string;
  /** The interface carrying the node IP (or the default route's), when known. */
  readonly nic?: string;
  readonly localSubnet: string;
  readonly gateway: string;
  /** A local pod address: a running pod's, else the first one after the gateway. */
  readonly podIP: string;
}

/** undefined when the node has no HostSubnet or no known IP. */
export function nodeTraffic(model: ClusterModel, node: string): NodeTraffic | undefined {
  const hs = hostSubnetOf(model, node);
  const nodeIP = expectedNodeIP(model, node);
  const gateway = hs ? gatewayOf(hs.subnet) : undefined;
  const base = hs ? parseCidr(hs.subnet) : undefined;
  if (!hs || !nodeIP || !gateway || !base) return undefined;
  const facts = model.nodeFacts[node];
  const nic =
    linkCarrying(facts?.links?.value ?? [], nodeIP)?.name ?? defaultRoute(facts?.routes?.value ?? [])?.dev;
  const podIP = localSdnPods(model, node)[0]?.podIP ?? formatIp(nthAddress(base, 2));
  return { nodeIP, localSubnet: hs.subnet, gateway, podIP, ...(nic ? { nic } : {}) };
}
