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
 * and, from rule version 13 on, the mirror image for Egress policies in table 27, keyed by the
 * source's VNID (release-4.12 generateNamespaceEgressFlows, {@link namespaceEgressFlows}):
 *
 *   priority=150 reg0=V <src><peer><port> → goto_table:30          one per policy × rule × product
 *   priority=100 reg0=V ip nw_src=<selected pod> → drop             unless a policy selects every pod
 *   priority=50  reg0=V → goto_table:30                             unless a policy selects every pod
 *
 * A flow is described by its fields (not text), so that dumped flows, whatever the OVS spelling,
 * compare by {@link flowKey}.
 */
import { parseCidr } from '../net/ipv4.js';
import { classicRejects, type PolicySemantics } from './intent.js';
import { isEmptySelector, labelSelectorMatches } from './selector.js';
import type { LabelSelector, NetworkPolicy, Pod, PolicyPeer, PolicyPort, PolicyRule } from './types.js';
import { objectKey } from './object-key.js';

/** Table 80 (to a local pod, keyed by reg1) or, rule version 13, table 27 (from one, keyed by reg0). */
export type PolicyDirection = 'ingress' | 'egress';

export interface PolicyFlow {
  readonly direction: PolicyDirection;
  readonly priority: 150 | 100 | 50;
  /** The namespace's VNID: the destination's (reg1) on ingress, the source's (reg0) on egress. */
  readonly vnid: number;
  /** Ingress only: the source VNID a peer admits. */
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
  return sideFlows(INGRESS, namespace, policies, objects, semantics);
}

/**
 * Rule version 13's table 27 flows of one namespace's VNID (release-4.12 networkpolicy.go
 * parseNetworkPolicy's egress half and generateNamespaceEgressFlows): the source pods a policy
 * selects (`nw_src`, none when it selects all), each peer as destination addresses (`nw_dst`), the
 * ports as on ingress. Without an Egress policy the namespace is open: one priority-50 flow.
 */
export function namespaceEgressFlows(
  namespace: string,
  policies: readonly NetworkPolicy[],
  objects: PolicyObjects,
): PolicyFlow[] {
  return sideFlows(EGRESS, namespace, policies, objects, 'split');
}

type PeerMatch = Pick<PolicyFlow, 'reg0' | 'nwSrc' | 'nwDst'>;

/**
 * What differs between table 80 and table 27 (generateNamespaceIngressFlows and its mirror image
 * generateNamespaceEgressFlows): the policy type, its rules, the field naming the pods a policy
 * selects, and how a peer is matched.
 */
interface PolicySide {
  readonly direction: PolicyDirection;
  readonly type: 'Ingress' | 'Egress';
  readonly rules: (p: NetworkPolicy) => readonly PolicyRule[];
  readonly selected: 'nwDst' | 'nwSrc';
  readonly peer: (
    namespace: string,
    vnid: number,
    peer: PolicyPeer,
    o: PolicyObjects,
    semantics: PolicySemantics,
  ) => PeerMatch[];
}
const INGRESS: PolicySide = {
  direction: 'ingress',
  type: 'Ingress',
  rules: (p) => p.ingress,
  selected: 'nwDst',
  peer: peerMatches,
};
const EGRESS: PolicySide = {
  direction: 'egress',
  type: 'Egress',
  rules: (p) => p.egress,
  selected: 'nwSrc',
  peer: (namespace, _vnid, peer, o) => egressPeer(namespace, peer, o),
};

/** One side's flows: priority 150 per policy × rule × selected pod × peer × port, then 100 / 50. */
function sideFlows(
  side: PolicySide,
  namespace: string,
  policies: readonly NetworkPolicy[],
  objects: PolicyObjects,
  semantics: PolicySemantics,
): PolicyFlow[] {
  const vnid = objects.netids.get(namespace);
  if (vnid === undefined) return [];
  const { direction } = side;
  const out: PolicyFlow[] = [];
  let allSelected = false;
  const selected = new Set<string>();
  for (const p of policies) {
    if (!p.policyTypes.includes(side.type)) continue;
    // classic ingress only: "treating as deny-all": no flows, every pod isolated
    if (direction === 'ingress' && semantics === 'classic' && classicRejects(p)) {
      allSelected = true;
      continue;
    }
    let targets: (string | undefined)[];
    if (isEmptySelector(p.podSelector)) {
      allSelected = true;
      targets = [undefined];
    } else {
      targets = podIPs(objects.pods, namespace, p.podSelector);
      for (const ip of targets) if (ip) selected.add(ip);
    }
    for (const rule of side.rules(p)) {
      const peers =
        rule.peers.length === 0
          ? [{}]
          : rule.peers.flatMap((peer) => side.peer(namespace, vnid, peer, objects, semantics));
      const ports = rule.ports.length === 0 ? [{}] : rule.ports.flatMap((port) => portMatch(port, semantics));
      for (const target of targets)
        for (const peer of peers)
          for (const port of ports)
            out.push({
              direction,
              priority: 150,
              vnid,
              ...(target ? { [side.selected]: target } : {}),
              ...peer,
              ...port,
              action: 'allow',
              policy: objectKey(p),
            });
    }
  }
  if (!allSelected) {
    for (const ip of [...selected].sort())
      out.push({ direction, priority: 100, vnid, [side.selected]: ip, action: 'drop' });
    out.push({ direction, priority: 50, vnid, action: 'allow' });
  }
  return out;
}

/**
 * The destination matches of one egress peer (release-4.12 parsePeerFlows, `egressFlow`): the
 * destination's VNID is not known in table 27, so every selector becomes the IPs of the pods it
 * selects — an empty podSelector too (all pods of the namespace), a namespaceSelector alone with a
 * match-all podSelector; an empty namespaceSelector alone admits any destination; an IPv4 ipBlock
 * is its CIDR.
 */
function egressPeer(namespace: string, peer: PolicyPeer, o: PolicyObjects): Pick<PolicyFlow, 'nwDst'>[] {
  const toPods = (ns: string, sel: LabelSelector) => podIPs(o.pods, ns, sel).map((nwDst) => ({ nwDst }));
  if (peer.ipBlock) return parseCidr(peer.ipBlock.cidr) ? [{ nwDst: peer.ipBlock.cidr }] : [];
  if (peer.podSelector && !peer.namespaceSelector) return toPods(namespace, peer.podSelector);
  if (peer.namespaceSelector && isEmptySelector(peer.namespaceSelector) && !peer.podSelector) return [{}];
  if (peer.namespaceSelector) {
    const podSel = peer.podSelector ?? MATCH_ALL;
    return matchingNamespaces(peer.namespaceSelector, o).flatMap(([ns]) => toPods(ns, podSel));
  }
  return [];
}

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
 * Whether the 4.10+ node code's flows of `p` are the ones {@link namespaceFlows} (with `split`
 * semantics) and {@link namespaceEgressFlows} build: not for port ranges (endPort: port masks),
 * ipBlock exceptions (split CIDRs), or protocols other than TCP, UDP and SCTP (release-4.12
 * parsePortFlows, ranges.IPBlockToCIDRs), on either side.
 */
export function splitFlowsModeled(p: NetworkPolicy): boolean {
  const modeled = (r: PolicyRule) =>
    r.ports.every((port) => port.endPort === undefined && SPLIT_PROTOCOLS.has(port.protocol)) &&
    r.peers.every((peer) => !peer.ipBlock || peer.ipBlock.except.length === 0);
  return (
    (!p.policyTypes.includes('Ingress') || p.ingress.every(modeled)) &&
    (!p.policyTypes.includes('Egress') || p.egress.every(modeled))
  );
}

const SPLIT_PROTOCOLS = new Set(['TCP', 'UDP', 'SCTP']);

/** selectPodsFromNamespaces's `&metav1.LabelSelector{}` for a namespaceSelector alone. */
const MATCH_ALL: LabelSelector = { matchLabels: {}, matchExpressions: [] };

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

/** Comparable identity of a flow: table, priority, fields, action. */
export function flowKey(f: Omit<PolicyFlow, 'policy'>): string {
  return [
    f.priority,
    f.direction === 'ingress' ? `reg1=${f.vnid}` : `table27 reg0=${f.vnid}`,
    f.reg0 !== undefined ? `reg0=${f.reg0}` : '',
    f.nwSrc ? `nw_src=${f.nwSrc}` : '',
    f.nwDst ? `nw_dst=${f.nwDst}` : '',
    f.proto ?? '',
    f.tpDst !== undefined ? `tp_dst=${f.tpDst}` : '',
    f.action,
  ].join('|');
}

/** The flow as openshift-sdn writes it (`ovs-ofctl add-flow` text; one protocol keyword). */
export function flowText(f: PolicyFlow): string {
  const ingress = f.direction === 'ingress';
  const parts = ingress
    ? [`table=80`, `priority=${f.priority}`, `reg1=${f.vnid}`]
    : [`table=27`, `priority=${f.priority}`, `reg0=${f.vnid}`];
  if (f.nwDst || f.nwSrc || f.proto) parts.push(f.proto ?? 'ip');
  if (f.reg0 !== undefined) parts.push(`reg0=${f.reg0}`);
  if (f.nwSrc) parts.push(`nw_src=${f.nwSrc}`);
  if (f.nwDst) parts.push(`nw_dst=${f.nwDst}`);
  if (f.tpDst !== undefined) parts.push(`tp_dst=${f.tpDst}`);
  const allow = ingress ? 'output:NXM_NX_REG2[]' : 'goto_table:30';
  return `${parts.join(', ')}, actions=${f.action === 'allow' ? allow : 'drop'}`;
}
