import { describe, expect, it, vi } from 'vitest';
import { CompiledNodes } from '../../src/dataplane/trace/compiled-nodes.js';
import { NodeView } from '../../src/dataplane/trace/node-view.js';
import type { ClusterModel } from '../../src/model/types.js';

const MODEL: ClusterModel = { nodeFacts: {} };
const view = (name: string): NodeView => new NodeView(name, undefined, MODEL);
const kept = (c: CompiledNodes, names: readonly string[]): string[] =>
  names.filter((n) => c.get(n) !== undefined);

describe('CompiledNodes', () => {
  it('drops the least recently used node beyond its limit, not the first added', () => {
    const c = new CompiledNodes(2);
    const a = view('a');
    c.add(a);
    c.add(view('b'));
    expect(c.get('a')).toBe(a); // a is now the most recently used
    c.add(view('c'));
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')).toBe(a);
    expect(c.get('c')?.name).toBe('c');
  });

  it('lets a node be looked at without making it the most recently used', () => {
    const c = new CompiledNodes(2);
    const a = view('a');
    c.add(a);
    c.add(view('b'));
    expect(c.peek('a')).toBe(a);
    expect(c.peek('z')).toBeUndefined();
    c.add(view('c'));
    expect(c.peek('a')).toBeUndefined(); // still the least recently used, so dropped
    expect(c.peek('b')?.name).toBe('b');
  });

  it('keeps at most its limit, and every node without one', () => {
    const bounded = new CompiledNodes(3);
    const unbounded = new CompiledNodes(Infinity);
    const names = Array.from({ length: 50 }, (_, i) => `node-${i}`);
    for (const n of names) {
      bounded.add(view(n));
      unbounded.add(view(n));
    }
    expect(kept(bounded, names)).toEqual(['node-47', 'node-48', 'node-49']);
    expect(kept(unbounded, names)).toEqual(names);
  });

  it('forgets one node or all of them', () => {
    for (const limit of [4, Infinity]) {
      const c = new CompiledNodes(limit);
      for (const n of ['a', 'b', 'c']) c.add(view(n));
      c.forget('b');
      expect(kept(c, ['a', 'b', 'c'])).toEqual(['a', 'c']);
      c.forget();
      expect(kept(c, ['a', 'b', 'c'])).toEqual([]);
    }
  });

  it('releases the nodes it drops or forgets, and only those', () => {
    for (const limit of [2, Infinity]) {
      const c = new CompiledNodes(limit);
      const views = ['a', 'b', 'c', 'd'].map(view);
      const release = views.map((v) => vi.spyOn(v, 'release'));
      const released = (): string[] =>
        views.filter((_, i) => release[i]!.mock.calls.length > 0).map((v) => v.name);
      for (const v of views.slice(0, 3)) c.add(v);
      expect(released()).toEqual(limit === 2 ? ['a'] : []);
      c.forget('c');
      expect(released()).toEqual(limit === 2 ? ['a', 'c'] : ['c']);
      c.add(views[3]!);
      c.forget();
      expect(released()).toEqual(['a', 'b', 'c', 'd']);
      expect(release.map((r) => r.mock.calls.length)).toEqual([1, 1, 1, 1]);
    }
  });
});
