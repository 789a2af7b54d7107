/**
 * The expansion of the matrix: the class outcomes of the passes turned into pairs — counted by
 * class sizes, listed up to `maxPairs`, broken pairs grouped by their deciding rule and node.
 * TCP needs the way back too (the lab agreement test found a one-way table 90 fault): a pair is
 * reachable when the reply from its destination back to its source also arrives.
 */
import type { ClusterDataplane } from '../trace/cluster.js';
import { tableRole, type TableRole } from '../../model/pipeline.js';
import { pluginKindOfName } from '../../model/plugin-kind.js';
import type { BrokenGroup, MatrixPair, PairKind } from './matrix.js';
import { ARRIVAL, type Classes, type PodClass, type Source } from './egress.js';
import type { Ingress } from './ingress.js';
import { isEndpointOf, type PairEnd, type PodRef, type SvcPort } from './inventory.js';
import { firstBroken, REACHABLE, single, type Outcome } from './outcomes.js';
import type { MatrixRun } from './run.js';
import type { Override, SpecialPairs } from './special.js';

const EXAMPLES = 5;
/** A forward outcome never traced (a source with no trace toward that class). */
const NOT_TRACED = -1;

type Ends = readonly [PairEnd, PairEnd];

interface Group {
  readonly g: Omit<BrokenGroup, 'pairs' | 'examples'>;
  pairs: number;
  readonly examples: { from: string; to: string }[];
}

export interface Expansion {
  readonly byKind: Record<PairKind, { pairs: number; reachable: number }>;
  /** The listed pairs, and their ends (for the intent). */
  readonly listed: readonly MatrixPair[];
  readonly listedEnds: readonly Ends[];
  /** Broken groups with pairs, by pairs (most first), cause, node. */
  readonly broken: readonly BrokenGroup[];
  /** The node grid's arrays, the cause of each cell as an index into `broken` (-1: none). */
  readonly grid?: { readonly pairs: number[]; readonly reachable: number[]; readonly cause: number[] };
}

/** A traced outcome's cause (with the trace's disposition). */
type OutcomeCause = NonNullable<Outcome['cause']>;

/** The role of the table where a packet was dropped, read from the deciding node's layout. */
function dropRole(dp: ClusterDataplane, c: OutcomeCause | undefined): TableRole | undefined {
  if (!c || c.disposition !== 'dropped' || typeof c.table !== 'number' || c.node === undefined)
    return undefined;
  const layout = dp.layoutOf(c.node);
  return layout ? tableRole(layout, c.table) : undefined;
}

/**
 * The plugin's isolation decided (pipeline reference §5): a drop in the ingress policy table
 * (multitenant VNIDs, NetworkPolicy) or, from rule version 13, the NetworkPolicy egress table.
 */
function isIsolation(dp: ClusterDataplane, c: OutcomeCause | undefined): boolean {
  const role = dropRole(dp, c);
  return role === 'ingressPolicy' || role === 'egressPolicy';
}

/**
 * The way back of an admitted connection: with the conntrack plugin (networkpolicy, every rule
 * version) the reply is `ct_state=+rpl` and passes table 80 (and 27) at priority 200 whatever the
 * policies say (pipeline reference §5, networkpolicy.go Start()). A reply traced as a new packet
 * that the policy table drops is therefore no break of the pair.
 */
function replyRule(run: MatrixRun): (id: number) => number {
  const conntrack = pluginKindOfName(run.dp.model.clusterNetwork?.value.pluginName) === 'networkpolicy';
  /** By outcome id (ids are small and dense): asked once per (class, class) cell. */
  const memo: number[] = [];
  return (id) => {
    if (id === REACHABLE || !conntrack) return id;
    let back = memo[id];
    if (back === undefined)
      memo[id] = back = isIsolation(run.dp, run.outcomes.get(id).cause) ? REACHABLE : id;
    return back;
  };
}

/**
 * The way back to a node's own address: the reply of a node → pod pair, and of a pod → service
 * pair, which kube-proxy's OPENSHIFT-MASQUERADE rewrites to the client node's tun0 address
 * (pipeline reference §6). The matrix judges such a reply by the reply to the node's first pod
 * (same HostSubnet, so the same table 90 / VXLAN / table 10 path); but on the node it returns to,
 * table 30 sends a packet for the node's own gateway address to tun0 before any per-pod or policy
 * table (ovscontroller.go, the gateway flow). A drop there in the ingress policy table (multitenant
 * VNIDs, NetworkPolicy) or in the per-pod delivery tables only stops the stand-in pod's copy: no
 * break of the pair. Any other cause (the sender's flows, the tunnel, the receiver's table 10)
 * stays.
 */
function nodeReplyRule(
  run: MatrixRun,
  asReply: (id: number) => number,
): (id: number, node: string) => number {
  return (id, node) => {
    const back = asReply(id);
    if (back === REACHABLE) return back;
    const c = run.outcomes.get(back).cause;
    const role = c?.node === node ? dropRole(run.dp, c) : undefined;
    return role === 'ingressPolicy' || role === 'toLocalPod' || role === 'arpToLocalPod' ? REACHABLE : back;
  };
}

/** Counted pairs, listed pairs and broken groups as the expansion records them. */
class Tally {
  readonly byKind: Record<PairKind, { pairs: number; reachable: number }> = {
    'pod-pod': { pairs: 0, reachable: 0 },
    'pod-service': { pairs: 0, reachable: 0 },
    'node-pod': { pairs: 0, reachable: 0 },
  };
  readonly listed: MatrixPair[] = [];
  readonly listedEnds: Ends[] = [];
  /** Cause fields joined → group (a lookup key only, never read back). */
  readonly groups = new Map<string, Group>();
  private readonly groupOf: (Group | undefined)[] = [];

  constructor(
    private readonly run: MatrixRun,
    private readonly maxPairs: number,
  ) {}

  group(id: number): Group {
    let g = this.groupOf[id];
    if (g) return g;
    const c = this.run.outcomes.get(id).cause!;
    const gk = [
      c.disposition,
      c.node ?? '',
      c.table ?? '',
      c.rule ?? '',
      c.rule || c.table !== undefined ? '' : c.message.en,
    ].join('|');
    g = this.groups.get(gk);
    if (!g) {
      g = {
        g: {
          cause: c.message.en,
          message: c.message,
          disposition: c.disposition,
          ...(c.node ? { node: c.node } : {}),
          ...(c.table !== undefined ? { table: c.table } : {}),
          ...(c.rule ? { rule: c.rule } : {}),
          ...(isIsolation(this.run.dp, c) ? { isolation: true } : {}),
        },
        pairs: 0,
        examples: [],
      };
      this.groups.set(gk, g);
    }
    this.groupOf[id] = g;
    return g;
  }

  /** `count` pairs of `kind` with outcome `id`, listed (and kept as examples) from `examples`. */
  record(kind: PairKind, id: number, count: number, examples: () => Iterable<Ends>): void {
    const k = this.byKind[kind];
    k.pairs += count;
    const full = this.listed.length >= this.maxPairs;
    if (id === REACHABLE) {
      k.reachable += count;
      if (full) return;
    }
    const g = id === REACHABLE ? undefined : this.group(id);
    if (g) g.pairs += count;
    if (full && (!g || g.examples.length >= EXAMPLES)) return;
    const message = id === REACHABLE ? undefined : this.run.outcomes.get(id).cause!.message;
    for (const ends of examples()) {
      const nowFull = this.listed.length >= this.maxPairs;
      if (nowFull && (!g || g.examples.length >= EXAMPLES)) break;
      const from = ends[0].label;
      const to = ends[1].label;
      if (!nowFull) {
        this.listed.push({
          from,
          to,
          reachable: id === REACHABLE,
          ...(message ? { cause: message.en, message } : {}),
        });
        this.listedEnds.push(ends);
      }
      if (g && g.examples.length < EXAMPLES) g.examples.push({ from, to });
    }
  }

  /** A pair already recorded under `primary` also broken by `other` (another endpoint branch). */
  alsoCause(primary: number, other: number, n: number, examples: () => Iterable<Ends>): void {
    const g = this.group(other);
    if (g === this.group(primary)) return;
    g.pairs += n;
    if (g.examples.length >= EXAMPLES) return;
    for (const ends of examples()) {
      if (g.examples.length >= EXAMPLES) break;
      g.examples.push({ from: ends[0].label, to: ends[1].label });
    }
  }

  /** Would {@link record} list or keep an example of a pair with this outcome? */
  wantsExamples(id: number): boolean {
    return (
      this.listed.length < this.maxPairs || (id !== REACHABLE && this.group(id).examples.length < EXAMPLES)
    );
  }

  /** {@link record} for pairs that need no example. */
  count(kind: PairKind, id: number, n: number): void {
    const k = this.byKind[kind];
    k.pairs += n;
    if (id === REACHABLE) k.reachable += n;
    else this.group(id).pairs += n;
  }
}

/**
 * Source number `si`'s forward outcome toward every class, written into `row` (NOT_TRACED where there
 * is none). A node's classes have consecutive ids (pass 1 numbers them node by node), so a node's
 * block is filled or copied from its ingress row in one go. Made one source at a time into a
 * reused row, never as the whole sources × classes table (190 MB at 2000 nodes).
 */
function forwardRow(
  blocks: ClassBlocks,
  ingress: Ingress,
  sources: readonly Source[],
  si: number,
  row: Int32Array,
): Int32Array {
  const src = sources[si]!;
  row.fill(NOT_TRACED);
  const { start, count } = blocks;
  const ingressRows = ingress.outcomeData;
  for (let bi = 0; bi < start.length; bi++) {
    const n = count[bi]!;
    if (n === 0) continue;
    const first = start[bi]!;
    if (bi === src.node) {
      for (let c = first; c < first + n; c++) {
        const ids = src.toLocalClass.get(c);
        row[c] = ids ? firstBroken(ids) : NOT_TRACED;
      }
      continue;
    }
    // (irregular segments are rare: most sources have none)
    const irr = src.irregularOutcomes.size > 0 ? src.irregularOutcomes.get(bi) : undefined;
    const code = src.toNode[bi]!;
    // blocks are a node's classes, a handful: copied by hand (a set() call costs more)
    if (irr) for (let j = 0; j < n; j++) row[first + j] = irr[j]!;
    else if (code === ARRIVAL) {
      const at = ingress.rowAt(ingress.keyOf(si, bi));
      for (let j = 0; j < n; j++) row[first + j] = ingressRows[at + j]!;
    } else if (code >= 0) for (let c = first; c < first + n; c++) row[c] = code;
  }
  return row;
}

/**
 * Where each node's classes start among the class ids, and how many: read for every (source,
 * node), 1.6·10⁷ times at 2000 nodes, from two small arrays rather than through each node's
 * list of class objects.
 */
interface ClassBlocks {
  readonly start: Int32Array;
  readonly count: Int32Array;
}

function classBlocks(st: Classes): ClassBlocks {
  const start = new Int32Array(st.classesByNode.length);
  const count = new Int32Array(st.classesByNode.length);
  st.classesByNode.forEach((list, bi) => {
    start[bi] = list[0]?.id ?? 0;
    count[bi] = list.length;
  });
  return { start, count };
}

/**
 * {@link forwardRow}'s cell for class `c` on node `bi`, alone: the replies when they are not
 * tabled (a whole row per question would cost classes³). The same cases as forwardRow, in the
 * same order; the matrix tests run every scenario both ways.
 */
function forwardOutcome(
  blocks: ClassBlocks,
  ingress: Ingress,
  sources: readonly Source[],
  si: number,
  c: number,
  bi: number,
): number {
  const src = sources[si]!;
  if (bi === src.node) {
    const ids = src.toLocalClass.get(c);
    return ids ? firstBroken(ids) : NOT_TRACED;
  }
  const j = c - blocks.start[bi]!;
  const irr = src.irregularOutcomes.size > 0 ? src.irregularOutcomes.get(bi) : undefined;
  const code = src.toNode[bi]!;
  if (irr) return irr[j]!;
  if (code === ARRIVAL) return ingress.outcome(si, bi, j);
  return code >= 0 ? code : NOT_TRACED;
}

/** Above this many (class, class) cells the replies are not tabled (4 bytes a cell). */
const MAX_REPLY_CELLS = 2 ** 26;

/**
 * The way back from every class `d` to every class `h`, by `h` first (cell `h * n + d`):
 * `asReply` of the forward outcome of `d`'s source toward `h`; REACHABLE when `d` has no source or
 * never traced toward `h`. Why a table: the expansion asks, for each source, the way back from
 * every class to the source's own class — a column of the forward outcomes, a cache miss per
 * question (~10⁷ at 1000 nodes, the largest part of the expansion). Here the forward rows of 64
 * sources at a time are turned tile by tile. Undefined above `maxCells` cells (then
 * {@link forwardOutcome} answers one by one).
 */
function replyTable(
  st: Classes,
  blocks: ClassBlocks,
  ingress: Ingress,
  sourceOfClass: Int32Array,
  asReply: (id: number) => number,
  maxCells: number,
): Int32Array | undefined {
  const n = st.classes.length;
  if (n * n > maxCells) return undefined;
  const out = new Int32Array(n * n).fill(REACHABLE);
  const TILE = 64;
  const tile = Array.from({ length: TILE }, () => new Int32Array(n));
  for (let d0 = 0; d0 < n; d0 += TILE) {
    const d1 = Math.min(d0 + TILE, n);
    for (let d = d0; d < d1; d++) {
      const si = sourceOfClass[d]!;
      if (si >= 0) forwardRow(blocks, ingress, st.sources, si, tile[d - d0]!);
    }
    for (let h0 = 0; h0 < n; h0 += TILE) {
      const h1 = Math.min(h0 + TILE, n);
      for (let d = d0; d < d1; d++) {
        if (sourceOfClass[d]! < 0) continue;
        const row = tile[d - d0]!;
        for (let h = h0; h < h1; h++) {
          const id = row[h]!;
          out[h * n + d] = id === NOT_TRACED ? REACHABLE : asReply(id);
        }
      }
    }
  }
  return out;
}

export function expandPairs(
  run: MatrixRun,
  st: Classes,
  ingress: Ingress,
  special: SpecialPairs,
  options: { readonly maxPairs: number; readonly nodeGrid?: boolean; readonly maxReplyCells?: number },
): Expansion {
  const { dp, inv, outcomes } = run;
  const { classes, classOf, sources } = st;
  const tally = new Tally(run, options.maxPairs);
  const nn = inv.nodeNames.length;
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
    if (id === REACHABLE) grid.reachable[k]! += n;
    else grid.cause[k] ??= tally.group(id);
  };
  const isSpecial = (p: PodRef): boolean => st.special.has(p.ip);
  const plainOf = classes.map((c) => c.members.filter((m) => !isSpecial(m)));
  // Arrays by class id: the expansion below runs once per (source, class) pair — millions of times.
  const sourceOfClass = new Int32Array(classes.length).fill(-1);
  sources.forEach((src, i) => {
    if (src.cls) sourceOfClass[src.cls.id] = i;
  });
  /** The forward row of the source being expanded. */
  const forward = new Int32Array(classes.length);
  const classInScope = Uint8Array.from(classes, (c) => (c.members[0]!.inScope ? 1 : 0));
  const classNode = new Int32Array(classes.length);
  st.classesByNode.forEach((list, bi) => list.forEach((c) => (classNode[c.id] = bi)));
  const asReply = replyRule(run);
  const blocks = classBlocks(st);
  const repliesTo = replyTable(
    st,
    blocks,
    ingress,
    sourceOfClass,
    asReply,
    options.maxReplyCells ?? MAX_REPLY_CELLS,
  );
  /** The outcome of the way back from class `from` to class `to` (reachable when never traced). */
  const replyId = (from: number, to: number): number => {
    if (repliesTo) return repliesTo[to * classes.length + from]!;
    const si = sourceOfClass[from]!;
    if (si < 0) return REACHABLE;
    const id = forwardOutcome(blocks, ingress, sources, si, to, classNode[to]!);
    return id === NOT_TRACED ? REACHABLE : asReply(id);
  };
  const reply = (fromClass: PodClass, to: PodClass): number => replyId(fromClass.id, to.id);
  /** The way back from pod `e` to pod `x`: pair by pair when either is special. */
  const podReply = (e: PodRef, x: PodRef): number => {
    if (isSpecial(e) || isSpecial(x)) return asReply(special.podOutcome(e, x) ?? REACHABLE);
    return reply(classOf.get(e.ip)!, classOf.get(x.ip)!);
  };
  const toNode = nodeReplyRule(run, asReply);
  /**
   * A node's stand-in for its tun0 address: a pod no flow names one by one (a flow naming the
   * stand-in, as a NetworkPolicy peer or a pod route does, says nothing about the gateway).
   */
  const standInOf = (node: string): PodRef | undefined => {
    const pods = inv.podsByNode.get(node);
    return pods?.find((p) => !isSpecial(p)) ?? pods?.[0];
  };
  /** The way back from pod `e` to the tun0 address of `x`'s node (see nodeReplyRule). */
  const nodeReply = (e: PodRef, x: PodRef): number =>
    toNode(podReply(e, standInOf(x.pod.node!) ?? x), x.pod.node!);
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
    if (id === REACHABLE) id = firstBroken(svc.endpoints.map((e) => nodeReply(e, home)));
    const examples = function* (): Iterable<Ends> {
      for (const x of from) yield [x, svc];
    };
    tally.record('pod-service', id, from.length, examples);
    // Each endpoint branch can break for its own reason: the pair counts under every cause
    // (a fault hidden behind another one on the same service still shows).
    for (const other of new Set(ids))
      if (other !== REACHABLE && other !== id) tally.alsoCause(id, other, from.length, examples);
  };
  for (let si = 0; si < sources.length; si++) {
    const src = sources[si]!;
    const fromPods = src.cls ? plainOf[src.cls.id]! : undefined;
    const nFrom = fromPods ? fromPods.length : 1;
    if (nFrom === 0) continue;
    const kind: PairKind = src.cls ? 'pod-pod' : 'node-pod';
    const fromEnds: readonly PairEnd[] = fromPods ?? [inv.nodeEnds[src.node]!];
    // node → pod: the reply goes back to the node's tun0 address, through its HostSubnet like a
    // reply to one of its pods would (its first pod stands for it, see nodeReplyRule).
    const home = fromPods ? fromPods[0] : standInOf(inv.nodeNames[src.node]!);
    /** The class answering for `home` when it is a plain pod (the fast path). */
    const homeClass = home && !isSpecial(home) ? classOf.get(home.ip) : undefined;
    const row = forwardRow(blocks, ingress, sources, si, forward);
    const own = src.cls?.id ?? NOT_TRACED;
    // Class ids run node by node: the same order as listing the pairs node by node.
    const sourceInScope = src.cls ? src.cls.members[0]!.inScope : false;
    for (let d = 0; d < classes.length; d++) {
      const ys = plainOf[d]!;
      const n = nFrom * ys.length - (own === d ? nFrom : 0);
      if (n <= 0) continue;
      if (!sourceInScope && !classInScope[d]) continue;
      let id = row[d]!;
      if (id === NOT_TRACED) continue;
      if (id === REACHABLE && home) {
        const back = homeClass ? replyId(d, homeClass.id) : podReply(ys[0]!, home);
        id = fromPods ? back : toNode(back, inv.nodeNames[src.node]!);
      }
      if (kind === 'pod-pod') cell(src.node, classNode[d]!, id, n);
      // Most of the ~10⁷ (source, class) cells need no example: count them without a closure.
      if (!tally.wantsExamples(id)) {
        tally.count(kind, id, n);
        continue;
      }
      tally.record(kind, id, n, function* () {
        for (const x of fromEnds) for (const y of ys) if (x !== y) yield [x, y];
      });
    }
    if (src.cls && home) {
      for (const sp of inv.svcPorts) {
        if (!sourceInScope && !sp.inScope) continue;
        const hairpin = fromPods!.filter((x) => isEndpointOf(sp, x));
        for (const x of hairpin) {
          run.traces++;
          const t = dp.trace({ kind: 'pod', pod: x.pod }, sp.target);
          const ids = [t, ...(t.alternatives ?? [])].map((b) => outcomes.intern(single(b, 'any-pod')));
          recordService(ids, [x], x, sp);
        }
        const ids = src.toService.get(sp);
        const rest = hairpin.length ? fromPods!.filter((x) => !hairpin.includes(x)) : fromPods!;
        if (!ids || rest.length === 0) continue;
        recordService(ids, rest, home, sp);
      }
    }
  }
  expandOverrides(run, special, tally, podReply, nodeReply, cell);
  const sortedGroups = [...tally.groups.values()]
    .filter((g) => g.pairs > 0)
    .sort(
      (x, y) =>
        y.pairs - x.pairs ||
        x.g.cause.localeCompare(y.g.cause) ||
        (x.g.node ?? '').localeCompare(y.g.node ?? ''),
    );
  const groupIndex = new Map(sortedGroups.map((g, i) => [g, i]));
  return {
    byKind: tally.byKind,
    listed: tally.listed,
    listedEnds: tally.listedEnds,
    broken: sortedGroups.map(({ g, pairs, examples }) => ({ ...g, pairs, examples })),
    ...(grid
      ? {
          grid: {
            pairs: [...grid.pairs],
            reachable: [...grid.reachable],
            cause: Array.from(grid.cause, (g) => (g ? (groupIndex.get(g) ?? -1) : -1)),
          },
        }
      : {}),
  };
}

/** The pairs of special pods, in label order, each with its way back. */
function expandOverrides(
  run: MatrixRun,
  special: SpecialPairs,
  tally: Tally,
  podReply: (e: PodRef, x: PodRef) => number,
  nodeReply: (e: PodRef, x: PodRef) => number,
  cell: (a: number, b: number, id: number, n: number) => void,
): void {
  const { inv } = run;
  const inScope = (o: Override): boolean =>
    o.kind === 'node-pod' ? o.to.inScope : o.from.inScope || o.to.inScope;
  const nodeOfPod = (p: PodRef): number => inv.nodeIndex.get(p.pod.node!) ?? -1;
  const asReply = replyRule(run);
  const ordered = special.overrides
    .filter(inScope)
    .sort((x, y) => x.from.label.localeCompare(y.from.label) || x.to.label.localeCompare(y.to.label));
  for (const o of ordered) {
    let fwd: number;
    let back = REACHABLE;
    if (o.kind === 'pod-pod') {
      fwd = special.podOutcome(o.from, o.to)!;
      if (fwd === REACHABLE) back = asReply(special.podOutcome(o.to, o.from) ?? REACHABLE);
    } else if (o.kind === 'pod-service') {
      fwd = o.id;
      if (fwd === REACHABLE) back = firstBroken(o.to.endpoints.map((e) => nodeReply(e, o.from)));
    } else {
      fwd = o.id;
      const h = inv.podsByNode.get(o.from.node)?.[0];
      if (fwd === REACHABLE) back = h ? nodeReply(o.to, h) : REACHABLE;
    }
    const id = fwd !== REACHABLE ? fwd : back;
    tally.record(o.kind, id, 1, function* () {
      yield [o.from, o.to];
    });
    if (o.kind === 'pod-pod') cell(nodeOfPod(o.from), nodeOfPod(o.to), id, 1);
  }
}
