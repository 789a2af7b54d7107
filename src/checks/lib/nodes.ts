/**
 * Node identity across the model: API Node, HostSubnet, the node's own `ip addr`, its node config
 * (39.6 step 1: every node must have the IP address the cluster expects).
 */
import type {
  ClusterModel,
  Flow,
  HostSubnet,
  KubeNode,
  LinkEntry,
  NodeFacts,
  Sourced,
} from '../../model/types.js';
import type { CheckContext } from '../types.js';
import { addressOf } from '../../net/ipv4.js';

/** Every node the model knows of (API Nodes and nodes with collected facts), sorted. */
export function allNodeNames(model: ClusterModel): string[] {
  const names = new Set<string>(Object.keys(model.nodeFacts));
  for (const n of model.nodes?.value ?? []) names.add(n.name);
  return [...names].sort();
}

export function kubeNode(model: ClusterModel, node: string): KubeNode | undefined {
  return model.nodes?.value.find((n) => n.name === node);
}

/** The HostSubnet of a node (named after the node; `host` is the node name too). */
export function hostSubnetOf(model: ClusterModel, node: string): HostSubnet | undefined {
  const all = model.hostSubnets?.value ?? [];
  return all.find((h) => h.host === node) ?? all.find((h) => h.name === node);
}

/** Interfaces that never carry the node IP (SDN and container plumbing). */
const NOT_NODE_IFACES = /^(lo|tun0|br0|vxlan_sys_\d+|vxlan0|docker\d*|veth.*|ovs-system)$/;

/** IPv4 addresses configured on the node's own interfaces (`ip addr`), with the interface. */
export function ownAddresses(
  links: readonly LinkEntry[],
): { ip: string; link: LinkEntry; raw: string; line: number }[] {
  const out: { ip: string; link: LinkEntry; raw: string; line: number }[] = [];
  for (const link of links) {
    if (NOT_NODE_IFACES.test(link.name)) continue;
    for (const a of link.addresses) {
      if (a.family === 'inet') out.push({ ip: addressOf(a.cidr), link, raw: a.raw, line: a.line });
    }
  }
  return out;
}

/**
 * The nodes (of those whose addresses were collected) that have `ip` on an interface: who holds an
 * IP failover VIP (§12) or a service's external IP (39.13.1). Sorted by name.
 */
export function nodesHolding(model: ClusterModel, ip: string): string[] {
  return Object.values(model.nodeFacts)
    .filter((f) => f.links && linkCarrying(f.links.value, ip))
    .map((f) => f.name)
    .sort();
}

/** The interface that carries `ip` (any interface, SDN ones included), if any. */
export function linkCarrying(links: readonly LinkEntry[], ip: string): LinkEntry | undefined {
  return links.find((l) => l.addresses.some((a) => a.family === 'inet' && addressOf(a.cidr) === ip));
}

/**
 * The IP the node is expected to use for the SDN: node config `nodeIP` (what openshift-sdn uses),
 * else the Node's InternalIP, else its HostSubnet hostIP.
 */
export function expectedNodeIP(model: ClusterModel, node: string): string | undefined {
  return (
    model.nodeFacts[node]?.nodeConfig?.value.nodeIP ??
    kubeNode(model, node)?.internalIP ??
    hostSubnetOf(model, node)?.hostIP
  );
}

/** Every address known to belong to the node (own interfaces, InternalIP, HostSubnet hostIP). */
export function localAddresses(model: ClusterModel, node: string): Set<string> {
  const set = new Set<string>();
  const facts: NodeFacts | undefined = model.nodeFacts[node];
  for (const a of ownAddresses(facts?.links?.value ?? [])) set.add(a.ip);
  const ip = kubeNode(model, node)?.internalIP;
  if (ip) set.add(ip);
  const hs = hostSubnetOf(model, node);
  if (hs?.hostIP) set.add(hs.hostIP);
  return set;
}

/** 39.7.4 ¶1: the HostSubnets of every other node (what this node needs VXLAN flows for). */
export function remoteHostSubnets(model: ClusterModel, node: string): HostSubnet[] {
  const local = hostSubnetOf(model, node);
  const mine = localAddresses(model, node);
  return (model.hostSubnets?.value ?? [])
    .filter((h) => h !== local && h.host !== node && !mine.has(h.hostIP))
    .sort((a, b) => a.host.localeCompare(b.host));
}

/**
 * 39.7.4 ¶1: each node with a br0 flow dump, paired with every remote HostSubnet it must hold
 * VXLAN flows for (table 10 tun_src, tables 50/90 tun_dst).
 */
export function* flowsPerRemoteSubnet(
  ctx: CheckContext,
): Generator<{ node: string; flows: Sourced<readonly Flow[]>; hs: HostSubnet }> {
  for (const node of ctx.nodes) {
    const flows = ctx.model.nodeFacts[node]?.ovs.flows;
    if (!flows) continue;
    for (const hs of remoteHostSubnets(ctx.model, node)) yield { node, flows, hs };
  }
}
