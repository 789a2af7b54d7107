/**
 * The cluster around the bridges: a packet leaves br0 through tun0 into the node's kernel
 * (iptables nat/filter, route lookup, OPENSHIFT-MASQUERADE), or through vxlan0 to the node whose
 * IP is the tunnel destination (its br0 sees in_port=1, tun_src, tun_id = the sender's reg0), or
 * into a pod's veth. Every branch is followed to a disposition (docs/dataplane.md).
 */
import type { ClusterModel, NodeFacts, Pod } from '../../model/types.js';
import { msg, type Msg } from '../../i18n/message.js';
import type { BridgeResult } from '../engine/bridge.js';
import {
  runChain,
  type IndexedTable,
  type IptablesBranch,
  type IptablesContext,
  type WalkOptions,
} from '../engine/iptables.js';
import { formatIp, inCidr, parseCidr, parseIp, type Cidr } from '../../net/ipv4.js';
import { NodeView } from './node-view.js';
import { ETH_IP, F, type Packet, clonePacket, newPacket, podMacHalves } from '../engine/packet.js';
import { OFPP_LOCAL, TUN0_PORT, VXLAN_PORT } from '../engine/ports.js';
import type { Cause, Disposition, Endpoint, Hop, Step, Trace } from '../engine/types.js';
import { prose, SUCCESS_DISPOSITIONS } from '../engine/types.js';

const NO_IPTABLES: ReadonlyMap<string, IndexedTable> = new Map();

/** What a drop in an openshift-sdn table usually means (pipeline reference §2, guide 39.7.4). */
const TABLE_HINTS: Readonly<Record<number, Msg>> = {
  10: msg(
    'no tun_src flow for the sending node (39.7.4)',
    '送信元ノードの tun_src フローがありません（39.7.4）',
  ),
  20: msg('no flow for the source pod (39.7.4)', '送信元 Pod のフローがありません（39.7.4）'),
  40: msg('no ARP flow for the destination pod (39.7.4)', '宛先 Pod の ARP フローがありません（39.7.4）'),
  50: msg(
    "no ARP flow for the destination node's HostSubnet (39.7.4)",
    '宛先ノードの HostSubnet への ARP フローがありません（39.7.4）',
  ),
  70: msg('no flow for the destination pod (39.7.4)', '宛先 Pod のフローがありません（39.7.4）'),
  80: msg(
    'isolated by the plugin (project VNIDs or NetworkPolicy)',
    'プラグインによる分離（プロジェクトの VNID または NetworkPolicy）',
  ),
  90: msg(
    "no flow for the destination node's HostSubnet (39.7.4)",
    '宛先ノードの HostSubnet へのフローがありません（39.7.4）',
  ),
};

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
  hops: MutableHop[];
  transitions: number;
  nat?: ServiceNat;
}

export interface ClusterDataplaneOptions {
  /** Loads one node's facts on demand (the bench streams nodes instead of holding them all). */
  readonly loadNode?: (name: string) => NodeFacts | undefined;
  /** Keep at most this many compiled nodes (least recently used are dropped). */
  readonly cacheSize?: number;
}

export class ClusterDataplane {
  readonly model: ClusterModel;
  private readonly views = new Map<string, NodeView>();
  private readonly loadNode: (name: string) => NodeFacts | undefined;
  private readonly cacheSize: number;
  private readonly nodeByIp = new Map<number, string>();
  private readonly hostSubnetByIp = new Map<number, string>();
  readonly clusterCidrs: readonly Cidr[];
  readonly serviceCidr: Cidr | undefined;
  readonly vxlanPort: number;
  private readonly podsByIp = new Map<number, Pod>();
  /** When true, traces keep no steps (dispositions, causes and endpoints only): for the matrix. */
  lean = false;
  /** Set while {@link traceSegments} runs: VXLAN hops stop here instead of continuing. */
  private frontier: Arrival[] | undefined;

  constructor(model: ClusterModel, options: ClusterDataplaneOptions = {}) {
    this.model = model;
    this.loadNode = options.loadNode ?? ((name) => model.nodeFacts[name]);
    this.cacheSize = options.cacheSize ?? Infinity;
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
    if (v) {
      this.views.delete(name);
      this.views.set(name, v);
      return v;
    }
    v = new NodeView(name, this.loadNode(name), this.model);
    this.views.set(name, v);
    if (this.views.size > this.cacheSize) this.views.delete(this.views.keys().next().value!);
    return v;
  }

  /** Drops compiled nodes (the matrix frees memory between passes). */
  forget(name?: string): void {
    if (name === undefined) this.views.clear();
    else this.views.delete(name);
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

  /** Follows a packet from a source to a target through every node it crosses. */
  trace(source: TraceSource, target: TraceTarget): Trace {
    const packet = this.initialPacket(source, target);
    return this.traceFromPacket(source, packet);
  }

  /**
   * Traces only up to the VXLAN hops: branches that end on the first node(s) are `finals`, those
   * that leave through vxlan0 are `arrivals` (continue them with {@link traceArrival}). The matrix
   * uses this to compute each node's half of a path once per class instead of once per pair.
   */
  traceSegments(source: TraceSource, target: TraceTarget): { finals: Trace[]; arrivals: Arrival[] } {
    const frontier: Arrival[] = [];
    this.frontier = frontier;
    try {
      const t = this.trace(source, target);
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
  traceArrival(a: Arrival): Trace {
    const out: Trace[] = [];
    const walk: Walk = {
      hops: a.hops.map((h) => ({ node: h.node, steps: [...h.steps] })),
      transitions: a.transitions,
      ...(a.nat ? { nat: a.nat } : {}),
    };
    this.arrive(a, walk, out);
    return pickMain(out);
  }

  /** Like {@link trace}, from an explicit first packet. */
  traceFromPacket(source: TraceSource, packet: Packet): Trace {
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
          message: msg(
            'the source has no node (not scheduled, or no nodes collected)',
            '送信元のノードが分かりません（未スケジュール、またはノード情報なし）',
          ),
        },
      };
    }
    const walk: Walk = { hops: [{ node: startNode, steps: [] }], transitions: 0 };
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
        if (!this.lean)
          this.step(walk, {
            kind: 'note',
            ...prose(
              msg(
                `no flow names the br0 port of ${formatIp(ip)}; entering on an unknown port`,
                `${formatIp(ip)} の br0 ポートを示すフローがありません。不明なポートから入ります`,
              ),
            ),
          });
      }
      packet[F.IN_PORT] = port;
      if (!this.lean)
        this.step(walk, {
          kind: 'ingress',
          ...prose(
            msg(
              `from pod ${source.pod.namespace}/${source.pod.name} (${formatIp(ip)}) into br0 port ${view.bridge.ports.label(port)}`,
              `Pod ${source.pod.namespace}/${source.pod.name}（${formatIp(ip)}）から br0 ポート ${view.bridge.ports.label(port)} へ`,
            ),
          ),
        });
      this.atBridge(view, packet, walk, branches);
    } else if (source.kind === 'node') {
      this.localOut(view, packet, walk, branches);
    } else {
      if (!this.lean)
        this.step(walk, {
          kind: 'ingress',
          ...prose(
            msg(
              `from outside (${formatIp(packet[F.NW_SRC]!)}) on the node's underlay interface`,
              `クラスター外（${formatIp(packet[F.NW_SRC]!)}）からノードのアンダーレイインターフェースへ`,
            ),
          ),
        });
      this.fromKernel(view, packet, walk, branches, 'eth0');
    }
    return pickMain(branches);
  }

  private firstNode(): string | undefined {
    return [...(this.model.nodes?.value.map((n) => n.name) ?? Object.keys(this.model.nodeFacts))].sort()[0];
  }

  private step(walk: Walk, s: Step): void {
    if (this.lean) return;
    walk.hops[walk.hops.length - 1]!.steps.push(s);
  }

  private fork(walk: Walk): Walk {
    return {
      hops: walk.hops.map((h) => ({ node: h.node, steps: [...h.steps] })),
      transitions: walk.transitions,
      ...(walk.nat ? { nat: walk.nat } : {}),
    };
  }

  private missing(node: string, facet: string): Cause {
    return {
      node,
      message: msg(
        `${facet} of node ${node} was not collected`,
        `ノード ${node} の ${facet} が収集されていません`,
      ),
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
        message: msg(
          'the packet keeps circling between nodes/bridges',
          'パケットがノード/ブリッジ間を循環しています',
        ),
      });
    }
    if (!view.bridge) return this.end(out, walk, 'insufficient-info', this.missing(view.name, 'ovs.flows'));
    const result: BridgeResult = view.bridge.run(packet, !this.lean);
    for (const s of result.steps) if (!this.lean) this.step(walk, s);
    if (result.outputs.length === 0) {
      const e = result.end!;
      const hint = e.disposition === 'dropped' && e.table !== undefined ? TABLE_HINTS[e.table] : undefined;
      return this.end(out, walk, e.disposition, {
        node: view.name,
        ...(e.table !== undefined ? { table: e.table } : {}),
        ...(e.rule !== undefined ? { rule: e.rule } : {}),
        message: hint
          ? msg(`${e.message.en} on ${view.name}: ${hint.en}`, `${view.name} の${e.message.ja}: ${hint.ja}`)
          : e.message,
      });
    }
    result.outputs.forEach((o, i) => {
      const w = i === result.outputs.length - 1 ? walk : this.fork(walk);
      this.afterOutput(view, o.port, o.packet, w, out);
    });
  }

  private afterOutput(view: NodeView, port: number, packet: Packet, walk: Walk, out: Trace[]): void {
    if (port === VXLAN_PORT) return this.vxlan(view, packet, walk, out);
    if (port === TUN0_PORT) {
      if (!this.lean)
        this.step(walk, {
          kind: 'route',
          ...prose(msg('out of br0 through tun0 into the node', 'br0 から tun0 を通ってノードへ')),
        });
      return this.fromKernel(view, packet, walk, out, 'tun0');
    }
    if (port === OFPP_LOCAL) {
      return this.end(out, walk, 'dropped', {
        node: view.name,
        message: msg(
          'output to br0 LOCAL, which openshift-sdn keeps down',
          'openshift-sdn では停止している br0 LOCAL への出力',
        ),
      });
    }
    const ip = view.podIpAt(port);
    const pod = ip !== undefined ? this.podsByIp.get(ip) : undefined;
    const label = view.bridge!.ports.label(port);
    if (pod && walk.nat && packet[F.NW_SRC] === walk.nat.client) {
      // Pipeline reference §7.3: without OPENSHIFT-MASQUERADE's SNAT to tun0's address the
      // endpoint answers the client pod directly (table 70 or VXLAN), bypassing the conntrack
      // of the node that DNATed it; the client sees a reply from the wrong address and resets.
      const nat = walk.nat;
      if (!this.lean)
        this.step(walk, {
          kind: 'note',
          ...prose(
            msg(
              `to pod ${pod.namespace}/${pod.name}, still from the client's own address ${formatIp(nat.client)}: its reply will not pass ${nat.node}'s tun0`,
              `Pod ${pod.namespace}/${pod.name} へ。送信元はクライアント自身のアドレス ${formatIp(nat.client)} のままなので、応答は ${nat.node} の tun0 を通りません`,
            ),
          ),
        });
      return this.end(
        out,
        walk,
        'reset',
        {
          node: nat.node,
          table: 'nat/POSTROUTING',
          message: msg(
            `pod → service traffic is not masqueraded on ${nat.node} (OPENSHIFT-MASQUERADE, 39.7.4.1): the endpoint's reply bypasses ${nat.node}'s conntrack and the client resets the connection`,
            `${nat.node} で Pod → サービスの通信がマスカレードされません（OPENSHIFT-MASQUERADE、39.7.4.1）: エンドポイントの応答が ${nat.node} の conntrack を通らず、クライアントが接続をリセットします`,
          ),
        },
        { kind: 'pod', namespace: pod.namespace, name: pod.name, ip: pod.podIP ?? '' },
      );
    }
    if (pod) {
      if (!this.lean)
        this.step(walk, {
          kind: 'deliver',
          ...prose(
            msg(
              `to pod ${pod.namespace}/${pod.name} on port ${label}`,
              `ポート ${label} の Pod ${pod.namespace}/${pod.name} へ`,
            ),
          ),
        });
      return this.end(out, walk, 'delivered', undefined, {
        kind: 'pod',
        namespace: pod.namespace,
        name: pod.name,
        ip: pod.podIP ?? '',
      });
    }
    if (!this.lean)
      this.step(walk, {
        kind: 'deliver',
        ...prose(msg(`to br0 port ${label} (no known pod)`, `br0 ポート ${label} へ（既知の Pod なし）`)),
      });
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
        message: msg('output to vxlan0 without a tunnel destination', 'トンネル宛先なしで vxlan0 へ出力'),
      });
    }
    if (!this.lean)
      this.step(walk, {
        kind: 'tunnel',
        ...prose(
          msg(
            `VXLAN to ${formatIp(tunDst)} VNI ${vni} (UDP ${this.vxlanPort})`,
            `VXLAN で ${formatIp(tunDst)} へ VNI ${vni}（UDP ${this.vxlanPort}）`,
          ),
        ),
      });
    if (view.routes) {
      const r = view.routes.lookup(tunDst);
      if (!r || r.type === 'unreachable' || r.type === 'blackhole' || r.type === 'prohibit') {
        // 39.6: the node-to-node underlay must route every other node's IP.
        return this.end(out, walk, 'no-route', {
          node: view.name,
          ...(r ? { rule: r.raw } : {}),
          message: msg(
            `node ${view.name} has no route to the tunnel endpoint ${formatIp(tunDst)}`,
            `ノード ${view.name} にトンネル宛先 ${formatIp(tunDst)} への経路がありません`,
          ),
        });
      }
      if (!this.lean)
        this.step(walk, {
          kind: 'route',
          rule: r.raw,
          ...prose(
            msg(
              `underlay route to ${formatIp(tunDst)} via ${r.via ?? 'direct'} dev ${r.dev ?? '?'}`,
              `${formatIp(tunDst)} へのアンダーレイ経路: via ${r.via ?? '直接'} dev ${r.dev ?? '?'}`,
            ),
          ),
        });
    }
    const receiverName = this.nodeByIp.get(tunDst);
    if (!receiverName) {
      const stale = this.hostSubnetByIp.get(tunDst);
      return this.end(out, walk, 'dropped', {
        node: view.name,
        message: stale
          ? msg(
              `no node has IP ${formatIp(tunDst)}, yet HostSubnet ${stale} says its hostIP is that (stale HostSubnet, 39.6)`,
              `IP ${formatIp(tunDst)} を持つノードがありませんが、HostSubnet ${stale} の hostIP はその値です（古い HostSubnet、39.6）`,
            )
          : msg(
              `no node has the tunnel destination ${formatIp(tunDst)}`,
              `トンネル宛先 ${formatIp(tunDst)} を持つノードがありません`,
            ),
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
    if (!this.lean)
      this.step(walk, {
        kind: 'ingress',
        ...prose(
          msg(
            `VXLAN from ${a.sender} (${formatIp(senderIp)}), VNI ${a.packet[F.TUN_ID]} → br0 in_port=1`,
            `${a.sender}（${formatIp(senderIp)}）からの VXLAN、VNI ${a.packet[F.TUN_ID]} → br0 in_port=1`,
          ),
        ),
      });
    if (receiver.iptables) {
      const probe = newPacket();
      probe[F.DL_TYPE] = ETH_IP;
      probe[F.NW_PROTO] = 17;
      probe[F.NW_SRC] = senderIp;
      probe[F.NW_DST] = tunDst;
      probe[F.TP_DST] = this.vxlanPort;
      const inDev = receiver.routes?.lookup(senderIp)?.dev;
      const [b] = this.hook(receiver, 'filter', 'INPUT', probe, inDev, undefined);
      if (b) {
        for (const s of b.steps) if (!this.lean) this.step(walk, s);
        if (b.verdict !== 'ACCEPT') {
          return this.end(out, walk, 'denied', {
            node: a.receiver,
            table: 'filter/INPUT',
            ...(b.rule ? { rule: b.rule } : {}),
            message: msg(
              `the VXLAN packet from ${a.sender} is rejected by iptables on ${a.receiver} (39.7.4.1)`,
              `${a.sender} からの VXLAN パケットが ${a.receiver} の iptables で拒否されます（39.7.4.1）`,
            ),
          });
        }
      }
    }
    this.atBridge(receiver, clonePacket(a.packet), walk, out);
  }

  /** Options of every iptables walk: no step texts while lean. */
  private get walkOptions(): WalkOptions {
    return this.lean ? LEAN_WALK : FULL_WALK;
  }

  private readonly contexts = new WeakMap<NodeView, Map<string, IptablesContext>>();

  /** The iptables context of a node and devices (cached: the matrix asks millions of times). */
  /**
   * One netfilter hook of a node on `packet`: every branch (kube-proxy's statistic rules fork).
   * Without an iptables facet runChain answers the kernel's default: ACCEPT, packet unchanged.
   */
  private hook(
    view: NodeView,
    table: string,
    chain: string,
    packet: Packet,
    inDev: string | undefined,
    outDev: string | undefined,
  ): IptablesBranch[] {
    const tables = view.iptables ?? NO_IPTABLES;
    return runChain(tables, table, chain, packet, this.ctx(view, inDev, outDev), this.walkOptions);
  }

  private ctx(view: NodeView, inDev: string | undefined, outDev: string | undefined): IptablesContext {
    let byDev = this.contexts.get(view);
    if (!byDev) this.contexts.set(view, (byDev = new Map()));
    const key = `${inDev ?? ''}|${outDev ?? ''}`;
    let c = byDev.get(key);
    if (!c) {
      c = {
        ...(inDev ? { inDev } : {}),
        ...(outDev ? { outDev } : {}),
        isLocal: (ip: number) => view.isLocal(ip),
        addressOf: (d: string) => view.addressOf(d),
      };
      byDev.set(key, c);
    }
    return c;
  }

  /** A packet entering the node's IP stack (from tun0, or from the underlay). */
  private fromKernel(view: NodeView, packet: Packet, walk: Walk, out: Trace[], inDev: string): void {
    if (!view.iptables) {
      if (this.isServiceIp(packet[F.NW_DST]!)) {
        // 39.11: without the nat table no one can say where kube-proxy sends a service address.
        return this.end(out, walk, 'insufficient-info', this.missing(view.name, 'iptables'));
      }
      if (!this.lean)
        this.step(walk, {
          kind: 'note',
          ...prose(
            msg(
              'iptables not collected: nat and filter assumed empty',
              'iptables が収集されていません: nat と filter は空とみなします',
            ),
          ),
        });
    }
    const pre = this.hook(view, 'nat', 'PREROUTING', packet, inDev, undefined);
    pre.forEach((b, i) => {
      const w = i === pre.length - 1 ? walk : this.fork(walk);
      for (const s of b.steps) if (!this.lean) this.step(w, s);
      if (b.verdict !== 'ACCEPT') return this.denied(out, w, view, 'nat/PREROUTING', b.rule);
      if (this.isServiceIp(b.packet[F.NW_DST]!) && view.iptables) {
        // 39.11: kube-proxy's KUBE-SERVICES has no rule for this address: the packet would only
        // go round tun0 → br0 → tun0 until dropped.
        const dst = `${formatIp(b.packet[F.NW_DST]!)}:${b.packet[F.TP_DST]}`;
        return this.end(out, w, 'dropped', {
          node: view.name,
          table: 'nat/PREROUTING',
          message: msg(
            `no kube-proxy NAT rule for service ${dst} on ${view.name} (39.11)`,
            `${view.name} にサービス ${dst} の kube-proxy NAT ルールがありません（39.11）`,
          ),
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
      message: msg(
        `denied by iptables ${table} on ${view.name}${rule ? `: ${rule}` : ''} (39.7.4.1)`,
        `${view.name} の iptables ${table} で拒否${rule ? `: ${rule}` : ''}（39.7.4.1）`,
      ),
    });
  }

  private routeAndForward(view: NodeView, packet: Packet, walk: Walk, out: Trace[], inDev: string): void {
    const dst = packet[F.NW_DST]!;
    if (view.isLocal(dst)) {
      const input = this.hook(view, 'filter', 'INPUT', packet, inDev, undefined);
      const b = input[0]!;
      for (const s of b.steps) if (!this.lean) this.step(walk, s);
      if (b.verdict !== 'ACCEPT') return this.denied(out, walk, view, 'filter/INPUT', b.rule);
      if (!this.lean)
        this.step(walk, {
          kind: 'deliver',
          ...prose(
            msg(
              `to node ${view.name} itself (${formatIp(dst)})`,
              `ノード ${view.name} 自身へ（${formatIp(dst)}）`,
            ),
          ),
        });
      return this.end(out, walk, 'delivered', undefined, {
        kind: 'node',
        name: view.name,
        ip: formatIp(dst),
      });
    }
    // 39.7.3.1: a node that does not forward drops everything passing between tun0 and the wire.
    if (view.ipForward === '0') {
      if (!this.lean)
        this.step(walk, {
          kind: 'sysctl',
          rule: 'net.ipv4.ip_forward = 0',
          ...prose(msg('drop: forwarding disabled', '破棄: 転送が無効')),
        });
      return this.end(out, walk, 'dropped', {
        node: view.name,
        rule: 'net.ipv4.ip_forward = 0',
        message: msg(
          `node ${view.name} does not forward packets (net.ipv4.ip_forward = 0, 39.7.3.1)`,
          `ノード ${view.name} はパケットを転送しません（net.ipv4.ip_forward = 0、39.7.3.1）`,
        ),
      });
    }
    if (view.ipForward === undefined)
      if (!this.lean)
        this.step(walk, {
          kind: 'note',
          ...prose(
            msg(
              'net.ipv4.ip_forward not collected: assumed 1',
              'net.ipv4.ip_forward が収集されていません: 1 とみなします',
            ),
          ),
        });
    const route = this.routeFor(view, packet, walk, out);
    if (!route) return;
    const fwd = this.hook(view, 'filter', 'FORWARD', packet, inDev, route.dev);
    const f = fwd[0]!;
    for (const s of f.steps) if (!this.lean) this.step(walk, s);
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
        message: msg(
          `node ${view.name} has no route to ${formatIp(dst)} (39.7.3.2)`,
          `ノード ${view.name} に ${formatIp(dst)} への経路がありません（39.7.3.2）`,
        ),
      });
      return undefined;
    }
    if (!this.lean)
      this.step(walk, {
        kind: 'route',
        rule: r.raw,
        ...prose(
          msg(
            `route to ${formatIp(dst)}: ${r.via ? `via ${r.via} ` : ''}dev ${r.dev ?? '?'}`,
            `${formatIp(dst)} への経路: ${r.via ? `via ${r.via} ` : ''}dev ${r.dev ?? '?'}`,
          ),
        ),
      });
    return { dev: r.dev, ...(r.via ? { via: r.via } : {}) };
  }

  private postrouting(
    view: NodeView,
    packet: Packet,
    walk: Walk,
    out: Trace[],
    outDev: string | undefined,
  ): void {
    const post = this.hook(view, 'nat', 'POSTROUTING', packet, undefined, outDev);
    post.forEach((b, i) => {
      const w = i === post.length - 1 ? walk : this.fork(walk);
      for (const s of b.steps) if (!this.lean) this.step(w, s);
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
      if (!this.lean)
        this.step(walk, {
          kind: 'ingress',
          ...prose(
            msg(
              `from the node through tun0 → br0 in_port=2 (src ${formatIp(q[F.NW_SRC]!)})`,
              `ノードから tun0 を通って → br0 in_port=2（送信元 ${formatIp(q[F.NW_SRC]!)}）`,
            ),
          ),
        });
      return this.atBridge(view, q, walk, out);
    }
    const node = this.nodeByIp.get(dst);
    if (node) {
      walk.hops.push({
        node,
        steps: [
          {
            kind: 'deliver',
            ...prose(
              msg(
                `to node ${node} (${formatIp(dst)}) over the underlay`,
                `アンダーレイ経由でノード ${node}（${formatIp(dst)}）へ`,
              ),
            ),
          },
        ],
      });
      return this.end(out, walk, 'delivered', undefined, { kind: 'node', name: node, ip: formatIp(dst) });
    }
    if (this.clusterCidrs.some((c) => inCidr(dst, c))) {
      return this.end(out, walk, 'no-route', {
        node: view.name,
        message: msg(
          `pod address ${formatIp(dst)} is routed out of ${outDev ?? '?'} instead of tun0 (39.7.3.2)`,
          `Pod のアドレス ${formatIp(dst)} が tun0 ではなく ${outDev ?? '?'} へ経路付けされています（39.7.3.2）`,
        ),
      });
    }
    if (!this.lean)
      this.step(walk, {
        kind: 'deliver',
        ...prose(
          msg(
            `leaves the cluster via ${outDev ?? '?'} toward ${formatIp(dst)}`,
            `${outDev ?? '?'} からクラスター外の ${formatIp(dst)} へ出ます`,
          ),
        ),
      });
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
    if (!this.lean)
      this.step(walk, {
        kind: 'ingress',
        ...prose(
          msg(
            `from node ${view.name} (${formatIp(packet[F.NW_SRC]!)})`,
            `ノード ${view.name}（${formatIp(packet[F.NW_SRC]!)}）から`,
          ),
        ),
      });
    if (!view.iptables && this.isServiceIp(packet[F.NW_DST]!)) {
      return this.end(out, walk, 'insufficient-info', this.missing(view.name, 'iptables'));
    }
    const nat = this.hook(view, 'nat', 'OUTPUT', packet, undefined, first?.dev);
    nat.forEach((b, i) => {
      const w = i === nat.length - 1 ? walk : this.fork(walk);
      for (const s of b.steps) if (!this.lean) this.step(w, s);
      if (b.verdict !== 'ACCEPT') return this.denied(out, w, view, 'nat/OUTPUT', b.rule);
      if (view.isLocal(b.packet[F.NW_DST]!)) {
        if (!this.lean)
          this.step(w, {
            kind: 'deliver',
            ...prose(msg(`to node ${view.name} itself`, `ノード ${view.name} 自身へ`)),
          });
        return this.end(out, w, 'delivered', undefined, {
          kind: 'node',
          name: view.name,
          ip: formatIp(b.packet[F.NW_DST]!),
        });
      }
      const route = this.routeFor(view, b.packet, w, out);
      if (!route) return;
      const filt = this.hook(view, 'filter', 'OUTPUT', b.packet, undefined, route.dev);
      const f = filt[0]!;
      for (const s of f.steps) if (!this.lean) this.step(w, s);
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
      cause: { message: msg('nothing to trace', 'トレースするものがありません') },
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
