/**
 * An OpenFlow table as a tuple-space search classifier (the design of OVS's own classifier,
 * lib/classifier.c): flows are grouped by the set of (field, mask) they match on; each group is a
 * hash map from the masked values to its flows. A lookup hashes the packet once per group and
 * visits groups in order of their highest priority, stopping as soon as no group left can beat the
 * best match found. Cost per lookup grows with the number of distinct match shapes (a dozen per
 * openshift-sdn table), not with the number of flows.
 */
import type { CompiledMatch } from './match.js';
import type { Packet } from './packet.js';

interface Entry<T> {
  readonly priority: number;
  /** Insertion order: the deterministic tie-break between overlapping equal-priority flows. */
  readonly order: number;
  readonly item: T;
}

interface Tuple<T> {
  readonly fields: readonly number[];
  readonly masks: readonly number[];
  /** See {@link packing}: the same for every match of the tuple (it depends on the masks only). */
  readonly mult: readonly number[] | undefined;
  maxPriority: number;
  /** Masked values → entries, best first, keyed by number (one field, or packed) or else by text. */
  readonly map: Map<number | string, Entry<T>[]>;
}

function tupleId(match: CompiledMatch): string {
  let id = '';
  for (let i = 0; i < match.fields.length; i++) id += `${match.fields[i]}:${match.masks[i]},`;
  return id;
}

/**
 * Multipliers that pack a tuple's masked values into one exact number (each field gets the bits
 * up to its mask's highest one), or undefined when they need more than 52 bits. A lookup builds
 * one key per tuple it visits: a number costs nothing to build and hashes fast, a text key
 * (`1,10.128.0.0,`) allocated per visit was most of the cost of a br0 run.
 */
function packing(masks: readonly number[]): number[] | undefined {
  if (masks.length === 1) return undefined;
  const mult: number[] = [];
  let bits = 0;
  for (const m of masks) {
    mult.push(2 ** bits);
    bits += 32 - Math.clz32(m);
  }
  return bits <= 52 ? mult : undefined;
}

function keyOf(
  fields: readonly number[],
  masks: readonly number[],
  values: ArrayLike<number>,
  direct: boolean,
  mult: readonly number[] | undefined,
): number | string {
  if (fields.length === 1) return (values[direct ? 0 : fields[0]!]! & masks[0]!) >>> 0;
  if (mult) {
    let key = 0;
    for (let i = 0; i < fields.length; i++)
      key += ((values[direct ? i : fields[i]!]! & masks[i]!) >>> 0) * mult[i]!;
    return key;
  }
  let key = '';
  for (let i = 0; i < fields.length; i++) key += `${(values[direct ? i : fields[i]!]! & masks[i]!) >>> 0},`;
  return key;
}

/**
 * A compiled match's tuple and key, computed once: compiled matches are shared by the bridges of
 * every node whose flows repeat (match.ts compileMatchShared).
 */
const placeOf = new WeakMap<CompiledMatch, { readonly id: string; readonly key: number | string }>();

const better = (a: Entry<unknown>, b: Entry<unknown>): boolean =>
  a.priority > b.priority || (a.priority === b.priority && a.order < b.order);

/** One OpenFlow table. Insert all flows, then call {@link Classifier.lookup}. */
export class Classifier<T> {
  private readonly byId = new Map<string, Tuple<T>>();
  private sorted: Tuple<T>[] | undefined;
  private count = 0;

  get size(): number {
    return this.count;
  }

  insert(match: CompiledMatch, priority: number, item: T): void {
    let placed = placeOf.get(match);
    if (!placed) {
      const mult = packing(match.masks);
      placed = { id: tupleId(match), key: keyOf(match.fields, match.masks, match.values, true, mult) };
      placeOf.set(match, placed);
    }
    const id = placed.id;
    let tuple = this.byId.get(id);
    if (!tuple) {
      tuple = {
        fields: match.fields,
        masks: match.masks,
        mult: packing(match.masks),
        maxPriority: priority,
        map: new Map(),
      };
      this.byId.set(id, tuple);
    }
    tuple.maxPriority = Math.max(tuple.maxPriority, priority);
    const key = placed.key;
    const entry: Entry<T> = { priority, order: this.count++, item };
    const list = tuple.map.get(key);
    if (!list) tuple.map.set(key, [entry]);
    else {
      let i = list.length;
      while (i > 0 && better(entry, list[i - 1]!)) i--;
      list.splice(i, 0, entry);
    }
    this.sorted = undefined;
  }

  /** The highest-priority entry matching the packet, or undefined (table miss). */
  lookup(packet: Packet): T | undefined {
    const tuples = (this.sorted ??= [...this.byId.values()].sort((a, b) => b.maxPriority - a.maxPriority));
    let best: Entry<T> | undefined;
    for (const tuple of tuples) {
      if (best && tuple.maxPriority < best.priority) break;
      const list = tuple.map.get(keyOf(tuple.fields, tuple.masks, packet, false, tuple.mult));
      const head = list?.[0];
      if (head && (!best || better(head, best))) best = head;
    }
    return best?.item;
  }

  /** Every entry, for analyses that enumerate a table. */
  *entries(): Iterable<T> {
    for (const tuple of this.byId.values())
      for (const list of tuple.map.values()) for (const e of list) yield e.item;
  }

  /** True when some flow of this table matches on the field slot. */
  matchesOn(slot: number): boolean {
    for (const tuple of this.byId.values()) if (tuple.fields.includes(slot)) return true;
    return false;
  }
}
