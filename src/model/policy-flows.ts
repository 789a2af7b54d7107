/**
 * The table 80 flows openshift-sdn's networkpolicy plugin programs for one VNID (classic node code,
 * rule versions before 13: openshift/sdn pkg/network/node/networkpolicy.go syncNamespaceFlows /
 * parseNetworkPolicy, pipeline reference §5; the 4.10+ code of rule version 13, `split` semantics,
 * differs where {@link splitFlowsModeled} says):
 *
 *   priority=150 reg1=V <dst><peer><port> → output:NXM_NX_REG2[]   one per policy × rule × product
 *   priority=100 reg1=V ip nw_dst=<selected pod> → drop            unless a policy selects every pod
 *   priority=50  reg1=V → output:NXM_NX_REG2[]                      unless a policy selects every pod
 *
 * A flow is described by its fields (not text), so that dumped flows, whatever the OVS spelling,
 * compare by {@link flowKey}.
 */
import { parseCidr } from '../net/ipv4.js';
import { classicRejects, type PolicySemantics } from './intent.js';
import { isEmptySelector, labelSelectorMatches } from './selector.js';
import type { LabelSelector, NetworkPolicy, Pod, PolicyPeer, PolicyPort } from './types.js';
import { objectKey } from './object-key.js';

export interface PolicyFlow {
  readonly priority: 150 | 100 | 50;
  readonly vnid: number;
  readonly reg0?: number;
  readonly nwSrc?: string;
  readonly nwDst?: string;
  readonly proto?: 'tcp' | 'udp' | 'sctp';
  readonly tpDst?: number;
  readonly action: 'allow' | 'drop';
  /** `namespace/name` of the policy behind a priority-150 flow. */
  readonly policy?: string;
}

export interface PolicyObjects {
  /** Namespace → netid (NetNamespaces). */
  readonly netids: ReadonlyMap<string, number>;
  readonly namespaceLabels: ReadonlyMap<string, Readonly<Record<string, string>>>;
  readonly pods: readonly Pod[];
}

/**
 * The flows of one namespace's VNID, as the node code of `semantics` writes them (split: only for
 * policies {@link splitFlowsModeled} accepts).
 */
export function namespaceFlows(
  namespace: string,
  policies: readonly NetworkPolicy[],
  objects: PolicyObjects,
  semantics: PolicySemantics = 'classic',
): PolicyFlow[] {
  const vnid = objects.netids.get(namespace);
  if (vnid === undefined) return [];
  const out: PolicyFlow[] = [];
  let allSelected = false;
  const selected = new Set<string>();
  for (const p of policies) {
    if (!p.policyTypes.includes('Ingress')) continue;
    if (semantics === 'classic' && classicRejects(p)) {
      allSelected = true; // "treating as deny-all": no flows, every pod isolated
      continue;
    }
    let dsts: (string | undefined)[];
    if (isEmptySelector(p.podSelector)) {
      allSelected = true;
      dsts = [undefined];
    } else {
      dsts = podIPs(objects.pods, namespace, p.podSelector);
      for (const ip of dsts) if (ip) selected.add(ip);
    }
    for (const rule of p.ingress) {
      const peers =
        rule.peers.length === 0
          ? [{}]
          : rule.peers.flatMap((peer) => peerMatches(namespace, vnid, peer, objects, semantics));
      const ports = rule.ports.length === 0 ? [{}] : rule.ports.flatMap((port) => portMatch(port, semantics));
      for (const nwDst of dsts)
        for (const peer of peers)
          for (const port of ports)
            out.push({
              priority: 150,
              vnid,
              ...(nwDst ? { nwDst } : {}),
              ...peer,
              ...port,
              action: 'allow',
              policy: objectKey(p),
            });
    }
  }
  if (!allSelected) {
    for (const ip of [...selected].sort()) out.push({ priority: 100, vnid, nwDst: ip, action: 'drop' });
    out.push({ priority: 50, vnid, action: 'allow' });
  }
  return out;
}

type PeerMatch = Pick<PolicyFlow, 'reg0' | 'nwSrc'>;

/**
 * The source matches of one peer. Pod IPs: the classic code also matches their VNID (`reg0`), the
 * 4.10+ code only `ip, nw_src=<pod IP>` (release-4.12 parsePeerFlows / selectPodsFromNamespaces).
 */
function peerMatches(
  namespace: string,
  vnid: number,
  peer: PolicyPeer,
  o: PolicyObjects,
  semantics: PolicySemantics,
): PeerMatch[] {
  const fromPod = (id: number, ip: string): PeerMatch =>
    semantics === 'classic' ? { reg0: id, nwSrc: ip } : { nwSrc: ip };
  // 4.10+: an IPv4 ipBlock is its CIDR (IPv6 is skipped); classic: nothing, below
  if (peer.ipBlock && semantics === 'split')
    return parseCidr(peer.ipBlock.cidr) ? [{ nwSrc: peer.ipBlock.cidr }] : [];
  if (peer.podSelector && !peer.namespaceSelector) {
    if (isEmptySelector(peer.podSelector)) return [{ reg0: vnid }];
    return podIPs(o.pods, namespace, peer.podSelector).map((ip) => fromPod(vnid, ip));
  }
  if (peer.namespaceSelector && !peer.podSelector) {
    if (isEmptySelector(peer.namespaceSelector)) return [{}];
    return [...new Set(matchingNamespaces(peer.namespaceSelector, o).map(([, id]) => id))]
      .sort((a, b) => a - b)
      .map((reg0) => ({ reg0 }));
  }
  if (peer.namespaceSelector && peer.podSelector) {
    const podSel = peer.podSelector;
    return matchingNamespaces(peer.namespaceSelector, o).flatMap(([ns, id]) =>
      podIPs(o.pods, ns, podSel).map((ip) => fromPod(id, ip)),
    );
  }
  return []; // ipBlock: nil selectors select nothing in the classic code
}

/**
 * The port matches of one port entry. Classic: a policy with another entry is rejected as a whole
 * (classicRejects). 4.10+ (release-4.12 parsePortFlows): no port → the whole protocol, a named port
 * → ignored.
 */
function portMatch(p: PolicyPort, semantics: PolicySemantics): Pick<PolicyFlow, 'proto' | 'tpDst'>[] {
  const proto = p.protocol.toLowerCase() as 'tcp' | 'udp' | 'sctp';
  if (semantics === 'classic' || typeof p.port === 'number') return [{ proto, tpDst: p.port as number }];
  return p.port === undefined ? [{ proto }] : [];
}

/**
 * Whether the 4.10+ node code's ingress flows of `p` are the ones {@link namespaceFlows} builds with
 * `split` semantics: not for port ranges (endPort: port masks), ipBlock exceptions (split CIDRs),
 * or protocols other than TCP, UDP and SCTP (release-4.12 parsePortFlows, ranges.IPBlockToCIDRs).
 */
export function splitFlowsModeled(p: NetworkPolicy): boolean {
  if (!p.policyTypes.includes('Ingress')) return true;
  return p.ingress.every(
    (r) =>
      r.ports.every((port) => port.endPort === undefined && SPLIT_PROTOCOLS.has(port.protocol)) &&
      r.peers.every((peer) => !peer.ipBlock || peer.ipBlock.except.length === 0),
  );
}

const SPLIT_PROTOCOLS = new Set(['TCP', 'UDP', 'SCTP']);

function matchingNamespaces(sel: LabelSelector, o: PolicyObjects): [string, number][] {
  return [...o.namespaceLabels]
    .filter(([, labels]) => labelSelectorMatches(sel, labels))
    .flatMap(([ns]) => {
      const id = o.netids.get(ns);
      return id === undefined ? [] : [[ns, id] as [string, number]];
    })
    .sort(([a], [b]) => a.localeCompare(b));
}

/** isOnPodNetwork: pods with a pod IP, not on the host network. */
function podIPs(pods: readonly Pod[], namespace: string, sel: LabelSelector): string[] {
  return pods
    .filter(
      (p) => p.namespace === namespace && !p.hostNetwork && p.podIP && labelSelectorMatches(sel, p.labels),
    )
    .map((p) => p.podIP as string)
    .sort();
}

/**
 * Rule version 13's table 27 flow of a namespace with no Egress policy: its pods' egress is open
 * (networkpolicy.go@release-4.12 generateNamespaceEgressFlows, `!hasEgressPolicies`).
 */
export function openEgressFlowText(vnid: number): string {
  return `table=27, priority=50, reg0=${vnid}, actions=goto_table:30`;
}

/** Comparable identity of a flow: priority, fields, action. */
export function flowKey(f: Omit<PolicyFlow, 'policy'>): string {
  return [
    f.priority,
    `reg1=${f.vnid}`,
    f.reg0 !== undefined ? `reg0=${f.reg0}` : '',
    f.nwSrc ? `nw_src=${f.nwSrc}` : '',
    f.nwDst ? `nw_dst=${f.nwDst}` : '',
    f.proto ?? '',
    f.tpDst !== undefined ? `tp_dst=${f.tpDst}` : '',
    f.action,
  ].join('|');
}

/** The flow as openshift-sdn writes it (`ovs-ofctl add-flow` text). */
export function flowText(f: PolicyFlow): string {
  const parts = [`table=80`, `priority=${f.priority}`, `reg1=${f.vnid}`];
  if (f.nwDst || f.nwSrc || f.proto) parts.push(f.proto ?? 'ip');
  if (f.reg0 !== undefined) parts.push(`reg0=${f.reg0}`);
  if (f.nwSrc) parts.push(`nw_src=${f.nwSrc}`);
  if (f.nwDst) parts.push(`nw_dst=${f.nwDst}`);
  if (f.tpDst !== undefined) parts.push(`tp_dst=${f.tpDst}`);
  return `${parts.join(', ')}, actions=${f.action === 'allow' ? 'output:NXM_NX_REG2[]' : 'drop'}`;
}
