/**
 * The compiled nodes a ClusterDataplane keeps, the least recently used dropped first.
 *
 * Why not a Map reordered by delete-and-set, the usual LRU: V8 rebuilds an ordered hash table
 * once deletions pile up, and the table it leaves behind still holds its entries and a pointer to
 * its successor. Once one of those tables has been promoted to the old generation, the
 * young-generation collector (which cannot tell that it is dead) keeps every later table alive
 * through it, and with them every node compiled since: its flow records, its dump's text and its
 * compiled tables are copied and promoted until the next full collection. Compiling the 1000
 * nodes of the bench's cluster one after the other with four kept: 1 184 MB promoted through a
 * Map, 304 MB through this array (docs/dataplane.md, "The young generation kept nodes no one
 * kept").
 *
 * A bounded cache is a short array scanned by name (the matrix keeps 4 to 32 nodes; a packet
 * crosses two or three); an unbounded one, which keeps every node, a Map never deleted from.
 *
 * A node dropped or forgotten is released ({@link NodeView.release}): its bridge forgets the
 * tables compiled since it was built, for the same reason, one level down.
 */
import type { NodeView } from './node-view.js';

export class CompiledNodes {
  /** Bounded: least recently used first. */
  private readonly recent: NodeView[] = [];
  /** Unbounded: by name. */
  private readonly all = new Map<string, NodeView>();

  constructor(private readonly limit: number) {}

  /** The kept node of that name, now the most recently used. */
  get(name: string): NodeView | undefined {
    if (this.limit === Infinity) return this.all.get(name);
    const recent = this.recent;
    for (let i = recent.length - 1; i >= 0; i--) {
      const view = recent[i]!;
      if (view.name !== name) continue;
      if (i !== recent.length - 1) {
        recent.splice(i, 1);
        recent.push(view);
      }
      return view;
    }
    return undefined;
  }

  /** The kept node of that name, its place in the order unchanged (a look, not a use). */
  peek(name: string): NodeView | undefined {
    if (this.limit === Infinity) return this.all.get(name);
    return this.recent.find((v) => v.name === name);
  }

  /** Keeps `view` (no node of its name is kept), dropping the least recently used beyond the limit. */
  add(view: NodeView): void {
    if (this.limit === Infinity) {
      this.all.set(view.name, view);
      return;
    }
    this.recent.push(view);
    if (this.recent.length > this.limit) this.recent.shift()!.release();
  }

  /** Drops the node of that name, or every node. */
  forget(name?: string): void {
    if (name === undefined) {
      for (const view of [...this.recent, ...this.all.values()]) view.release();
      this.recent.length = 0;
      this.all.clear();
      return;
    }
    this.all.get(name)?.release();
    this.all.delete(name);
    const i = this.recent.findIndex((v) => v.name === name);
    if (i >= 0) this.recent.splice(i, 1)[0]!.release();
  }
}
