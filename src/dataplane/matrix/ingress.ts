/**
 * The ingress half of the matrix: the VXLAN arrivals waiting at each receiving node, grouped by
 * what its flows can tell apart — the sender's tun_src and nw_src templates, the fields the
 * sender's packet fixes (VNI, protocol, port, mark), the tunnel destination — with one trace per
 * group and destination class. Pass 1 resolves a node's arrivals while it is compiled (from the
 * nodes walked before it); {@link ingressPass} resolves the rest, walking the nodes backwards,
 * and finishes the service branches and the irregular segments that cross to each node.
 */
import type { Arrival } from '../trace/cluster.js';
import { F, type Packet } from '../engine/packet.js';
import type { Classes, Source } from './egress.js';
import { firstBroken, outcomeOf, single } from './outcomes.js';
import type { MatrixRun } from './run.js';
import { nodeSignatures, type FieldSignature, type NodeSignatures } from './signatures.js';

/** What a receiving node can tell apart, kept from pass 1 so pass 2 seldom compiles it again. */
interface NodeIngress {
  readonly tunSig: FieldSignature;
  readonly srcSig: FieldSignature;
  /** Ingress key → its row in the outcome rows. */
  readonly keys: TupleIds;
}

/**
 * Dense ids for tuples of four small non-negative numbers. Ingress keys are looked up ~4·10⁶ times
 * at 1000 nodes: when every part is small (8 + 12 + 8 + 2 bits) the tuple is packed into a small
 * integer (no heap number boxed per lookup); when every part fits 16 + 10 + 16 + 10 bits (< 2⁵³)
 * into one number; larger ones go through a nested map. No text is allocated.
 */
class TupleIds {
  private readonly small = new Map<number, number>();
  private readonly packed = new Map<number, number>();
  private readonly nested = new Map<number, Map<number, Map<number, Map<number, number>>>>();

  /** The id of (a, b, c, d), or undefined when never set. */
  get(a: number, b: number, c: number, d: number): number | undefined {
    if (a < 1 << 8 && b < 1 << 12 && c < 1 << 8 && d < 1 << 2)
      return this.small.get(((a * 4096 + b) * 256 + c) * 4 + d);
    if (a < 1 << 16 && b < 1 << 10 && c < 1 << 16 && d < 1 << 10)
      return this.packed.get(((a * 1024 + b) * 65536 + c) * 1024 + d);
    return this.nested.get(a)?.get(b)?.get(c)?.get(d);
  }

  set(a: number, b: number, c: number, d: number, id: number): void {
    if (a < 1 << 8 && b < 1 << 12 && c < 1 << 8 && d < 1 << 2) {
      this.small.set(((a * 4096 + b) * 256 + c) * 4 + d, id);
      return;
    }
    if (a < 1 << 16 && b < 1 << 10 && c < 1 << 16 && d < 1 << 10) {
      this.packed.set(((a * 1024 + b) * 65536 + c) * 1024 + d, id);
      return;
    }
    const mb = getOrSet(this.nested, a, () => new Map<number, Map<number, Map<number, number>>>());
    const mc = getOrSet(mb, b, () => new Map<number, Map<number, number>>());
    getOrSet(mc, c, () => new Map<number, number>()).set(d, id);
  }
}

function getOrSet<K, V>(m: Map<K, V>, k: K, make: () => V): V {
  let v = m.get(k);
  if (v === undefined) m.set(k, (v = make()));
  return v;
}

export class Ingress {
  private readonly nodes: (NodeIngress | undefined)[];
  /** Per ingress key id: where its row starts in {@link outcomeData}. */
  private readonly rowStart: number[] = [];
  /**
   * The rows of every ingress key end to end, each the outcome id for each class of the
   * receiving node. One flat array: the expansion reads a row per (source, node), 1.6·10⁷ times
   * at 2000 nodes, and a small typed array per row cost two pointer hops, cache misses, each.
   */
  private data = new Int32Array(1024);
  private used = 0;
  /** Tunnel destinations other than the receiver's hostIP → small ids. */
  private readonly tunDsts = new Map<number, number>();
  /** Sender fields (VNI, protocol, port, mark) → small ids. */
  private readonly parts = new TupleIds();
  private partCount = 0;
  private readonly partOf = new WeakMap<Packet, number>();
  /**
   * Per source index: its node, and the sender-fields id, tun_src and nw_src of the packet it
   * sends (-1 for a source that sends none), as of {@link sendersFor} special pods. Why: a
   * node's arrivals come source after source (~8000 at 2000 nodes, each arriving at every
   * node); read from each source's object and template packet they were three cache misses an
   * arrival, from these dense arrays they are a run.
   */
  private senderNode: number[] = [];
  private senderPart: number[] = [];
  private senderTunSrc: number[] = [];
  private senderNwSrc: number[] = [];
  /** How many special pods there were when the sender arrays were filled (speakFor depends on them). */
  private sendersFor = -1;
  /**
   * Per receiving node, per source index: the source's ingress key there (-1: none yet). By node
   * first: {@link resolve} writes a node's keys source after source, 1.6·10⁷ of them at 2000
   * nodes; a row per source written at column `bi` cost three dependent cache misses a key
   * (source object, its array, the element), 85 % of the ingress pass. The expansion reads a
   * source's keys across the nodes instead, loads that do not wait on one another.
   */
  private readonly keysAt: (Int32Array | undefined)[];

  constructor(
    private readonly run: MatrixRun,
    private readonly st: Classes,
  ) {
    this.nodes = run.inv.nodeNames.map(() => undefined);
    this.keysAt = run.inv.nodeNames.map(() => undefined);
  }

  /**
   * A class stands for its plain members: if its representative is special (named by some
   * node), let a plain member speak for the class (the special one is traced on its own).
   */
  speakFor(packet: Packet): Packet {
    const from = this.st.classOf.get(packet[F.NW_SRC]!);
    if (!from || !this.st.special.has(packet[F.NW_SRC]!)) return packet;
    const alt = from.members.find((m) => !this.st.special.has(m.ip));
    if (!alt) return packet;
    const q = packet.slice();
    q[F.NW_SRC] = alt.ip;
    q[F.DL_SRC_LO] = alt.ip;
    return q;
  }

  /** The key fields a sender's packet fixes: VNI, protocol, port, mark. */
  private sourcePart(p: Packet): number {
    let id = this.partOf.get(p);
    if (id !== undefined) return id;
    const a = p[F.TUN_ID]!;
    const b = p[F.NW_PROTO]!;
    const c = p[F.TP_DST]!;
    const d = p[F.PKT_MARK]!;
    id = this.parts.get(a, b, c, d);
    if (id === undefined) this.parts.set(a, b, c, d, (id = this.partCount++));
    this.partOf.set(p, id);
    return id;
  }

  /** The packet source `src` sends (a plain member's when its class must be spoken for). */
  private senderPacket(src: Source): Packet {
    // (no copy unless a class must be spoken for)
    return this.st.special.size > 0 ? this.speakFor(src.template!) : src.template!;
  }

  /**
   * Extends the dense sender arrays to every source so far (pass 1 has finished their egress:
   * their templates are final), or fills them again when special pods were found since.
   */
  private noteSenders(): void {
    const { sources, special } = this.st;
    if (this.sendersFor !== special.size) {
      this.senderNode = [];
      this.senderPart = [];
      this.senderTunSrc = [];
      this.senderNwSrc = [];
      this.sendersFor = special.size;
    }
    for (let si = this.senderNode.length; si < sources.length; si++) {
      const src = sources[si]!;
      this.senderNode.push(src.node);
      if (!src.template) {
        this.senderPart.push(-1);
        this.senderTunSrc.push(-1);
        this.senderNwSrc.push(-1);
        continue;
      }
      const base = this.senderPacket(src);
      this.senderPart.push(this.sourcePart(base));
      this.senderTunSrc.push(base[F.TUN_SRC]!);
      this.senderNwSrc.push(base[F.NW_SRC]!);
    }
  }

  private tunDstId(tunDst: number): number {
    let id = this.tunDsts.get(tunDst);
    if (id === undefined) this.tunDsts.set(tunDst, (id = this.tunDsts.size));
    return id;
  }

  /** The ingress key of source number `si` at node `bi`; -1 before its arrival there is resolved. */
  keyOf(si: number, bi: number): number {
    const keys = this.keysAt[bi];
    return keys !== undefined && si < keys.length ? keys[si]! : -1;
  }

  /**
   * Node `bi`'s keys, with room for every source so far. Pass 1 resolves a node's arrivals again
   * as more sources are walked: the row at least doubles when it grows (grown to fit each time,
   * it was copied ~N times per node).
   */
  private keysOfNode(bi: number): Int32Array {
    const old = this.keysAt[bi];
    const sources = this.st.sources.length;
    if (old !== undefined && old.length >= sources) return old;
    const keys = new Int32Array(Math.max(sources, 2 * (old?.length ?? 0))).fill(-1);
    if (old) keys.set(old);
    this.keysAt[bi] = keys;
    return keys;
  }

  /** The outcome of source number `si`'s arrival at node `bi` toward its class number `j` (once resolved). */
  outcome(si: number, bi: number, j: number): number {
    return this.data[this.rowStart[this.keyOf(si, bi)]! + j]!;
  }

  /** The rows of every ingress key (see {@link rowAt}); replaced as rows are added. */
  get outcomeData(): Int32Array {
    return this.data;
  }

  /** Where the row of ingress key `key` starts in {@link outcomeData}. */
  rowAt(key: number): number {
    return this.rowStart[key]!;
  }

  /** Adds the row of the next ingress key. */
  private addRow(row: Int32Array): void {
    if (this.used + row.length > this.data.length) {
      const grown = new Int32Array(Math.max(this.data.length * 2, this.used + row.length));
      grown.set(this.data);
      this.data = grown;
    }
    this.data.set(row, this.used);
    this.rowStart.push(this.used);
    this.used += row.length;
  }

  /**
   * Resolves the VXLAN arrivals at node `bi` not resolved yet: each to its ingress key, one
   * trace per new key and destination class. `signatures`: the node's, when already read.
   */
  resolve(bi: number, signatures?: NodeSignatures): void {
    const { dp, inv, outcomes } = this.run;
    const { sources, classesByNode } = this.st;
    const b = inv.nodeNames[bi]!;
    const inbound = this.st.arrivals[bi]!;
    let st = this.nodes[bi];
    if (st && inbound.length === 0) return;
    if (!st) {
      const sigs = signatures ?? nodeSignatures(dp.node(b).facts?.ovs.flows?.value ?? [], inv.hostIpBySubnet);
      st = { tunSig: sigs.tunSrc, srcSig: sigs.nwSrc, keys: new TupleIds() };
      this.nodes[bi] = st;
    }
    const dstClasses = classesByNode[bi]!;
    this.noteSenders();
    const keys = this.keysOfNode(bi);
    // a sending node's sources arrive one after another, with its tun_src: looked up once for them
    let lastTunSrc = -1;
    let lastTun = 0;
    for (let i = 0; i < inbound.length; i++) {
      const si = inbound.source(i);
      const tunDst = inbound.tunDst(i);
      const ownNode = this.senderNode[si] === bi;
      const tunSrc = this.senderTunSrc[si]!;
      if (!ownNode && tunSrc !== lastTunSrc) {
        lastTunSrc = tunSrc;
        lastTun = st.tunSig.idOf(tunSrc) + 1;
      }
      const tun = ownNode ? 0 : lastTun;
      const part = this.senderPart[si]!;
      const nwSrc = st.srcSig.idOf(this.senderNwSrc[si]!);
      const dst = tunDst === inv.hostIpOfNode[bi] ? 0 : this.tunDstId(tunDst) + 1;
      let k = st.keys.get(tun, nwSrc, part, dst);
      if (k === undefined) {
        k = this.rowStart.length;
        st.keys.set(tun, nwSrc, part, dst, k);
        const src = sources[si]!;
        const packet = this.senderPacket(src).slice();
        packet[F.TUN_DST] = tunDst;
        const row = new Int32Array(dstClasses.length);
        dstClasses.forEach((d, j) => {
          const rep = d.members[0]!;
          const q = packet.slice();
          q[F.NW_DST] = rep.ip;
          const arrival: Arrival = {
            sender: inv.nodeNames[src.node]!,
            receiver: b,
            packet: q,
            hops: [],
            transitions: inbound.transitions(i),
          };
          this.run.traces++;
          row[j] = outcomes.intern(outcomeOf(dp.traceArrival(arrival, 'verdict'), rep.ip));
        });
        this.addRow(row);
      }
      keys[si] = k;
    }
    // resolved arrivals are not needed again (~4·N² of them): the list makes room for the next
    inbound.clear();
  }
}

/**
 * Pass 2: every receiving node, backwards (the nodes compiled last in pass 1 are still in the
 * cache): the arrivals from nodes walked after it, the service branches and the irregular
 * segments that cross to it.
 */
export function ingressPass(run: MatrixRun, st: Classes, ingress: Ingress): void {
  const { dp, inv, outcomes } = run;
  const arrivalOutcome = (a: Arrival, target: number): number => {
    run.traces++;
    return outcomes.intern(outcomeOf(dp.traceArrival(a, 'verdict'), target));
  };
  /** The pending service branches by receiving node (not filtered once per node: ~10⁴ × N). */
  const svcPendingAt = new Map<string, Classes['svcPending'][number][]>();
  for (const p of st.svcPending) {
    const list = svcPendingAt.get(p.arrival.receiver);
    if (list) list.push(p);
    else svcPendingAt.set(p.arrival.receiver, [p]);
  }
  for (let bi = inv.nodeNames.length - 1; bi >= 0; bi--) {
    const b = inv.nodeNames[bi]!;
    const svcHere = svcPendingAt.get(b) ?? [];
    const irregularHere = st.irregularSources.flatMap((src) =>
      [...src.irregular]
        .filter(([, seg]) => seg.arrivals.some((x) => x.receiver === b))
        .map(([di, seg]) => ({ src, di, seg })),
    );
    // keys seen in pass 1 need no compiled node
    ingress.resolve(bi);
    for (const p of svcHere) {
      p.ids[p.slot] = arrivalOutcome(
        { ...p.arrival, packet: ingress.speakFor(p.arrival.packet) },
        p.arrival.packet[F.NW_DST]!,
      );
    }
    for (const { src, di, seg } of irregularHere) {
      const targets = st.classesByNode[di]!;
      const row = new Int32Array(targets.length);
      targets.forEach((d, j) => {
        const rep = d.members[0]!;
        const ids = seg.finals.map((f) => outcomes.intern(single(f, rep.ip)));
        for (const a of seg.arrivals) {
          const q = ingress.speakFor(a.packet).slice();
          q[F.NW_DST] = rep.ip;
          ids.push(arrivalOutcome({ ...a, packet: q }, rep.ip));
        }
        row[j] = firstBroken(ids);
      });
      src.irregularOutcomes.set(di, row);
    }
  }
}
