/**
 * Reachability for every pod → pod, pod → service port and node → pod pair, computed by
 * equivalence classes: pods whose paths the flows decide alike (signatures.ts) form a
 * class per node; one representative per class is traced, in three passes over the nodes so that
 * only a few nodes need to be compiled at a time:
 *   1. classes: per node, the pods' signatures, and pods other nodes name individually (singletons);
 *   2. egress: per node, each source class to each local class (whole trace), to each remote node
 *      (up to the VXLAN hop), and to each service port (every endpoint branch);
 *   3. ingress: per receiving node, the VXLAN arrivals grouped by what its flows can tell apart
 *      (tun_src and nw_src templates, VNI, protocol and port, destination class), one trace each.
 * Pairs are then counted by class sizes; broken pairs are grouped by their deciding rule and node.
 */
import type { Pod } from '../../model/types.js';
import { msg, type Msg } from '../../i18n/message.js';
import type { Arrival, ClusterDataplane, TraceSource, TraceTarget } from '../trace/cluster.js';
import { tableRole } from '../../model/pipeline.js';
import { pluginKindOfName } from '../../model/plugin-kind.js';
import type { IptablesRule } from '../../model/types.js';
import { compiledMatch } from '../engine/iptables-match.js';
import { inCidr, parseIp } from '../../net/ipv4.js';
import type { NodeView } from '../trace/node-view.js';
import { F, type Packet, PROTO_TCP, PROTO_UDP } from '../engine/packet.js';
import {
  FieldSignature,
  FlowMentions,
  foreignMentions,
  NW_DST_FIELDS,
  NW_SRC_FIELDS,
  podSignature,
  TUN_SRC_FIELDS,
} from './signatures.js';
import { ArrivalList } from './arrival-list.js';
import { PairIntents, summarize, type Expected, type IntentSummary, type Verdict } from './intent.js';
import {
  DATAPLANE_SCHEMA_VERSION,
  SUCCESS_DISPOSITIONS,
  type Cause,
  type Disposition,
  type Trace,
} from '../engine/types.js';

export type PairKind = 'pod-pod' | 'pod-service' | 'node-pod';

export interface MatrixOptions {
  /** At most this many pairs are listed (counts and broken groups are always complete). */
  readonly maxPairs?: number;
  /** Port probed for pod and node → pod pairs (default: the pod's first container port, else 8080). */
  readonly podPort?: number;
  /** Also count pod → pod pairs per (source node, destination node): {@link MatrixResult.nodeGrid}. */
  readonly nodeGrid?: boolean;
  /**
   * `-n`: only the pairs with an end in these namespaces (a pod of them as source or destination,
   * a service of them); counts, groups and the grid cover those pairs only. Absent: every pair.
   */
  readonly namespaces?: readonly string[];
}

/**
 * Pod → pod pairs aggregated by node (the HTML report's node × node heatmap): row-major n × n
 * arrays, cell `i * n + j` = pods on `nodes[i]` → pods on `nodes[j]`.
 */
export interface NodeGrid {
  readonly nodes: readonly string[];
  readonly pairs: readonly number[];
  readonly reachable: readonly number[];
  /** Index into {@link MatrixResult.broken} of the cause of the cell's first broken pair, else -1. */
  readonly cause: readonly number[];
}

export interface MatrixPair {
  readonly from: string;
  readonly to: string;
  readonly reachable: boolean;
  /** English text of the cause (the JSON renders it in `--lang`). */
  readonly cause?: string;
  /** The cause in both languages (not part of the JSON contract: rendered into `cause`). */
  readonly message?: Msg;
  /** From the API objects (intent.ts); absent when they do not say (objects missing). */
  readonly expected?: Expected;
  readonly verdict?: Verdict;
  /** The policies behind `expected`: those that admit the pair, or those that isolate its target. */
  readonly policy?: readonly string[];
}

export interface BrokenGroup {
  readonly cause: string;
  readonly message: Msg;
  readonly disposition: Disposition;
  readonly node?: string;
  readonly table?: number | string;
  readonly rule?: string;
  readonly pairs: number;
  readonly examples: readonly { readonly from: string; readonly to: string }[];
  /**
   * True when the deciding rule is the plugin's isolation (table 80: multitenant VNIDs,
   * NetworkPolicy — pipeline reference §5): usually what the administrator wants, not a fault.
   */
  readonly isolation?: boolean;
}

export interface MatrixResult {
  readonly schemaVersion: number;
  readonly counts: {
    readonly pairs: number;
    readonly reachable: number;
    readonly broken: number;
    readonly byKind: Readonly<Record<PairKind, { readonly pairs: number; readonly reachable: number }>>;
  };
  /** True when `pairs` lists fewer than `counts.pairs`. */
  readonly truncated: boolean;
  readonly maxPairs: number;
  readonly pairs: readonly MatrixPair[];
  readonly broken: readonly BrokenGroup[];
  /** How much work the classes saved. */
  readonly stats: { readonly pods: number; readonly podClasses: number; readonly traces: number };
  /** The listed pairs by verdict (intent from the API objects). */
  readonly intent?: IntentSummary;
  /** The namespaces the pairs were narrowed to ({@link MatrixOptions.namespaces}). */
  readonly namespaces?: readonly string[];
  /** Only when asked for ({@link MatrixOptions.nodeGrid}); not part of the JSON contract. */
  readonly nodeGrid?: NodeGrid;
}

interface PodRef {
  readonly pod: Pod;
  readonly ip: number;
  readonly label: string;
  /** In the `-n` namespaces (always, without `-n`). */
  readonly inScope: boolean;
}

interface PodClass {
  readonly id: number;
  readonly node: string;
  readonly members: PodRef[];
}

interface SvcPort {
  readonly label: string;
  /** Its service is in the `-n` namespaces (always, without `-n`). */
  readonly inScope: boolean;
  readonly target: TraceTarget;
  /** The pods behind the service (its Endpoints), for the replies and the hairpin pairs. */
  readonly endpoints: readonly PodRef[];
}

/** A pair traced on its own because a pod of it is special (named by some node's flows). */
type Override =
  | { readonly kind: 'pod-pod'; readonly from: PodRef; readonly to: PodRef }
  | { readonly kind: 'node-pod'; readonly from: number; readonly to: PodRef; readonly id: number }
  | { readonly kind: 'pod-service'; readonly from: PodRef; readonly to: SvcPort; readonly id: number };

interface Outcome {
  readonly reachable: boolean;
  readonly cause?: Cause & { readonly disposition: Disposition };
}

const DEFAULT_MAX_PAIRS = 100_000;
const EXAMPLES = 5;

/**
 * The plugin's isolation decided (pipeline reference §5): a drop in the ingress policy table
 * (multitenant VNIDs, NetworkPolicy) or, from rule version 13, the NetworkPolicy egress table,
 * read from the deciding node's layout.
 */
function isIsolation(dp: ClusterDataplane, c: Cause): boolean {
  if (typeof c.table !== 'number' || c.node === undefined) return false;
  const layout = dp.layoutOf(c.node);
  const role = layout ? tableRole(layout, c.table) : undefined;
  return role === 'ingressPolicy' || role === 'egressPolicy';
}

function vnidOf(dp: ClusterDataplane, ns: string): number | undefined {
  return dp.model.netNamespaces?.value.find((n) => n.name === ns)?.netid;
}

/** A copy of `s` that shares no memory with it. */
const detach = (s: string): string => Buffer.from(s, 'utf8').toString('utf8');

/**
 * The outcome as the matrix keeps it to the end: a cause's rule is a slice of its node's dump
 * (`flow.raw`), which would keep the whole dump (~0.6 MB at 1000 nodes) alive after the node is
 * dropped from the cache, for every node with a broken pair.
 */
function detachedOutcome(o: Outcome): Outcome {
  const c = o.cause;
  if (!c?.rule) return o;
  return { ...o, cause: { ...c, rule: detach(c.rule) } };
}

function outcomeOf(t: Trace, target: number | 'any-pod'): Outcome {
  const branches = [t, ...(t.alternatives ?? [])];
  for (const b of branches) {
    const o = single(b, target);
    if (!o.reachable) return o;
  }
  return { reachable: true };
}

function single(t: Trace, target: number | 'any-pod'): Outcome {
  if (!SUCCESS_DISPOSITIONS.has(t.disposition) || t.deliveredTo?.kind !== 'pod') {
    const cause = t.cause ?? {
      message: msg(
        `ends "${t.disposition}" instead of at the pod`,
        `Pod に届かず "${t.disposition}" で終わります`,
      ),
    };
    return { reachable: false, cause: { ...cause, disposition: t.disposition } };
  }
  if (target !== 'any-pod' && parseIp(t.deliveredTo.ip) !== target) {
    const d = t.deliveredTo;
    const lastNode = t.hops[t.hops.length - 1]?.node;
    return {
      reachable: false,
      cause: {
        disposition: t.disposition,
        ...(lastNode ? { node: lastNode } : {}),
        message: msg(
          `delivered to the wrong pod ${d.namespace}/${d.name}`,
          `別の Pod ${d.namespace}/${d.name} に配送されます`,
        ),
      },
    };
  }
  return { reachable: true };
}

export function computeMatrix(dp: ClusterDataplane, options: MatrixOptions = {}): MatrixResult {
  const maxPairs = options.maxPairs ?? DEFAULT_MAX_PAIRS;
  const model = dp.model;
  let traces = 0;

  // Outcomes are interned: a million pairs usually share a handful of them.
  const outcomes: Outcome[] = [{ reachable: true }];
  const outcomeIds = new Map<string, number>([['ok', 0]]);
  const intern = (o: Outcome): number => {
    if (o.reachable) return 0;
    const c = o.cause!;
    const k = [c.disposition, c.node ?? '', c.table ?? '', c.rule ?? '', c.message.en].join('\u0000');
    let id = outcomeIds.get(k);
    if (id === undefined) {
      id = outcomes.length;
      outcomes.push(detachedOutcome(o));
      outcomeIds.set(k, id);
    }
    return id;
  };
  /**
   * The way back of an admitted connection: with the conntrack plugin (networkpolicy, every rule
   * version) the reply is `ct_state=+rpl` and passes table 80 (and 27) at priority 200 whatever the
   * policies say (pipeline reference §5, networkpolicy.go Start()). A reply traced as a new packet
   * that the policy table drops is therefore no break of the pair.
   */
  const conntrackPlugin = pluginKindOfName(model.clusterNetwork?.value.pluginName) === 'networkpolicy';
  const replyOutcome = (id: number): number => {
    if (id === 0 || !conntrackPlugin) return id;
    const c = outcomes[id]?.cause;
    return c && c.disposition === 'dropped' && isIsolation(dp, c) ? 0 : id;
  };
  const firstBroken = (ids: Iterable<number>): number => {
    for (const id of ids) if (id !== 0) return id;
    return 0;
  };

  // ---- pods, nodes, services
  const scope = options.namespaces?.length ? new Set(options.namespaces) : undefined;
  const inScope = (namespace: string): boolean => !scope || scope.has(namespace);
  const pods: PodRef[] = [];
  for (const pod of model.pods?.value ?? []) {
    const ip = parseIp(pod.podIP ?? '');
    if (ip === undefined || pod.hostNetwork || !pod.node) continue;
    pods.push({ pod, ip, label: `pod/${pod.namespace}/${pod.name}`, inScope: inScope(pod.namespace) });
  }
  pods.sort((a, b) => a.label.localeCompare(b.label));
  const podsByNode = new Map<string, PodRef[]>();
  for (const p of pods) {
    const list = podsByNode.get(p.pod.node!);
    if (list) list.push(p);
    else podsByNode.set(p.pod.node!, [p]);
  }
  const nodeNames = [
    ...new Set([
      ...(model.nodes?.value.map((n) => n.name) ?? []),
      ...Object.keys(model.nodeFacts),
      ...podsByNode.keys(),
    ]),
  ].sort();
  const podByIp = new Map(pods.map((p) => [p.ip, p]));
  const serviceEndpoints = new Map<string, PodRef[]>();
  for (const ep of model.endpoints?.value ?? []) {
    const refs = ep.subsets
      .flatMap((x) => x.addresses.map((a) => podByIp.get(parseIp(a.ip) ?? -1)))
      .filter((p): p is PodRef => !!p);
    serviceEndpoints.set(`${ep.namespace}/${ep.name}`, [...new Set(refs)]);
  }
  /**
   * A pod that is an endpoint of the service reaches it by hairpin, which kube-proxy SNATs itself
   * (KUBE-SEP `-s <pod> -j KUBE-MARK-MASQ`): unlike the rest of its class. Its pairs with that
   * service are traced one by one.
   */
  const isEndpointOf = (sp: SvcPort, p: PodRef): boolean => sp.endpoints.includes(p);
  /** HostSubnet subnet text → its hostIP text, and each node's hostIP (for the probe groups). */
  const hostIpBySubnet = new Map<string, string>();
  const hostIpOfNode: (number | undefined)[] = nodeNames.map(() => undefined);
  const nodeIndex = new Map(nodeNames.map((n, i) => [n, i]));
  /** Is the node's HostSubnet hostIP really its address (else the tunnel goes elsewhere, 39.6)? */
  const isHostOf: boolean[] = nodeNames.map(() => false);
  const nodeOfPod = (p: PodRef): number => nodeIndex.get(p.pod.node!) ?? -1;
  for (const hs of model.hostSubnets?.value ?? []) {
    hostIpBySubnet.set(hs.subnet, hs.hostIP);
    const i = nodeIndex.get(hs.host);
    if (i !== undefined) hostIpOfNode[i] = parseIp(hs.hostIP);
  }
  hostIpOfNode.forEach(
    (ip, bi) => (isHostOf[bi] = ip !== undefined && dp.nodeNameByIp(ip) === nodeNames[bi]),
  );
  /** Pods some other node's flows name by address: their pairs are traced one by one at the end. */
  const special = new Set<number>();
  const classes: PodClass[] = [];
  const classOf = new Map<number, PodClass>();
  const classesByNode: PodClass[][] = nodeNames.map(() => []);

  const svcPorts: SvcPort[] = [];
  for (const s of model.services?.value ?? []) {
    const ip = parseIp(s.clusterIP ?? '');
    if (ip === undefined) continue;
    for (const sp of s.ports) {
      const proto = sp.protocol.toUpperCase() === 'UDP' ? PROTO_UDP : PROTO_TCP;
      svcPorts.push({
        label: `svc/${s.namespace}/${s.name}:${sp.port}`,
        inScope: inScope(s.namespace),
        target: { ip, port: sp.port, proto },
        endpoints: serviceEndpoints.get(`${s.namespace}/${s.name}`) ?? [],
      });
    }
  }
  svcPorts.sort((a, b) => a.label.localeCompare(b.label));
  const portFor = (p: PodRef): number => options.podPort ?? p.pod.containerPorts[0]?.port ?? 8080;
  const podTarget = (p: PodRef): TraceTarget => ({ ip: p.ip, port: portFor(p), proto: PROTO_TCP });

  /** A traced source: a class (its first member stands for it) or a node itself. */
  interface Source {
    readonly node: number;
    readonly source: TraceSource;
    readonly cls: PodClass | undefined;
    /** Per destination node: NONE, an outcome id (≥ 0), or ARRIVAL (see `arrivals`). */
    readonly toNode: Int32Array;
    /** Its packet as it leaves through vxlan0 (the same toward every node but tun_dst/nw_dst). */
    template: Packet | undefined;
    /** {@link sourcePart} of `template`, -1 until asked. */
    part: number;
    /** Per destination node: the ingress key id on that node (pass 2), -1 before. */
    readonly ingressKey: Int32Array;
    /** Whole traces to the classes of its own node: class id → outcome ids. */
    readonly toLocalClass: Map<number, number[]>;
    /** Whole traces to each service port (branches that cross nodes are finished in pass 2). */
    readonly toService: Map<SvcPort, number[]>;
    /** Segments too irregular for the compact form (several branches, packets that differ), by destination node. */
    readonly irregular: Map<number, { finals: Trace[]; arrivals: Arrival[] }>;
    /** Pass 2's outcomes of those segments: destination node → outcome id per class of that node. */
    readonly irregularOutcomes: Map<number, Int32Array>;
  }
  const NONE = -1;
  const ARRIVAL = -2;
  const sources: Source[] = [];
  /** Per receiving node: arrivals from sources, stored compactly (source index, tun_dst, hops). */
  const arrivals = nodeNames.map(() => new ArrivalList());
  /** Sources with irregular segments (pass 2 finishes them at their destination node). */
  const irregularSources: Source[] = [];
  /** Service branches that cross to another node: finished in pass 2, into `ids[slot]`. */
  const svcPending: { arrival: Arrival; ids: number[]; slot: number }[] = [];

  /** What a receiving node can tell apart, kept from pass 1 so pass 2 seldom compiles it again. */
  interface IngressState {
    readonly tunSig: FieldSignature;
    readonly srcSig: FieldSignature;
    /** Ingress key → its row in `ingressOutcomes`. */
    readonly keys: Map<number | string, number>;
    /** Arrivals (`arrivals[bi]`) resolved so far. */
    done: number;
  }
  const ingress: (IngressState | undefined)[] = nodeNames.map(() => undefined);
  /** Per node: its iptables rules with `-d` (see kernelKey), null when too many. */
  const destinationRules = new WeakMap<NodeView, readonly IptablesRule[] | null>();

  /** Per ingress key: the outcome id for each class of the receiving node. */
  const ingressOutcomes: Int32Array[] = [];
  // A class stands for its plain members: if its representative is special (named by some
  // node), let a plain member speak for the class (the special one is traced on its own).
  const speakFor = (packet: Packet): Packet => {
    const from = classOf.get(packet[F.NW_SRC]!);
    if (!from || !special.has(packet[F.NW_SRC]!)) return packet;
    const alt = from.members.find((m) => !special.has(m.ip));
    if (!alt) return packet;
    const q = packet.slice();
    q[F.NW_SRC] = alt.ip;
    q[F.DL_SRC_LO] = alt.ip;
    return q;
  };
  // Ingress keys are built ~10⁶ times: small interned numbers packed into one number.
  const numbers = new Map<number, number>();
  const internNumber = (n: number): number => {
    let id = numbers.get(n);
    if (id === undefined) numbers.set(n, (id = numbers.size));
    return id;
  };
  const parts = new Map<string, number>();
  const partOf = new WeakMap<Packet, number>();
  /** The key fields a sender's packet fixes: VNI, protocol, port, mark. */
  const sourcePart = (p: Packet): number => {
    let id = partOf.get(p);
    if (id !== undefined) return id;
    const k = `${p[F.TUN_ID]},${p[F.NW_PROTO]},${p[F.TP_DST]},${p[F.PKT_MARK]}`;
    id = parts.get(k);
    if (id === undefined) parts.set(k, (id = parts.size));
    partOf.set(p, id);
    return id;
  };
  const ingressKey = (tun: number, src: number, part: number, dst: number): number | string =>
    tun < 1 << 16 && src < 1 << 10 && part < 1 << 16 && dst < 1 << 10
      ? ((tun * 1024 + src) * 65536 + part) * 1024 + dst
      : `${tun},${src},${part},${dst}`;
  /**
   * Resolves the VXLAN arrivals at node `bi` not resolved yet: each to its ingress key (what the
   * node's flows can tell apart: tun_src and nw_src templates, VNI, protocol, port), one trace
   * per new key and destination class. Pass 1 calls it while the node is compiled (arrivals from
   * nodes walked before it); pass 2 for the rest, whose keys are nearly always known by then.
   */
  function resolveInbound(bi: number): void {
    const b = nodeNames[bi]!;
    const inbound = arrivals[bi]!;
    let st = ingress[bi];
    if (st?.done === inbound.length) return;
    if (!st) {
      const flows = dp.node(b).facts?.ovs.flows?.value ?? [];
      st = {
        tunSig: new FieldSignature(flows, TUN_SRC_FIELDS),
        srcSig: new FieldSignature(flows, NW_SRC_FIELDS),
        keys: new Map(),
        done: 0,
      };
      ingress[bi] = st;
    }
    const dstClasses = classesByNode[bi]!;
    for (let i = st.done; i < inbound.length; i++) {
      const src = sources[inbound.source(i)]!;
      // (no copy unless a class must be spoken for, or a new key needs its own trace)
      const base = special.size > 0 ? speakFor(src.template!) : src.template!;
      const tunDst = inbound.tunDst(i);
      const part =
        base !== src.template ? sourcePart(base) : src.part >= 0 ? src.part : (src.part = sourcePart(base));
      const key = ingressKey(
        src.node === bi ? 0 : st.tunSig.idOf(base[F.TUN_SRC]!) + 1,
        st.srcSig.idOf(base[F.NW_SRC]!),
        part,
        tunDst === hostIpOfNode[bi] ? 0 : internNumber(tunDst) + 1,
      );
      let k = st.keys.get(key);
      if (k === undefined) {
        k = ingressOutcomes.length;
        st.keys.set(key, k);
        const packet = base.slice();
        packet[F.TUN_DST] = tunDst;
        const row = new Int32Array(dstClasses.length);
        dstClasses.forEach((d, j) => {
          const rep = d.members[0]!;
          const q = packet.slice();
          q[F.NW_DST] = rep.ip;
          const arrival: Arrival = {
            sender: nodeNames[src.node]!,
            receiver: b,
            packet: q,
            hops: [],
            transitions: inbound.transitions(i),
          };
          traces++;
          row[j] = intern(outcomeOf(dp.traceArrival(arrival, 'verdict'), rep.ip));
        });
        ingressOutcomes.push(row);
      }
      src.ingressKey[bi] = k;
    }
    st.done = inbound.length;
    st.tunSig.forgetValues();
    st.srcSig.forgetValues();
  }

  // ---- pass 1: per node, its classes, then egress from each of them (and from the node itself)
  for (const [ai, a] of nodeNames.entries()) {
    const view = dp.node(a);
    const flows = view.facts?.ovs.flows?.value;
    const localPods = podsByNode.get(a) ?? [];
    const mentions = flows ? new FlowMentions(flows) : undefined;
    /** Other nodes' pods this node's flows name: never the probe standing for their node. */
    const named = new Set<number>();
    if (mentions) {
      const own = new Set(localPods.map((p) => p.ip));
      if (view.gateway !== undefined) own.add(view.gateway);
      for (const ip of foreignMentions(mentions, own)) {
        if (podByIp.has(ip)) {
          special.add(ip);
          named.add(ip);
        }
      }
    }
    const bySig = new Map<string, PodClass>();
    for (const p of localPods) {
      const flowSig = mentions
        ? podSignature(view, mentions, p.ip, vnidOf(dp, p.pod.namespace))
        : `noflows:${vnidOf(dp, p.pod.namespace)}`;
      // with -n, a class is wholly in or out of scope, so pairs are counted per class
      const sig = scope && !p.inScope ? `out-of-scope:${flowSig}` : flowSig;
      let c = bySig.get(sig);
      if (!c) {
        c = { id: classes.length, node: a, members: [] };
        classes.push(c);
        bySig.set(sig, c);
        classesByNode[ai]!.push(c);
      }
      c.members.push(p);
      classOf.set(p.ip, c);
    }
    const localClasses = classesByNode[ai]!;
    // Every Source literal has the same fields in the same order (none added later): resolveInbound
    // reads them ~4·10⁶ times, and objects of one shape keep those reads monomorphic.
    const newSource = (source: TraceSource, cls: PodClass | undefined): Source => ({
      node: ai,
      source,
      cls,
      toNode: new Int32Array(nodeNames.length).fill(NONE),
      template: undefined,
      part: -1,
      ingressKey: new Int32Array(nodeNames.length).fill(-1),
      toLocalClass: new Map(),
      toService: new Map(),
      irregular: new Map(),
      irregularOutcomes: new Map(),
    });
    const mine: Source[] = [
      ...localClasses.map((c) => newSource({ kind: 'pod', pod: c.members[0]!.pod }, c)),
      newSource({ kind: 'node', node: a }, undefined),
    ];
    const probes = nodeNames.map((b) => {
      const list = podsByNode.get(b);
      return named.size === 0 ? list?.[0] : list?.find((p) => !named.has(p.ip));
    });
    // Remote nodes this node's flows treat alike (same nw_dst templates once each HostSubnet's
    // hostIP is blanked in its table 90 actions) share a pod source's trace: the packet leaves
    // vxlan0 the same but for nw_dst and tun_dst = that node's hostIP (checked below).
    const dstSig = flows ? new FieldSignature(flows, NW_DST_FIELDS, hostIpBySubnet) : undefined;
    // What decides a pod source's group of a remote node depends on the node only: computed once
    // here, not once per source (4·10⁶ times at 1000 nodes).
    const flowsKeyOf = probes.map((probe, bi) =>
      !dstSig || !probe || bi === ai || hostIpOfNode[bi] === undefined
        ? undefined
        : // a number, not a text: looked up once per (source, remote node), 4·10⁶ times at 1000 nodes
          dstSig.idOf(probe.ip) * 2 ** 32 + portFor(probe),
    );
    const underlayOf = probes.map((_, bi) => underlayRoute(view, hostIpOfNode[bi]));
    for (const src of mine) {
      const si = sources.push(src) - 1;
      const rep = src.cls?.members[0];
      for (const d of localClasses) {
        const target = d.members.find((m) => m !== rep);
        if (!target) continue;
        traces++;
        src.toLocalClass.set(d.id, [intern(outcomeOf(dp.verdict(src.source, podTarget(target)), target.ip))]);
      }
      // Remote nodes: this node decides by the destination's HostSubnet (table 90), so one probe
      // per node stands for all its pods (pods it names one by one are special, see below).
      /** Group key → the tunnel destination and transitions of the traced member's arrival. */
      const alike = new Map<number | string, { underlay: string | undefined; transitions: number }>();
      for (let bi = 0; bi < nodeNames.length; bi++) {
        const b = nodeNames[bi]!;
        const probe = bi === ai ? undefined : probes[bi];
        if (!probe) continue;
        const hostIp = hostIpOfNode[bi];
        const flowsKey = flowsKeyOf[bi];
        const groupKey =
          flowsKey === undefined ? undefined : src.cls ? flowsKey : kernelKey(view, probe.ip, flowsKey);
        const known = groupKey === undefined ? undefined : alike.get(groupKey);
        if (
          known &&
          hostIp !== undefined &&
          isHostOf[bi] &&
          known.underlay !== undefined &&
          known.underlay === underlayOf[bi]
        ) {
          src.toNode[bi] = ARRIVAL;
          arrivals[bi]!.push(si, hostIp, known.transitions);
          continue;
        }
        traces++;
        const seg = dp.traceSegments(src.source, podTarget(probe), 'verdict');
        const arr = seg.arrivals[0];
        if (seg.arrivals.length === 0) {
          src.toNode[bi] = firstBroken(seg.finals.map((f) => intern(single(f, probe.ip))));
        } else if (
          seg.arrivals.length === 1 &&
          seg.finals.length === 0 &&
          arr?.receiver === b &&
          sameButDestination(src, arr.packet)
        ) {
          src.toNode[bi] = ARRIVAL;
          arrivals[bi]!.push(si, arr.packet[F.TUN_DST]!, arr.transitions);
          // straight from br0 to vxlan0 (one bridge pass, no kernel) to the node's hostIP
          if (
            groupKey !== undefined &&
            hostIp !== undefined &&
            arr.transitions === 1 &&
            arr.packet[F.TUN_DST] === hostIp
          )
            alike.set(groupKey, { underlay: underlayOf[bi], transitions: arr.transitions });
        } else {
          // several branches, a packet unlike the others, or a tunnel to another node than `b`
          if (src.irregular.size === 0) irregularSources.push(src);
          src.irregular.set(bi, { finals: seg.finals, arrivals: seg.arrivals });
        }
      }
      if (rep) {
        for (const sp of svcPorts) {
          // a member that is not itself an endpoint speaks for the class (see isEndpointOf)
          const speaker = src.cls!.members.find((m) => !isEndpointOf(sp, m));
          if (!speaker) continue;
          traces++;
          const seg = dp.traceSegments({ kind: 'pod', pod: speaker.pod }, sp.target, 'verdict');
          const ids = seg.finals.map((f) => intern(single(f, 'any-pod')));
          for (const arr of seg.arrivals) {
            svcPending.push({ arrival: arr, ids, slot: ids.length });
            ids.push(0);
          }
          src.toService.set(sp, ids);
        }
      }
    }
    // The ingress half of the nodes walked so far, while this node is compiled.
    resolveInbound(ai);
  }

  /**
   * For a node's own traffic (through its kernel before br0): what besides br0 could tell two
   * destinations apart — the route, `-d` iptables rules, whether the address is local. Undefined
   * (no grouping) when the node has too many `-d` rules to compare cheaply.
   */
  function kernelKey(view: NodeView, ip: number, flowsKey: number): string | undefined {
    let rules = destinationRules.get(view);
    if (rules === undefined) {
      const all = [...(view.iptables?.values() ?? [])].flatMap((t) => [...t.chains.values()].flat());
      const withDst = all.filter((r) => r.destination !== undefined);
      rules = withDst.length <= 64 ? withDst : null;
      destinationRules.set(view, rules);
    }
    if (rules === null || !view.routes) return undefined;
    let bits = '';
    for (const r of rules) {
      const d = compiledMatch(r).destination!;
      bits += !d.value ? 'u' : d.value.some((c) => inCidr(ip, c)) !== d.negated ? '1' : '0';
    }
    return `${flowsKey}|${view.routes.lookup(ip)?.raw ?? '-'}|${view.isLocal(ip)}|${bits}`;
  }

  /**
   * The underlay route a node takes to a tunnel endpoint: two endpoints are alike when it reaches
   * both by the same route (39.6). '' without routes (nothing tells them apart), undefined when
   * there is no route or no endpoint.
   */
  function underlayRoute(view: NodeView, ip: number | undefined): string | undefined {
    if (ip === undefined) return undefined;
    if (!view.routes) return '';
    return view.routes.lookup(ip)?.raw;
  }

  function sameButDestination(src: Source, packet: Packet): boolean {
    const t = (src.template ??= packet);
    for (let i = 0; i < t.length; i++)
      if (i !== F.NW_DST && i !== F.TUN_DST && t[i] !== packet[i]) return false;
    return true;
  }

  // ---- pass 2: ingress, grouped by what the receiving node can tell apart
  const arrivalOutcome = (a: Arrival, target: number): number => {
    traces++;
    return intern(outcomeOf(dp.traceArrival(a, 'verdict'), target));
  };
  /** The pending service branches by receiving node (not filtered once per node: ~10⁴ × N). */
  const svcPendingAt = new Map<string, (typeof svcPending)[number][]>();
  for (const p of svcPending) {
    const list = svcPendingAt.get(p.arrival.receiver);
    if (list) list.push(p);
    else svcPendingAt.set(p.arrival.receiver, [p]);
  }
  // Backwards: the nodes compiled last in pass 1 are still in the cache.
  for (let bi = nodeNames.length - 1; bi >= 0; bi--) {
    const b = nodeNames[bi]!;
    const svcHere = svcPendingAt.get(b) ?? [];
    const irregularHere = irregularSources.flatMap((src) =>
      [...src.irregular]
        .filter(([, seg]) => seg.arrivals.some((x) => x.receiver === b))
        .map(([di, seg]) => ({ src, di, seg })),
    );
    // Arrivals from nodes walked after this one; keys seen in pass 1 need no compiled node.
    resolveInbound(bi);
    for (const p of svcHere) {
      p.ids[p.slot] = arrivalOutcome(
        { ...p.arrival, packet: speakFor(p.arrival.packet) },
        p.arrival.packet[F.NW_DST]!,
      );
    }
    for (const { src, di, seg } of irregularHere) {
      const targets = classesByNode[di]!;
      const row = new Int32Array(targets.length);
      targets.forEach((d, j) => {
        const rep = d.members[0]!;
        const ids = seg.finals.map((f) => intern(single(f, rep.ip)));
        for (const a of seg.arrivals) {
          const q = speakFor(a.packet).slice();
          q[F.NW_DST] = rep.ip;
          ids.push(arrivalOutcome({ ...a, packet: q }, rep.ip));
        }
        row[j] = firstBroken(ids);
      });
      src.irregularOutcomes.set(di, row);
    }
  }

  // ---- pods named one by one by some node (NetworkPolicy peers, hand-made flows): pair by pair.
  /** Pod → pod outcomes traced one by one (either side special): from → to → outcome id. */
  const podOverrides = new Map<PodRef, Map<PodRef, number>>();
  const podOverride = (from: PodRef, to: PodRef): number | undefined => podOverrides.get(from)?.get(to);
  const setPodOverride = (from: PodRef, to: PodRef, id: number): void => {
    let m = podOverrides.get(from);
    if (!m) podOverrides.set(from, (m = new Map()));
    m.set(to, id);
  };
  const overrides: Override[] = [];
  for (const ip of [...special].sort((x, y) => x - y)) {
    const q = podByIp.get(ip)!;
    for (const x of pods) {
      if (x === q) continue;
      traces += 2;
      const there = intern(outcomeOf(dp.verdict({ kind: 'pod', pod: x.pod }, podTarget(q)), q.ip));
      const back = intern(outcomeOf(dp.verdict({ kind: 'pod', pod: q.pod }, podTarget(x)), x.ip));
      if (podOverride(x, q) === undefined) overrides.push({ kind: 'pod-pod', from: x, to: q });
      if (podOverride(q, x) === undefined) overrides.push({ kind: 'pod-pod', from: q, to: x });
      setPodOverride(x, q, there);
      setPodOverride(q, x, back);
    }
    for (const [ni, n] of nodeNames.entries()) {
      traces++;
      const id = intern(outcomeOf(dp.verdict({ kind: 'node', node: n }, podTarget(q)), q.ip));
      overrides.push({ kind: 'node-pod', from: ni, to: q, id });
    }
    for (const sp of svcPorts) {
      traces++;
      const id = intern(outcomeOf(dp.verdict({ kind: 'pod', pod: q.pod }, sp.target), 'any-pod'));
      overrides.push({ kind: 'pod-service', from: q, to: sp, id });
    }
  }

  // ---- expansion: counts, listed pairs, broken groups
  const byKind: Record<PairKind, { pairs: number; reachable: number }> = {
    'pod-pod': { pairs: 0, reachable: 0 },
    'pod-service': { pairs: 0, reachable: 0 },
    'node-pod': { pairs: 0, reachable: 0 },
  };
  const listed: MatrixPair[] = [];
  interface Group {
    readonly g: Omit<BrokenGroup, 'pairs' | 'examples'>;
    pairs: number;
    readonly examples: { from: string; to: string }[];
  }
  const groups = new Map<string, Group>();
  const groupOf: (Group | undefined)[] = [];
  const group = (id: number): Group => {
    let g = groupOf[id];
    if (g) return g;
    const c = outcomes[id]!.cause!;
    const gk = [
      c.disposition,
      c.node ?? '',
      c.table ?? '',
      c.rule ?? '',
      c.rule || c.table !== undefined ? '' : c.message.en,
    ].join('|');
    g = groups.get(gk);
    if (!g) {
      g = {
        g: {
          cause: c.message.en,
          message: c.message,
          disposition: c.disposition,
          ...(c.node ? { node: c.node } : {}),
          ...(c.table !== undefined ? { table: c.table } : {}),
          ...(c.rule ? { rule: c.rule } : {}),
          ...(c.disposition === 'dropped' && isIsolation(dp, c) ? { isolation: true } : {}),
        },
        pairs: 0,
        examples: [],
      };
      groups.set(gk, g);
    }
    groupOf[id] = g;
    return g;
  };
  const record = (
    kind: PairKind,
    id: number,
    count: number,
    examples: () => Iterable<[string, string]>,
  ): void => {
    const k = byKind[kind];
    k.pairs += count;
    const full = listed.length >= maxPairs;
    if (id === 0) {
      k.reachable += count;
      if (full) return;
    }
    const g = id === 0 ? undefined : group(id);
    if (g) g.pairs += count;
    if (full && (!g || g.examples.length >= EXAMPLES)) return;
    const message = id === 0 ? undefined : outcomes[id]!.cause!.message;
    for (const [from, to] of examples()) {
      const nowFull = listed.length >= maxPairs;
      if (nowFull && (!g || g.examples.length >= EXAMPLES)) break;
      if (!nowFull)
        listed.push({ from, to, reachable: id === 0, ...(message ? { cause: message.en, message } : {}) });
      if (g && g.examples.length < EXAMPLES) g.examples.push({ from, to });
    }
  };

  /** A pair already recorded under `primary` also broken by `other` (another endpoint branch). */
  const alsoCause = (
    primary: number,
    other: number,
    n: number,
    examples: () => Iterable<[string, string]>,
  ): void => {
    const g = group(other);
    if (g === group(primary)) return;
    g.pairs += n;
    if (g.examples.length >= EXAMPLES) return;
    for (const [from, to] of examples()) {
      if (g.examples.length >= EXAMPLES) break;
      g.examples.push({ from, to });
    }
  };
  /** Would {@link record} list or keep an example of a pair with this outcome? */
  const wantsExamples = (id: number): boolean =>
    listed.length < maxPairs || (id !== 0 && group(id).examples.length < EXAMPLES);
  const count = (kind: PairKind, id: number, n: number): void => {
    const k = byKind[kind];
    k.pairs += n;
    if (id === 0) k.reachable += n;
    else group(id).pairs += n;
  };
  const nn = nodeNames.length;
  const grid = options.nodeGrid
    ? {
        pairs: new Float64Array(nn * nn),
        reachable: new Float64Array(nn * nn),
        cause: new Array<Group | undefined>(nn * nn),
      }
    : undefined;
  /** Pod → pod pairs from node `a` to node `b` for the node grid. */
  const cell = (a: number, b: number, id: number, n: number): void => {
    if (!grid || a < 0 || b < 0) return;
    const k = a * nn + b;
    grid.pairs[k]! += n;
    if (id === 0) grid.reachable[k]! += n;
    else grid.cause[k] ??= group(id);
  };

  const plainOf = classes.map((c) => c.members.filter((m) => !special.has(m.ip)));
  // Arrays by class id: the expansion below runs once per (source, class) pair — millions of times.
  const sourceOfClass = new Int32Array(classes.length).fill(-1);
  sources.forEach((src, i) => {
    if (src.cls) sourceOfClass[src.cls.id] = i;
  });
  const classIndexOnNode = new Int32Array(classes.length);
  const classNode = new Int32Array(classes.length);
  classesByNode.forEach((list, bi) =>
    list.forEach((c, j) => {
      classIndexOnNode[c.id] = j;
      classNode[c.id] = bi;
    }),
  );
  /** The forward outcome id from a source to a class (see the passes above). */
  const forward = (si: number, d: PodClass): number | undefined => {
    const src = sources[si]!;
    const bi = classNode[d.id]!;
    if (bi === src.node) {
      const ids = src.toLocalClass.get(d.id);
      return ids ? firstBroken(ids) : undefined;
    }
    const j = classIndexOnNode[d.id]!;
    // (irregular segments are rare: most sources have none)
    const irr = src.irregularOutcomes.size > 0 ? src.irregularOutcomes.get(bi) : undefined;
    if (irr) return irr[j];
    const code = src.toNode[bi]!;
    if (code >= 0) return code;
    if (code === ARRIVAL) return ingressOutcomes[src.ingressKey[bi]!]![j];
    return undefined;
  };
  /**
   * TCP needs the way back too (the lab agreement test found a one-way table 90 fault): a pair is
   * reachable when the reply from its destination class back to its source also arrives.
   */
  const reply = (fromClass: PodClass, to: PodClass): number => replyId(fromClass.id, to.id);
  /**
   * Every source's forward outcome toward every class (NOT_TRACED where there is none), one row
   * per source: the expansion and the replies read it ~10⁷ times at 1000 nodes. A node's classes
   * have consecutive ids (pass 1 numbers them node by node), so a node's block is filled or
   * copied from its ingress row in one go.
   */
  const NOT_TRACED = -1;
  const forwardRows = sources.map((src, si) => {
    const row = new Int32Array(classes.length).fill(NOT_TRACED);
    for (let bi = 0; bi < nodeNames.length; bi++) {
      const list = classesByNode[bi]!;
      if (list.length === 0) continue;
      const start = list[0]!.id;
      if (bi === src.node) {
        for (const d of list) row[d.id] = forward(si, d) ?? NOT_TRACED;
        continue;
      }
      const irr = src.irregularOutcomes.size > 0 ? src.irregularOutcomes.get(bi) : undefined;
      const code = src.toNode[bi]!;
      if (irr) row.set(irr, start);
      else if (code === ARRIVAL) row.set(ingressOutcomes[src.ingressKey[bi]!]!, start);
      else if (code >= 0) row.fill(code, start, start + list.length);
    }
    return row;
  });
  /** The outcome of the way back from class `from` to class `to` (0 when never traced). */
  function replyId(from: number, to: number): number {
    const si = sourceOfClass[from]!;
    if (si < 0) return 0;
    const id = forwardRows[si]![to]!;
    return id === NOT_TRACED ? 0 : replyOutcome(id);
  }
  /** The way back from pod `e` to pod `x`: pair by pair when either is special. */
  const podReply = (e: PodRef, x: PodRef): number => {
    if (special.has(e.ip) || special.has(x.ip)) return replyOutcome(podOverride(e, x) ?? 0);
    return reply(classOf.get(e.ip)!, classOf.get(x.ip)!);
  };
  /** Pod → service pairs from `from` (alike), whose branches ended `ids`; `home` gets the replies. */
  const recordService = (
    ids: readonly number[],
    from: readonly PodRef[],
    home: PodRef,
    svc: SvcPort,
  ): void => {
    let id = firstBroken(ids);
    // the endpoints answer back: each must reach the client (the masqueraded reply itself is
    // checked by the trace: disposition `reset`, see docs/dataplane.md)
    if (id === 0) id = firstBroken(svc.endpoints.map((e) => podReply(e, home)));
    const examples = function* (): Iterable<[string, string]> {
      for (const x of from) yield [x.label, svc.label];
    };
    record('pod-service', id, from.length, examples);
    // Each endpoint branch can break for its own reason: the pair counts under every cause
    // (a fault hidden behind another one on the same service still shows).
    for (const other of new Set(ids))
      if (other !== 0 && other !== id) alsoCause(id, other, from.length, examples);
  };
  for (const [si, src] of sources.entries()) {
    const fromLabels = src.cls ? plainOf[src.cls.id]! : undefined;
    const nFrom = fromLabels ? fromLabels.length : 1;
    if (nFrom === 0) continue;
    const kind: PairKind = src.cls ? 'pod-pod' : 'node-pod';
    const fromNames = (): string[] =>
      fromLabels ? fromLabels.map((x) => x.label) : [`node/${nodeNames[src.node]}`];
    // node → pod: the reply goes back to the node's tun0 address, through its HostSubnet like a
    // reply to one of its pods would (approximation: its first pod stands for it).
    const home = fromLabels ? fromLabels[0] : podsByNode.get(nodeNames[src.node]!)?.[0];
    /** The class answering for `home` when it is a plain pod (the fast path). */
    const homeClass = home && !special.has(home.ip) ? classOf.get(home.ip) : undefined;
    const row = forwardRows[si]!;
    const own = src.cls?.id ?? NOT_TRACED;
    // Class ids run node by node: the same order as listing the pairs node by node.
    const sourceInScope = src.cls ? src.cls.members[0]!.inScope : false;
    for (let d = 0; d < classes.length; d++) {
      const ys = plainOf[d]!;
      const n = nFrom * ys.length - (own === d ? nFrom : 0);
      if (n <= 0) continue;
      if (!sourceInScope && !classes[d]!.members[0]!.inScope) continue;
      let id = row[d]!;
      if (id === NOT_TRACED) continue;
      if (id === 0 && home) id = homeClass ? replyId(d, homeClass.id) : podReply(ys[0]!, home);
      if (kind === 'pod-pod') cell(src.node, classNode[d]!, id, n);
      // Most of the ~10⁷ (source, class) cells need no example: count them without a closure.
      if (!wantsExamples(id)) {
        count(kind, id, n);
        continue;
      }
      record(kind, id, n, function* () {
        for (const x of fromNames()) for (const y of ys) if (x !== y.label) yield [x, y.label];
      });
    }
    if (src.cls && home) {
      for (const sp of svcPorts) {
        if (!sourceInScope && !sp.inScope) continue;
        const hairpin = fromLabels!.filter((x) => isEndpointOf(sp, x));
        for (const x of hairpin) {
          traces++;
          const t = dp.trace({ kind: 'pod', pod: x.pod }, sp.target);
          const ids = [t, ...(t.alternatives ?? [])].map((b) => intern(single(b, 'any-pod')));
          recordService(ids, [x], x, sp);
        }
        const ids = src.toService.get(sp);
        const rest = hairpin.length ? fromLabels!.filter((x) => !hairpin.includes(x)) : fromLabels!;
        if (!ids || rest.length === 0) continue;
        recordService(ids, rest, home, sp);
      }
    }
  }
  const overrideLabels = (o: Override): [string, string] => [
    o.kind === 'node-pod' ? `node/${nodeNames[o.from]}` : o.from.label,
    o.to.label,
  ];
  const overrideInScope = (o: Override): boolean =>
    o.kind === 'node-pod' ? o.to.inScope : o.from.inScope || o.to.inScope;
  const labelled = overrides.filter(overrideInScope).map((o) => ({ o, labels: overrideLabels(o) }));
  labelled.sort((x, y) => `${x.labels[0]}>${x.labels[1]}`.localeCompare(`${y.labels[0]}>${y.labels[1]}`));
  for (const { o, labels } of labelled) {
    let fwd: number;
    let back = 0;
    if (o.kind === 'pod-pod') {
      fwd = podOverride(o.from, o.to)!;
      if (fwd === 0) back = replyOutcome(podOverride(o.to, o.from) ?? 0);
    } else if (o.kind === 'pod-service') {
      fwd = o.id;
      if (fwd === 0) back = firstBroken(o.to.endpoints.map((e) => podReply(e, o.from)));
    } else {
      fwd = o.id;
      const h = podsByNode.get(nodeNames[o.from]!)?.[0];
      if (fwd === 0) back = h ? podReply(o.to, h) : 0;
    }
    record(o.kind, fwd !== 0 ? fwd : back, 1, function* () {
      yield labels;
    });
    if (o.kind === 'pod-pod') cell(nodeOfPod(o.from), nodeOfPod(o.to), fwd !== 0 ? fwd : back, 1);
  }
  const total = byKind['pod-pod'].pairs + byKind['pod-service'].pairs + byKind['node-pod'].pairs;
  const reachable =
    byKind['pod-pod'].reachable + byKind['pod-service'].reachable + byKind['node-pod'].reachable;
  const sortedGroups = [...groups.values()]
    .filter((g) => g.pairs > 0)
    .sort(
      (x, y) =>
        y.pairs - x.pairs ||
        x.g.cause.localeCompare(y.g.cause) ||
        (x.g.node ?? '').localeCompare(y.g.node ?? ''),
    );
  const broken = sortedGroups.map(({ g, pairs, examples }) => ({ ...g, pairs, examples }));
  const groupIndex = new Map(sortedGroups.map((g, i) => [g, i]));
  const intents = new PairIntents(model, (p) => options.podPort ?? p.containerPorts[0]?.port ?? 8080);
  const annotated = listed.map((p) => {
    const i = intents.of(p.from, p.to, p.reachable);
    return i ? { ...p, ...i } : p;
  });
  return {
    schemaVersion: DATAPLANE_SCHEMA_VERSION,
    counts: { pairs: total, reachable, broken: total - reachable, byKind },
    truncated: listed.length < total,
    maxPairs,
    pairs: annotated,
    broken,
    intent: summarize(annotated, total, intents.unknown),
    stats: { pods: pods.length, podClasses: classes.length, traces },
    ...(scope ? { namespaces: [...scope].sort() } : {}),
    ...(grid
      ? {
          nodeGrid: {
            nodes: nodeNames,
            pairs: [...grid.pairs],
            reachable: [...grid.reachable],
            cause: Array.from(grid.cause, (g) => (g ? (groupIndex.get(g) ?? -1) : -1)),
          },
        }
      : {}),
  };
}
