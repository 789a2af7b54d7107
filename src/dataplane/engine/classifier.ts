/**
 * An OpenFlow table as a tuple-space search classifier (the design of OVS's own classifier,
 * lib/classifier.c): flows are grouped by the set of (field, mask) they match on; each group is a
 * hash map from the masked values to its flows. A lookup hashes the packet once per group and
 * visits groups in order of their highest priority, stopping as soon as no group left can beat the
 * best match found. Cost per lookup grows with the number of distinct match shapes (a dozen per
 * openshift-sdn table), not with the number of flows. A table looked up only a few times never
 * pays for its index: its first lookups compare the flows one by one ({@link SCAN_BUDGET_PER_FLOW}).
 */
import type { CompiledMatch } from './match.js';
import type { Packet } from './packet.js';

interface Entry<T> {
  readonly priority: number;
  /** Insertion order: the deterministic tie-break between overlapping equal-priority flows. */
  readonly order: number;
  readonly item: T;
  /** The match's masked values, in the order of its tuple's fields (compared on a hash hit). */
  readonly values: readonly number[];
}

interface Tuple<T> {
  readonly fields: readonly number[];
  readonly masks: readonly number[];
  maxPriority: number;
  /**
   * {@link hashOf} the masked values → the entries of that hash, best first. Keys of several
   * fields used to be packed numbers of up to 52 bits, which V8 boxes (a heap number allocated
   * per tuple visited, most of a br0 run's garbage); a small-integer hash is never boxed, and
   * the few keys sharing one are told apart by their values.
   */
  readonly map: Map<number, Entry<T>[]>;
}

function tupleId(match: CompiledMatch): string {
  let id = '';
  for (let i = 0; i < match.fields.length; i++) id += `${match.fields[i]}:${match.masks[i]},`;
  return id;
}

/**
 * A hash of the masked values of `fields` (read from `values[fields[i]]`, or `values[i]` when
 * `direct`): 30 bits, a small integer in every V8 build. Values are compared as int32 (`&`).
 */
function hashOf(
  fields: readonly number[],
  masks: readonly number[],
  values: ArrayLike<number>,
  direct: boolean,
): number {
  let h = 0x9e3779b9;
  for (let i = 0; i < fields.length; i++)
    h = Math.imul(h ^ (values[direct ? i : fields[i]!]! & masks[i]!), 0x85ebca6b);
  return (h ^ (h >>> 15)) & 0x3fffffff;
}

/** Does the packet have `values` under `masks` in `fields` (values masked or not)? */
function matches(
  fields: readonly number[],
  masks: readonly number[],
  values: readonly number[],
  packet: Packet,
): boolean {
  for (let i = 0; i < fields.length; i++)
    if ((packet[fields[i]!]! & masks[i]!) !== (values[i]! & masks[i]!)) return false;
  return true;
}

/**
 * A compiled match's tuple, hash and masked values, computed once: compiled matches are shared by
 * the bridges of every node whose flows repeat (match.ts compileMatchShared).
 */
const placeOf = new WeakMap<
  CompiledMatch,
  { readonly id: string; readonly hash: number; readonly values: readonly number[] }
>();

const better = (a: Entry<unknown>, b: Entry<unknown>): boolean =>
  a.priority > b.priority || (a.priority === b.priority && a.order < b.order);

/** A flow inserted but not yet in the tuple index. */
interface Unindexed<T> {
  readonly match: CompiledMatch;
  readonly priority: number;
  readonly order: number;
  readonly item: T;
}

/**
 * Entries a table's linear lookups may compare, per flow, before its tuple index is built. Why:
 * building the index costs ~0.4 µs a flow (its tuple, hash and entry), comparing one flow with a
 * packet ~0.01 µs. The matrix compiles each node's tables 10 and 90 — a flow per remote node,
 * 8·10⁶ flows at 2000 nodes — for a few dozen lookups each; ofproto/trace-like use (thousands
 * of lookups) builds the index after the first few dozen.
 */
const SCAN_BUDGET_PER_FLOW = 32;

/**
 * One OpenFlow table. Insert all flows, then call {@link Classifier.lookup}. The first lookups
 * compare the flows one by one, best first (the answer the index gives: highest priority, then
 * insertion order); once they have compared {@link SCAN_BUDGET_PER_FLOW} entries per flow, the
 * tuple index is built and used from then on.
 */
export class Classifier<T> {
  private readonly byId = new Map<string, Tuple<T>>();
  private sorted: Tuple<T>[] | undefined;
  private count = 0;
  /** Inserted flows not in the index yet, best first (priority, then insertion order). */
  private unindexed: Unindexed<T>[] = [];
  /** Entries compared by linear lookups so far. */
  private scanned = 0;

  /** @param scanBudgetPerFlow see {@link SCAN_BUDGET_PER_FLOW} (0: the index from the first lookup). */
  constructor(private readonly scanBudgetPerFlow = SCAN_BUDGET_PER_FLOW) {}

  get size(): number {
    return this.count;
  }

  insert(match: CompiledMatch, priority: number, item: T): void {
    const order = this.count++;
    // once the index is built, every flow goes into it (the unindexed list is then empty)
    if (this.byId.size > 0) {
      this.index(match, priority, order, item);
      return;
    }
    // dumps list a table's flows by priority, highest first: usually appended at the end
    const list = this.unindexed;
    let i = list.length;
    while (i > 0 && list[i - 1]!.priority < priority) i--;
    list.splice(i, 0, { match, priority, order, item });
  }

  /** The highest-priority entry matching the packet, or undefined (table miss). */
  lookup(packet: Packet): T | undefined {
    if (this.unindexed.length > 0) {
      if (this.scanned < this.scanBudgetPerFlow * this.unindexed.length) return this.scan(packet);
      for (const u of this.unindexed) this.index(u.match, u.priority, u.order, u.item);
      this.unindexed = [];
    }
    const tuples = (this.sorted ??= [...this.byId.values()].sort((a, b) => b.maxPriority - a.maxPriority));
    let best: Entry<T> | undefined;
    for (const tuple of tuples) {
      if (best && tuple.maxPriority < best.priority) break;
      const list = tuple.map.get(hashOf(tuple.fields, tuple.masks, packet, false));
      if (!list) continue;
      // best first: the first entry with the packet's values is this tuple's match
      for (const e of list) {
        if (!matches(tuple.fields, tuple.masks, e.values, packet)) continue;
        if (!best || better(e, best)) best = e;
        break;
      }
    }
    return best?.item;
  }

  /** The first unindexed flow, best first, that the packet matches. */
  private scan(packet: Packet): T | undefined {
    const list = this.unindexed;
    for (let i = 0; i < list.length; i++) {
      const { fields, values, masks } = list[i]!.match;
      if (matches(fields, masks, values, packet)) {
        this.scanned += i + 1;
        return list[i]!.item;
      }
    }
    this.scanned += list.length;
    return undefined;
  }

  /** Puts a flow into the tuple index. */
  private index(match: CompiledMatch, priority: number, order: number, item: T): void {
    let placed = placeOf.get(match);
    if (!placed) {
      const values = match.values.map((v, i) => v & match.masks[i]!);
      placed = { id: tupleId(match), hash: hashOf(match.fields, match.masks, values, true), values };
      placeOf.set(match, placed);
    }
    const id = placed.id;
    let tuple = this.byId.get(id);
    if (!tuple) {
      tuple = { fields: match.fields, masks: match.masks, maxPriority: priority, map: new Map() };
      this.byId.set(id, tuple);
    }
    tuple.maxPriority = Math.max(tuple.maxPriority, priority);
    const entry: Entry<T> = { priority, order, item, values: placed.values };
    const list = tuple.map.get(placed.hash);
    if (!list) tuple.map.set(placed.hash, [entry]);
    else {
      let i = list.length;
      while (i > 0 && better(entry, list[i - 1]!)) i--;
      list.splice(i, 0, entry);
    }
    this.sorted = undefined;
  }
}
