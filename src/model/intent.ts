/**
 * Intended reachability from the API objects alone, with openshift-sdn's own semantics
 * (openshift-sdn-pipeline.md §5; openshift/sdn pkg/network/node/networkpolicy.go and
 * multitenant.go): what table 80 *should* decide for a packet to a pod, before any flow is read.
 *
 * - subnet: flat, everything reachable.
 * - multitenant: by NetNamespace netids: equal (joined projects share one), or either is 0 (global).
 * - networkpolicy: a pod is isolated when a policy of its namespace selects it; it is then reachable
 *   only from what some such policy's ingress rule admits. Two generations of the node code differ:
 *   `classic` (rule versions before 13: 3.10–4.9) and `split` (13+: 4.10+, egress, ipBlock, endPort).
 */
import { msg, type Msg } from '../i18n/message.js';
import { cidrContains } from '../net/ipv4.js';
import { objectKey } from './object-key.js';
import { pluginKindOfName, type PluginKindName } from './plugin-kind.js';
import { ruleVersionOf } from './pipeline.js';
import { isEmptySelector, labelSelectorMatches } from './selector.js';
import type { ClusterModel, NetworkPolicy, Pod, PolicyPeer, PolicyPort, PolicyRule } from './types.js';

/** Which generation of openshift-sdn's networkpolicy code the nodes run. */
export type PolicySemantics = 'classic' | 'split';

export function policySemanticsOf(ruleVersion: number): PolicySemantics {
  return ruleVersion >= 13 ? 'split' : 'classic';
}

/** Where a packet comes from: a pod on the pod network, or a node's host network. */
export type IntentPeer =
  | { readonly kind: 'pod'; readonly pod: Pod }
  /** `local`: the destination's own node (tun0 gateway, always admitted: table 80 priority 300). */
  | { readonly kind: 'node'; readonly local: boolean; readonly ip?: string };

export interface IntentPort {
  readonly port: number;
  /** `TCP`, `UDP` or `SCTP`. */
  readonly protocol: string;
}

export type Intent =
  | {
      readonly expected: 'reachable';
      readonly why: 'flat' | 'netid' | 'node-local' | 'not-isolated' | 'admitted';
      /** `namespace/name` of the policies that admit it (why `admitted`). */
      readonly policies: readonly string[];
    }
  | {
      readonly expected: 'isolated';
      /** `egress-deny`: rule version 13's table 27, the source's own policies let it not send this. */
      readonly why: 'netid' | 'default-deny' | 'egress-deny';
      /**
       * `namespace/name` of the policies that select (isolate) the destination (why `default-deny`),
       * or the source (why `egress-deny`).
       */
      readonly policies: readonly string[];
      /** The namespace of those policies. */
      readonly namespace: string;
    }
  | { readonly expected: 'unknown'; readonly reason: Msg };

/** The objects intent is computed from, indexed once. */
export interface IntentInputs {
  readonly plugin: PluginKindName;
  readonly semantics: PolicySemantics;
  readonly netids: ReadonlyMap<string, number>;
  readonly namespaceLabels: ReadonlyMap<string, Readonly<Record<string, string>>>;
  readonly policiesByNamespace: ReadonlyMap<string, readonly NetworkPolicy[]>;
}

/**
 * Indexes the objects intent needs; a `Msg` saying what is missing when they are not all there
 * (missing input ⇒ unknown, never a guess).
 */
/** br0's rule version on every node that has a table 253 note (one cluster shares one generation). */
export function clusterRuleVersions(model: ClusterModel): number[] {
  return Object.values(model.nodeFacts)
    .map(ruleVersionOf)
    .filter((v): v is number => v !== undefined);
}

/** The intent inputs read with the policy semantics of the cluster's oldest br0 (7 when no node says). */
export function clusterIntentInputs(model: ClusterModel): IntentInputs | Msg {
  const versions = clusterRuleVersions(model);
  return intentInputs(model, policySemanticsOf(versions.length ? Math.min(...versions) : 7));
}

export function intentInputs(model: ClusterModel, semantics: PolicySemantics): IntentInputs | Msg {
  const plugin = pluginKindOfName(model.clusterNetwork?.value.pluginName);
  if (!plugin)
    return msg(
      'the plugin is unknown (no ClusterNetwork pluginName)',
      'プラグインが不明です（ClusterNetwork の pluginName がありません）',
    );
  const netids = new Map<string, number>();
  const namespaceLabels = new Map<string, Readonly<Record<string, string>>>();
  const policiesByNamespace = new Map<string, NetworkPolicy[]>();
  if (plugin !== 'subnet') {
    if (!model.netNamespaces) return msg('NetNamespaces were not read', 'NetNamespace を読めていません');
    for (const n of model.netNamespaces.value) netids.set(n.name, n.netid);
  }
  if (plugin === 'networkpolicy') {
    if (!model.networkPolicies) return msg('NetworkPolicies were not read', 'NetworkPolicy を読めていません');
    if (!model.namespaces) return msg('Namespaces were not read', 'Namespace を読めていません');
    for (const ns of model.namespaces.value) namespaceLabels.set(ns.name, ns.labels);
    for (const p of model.networkPolicies.value) {
      const list = policiesByNamespace.get(p.namespace) ?? [];
      list.push(p);
      policiesByNamespace.set(p.namespace, list);
    }
  }
  return { plugin, semantics, netids, namespaceLabels, policiesByNamespace };
}

/** What table 80 should decide for `from` → `to` on `port` (ingress to `to`). */
export function intendedIngress(inputs: IntentInputs, from: IntentPeer, to: Pod, port: IntentPort): Intent {
  if (inputs.plugin === 'subnet') return { expected: 'reachable', why: 'flat', policies: [] };
  const toNetid = inputs.netids.get(to.namespace);
  if (toNetid === undefined) return noNetid(to.namespace);
  const fromNetid = from.kind === 'node' ? 0 : inputs.netids.get(from.pod.namespace);
  if (fromNetid === undefined && from.kind === 'pod') return noNetid(from.pod.namespace);
  if (inputs.plugin === 'multitenant') {
    // multitenant.go: table 80 admits reg0 == reg1, and anything from or to VNID 0 (global).
    if (fromNetid === toNetid || fromNetid === 0 || toNetid === 0)
      return { expected: 'reachable', why: 'netid', policies: [] };
    return { expected: 'isolated', why: 'netid', policies: [], namespace: to.namespace };
  }
  // networkpolicy.go: `priority=300, ip, nw_src=<local gateway>` admits the node itself.
  if (from.kind === 'node' && from.local) return { expected: 'reachable', why: 'node-local', policies: [] };
  const all = (inputs.policiesByNamespace.get(to.namespace) ?? []).filter((p) =>
    p.policyTypes.includes('Ingress'),
  );
  const isolating = all.filter((p) => selectsPod(inputs, p, to));
  if (isolating.length === 0) return { expected: 'reachable', why: 'not-isolated', policies: [] };
  const admitting = isolating.filter(
    (p) =>
      !(inputs.semantics === 'classic' && classicRejects(p)) &&
      p.ingress.some((rule) => ruleAdmits(inputs, p, rule, from, fromNetid ?? 0, port)),
  );
  if (admitting.length > 0)
    return { expected: 'reachable', why: 'admitted', policies: admitting.map(objectKey) };
  return {
    expected: 'isolated',
    why: 'default-deny',
    policies: isolating.map(objectKey),
    namespace: to.namespace,
  };
}

/**
 * What the source's own policies decide for pod `from` → pod `to` on `port` (rule version 13's
 * table 27: release-4.12 networkpolicy.go parseNetworkPolicy's egress half; before 13 egress is
 * not enforced, policy-support.ts): reachable unless an Egress policy selects `from` and none of
 * those admits `to`.
 */
export function intendedEgress(inputs: IntentInputs, from: Pod, to: Pod, port: IntentPort): Intent {
  const reachable = (why: 'not-isolated' | 'admitted', policies: string[] = []): Intent => ({
    expected: 'reachable',
    why,
    policies,
  });
  if (inputs.plugin !== 'networkpolicy' || inputs.semantics !== 'split' || from.hostNetwork)
    return reachable('not-isolated');
  const isolating = (inputs.policiesByNamespace.get(from.namespace) ?? []).filter(
    (p) => p.policyTypes.includes('Egress') && selectsPod(inputs, p, from),
  );
  if (isolating.length === 0) return reachable('not-isolated');
  const admitting = isolating.filter((p) =>
    p.egress.some(
      (rule) =>
        (rule.ports.length === 0 || rule.ports.some((x) => portAdmits(inputs.semantics, x, port))) &&
        (rule.peers.length === 0 || rule.peers.some((peer) => egressPeerAdmits(inputs, p, peer, to))),
    ),
  );
  if (admitting.length > 0) return reachable('admitted', admitting.map(objectKey));
  return {
    expected: 'isolated',
    why: 'egress-deny',
    policies: isolating.map(objectKey),
    namespace: from.namespace,
  };
}

/**
 * Pod → pod as the whole rule-13 pipeline decides it: the source's egress (table 27) first, then
 * the destination's ingress (table 80). Reachable names the policies of both sides that admit it.
 */
export function intendedPodToPod(inputs: IntentInputs, from: Pod, to: Pod, port: IntentPort): Intent {
  const egress = intendedEgress(inputs, from, to, port);
  if (egress.expected !== 'reachable') return egress;
  const ingress = intendedIngress(inputs, { kind: 'pod', pod: from }, to, port);
  if (ingress.expected !== 'reachable' || egress.why !== 'admitted') return ingress;
  return { ...ingress, why: 'admitted', policies: [...egress.policies, ...ingress.policies] };
}

/**
 * An egress peer as table 27 matches it: by the destination's address (release-4.12 parsePeerFlows
 * with `egressFlow`: selectors become the IPs of the pods they select, an empty podSelector all pods
 * of the policy's namespace, an empty namespaceSelector alone any destination).
 */
function egressPeerAdmits(inputs: IntentInputs, policy: NetworkPolicy, peer: PolicyPeer, to: Pod): boolean {
  if (peer.ipBlock) {
    const block = peer.ipBlock;
    return (
      !!to.podIP &&
      cidrContains(block.cidr, to.podIP) &&
      !block.except.some((c) => cidrContains(c, to.podIP!))
    );
  }
  // the no-op restriction "": any destination, a host-network one too
  if (peer.namespaceSelector && !peer.podSelector && isEmptySelector(peer.namespaceSelector)) return true;
  if (to.hostNetwork || !to.podIP) return false;
  if (peer.podSelector && !peer.namespaceSelector)
    return to.namespace === policy.namespace && labelSelectorMatches(peer.podSelector, to.labels);
  if (!peer.namespaceSelector) return false;
  const nsLabels = inputs.namespaceLabels.get(to.namespace);
  return (
    !!nsLabels &&
    labelSelectorMatches(peer.namespaceSelector, nsLabels) &&
    (!peer.podSelector || labelSelectorMatches(peer.podSelector, to.labels))
  );
}

/**
 * Whether the policy isolates the pod. Classic: a policy with a field the node code rejects is
 * treated as deny-all for the whole namespace ("Unsupported NetworkPolicy …; treating as deny-all").
 */
function selectsPod(inputs: IntentInputs, p: NetworkPolicy, pod: Pod): boolean {
  if (inputs.semantics === 'classic' && classicRejects(p)) return true;
  return labelSelectorMatches(p.podSelector, pod.labels) && !pod.hostNetwork && !!pod.podIP;
}

/** Classic node code: a port with a named port, no port, or another protocol fails the whole policy. */
export function classicRejects(p: NetworkPolicy): boolean {
  return p.ingress.some((r) =>
    r.ports.some((port) => typeof port.port !== 'number' || !CLASSIC_PROTOCOLS.has(port.protocol)),
  );
}

const CLASSIC_PROTOCOLS = new Set(['TCP', 'UDP', 'SCTP']);

function ruleAdmits(
  inputs: IntentInputs,
  policy: NetworkPolicy,
  rule: PolicyRule,
  from: IntentPeer,
  fromNetid: number,
  port: IntentPort,
): boolean {
  if (rule.ports.length > 0 && !rule.ports.some((p) => portAdmits(inputs.semantics, p, port))) return false;
  if (rule.peers.length === 0) return true;
  return rule.peers.some((peer) => peerAdmits(inputs, policy, peer, from, fromNetid));
}

function portAdmits(semantics: PolicySemantics, p: PolicyPort, port: IntentPort): boolean {
  if (p.protocol !== port.protocol) return false;
  if (p.port === undefined) return semantics === 'split';
  if (typeof p.port !== 'number') return false; // named ports: never in flows
  // endPort: classic ignores it (only `port` is written); split writes the range.
  if (semantics === 'split' && p.endPort !== undefined) return port.port >= p.port && port.port <= p.endPort;
  return port.port === p.port;
}

function peerAdmits(
  inputs: IntentInputs,
  policy: NetworkPolicy,
  peer: PolicyPeer,
  from: IntentPeer,
  fromNetid: number,
): boolean {
  const fromPod = from.kind === 'pod' && !from.pod.hostNetwork && from.pod.podIP ? from.pod : undefined;
  if (peer.podSelector && !peer.namespaceSelector) {
    // Empty podSelector: `reg0=<vnid of the policy's namespace>`; else the IPs of matching pods.
    if (isEmptySelector(peer.podSelector)) return fromNetid === inputs.netids.get(policy.namespace);
    return (
      !!fromPod &&
      fromPod.namespace === policy.namespace &&
      labelSelectorMatches(peer.podSelector, fromPod.labels)
    );
  }
  if (peer.namespaceSelector && !peer.podSelector) {
    if (isEmptySelector(peer.namespaceSelector)) return true;
    // `reg0=<vnid>` for every matching namespace: a source is admitted by its VNID.
    return [...inputs.namespaceLabels].some(
      ([ns, labels]) =>
        labelSelectorMatches(peer.namespaceSelector!, labels) && inputs.netids.get(ns) === fromNetid,
    );
  }
  if (peer.namespaceSelector && peer.podSelector) {
    const nsLabels = fromPod ? inputs.namespaceLabels.get(fromPod.namespace) : undefined;
    return (
      !!fromPod &&
      !!nsLabels &&
      labelSelectorMatches(peer.namespaceSelector, nsLabels) &&
      labelSelectorMatches(peer.podSelector, fromPod.labels)
    );
  }
  if (peer.ipBlock && inputs.semantics === 'split') {
    const ip = fromPod?.podIP ?? (from.kind === 'node' ? from.ip : undefined);
    const block = peer.ipBlock;
    return !!ip && cidrContains(block.cidr, ip) && !block.except.some((cidr) => cidrContains(cidr, ip));
  }
  // Classic: an ipBlock peer falls to the selector branch with nil selectors, which select nothing.
  return false;
}

function noNetid(namespace: string): Intent {
  return {
    expected: 'unknown',
    reason: msg(
      `namespace ${namespace} has no NetNamespace`,
      `namespace ${namespace} に NetNamespace がありません`,
    ),
  };
}
