/**
 * The cluster around the bridges: a packet leaves br0 through tun0 into the node's kernel
 * (iptables nat/filter, route lookup, OPENSHIFT-MASQUERADE), or through vxlan0 to the node whose
 * IP is the tunnel destination (its br0 sees in_port=1, tun_src, tun_id = the sender's reg0), or
 * into a pod's veth. Every branch is followed to a disposition (docs/dataplane.md).
 */
import type { ClusterModel, NodeFacts, Pod } from '../../model/types.js';
import type { BridgeResult } from '../engine/bridge.js';
import { runChain, type IndexedTable, type IptablesBranch, type WalkOptions } from '../engine/iptables.js';
import { formatIp, inCidr, parseCidr, parseIp, type Cidr } from '../../net/ipv4.js';
import { NodeView } from './node-view.js';
import { CompiledNodes } from './compiled-nodes.js';
import { ETH_IP, F, type Packet, clonePacket, newPacket, podMacHalves } from '../engine/packet.js';
import { OFPP_LOCAL, TUN0_PORT, VXLAN_PORT } from '../engine/ports.js';
import type { Cause, Disposition, Endpoint, Hop, Step, Trace } from '../engine/types.js';
import { prose, SUCCESS_DISPOSITIONS, type StepKind } from '../engine/types.js';
import type { Msg } from '../../i18n/message.js';
import { CAUSE, ROLE_HINTS, STEP } from './texts.js';
import { PolicyExplainer } from './policy-hint.js';
import { pipelineOf, tableRole, type PipelineLayout } from '../../model/pipeline.js';

const NO_IPTABLES: ReadonlyMap<string, IndexedTable> = new Map();

/** A pod's port when no flow names it: matches no per-pod flow, like a veth OVS has no rules for. */
const UNKNOWN_POD_PORT = 0xfffff0;
const MAX_TRANSITIONS = 16;
const LEAN_WALK: WalkOptions = { record: false };
const FULL_WALK: WalkOptions = { record: true };
const DEFAULT_VXLAN_PORT = 4789;

/** Where a traced packet starts. */
export type TraceSource =
  | { readonly kind: 'pod'; readonly pod: Pod }
  | { readonly kind: 'node'; readonly node: string }
  | { readonly kind: 'external'; readonly node?: string };

/** Where it is sent: an address, port and protocol (services are their cluster IP). */
export interface TraceTarget {
  readonly ip: number;
  readonly port: number;
  readonly proto: number;
}

/** A packet between nodes: what the receiver's br0 will see on in_port=1. */
export interface Arrival {
  readonly sender: string;
  readonly receiver: string;
  readonly packet: Packet;
  readonly hops: readonly Hop[];
  readonly transitions: number;
  /** Set when a node DNATed the packet to a service endpoint (see {@link ServiceNat}). */
  readonly nat?: ServiceNat;
}

/**
 * A service DNAT on the way: the node whose conntrack holds the translation and the client's
 * address. The endpoint's reply must come back through that node (pipeline reference §7.3:
 * OPENSHIFT-MASQUERADE SNATs pod → service traffic to tun0's address for exactly that reason).
 */
export interface ServiceNat {
  readonly node: string;
  readonly client: number;
  readonly service: string;
}

interface MutableHop {
  node: string;
  steps: Step[];
}

interface Walk {
  /** Chosen per call: record every step (trace) or only the disposition, cause and endpoint. */
  readonly verbose: boolean;
  hops: MutableHop[];
  transitions: number;
  nat?: ServiceNat;
}

/** Per call: every step (`trace`, the CLI) or the verdict only (`matrix`, which traces millions). */
export type TraceDetail = 'steps' | 'verdict';

/**
 * Compiled nodes `trace` and `matrix` keep when they load nodes on demand: a packet crosses two or
 * three, and the matrix's first pass keeps what its second needs of each node (docs/dataplane.md),
 * so a few dozen is plenty; each is ~3.5 MB on a 1000-node cluster.
 */
export const COMPILED_NODES_KEPT = 32;

export interface ClusterDataplaneOptions {
  /**
   * Loads one node's facts on demand, for a model whose facts lack the flows (trace and matrix:
   * model/build.ts buildModelLazily; the bench streams nodes the same way).
   */
  readonly loadNode?: (name: string) => NodeFacts | undefined;
  /** Keep at most this many compiled nodes (least recently used are dropped). */
  readonly cacheSize?: number;
}

export class ClusterDataplane {
  readonly model: ClusterModel;
  private readonly views: CompiledNodes;
  private readonly layouts = new Map<string, PipelineLayout | undefined>();
  private readonly loadNode: (name: string) => NodeFacts | undefined;
  private readonly nodeByIp = new Map<number, string>();
  private readonly hostSubnetByIp = new Map<number, string>();
  readonly clusterCidrs: readonly Cidr[];
  readonly serviceCidr: Cidr | undefined;
  readonly vxlanPort: number;
  private readonly podsByIp = new Map<number, Pod>();
  private explainer?: PolicyExplainer;
  private get policies(): PolicyExplainer {
    return (this.explainer ??= new PolicyExplainer(
      this.model,
      (ip) => this.podByIp(ip),
      (ip) => this.nodeNameByIp(ip),
    ));
  }
  /** Set while {@link traceSegments} runs: VXLAN hops stop here instead of continuing. */
  private frontier: Arrival[] | undefined;

  constructor(model: ClusterModel, options: ClusterDataplaneOptions = {}) {
    this.model = model;
    this.loadNode = options.loadNode ?? ((name) => model.nodeFacts[name]);
    this.views = new CompiledNodes(options.cacheSize ?? Infinity);
    const cn = model.clusterNetwork?.value;
    this.clusterCidrs = (cn?.clusterCIDRs ?? []).map(parseCidr).filter((c): c is Cidr => c !== undefined);
    this.serviceCidr = cn ? parseCidr(cn.serviceNetwork) : undefined;
    this.vxlanPort = cn?.vxlanPort ?? DEFAULT_VXLAN_PORT;
    // 39.6: a node is found by its real address; a HostSubnet hostIP that no node has is stale.
    for (const n of model.nodes?.value ?? []) {
      for (const a of n.addresses) {
        const ip = parseIp(a.address);
        if (ip !== undefined && a.type === 'InternalIP') this.nodeByIp.set(ip, n.name);
      }
      const ip = parseIp(n.internalIP ?? '');
      if (ip !== undefined) this.nodeByIp.set(ip, n.name);
    }
    for (const hs of model.hostSubnets?.value ?? []) {
      const ip = parseIp(hs.hostIP);
      if (ip === undefined) continue;
      this.hostSubnetByIp.set(ip, hs.host);
      if (!model.nodes) this.nodeByIp.set(ip, hs.host);
    }
    for (const p of model.pods?.value ?? []) {
      const ip = parseIp(p.podIP ?? '');
      if (ip !== undefined && !p.hostNetwork) this.podsByIp.set(ip, p);
    }
  }

  /** The compiled view of a node (cached). */
  node(name: string): NodeView {
    let v = this.views.get(name);
    if (!v) {
      v = new NodeView(name, this.loadNode(name), this.model);
      this.views.add(v);
    }
    return v;
  }

  /** A node's pipeline layout (its table 253 note), without compiling its bridge; cached. */
  layoutOf(name: string): PipelineLayout | undefined {
    if (!this.layouts.has(name)) {
      // the model's own facts carry the note where they lack the flows (model/build.ts buildModelLazily)
      const facts = this.views.peek(name)?.facts ?? this.model.nodeFacts[name] ?? this.loadNode(name);
      this.layouts.set(name, pipelineOf(facts));
    }
    return this.layouts.get(name);
  }

  /** Drops compiled nodes (the matrix frees memory between passes). */
  forget(name?: string): void {
    this.views.forget(name);
  }

  nodeNameByIp(ip: number): string | undefined {
    return this.nodeByIp.get(ip);
  }

  podByIp(ip: number): Pod | undefined {
    return this.podsByIp.get(ip);
  }

  isServiceIp(ip: number): boolean {
    return this.serviceCidr !== undefined && inCidr(ip, this.serviceCidr);
  }

  /** The packet a source would send to a target (before any node touched it). */
  initialPacket(source: TraceSource, target: TraceTarget): Packet {
    const p = newPacket();
    p[F.DL_TYPE] = ETH_IP;
    p[F.NW_PROTO] = target.proto;
    p[F.NW_DST] = target.ip;
    p[F.TP_SRC] = 40000;
    p[F.TP_DST] = target.port;
    if (source.kind === 'pod') {
      const ip = parseIp(source.pod.podIP ?? '') ?? 0;
      p[F.NW_SRC] = ip;
      const [hi, lo] = podMacHalves(ip);
      p[F.DL_SRC_HI] = hi;
      p[F.DL_SRC_LO] = lo;
    } else if (source.kind === 'external') {
      p[F.NW_SRC] = parseIp('203.0.113.10')!; // TEST-NET-3: a client outside the cluster
    }
    return p;
  }

  /** Follows a packet from a source to a target through every node it crosses, step by step. */
  trace(source: TraceSource, target: TraceTarget, detail: TraceDetail = 'steps'): Trace {
    const packet = this.initialPacket(source, target);
    return this.traceFromPacket(source, packet, detail);
  }

  /** The same trace without steps: disposition, cause and endpoint only (what the matrix needs). */
  verdict(source: TraceSource, target: TraceTarget): Trace {
    return this.trace(source, target, 'verdict');
  }

  /**
   * Traces only up to the VXLAN hops: branches that end on the first node(s) are `finals`, those
   * that leave through vxlan0 are `arrivals` (continue them with {@link traceArrival}). The matrix
   * uses this to compute each node's half of a path once per class instead of once per pair.
   */
  traceSegments(
    source: TraceSource,
    target: TraceTarget,
    detail: TraceDetail = 'steps',
  ): { finals: Trace[]; arrivals: Arrival[] } {
    const frontier: Arrival[] = [];
    this.frontier = frontier;
    try {
      const t = this.trace(source, target, detail);
      const finals = [t, ...(t.alternatives ?? [])].map((x) => {
        const { alternatives: _a, ...rest } = x;
        return rest;
      });
      return { finals: finals.filter((f) => f.hops.length > 0 || frontier.length === 0), arrivals: frontier };
    } finally {
      this.frontier = undefined;
    }
  }

  /** Continues a VXLAN arrival on its receiving node, to the end. */
  traceArrival(a: Arrival, detail: TraceDetail = 'steps'): Trace {
    const out: Trace[] = [];
    const walk: Walk = {
      verbose: detail === 'steps',
      hops: a.hops.map((h) => ({ node: h.node, steps: [...h.steps] })),
      transitions: a.transitions,
      ...(a.nat ? { nat: a.nat } : {}),
    };
    this.arrive(a, walk, out);
    return pickMain(out);
  }

  /** Like {@link trace}, from an explicit first packet. */
  traceFromPacket(source: TraceSource, packet: Packet, detail: TraceDetail = 'steps'): Trace {
    const branches: Trace[] = [];
    const startNode =
      source.kind === 'pod'
        ? source.pod.node
        : source.kind === 'node'
          ? source.node
          : (source.node ?? this.firstNode());
    if (!startNode) {
      return {
        disposition: 'insufficient-info',
        hops: [],
        cause: {
          message: CAUSE.noSourceNode(),
        },
      };
    }
    const walk: Walk = {
      verbose: detail === 'steps',
      hops: [{ node: startNode, steps: [] }],
      transitions: 0,
    };
    const view = this.node(startNode);
    if (source.kind === 'pod') {
      const ip = packet[F.NW_SRC]!;
      if (!view.bridge) {
        this.end(branches, walk, 'insufficient-info', this.missing(startNode, 'ovs.flows'));
        return pickMain(branches);
      }
      let port = view.portOfPod(ip);
      if (port === undefined) {
        port = UNKNOWN_POD_PORT;
        this.say(walk, 'note', undefined, STEP.unknownPort, ip);
      }
      packet[F.IN_PORT] = port;
      this.say(walk, 'ingress', undefined, STEP.fromPod, source.pod, ip, view.bridge.ports, port);
      this.atBridge(view, packet, walk, branches);
    } else if (source.kind === 'node') {
      this.localOut(view, packet, walk, branches);
    } else {
      this.say(walk, 'ingress', undefined, STEP.fromOutside, packet[F.NW_SRC]!);
      this.fromKernel(view, packet, walk, branches, 'eth0');
    }
    return pickMain(branches);
  }

  private firstNode(): string | undefined {
    return [...(this.model.nodes?.value.map((n) => n.name) ?? Object.keys(this.model.nodeFacts))].sort()[0];
  }

  /**
   * Records a prose step when the walk is verbose. The text is a catalogue function of its facts,
   * called only then: a verdict-only trace formats no address and builds no message.
   */
  private say<A extends unknown[]>(
    walk: Walk,
    kind: StepKind,
    rule: string | undefined,
    text: (...args: A) => Msg,
    ...args: A
  ): void {
    if (!walk.verbose) return;
    walk.hops[walk.hops.length - 1]!.steps.push({
      kind,
      ...(rule !== undefined ? { rule } : {}),
      ...prose(text(...args)),
    });
  }

  /** Records steps the engine produced (it produces none when the walk is not verbose). */
  private record(walk: Walk, steps: readonly Step[]): void {
    if (!walk.verbose || steps.length === 0) return;
    walk.hops[walk.hops.length - 1]!.steps.push(...steps);
  }

  private fork(walk: Walk): Walk {
    return {
      verbose: walk.verbose,
      hops: walk.hops.map((h) => ({ node: h.node, steps: [...h.steps] })),
      transitions: walk.transitions,
      ...(walk.nat ? { nat: walk.nat } : {}),
    };
  }

  private missing(node: string, facet: string): Cause {
    return {
      node,
      message: CAUSE.notCollected(node, facet),
    };
  }

  private end(
    out: Trace[],
    walk: Walk,
    disposition: Disposition,
    cause?: Cause,
    deliveredTo?: Endpoint,
  ): void {
    out.push({
      disposition,
      hops: walk.hops.map((h) => ({ node: h.node, steps: h.steps })),
      ...(deliveredTo ? { deliveredTo } : {}),
      ...(cause ? { cause } : {}),
    });
  }

  private atBridge(view: NodeView, packet: Packet, walk: Walk, out: Trace[]): void {
    if (++walk.transitions > MAX_TRANSITIONS) {
      return this.end(out, walk, 'loop', {
        node: view.name,
        message: CAUSE.loop(),
      });
    }
    if (!view.bridge) return this.end(out, walk, 'insufficient-info', this.missing(view.name, 'ovs.flows'));
    const result: BridgeResult = view.bridge.run(packet, walk.verbose);
    this.record(walk, result.steps);
    if (walk.verbose) this.namePolicy(view, packet, walk, result);
    if (result.outputs.length === 0) {
      const e = result.end!;
      // The hint reads the table's role in this node's rule version, never a fixed number.
      const layout =
        e.disposition === 'dropped' && e.table !== undefined ? this.layoutOf(view.name) : undefined;
      const role = layout && e.table !== undefined ? tableRole(layout, e.table) : undefined;
      const hint = role ? ROLE_HINTS[role] : undefined;
      return this.end(out, walk, e.disposition, {
        node: view.name,
        ...(e.table !== undefined ? { table: e.table } : {}),
        ...(e.rule !== undefined ? { rule: e.rule } : {}),
        message: hint ? CAUSE.hinted(view.name, e.message, hint) : e.message,
      });
    }
    result.outputs.forEach((o, i) => {
      const w = i === result.outputs.length - 1 ? walk : this.fork(walk);
      this.afterOutput(view, o.port, o.packet, w, out);
    });
  }

  /**
   * Table 80 decided (pipeline reference §5), or on rule version 13 table 27 (egress): a step names
   * the object behind the decision (the policy that admits the packet, or default deny in its
   * namespace). Only in recorded traces: the verdict stays a function of the flows, so the
   * matrix's classes are unaffected.
   */
  private namePolicy(view: NodeView, packet: Packet, walk: Walk, result: BridgeResult): void {
    const pipeline = pipelineOf(view.facts);
    const steps = result.steps;
    const note = (table: number, text: Msg | undefined) => {
      if (text) walk.hops[walk.hops.length - 1]!.steps.push({ kind: 'note', table, ...prose(text) });
    };
    const egress = pipeline?.egressPolicy;
    const at = steps.findIndex((s) => s.kind === 'table' && s.table === egress);
    if (egress !== undefined && at >= 0) {
      // it left table 27 when a later table ran (table 30: conntrack setup, then routing)
      const passed = steps.slice(at + 1).some((s) => s.kind === 'table');
      note(egress, this.policies.explainEgress(packet, passed, steps[at]!.rule ?? ''));
    }
    const table = pipeline?.ingressPolicy;
    const step = steps.find((s) => s.kind === 'table' && s.table === table);
    if (table === undefined || !step) return;
    note(table, this.policies.explain(packet, view.name, result.outputs.length > 0, step.rule ?? ''));
  }

  private afterOutput(view: NodeView, port: number, packet: Packet, walk: Walk, out: Trace[]): void {
    if (port === VXLAN_PORT) return this.vxlan(view, packet, walk, out);
    if (port === TUN0_PORT) {
      this.say(walk, 'route', undefined, STEP.brToTun0);
      return this.fromKernel(view, packet, walk, out, 'tun0');
    }
    if (port === OFPP_LOCAL) {
      return this.end(out, walk, 'dropped', {
        node: view.name,
        message: CAUSE.br0Local(),
      });
    }
    const ip = view.podIpAt(port);
    const pod = ip !== undefined ? this.podsByIp.get(ip) : undefined;
    if (pod && walk.nat && packet[F.NW_SRC] === walk.nat.client) {
      // Pipeline reference §7.3: without OPENSHIFT-MASQUERADE's SNAT to tun0's address the
      // endpoint answers the client pod directly (table 70 or VXLAN), bypassing the conntrack
      // of the node that DNATed it; the client sees a reply from the wrong address and resets.
      const nat = walk.nat;
      this.say(walk, 'note', undefined, STEP.unmasqueradedToPod, pod, nat.client, nat.node);
      return this.end(
        out,
        walk,
        'reset',
        {
          node: nat.node,
          table: 'nat/POSTROUTING',
          message: CAUSE.notMasqueraded(nat.node),
        },
        { kind: 'pod', namespace: pod.namespace, name: pod.name, ip: pod.podIP ?? '' },
      );
    }
    if (pod) {
      this.say(walk, 'deliver', undefined, STEP.toPod, pod, view.bridge!.ports.label(port));
      return this.end(out, walk, 'delivered', undefined, {
        kind: 'pod',
        namespace: pod.namespace,
        name: pod.name,
        ip: pod.podIP ?? '',
      });
    }
    this.say(walk, 'deliver', undefined, STEP.toUnknownPort, view.bridge!.ports, port);
    return this.end(out, walk, 'delivered', undefined, {
      kind: 'port',
      node: view.name,
      port,
      ip: ip === undefined ? '' : formatIp(ip),
    });
  }

  private vxlan(view: NodeView, packet: Packet, walk: Walk, out: Trace[]): void {
    const tunDst = packet[F.TUN_DST]!;
    const vni = packet[F.TUN_ID]! & 0xffffff;
    if (!tunDst) {
      return this.end(out, walk, 'dropped', {
        node: view.name,
        message: CAUSE.vxlanNoDestination(),
      });
    }
    this.say(walk, 'tunnel', undefined, STEP.vxlanOut, tunDst, vni, this.vxlanPort);
    if (view.routes) {
      const r = view.routes.lookup(tunDst);
      if (!r || r.type === 'unreachable' || r.type === 'blackhole' || r.type === 'prohibit') {
        // 39.6: the node-to-node underlay must route every other node's IP.
        return this.end(out, walk, 'no-route', {
          node: view.name,
          ...(r ? { rule: r.raw } : {}),
          message: CAUSE.noTunnelRoute(view.name, tunDst),
        });
      }
      this.say(walk, 'route', r.raw, STEP.underlayRoute, tunDst, r.via, r.dev);
    }
    const receiverName = this.nodeByIp.get(tunDst);
    if (!receiverName) {
      const stale = this.hostSubnetByIp.get(tunDst);
      return this.end(out, walk, 'dropped', {
        node: view.name,
        message: stale ? CAUSE.staleHostSubnet(tunDst, stale) : CAUSE.noTunnelNode(tunDst),
      });
    }
    const senderIp = view.realIp ?? 0;
    const q = clonePacket(packet);
    for (let r = 0; r < 8; r++) q[F.REG0 + r] = 0;
    q[F.PKT_MARK] = 0;
    q[F.CT_STATE] = 0;
    q[F.IN_PORT] = VXLAN_PORT;
    q[F.TUN_SRC] = senderIp;
    q[F.TUN_DST] = tunDst;
    q[F.TUN_ID] = vni;
    const arrival: Arrival = {
      sender: view.name,
      receiver: receiverName,
      packet: q,
      hops: walk.hops,
      transitions: walk.transitions,
      ...(walk.nat ? { nat: walk.nat } : {}),
    };
    if (this.frontier) {
      this.frontier.push(arrival);
      return;
    }
    this.arrive(arrival, walk, out);
  }

  /** The receiving half of a VXLAN hop: the node's INPUT chain for UDP 4789, then its br0. */
  private arrive(a: Arrival, walk: Walk, out: Trace[]): void {
    const receiver = this.node(a.receiver);
    const senderIp = a.packet[F.TUN_SRC]!;
    const tunDst = a.packet[F.TUN_DST]!;
    walk.hops.push({ node: a.receiver, steps: [] });
    this.say(walk, 'ingress', undefined, STEP.vxlanIn, a.sender, senderIp, a.packet[F.TUN_ID]!);
    if (receiver.iptables) {
      const probe = newPacket();
      probe[F.DL_TYPE] = ETH_IP;
      probe[F.NW_PROTO] = 17;
      probe[F.NW_SRC] = senderIp;
      probe[F.NW_DST] = tunDst;
      probe[F.TP_DST] = this.vxlanPort;
      const inDev = receiver.routes?.lookup(senderIp)?.dev;
      const [b] = this.hook(walk, receiver, 'filter', 'INPUT', probe, inDev, undefined);
      if (b) {
        this.record(walk, b.steps);
        if (b.verdict !== 'ACCEPT') {
          return this.end(out, walk, 'denied', {
            node: a.receiver,
            table: 'filter/INPUT',
            ...(b.rule ? { rule: b.rule } : {}),
            message: CAUSE.vxlanRejected(a.sender, a.receiver),
          });
        }
      }
    }
    this.atBridge(receiver, clonePacket(a.packet), walk, out);
  }

  /**
   * One netfilter hook of a node on `packet`: every branch (kube-proxy's statistic rules fork).
   * Without an iptables facet runChain answers the kernel's default: ACCEPT, packet unchanged.
   */
  private hook(
    walk: Walk,
    view: NodeView,
    table: string,
    chain: string,
    packet: Packet,
    inDev: string | undefined,
    outDev: string | undefined,
  ): IptablesBranch[] {
    const tables = view.iptables ?? NO_IPTABLES;
    return runChain(
      tables,
      table,
      chain,
      packet,
      view.iptablesContext(inDev, outDev),
      walk.verbose ? FULL_WALK : LEAN_WALK,
    );
  }

  /** A packet entering the node's IP stack (from tun0, or from the underlay). */
  private fromKernel(view: NodeView, packet: Packet, walk: Walk, out: Trace[], inDev: string): void {
    if (!view.iptables) {
      if (this.isServiceIp(packet[F.NW_DST]!)) {
        // 39.11: without the nat table no one can say where kube-proxy sends a service address.
        return this.end(out, walk, 'insufficient-info', this.missing(view.name, 'iptables'));
      }
      this.say(walk, 'note', undefined, STEP.noIptables);
    }
    const pre = this.hook(walk, view, 'nat', 'PREROUTING', packet, inDev, undefined);
    pre.forEach((b, i) => {
      const w = i === pre.length - 1 ? walk : this.fork(walk);
      this.record(w, b.steps);
      if (b.verdict !== 'ACCEPT') return this.denied(out, w, view, 'nat/PREROUTING', b.rule);
      if (this.isServiceIp(b.packet[F.NW_DST]!) && view.iptables) {
        // 39.11: kube-proxy's KUBE-SERVICES has no rule for this address: the packet would only
        // go round tun0 → br0 → tun0 until dropped.
        const dst = `${formatIp(b.packet[F.NW_DST]!)}:${b.packet[F.TP_DST]}`;
        return this.end(out, w, 'dropped', {
          node: view.name,
          table: 'nat/PREROUTING',
          message: CAUSE.noServiceRule(view.name, dst),
        });
      }
      const client = packet[F.NW_SRC]!;
      if (
        this.isServiceIp(packet[F.NW_DST]!) &&
        b.packet[F.NW_DST] !== packet[F.NW_DST] &&
        this.clusterCidrs.some((c) => inCidr(client, c))
      ) {
        // This node's conntrack now holds the service translation: the reply must come back here.
        w.nat = { node: view.name, client, service: `${formatIp(packet[F.NW_DST]!)}:${packet[F.TP_DST]}` };
      }
      this.routeAndForward(view, b.packet, w, out, inDev);
    });
  }

  private denied(out: Trace[], walk: Walk, view: NodeView, table: string, rule?: string): void {
    this.end(out, walk, 'denied', {
      node: view.name,
      table,
      ...(rule ? { rule } : {}),
      message: CAUSE.denied(view.name, table, rule),
    });
  }

  private routeAndForward(view: NodeView, packet: Packet, walk: Walk, out: Trace[], inDev: string): void {
    const dst = packet[F.NW_DST]!;
    if (view.isLocal(dst)) {
      const input = this.hook(walk, view, 'filter', 'INPUT', packet, inDev, undefined);
      const b = input[0]!;
      this.record(walk, b.steps);
      if (b.verdict !== 'ACCEPT') return this.denied(out, walk, view, 'filter/INPUT', b.rule);
      this.say(walk, 'deliver', undefined, STEP.toNodeItselfAt, view.name, dst);
      return this.end(out, walk, 'delivered', undefined, {
        kind: 'node',
        name: view.name,
        ip: formatIp(dst),
      });
    }
    // 39.7.3.1: a node that does not forward drops everything passing between tun0 and the wire.
    if (view.ipForward === '0') {
      this.say(walk, 'sysctl', 'net.ipv4.ip_forward = 0', STEP.forwardingOff);
      return this.end(out, walk, 'dropped', {
        node: view.name,
        rule: 'net.ipv4.ip_forward = 0',
        message: CAUSE.noForwarding(view.name),
      });
    }
    if (view.ipForward === undefined) this.say(walk, 'note', undefined, STEP.ipForwardAssumed);
    const route = this.routeFor(view, packet, walk, out);
    if (!route) return;
    const fwd = this.hook(walk, view, 'filter', 'FORWARD', packet, inDev, route.dev);
    const f = fwd[0]!;
    this.record(walk, f.steps);
    if (f.verdict !== 'ACCEPT') return this.denied(out, walk, view, 'filter/FORWARD', f.rule);
    this.postrouting(view, f.packet, walk, out, route.dev);
  }

  private routeFor(
    view: NodeView,
    packet: Packet,
    walk: Walk,
    out: Trace[],
  ): { dev: string | undefined; via?: string } | undefined {
    const dst = packet[F.NW_DST]!;
    if (!view.routes) {
      this.end(out, walk, 'insufficient-info', this.missing(view.name, 'routes'));
      return undefined;
    }
    const r = view.routes.lookup(dst);
    if (!r || r.type === 'unreachable' || r.type === 'blackhole' || r.type === 'prohibit') {
      // 39.7.3.2: the cluster network must be routed via tun0.
      this.end(out, walk, 'no-route', {
        node: view.name,
        ...(r ? { rule: r.raw } : {}),
        message: CAUSE.noRoute(view.name, dst),
      });
      return undefined;
    }
    this.say(walk, 'route', r.raw, STEP.route, dst, r.via, r.dev);
    return { dev: r.dev, ...(r.via ? { via: r.via } : {}) };
  }

  private postrouting(
    view: NodeView,
    packet: Packet,
    walk: Walk,
    out: Trace[],
    outDev: string | undefined,
  ): void {
    const post = this.hook(walk, view, 'nat', 'POSTROUTING', packet, undefined, outDev);
    post.forEach((b, i) => {
      const w = i === post.length - 1 ? walk : this.fork(walk);
      this.record(w, b.steps);
      if (b.verdict !== 'ACCEPT') return this.denied(out, w, view, 'nat/POSTROUTING', b.rule);
      this.leave(view, b.packet, w, out, outDev);
    });
  }

  private leave(view: NodeView, packet: Packet, walk: Walk, out: Trace[], outDev: string | undefined): void {
    const dst = packet[F.NW_DST]!;
    if (outDev === 'tun0') {
      const q = clonePacket(packet);
      for (let r = 0; r < 8; r++) q[F.REG0 + r] = 0;
      q[F.CT_STATE] = 0;
      q[F.TUN_SRC] = 0;
      q[F.TUN_DST] = 0;
      q[F.TUN_ID] = 0;
      q[F.IN_PORT] = TUN0_PORT;
      this.say(walk, 'ingress', undefined, STEP.tun0ToBr, q[F.NW_SRC]!);
      return this.atBridge(view, q, walk, out);
    }
    const node = this.nodeByIp.get(dst);
    if (node) {
      walk.hops.push({ node, steps: [] });
      this.say(walk, 'deliver', undefined, STEP.toNodeUnderlay, node, dst);
      return this.end(out, walk, 'delivered', undefined, { kind: 'node', name: node, ip: formatIp(dst) });
    }
    if (this.clusterCidrs.some((c) => inCidr(dst, c))) {
      return this.end(out, walk, 'no-route', {
        node: view.name,
        message: CAUSE.podAddressOffTun0(dst, outDev),
      });
    }
    this.say(walk, 'deliver', undefined, STEP.leavesCluster, outDev, dst);
    return this.end(out, walk, 'exits-network', undefined, { kind: 'external', ip: formatIp(dst) });
  }

  /** A packet the node itself sends (node → pod / service). */
  private localOut(view: NodeView, packet: Packet, walk: Walk, out: Trace[]): void {
    if (!view.routes) return this.end(out, walk, 'insufficient-info', this.missing(view.name, 'routes'));
    const first = view.routes.lookup(packet[F.NW_DST]!);
    const srcText = first?.src;
    packet[F.NW_SRC] =
      (srcText ? parseIp(srcText) : undefined) ??
      (first?.dev ? view.addressOf(first.dev) : undefined) ??
      view.realIp ??
      0;
    this.say(walk, 'ingress', undefined, STEP.fromNode, view.name, packet[F.NW_SRC]!);
    if (!view.iptables && this.isServiceIp(packet[F.NW_DST]!)) {
      return this.end(out, walk, 'insufficient-info', this.missing(view.name, 'iptables'));
    }
    const nat = this.hook(walk, view, 'nat', 'OUTPUT', packet, undefined, first?.dev);
    nat.forEach((b, i) => {
      const w = i === nat.length - 1 ? walk : this.fork(walk);
      this.record(w, b.steps);
      if (b.verdict !== 'ACCEPT') return this.denied(out, w, view, 'nat/OUTPUT', b.rule);
      if (view.isLocal(b.packet[F.NW_DST]!)) {
        this.say(w, 'deliver', undefined, STEP.toNodeItself, view.name);
        return this.end(out, w, 'delivered', undefined, {
          kind: 'node',
          name: view.name,
          ip: formatIp(b.packet[F.NW_DST]!),
        });
      }
      const route = this.routeFor(view, b.packet, w, out);
      if (!route) return;
      const filt = this.hook(walk, view, 'filter', 'OUTPUT', b.packet, undefined, route.dev);
      const f = filt[0]!;
      this.record(w, f.steps);
      if (f.verdict !== 'ACCEPT') return this.denied(out, w, view, 'filter/OUTPUT', f.rule);
      this.postrouting(view, f.packet, w, out, route.dev);
    });
  }
}

/** The first failing branch if any, else the first; the others become alternatives. */
function pickMain(branches: readonly Trace[]): Trace {
  if (branches.length === 0) {
    return {
      disposition: 'insufficient-info',
      hops: [],
      cause: { message: CAUSE.nothingToTrace() },
    };
  }
  const failing = branches.findIndex((b) => !SUCCESS_DISPOSITIONS.has(b.disposition));
  const mainIndex = failing >= 0 ? failing : 0;
  const main = branches[mainIndex]!;
  const rest = branches.filter((_, i) => i !== mainIndex);
  return rest.length ? { ...main, alternatives: rest } : main;
}

/** Plain hops (for JSON): the contract shape `{ node, steps: [{ kind, table?, rule?, action }] }`. */
export function hopsForJson(hops: readonly Hop[]): Hop[] {
  return hops.map((h) => ({ node: h.node, steps: h.steps.map((s) => ({ ...s })) }));
}
