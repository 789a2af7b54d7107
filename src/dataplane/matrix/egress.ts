/**
 * Pass 1 of the matrix, node by node while the node is compiled: its pod classes (pods whose paths
 * its flows decide alike, signatures.ts) and the egress of each class and of the node itself —
 * whole traces to the local classes, traces up to the VXLAN hop toward each remote node (one per
 * group of remote nodes the flows treat alike), and every endpoint branch toward each service
 * port. What arrives at another node waits there, compactly, for the ingress pass (ingress.ts).
 */
import type { Arrival, TraceSource } from '../trace/cluster.js';
import type { NodeView } from '../trace/node-view.js';
import { compiledMatch } from '../engine/iptables-match.js';
import { F, type Packet } from '../engine/packet.js';
import { inCidr, type Cidr } from '../../net/ipv4.js';
import type { Trace } from '../engine/types.js';
import { ArrivalList } from './arrival-list.js';
import { isEndpointOf, type PodRef, type SvcPort } from './inventory.js';
import { firstBroken, single } from './outcomes.js';
import { verdictId, type MatrixRun } from './run.js';
import {
  foreignMentions,
  nodeFlowIndex,
  podSignature,
  type FlowMentions,
  type NodeSignatures,
} from './signatures.js';

export interface PodClass {
  readonly id: number;
  readonly node: string;
  readonly members: PodRef[];
}

/** {@link Source.toNode}: not traced toward that node. */
export const NONE = -1;
/** {@link Source.toNode}: arrives at that node's vxlan0; its ingress key says the outcome. */
export const ARRIVAL = -2;

/** A traced source: a class (its first member stands for it) or a node itself. */
export interface Source {
  readonly node: number;
  readonly source: TraceSource;
  readonly cls: PodClass | undefined;
  /** Per destination node: NONE, an outcome id (≥ 0), or ARRIVAL. */
  readonly toNode: Int32Array;
  /** Its packet as it leaves through vxlan0 (the same toward every node but tun_dst/nw_dst). */
  template: Packet | undefined;
  /** Whole traces to the classes of its own node: class id → outcome ids. */
  readonly toLocalClass: Map<number, number[]>;
  /** Whole traces to each service port (branches that cross nodes are finished by the ingress pass). */
  readonly toService: Map<SvcPort, number[]>;
  /** Segments too irregular for the compact form (several branches, packets that differ), by destination node. */
  readonly irregular: Map<number, { finals: Trace[]; arrivals: Arrival[] }>;
  /** The ingress pass's outcomes of those segments: destination node → outcome id per class of that node. */
  readonly irregularOutcomes: Map<number, Int32Array>;
}

/** A service branch that crosses to another node: the ingress pass writes its outcome to `ids[slot]`. */
export interface PendingService {
  readonly arrival: Arrival;
  readonly ids: number[];
  readonly slot: number;
}

/** What pass 1 builds; the ingress pass and the expansion read it. */
export interface Classes {
  /** Pods some other node's flows name by address: their pairs are traced one by one at the end. */
  readonly special: Set<number>;
  /** Numbered node by node: a node's classes have consecutive ids. */
  readonly classes: PodClass[];
  readonly classOf: Map<number, PodClass>;
  readonly classesByNode: PodClass[][];
  readonly sources: Source[];
  /** Per receiving node: arrivals from sources (source index, tun_dst, transitions). */
  readonly arrivals: ArrivalList[];
  /** Sources with irregular segments (the ingress pass finishes them at their destination node). */
  readonly irregularSources: Source[];
  readonly svcPending: PendingService[];
}

export function emptyClasses(nodes: number): Classes {
  return {
    special: new Set(),
    classes: [],
    classOf: new Map(),
    classesByNode: Array.from({ length: nodes }, () => []),
    sources: [],
    arrivals: Array.from({ length: nodes }, () => new ArrivalList()),
    irregularSources: [],
    svcPending: [],
  };
}

function vnidOf(run: MatrixRun, ns: string): number | undefined {
  return run.dp.model.netNamespaces?.value.find((n) => n.name === ns)?.netid;
}

/**
 * Pass 1 over every node in order; `afterNode(i, signatures)` runs while node `i` is still
 * compiled (the ingress pass resolves the arrivals it has by then, and keeps what it needs of the
 * node's field signatures).
 */
export function egressPass(
  run: MatrixRun,
  st: Classes,
  afterNode: (node: number, signatures: NodeSignatures | undefined) => void,
): void {
  const kernel = new KernelKeys();
  for (let ai = 0; ai < run.inv.nodeNames.length; ai++) afterNode(ai, egressOfNode(run, st, kernel, ai));
}

/**
 * One node's classes, then the egress of each of them and of the node itself; returns the node's
 * field signatures (undefined without flows).
 */
function egressOfNode(
  run: MatrixRun,
  st: Classes,
  kernel: KernelKeys,
  ai: number,
): NodeSignatures | undefined {
  const { dp, inv } = run;
  const { nodeNames, hostIpOfNode, isHostOf } = inv;
  const a = nodeNames[ai]!;
  const view = dp.node(a);
  const flows = view.facts?.ovs.flows?.value;
  const localPods = inv.podsByNode.get(a) ?? [];
  const index = flows ? nodeFlowIndex(flows, inv.hostIpBySubnet) : undefined;
  const mentions = index?.mentions;
  /** Other nodes' pods this node's flows name: never the probe standing for their node. */
  const named = new Set<number>();
  if (mentions) {
    const own = new Set(localPods.map((p) => p.ip));
    if (view.gateway !== undefined) own.add(view.gateway);
    for (const ip of foreignMentions(mentions, own)) {
      if (inv.podByIp.has(ip)) {
        st.special.add(ip);
        named.add(ip);
      }
    }
  }
  const localClasses = classesOfNode(run, st, ai, view, mentions, localPods);
  // Every Source literal has the same fields in the same order (none added later): the ingress
  // pass reads them ~4·10⁶ times, and objects of one shape keep those reads monomorphic.
  const newSource = (source: TraceSource, cls: PodClass | undefined): Source => ({
    node: ai,
    source,
    cls,
    toNode: new Int32Array(nodeNames.length).fill(NONE),
    template: undefined,
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
    const list = inv.podsByNode.get(b);
    return named.size === 0 ? list?.[0] : list?.find((p) => !named.has(p.ip));
  });
  // Remote nodes this node's flows treat alike (same nw_dst templates once each HostSubnet's
  // hostIP is blanked in its table 90 actions) share a pod source's trace: the packet leaves
  // vxlan0 the same but for nw_dst and tun_dst = that node's hostIP (checked below).
  const signatures = index?.signatures;
  const dstSig = signatures?.nwDst;
  // What decides a pod source's group of a remote node depends on the node only: computed once
  // here, not once per source (4·10⁶ times at 1000 nodes).
  const flowsKeyOf = probes.map((probe, bi) =>
    !dstSig || !probe || bi === ai || hostIpOfNode[bi] === undefined
      ? undefined
      : groupKeyOf(dstSig.idOf(probe.ip), inv.portFor(probe)),
  );
  // The underlay route to each remote node as a small id (-1: none): alike nodes must share it.
  const underlayIds = new Map<string, number>();
  const underlayOf = probes.map((_, bi) => {
    const route = underlayRoute(view, hostIpOfNode[bi]);
    if (route === undefined) return -1;
    let id = underlayIds.get(route);
    if (id === undefined) underlayIds.set(route, (id = underlayIds.size));
    return id;
  });
  for (const src of mine) {
    const si = st.sources.push(src) - 1;
    const rep = src.cls?.members[0];
    for (const d of localClasses) {
      const target = d.members.find((m) => m !== rep);
      if (!target) continue;
      src.toLocalClass.set(d.id, [verdictId(run, src.source, inv.podTarget(target), target.ip)]);
    }
    // Remote nodes: this node decides by the destination's HostSubnet (table 90), so one probe
    // per node stands for all its pods (pods it names one by one are special, see below).
    /**
     * Per underlay route id, group key → the transitions of the traced member's arrival. By route
     * first: nodes in several underlay subnets (some reached through a gateway) interleave in
     * name order, and one remembered route per group would be replaced at every change of route
     * — one trace per change (17× the traces of 1000 nodes at 2000, whose node addresses spill
     * out of the fixture's /21 link).
     */
    const alike: Map<number, number>[] = [];
    for (let bi = 0; bi < nodeNames.length; bi++) {
      const b = nodeNames[bi]!;
      const probe = bi === ai ? undefined : probes[bi];
      if (!probe) continue;
      const hostIp = hostIpOfNode[bi];
      const flowsKey = flowsKeyOf[bi];
      const underlay = underlayOf[bi]!;
      const groupKey =
        flowsKey === undefined ? undefined : src.cls ? flowsKey : kernel.keyOf(view, probe.ip, flowsKey);
      const transitions = groupKey === undefined || underlay < 0 ? undefined : alike[underlay]?.get(groupKey);
      if (transitions !== undefined && hostIp !== undefined && isHostOf[bi]) {
        src.toNode[bi] = ARRIVAL;
        st.arrivals[bi]!.push(si, hostIp, transitions);
        continue;
      }
      run.traces++;
      const seg = dp.traceSegments(src.source, inv.podTarget(probe), 'verdict');
      const arr = seg.arrivals[0];
      if (seg.arrivals.length === 0) {
        src.toNode[bi] = firstBroken(seg.finals.map((f) => run.outcomes.intern(single(f, probe.ip))));
      } else if (
        seg.arrivals.length === 1 &&
        seg.finals.length === 0 &&
        arr?.receiver === b &&
        sameButDestination(src, arr.packet)
      ) {
        src.toNode[bi] = ARRIVAL;
        st.arrivals[bi]!.push(si, arr.packet[F.TUN_DST]!, arr.transitions);
        // straight from br0 to vxlan0 (one bridge pass, no kernel) to the node's hostIP
        if (
          groupKey !== undefined &&
          underlay >= 0 &&
          hostIp !== undefined &&
          arr.transitions === 1 &&
          arr.packet[F.TUN_DST] === hostIp
        )
          (alike[underlay] ??= new Map()).set(groupKey, arr.transitions);
      } else {
        // several branches, a packet unlike the others, or a tunnel to another node than `b`
        if (src.irregular.size === 0) st.irregularSources.push(src);
        src.irregular.set(bi, { finals: seg.finals, arrivals: seg.arrivals });
      }
    }
    if (rep) {
      for (const sp of inv.svcPorts) {
        // a member that is not itself an endpoint speaks for the class (see isEndpointOf)
        const speaker = src.cls!.members.find((m) => !isEndpointOf(sp, m));
        if (!speaker) continue;
        run.traces++;
        const seg = dp.traceSegments({ kind: 'pod', pod: speaker.pod }, sp.target, 'verdict');
        const ids = seg.finals.map((f) => run.outcomes.intern(single(f, 'any-pod')));
        for (const arrival of seg.arrivals) {
          st.svcPending.push({ arrival, ids, slot: ids.length });
          ids.push(0);
        }
        src.toService.set(sp, ids);
      }
    }
  }
  return signatures;
}

/**
 * A remote node's group key from its probe's nw_dst signature id and port: a number, not a text
 * (looked up once per (source, remote node), 4·10⁶ times at 1000 nodes), and a small integer
 * when both are small (no heap number hashed at each lookup); other keys are kept apart above 2³⁰.
 */
function groupKeyOf(signatureId: number, port: number): number {
  return signatureId < 1 << 14 && port >= 0 && port < 65536
    ? signatureId * 65536 + port
    : 2 ** 30 + signatureId * 2 ** 32 + port;
}

/** The node's pods grouped by signature into classes (with `-n`, a class is wholly in or out of scope). */
function classesOfNode(
  run: MatrixRun,
  st: Classes,
  ai: number,
  view: NodeView,
  mentions: FlowMentions | undefined,
  localPods: readonly PodRef[],
): PodClass[] {
  const a = run.inv.nodeNames[ai]!;
  /** Signature text → class: a lookup key only, never read back. */
  const bySig = new Map<string, PodClass>();
  for (const p of localPods) {
    const vnid = vnidOf(run, p.pod.namespace);
    const flowSig = mentions ? podSignature(view, mentions, p.ip, vnid) : `noflows:${vnid}`;
    // with -n, pairs are counted per class, so a class must be wholly in or out of scope
    const sig = run.inv.scope && !p.inScope ? `out-of-scope:${flowSig}` : flowSig;
    let c = bySig.get(sig);
    if (!c) {
      c = { id: st.classes.length, node: a, members: [] };
      st.classes.push(c);
      bySig.set(sig, c);
      st.classesByNode[ai]!.push(c);
    }
    c.members.push(p);
    st.classOf.set(p.ip, c);
  }
  return st.classesByNode[ai]!;
}

/**
 * For a node's own traffic (through its kernel before br0): what besides br0 could tell two
 * destinations apart — the route, `-d` iptables rules, whether the address is local.
 */
class KernelKeys {
  /**
   * Per node name: the destinations of its iptables rules with `-d` (compiled once, not once per
   * remote node: ~10⁶ keys at 1000 nodes), null when too many to compare cheaply. By name, not a
   * WeakMap keyed by the compiled node: V8's young-generation collector keeps a young key's entry
   * of an old WeakMap until a full collection, and with it each dropped node (docs/dataplane.md,
   * "The young generation kept nodes no one kept"); a node's iptables do not change during a run.
   */
  private readonly destinations = new Map<string, readonly Destination[] | null>();

  /** Route texts → small ids (the group key's route part). */
  private readonly routeIds = new Map<string, number>();
  /** (flows key, route id and locality, answers of the `-d` rules) → group key. */
  private readonly keys = new Map<number, Map<number, Map<number | string, number>>>();
  private keyCount = 0;

  /**
   * A group key (compared, never read back): a number, one per distinct (flows key, route,
   * local or not, which `-d` rules it meets); undefined (no grouping) when the node has too many
   * `-d` rules. Asked for each (node, remote node), ~10⁶ times at 1000 nodes: no text is built
   * unless a node has more `-d` rules than fit a number.
   */
  keyOf(view: NodeView, ip: number, flowsKey: number): number | undefined {
    const dests = this.destinationsOf(view);
    if (dests === null || !view.routes) return undefined;
    const answers = dests.length <= 30 ? destinationBits(dests, ip) : destinationText(dests, ip);
    const route = view.routes.lookup(ip)?.raw;
    let routeId = route === undefined ? 0 : this.routeIds.get(route);
    if (routeId === undefined) this.routeIds.set(route!, (routeId = this.routeIds.size + 1));
    const place = routeId * 2 + (view.isLocal(ip) ? 1 : 0);
    let byPlace = this.keys.get(flowsKey);
    if (!byPlace) this.keys.set(flowsKey, (byPlace = new Map()));
    let byAnswers = byPlace.get(place);
    if (!byAnswers) byPlace.set(place, (byAnswers = new Map()));
    let key = byAnswers.get(answers);
    if (key === undefined) byAnswers.set(answers, (key = this.keyCount++));
    return key;
  }

  private destinationsOf(view: NodeView): readonly Destination[] | null {
    let dests = this.destinations.get(view.name);
    if (dests === undefined) {
      const all = [...(view.iptables?.values() ?? [])].flatMap((t) => [...t.chains.values()].flat());
      const withDst = all.filter((r) => r.destination !== undefined);
      dests =
        withDst.length <= 64
          ? withDst.map((r) => {
              const d = compiledMatch(r).destination!;
              return { cidrs: d.value, negated: d.negated === true };
            })
          : null;
      this.destinations.set(view.name, dests);
    }
    return dests;
  }
}

/**
 * Which `-d` rules `ip` meets, one bit per rule (rules with unreadable addresses are 0 for every
 * address of the node, so they tell none apart): a small integer, built with no closure or
 * heap number per rule.
 */
function destinationBits(dests: readonly Destination[], ip: number): number {
  let bits = 0;
  for (let i = 0; i < dests.length; i++) if (meets(dests[i]!, ip)) bits |= 1 << i;
  return bits;
}

/** {@link destinationBits} for more rules than bits in a small integer, as text. */
function destinationText(dests: readonly Destination[], ip: number): string {
  return dests.map((d) => (meets(d, ip) ? '1' : '0')).join('');
}

function meets(d: Destination, ip: number): boolean {
  const cidrs = d.cidrs;
  if (!cidrs) return false;
  let hit = false;
  for (let i = 0; i < cidrs.length && !hit; i++) hit = inCidr(ip, cidrs[i]!);
  return hit !== d.negated;
}

/** An iptables `-d` match: its addresses (undefined when unreadable) and whether it is negated. */
interface Destination {
  readonly cidrs: readonly Cidr[] | undefined;
  readonly negated: boolean;
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

/** Does `packet` leave like the source's first one (its template), but for nw_dst and tun_dst? */
function sameButDestination(src: Source, packet: Packet): boolean {
  const t = (src.template ??= packet);
  for (let i = 0; i < t.length; i++)
    if (i !== F.NW_DST && i !== F.TUN_DST && t[i] !== packet[i]) return false;
  return true;
}
