/**
 * The PATCH bodies of the lab API (src/lab/api/patch.ts): RFC 7386 merge patch, strategic merge patch
 * on NetworkPolicy / Namespace shapes (lists replaced whole, `$patch` directives), RFC 6902 JSON patch.
 */
import { describe, expect, it } from 'vitest';
import {
  jsonPatch,
  mergePatch,
  PatchError,
  patchTypeOf,
  strategicMergePatch,
} from '../../src/lab/api/patch.js';

const policy = {
  metadata: { name: 'p', labels: { a: '1', b: '2' } },
  spec: {
    podSelector: { matchLabels: { app: 'web' } },
    ingress: [{ from: [{ podSelector: {} }] }, { ports: [{ port: 80 }] }],
    policyTypes: ['Ingress'],
  },
};

describe('patch types', () => {
  it('by Content-Type, parameters ignored; apply-patch and others unknown', () => {
    expect(patchTypeOf('application/merge-patch+json')).toBe('merge');
    expect(patchTypeOf('application/strategic-merge-patch+json; charset=utf-8')).toBe('strategic');
    expect(patchTypeOf('application/json-patch+json')).toBe('json');
    expect(patchTypeOf('application/apply-patch+yaml')).toBeUndefined();
    expect(patchTypeOf(undefined)).toBeUndefined();
  });
});

describe('merge patch (RFC 7386, kubectl label)', () => {
  it('merges maps, null deletes, lists replace', () => {
    const out = mergePatch(policy, {
      metadata: { labels: { a: null, c: '3' } },
      spec: { ingress: [{}] },
    });
    expect(out).toEqual({
      metadata: { name: 'p', labels: { b: '2', c: '3' } },
      spec: { podSelector: { matchLabels: { app: 'web' } }, ingress: [{}], policyTypes: ['Ingress'] },
    });
    // the target is not modified
    expect(policy.metadata.labels).toEqual({ a: '1', b: '2' });
  });

  it('a non-object patch replaces the target (RFC 7386 §2)', () => {
    expect(mergePatch({ a: 1 }, [1])).toEqual([1]);
  });
});

describe('strategic merge patch (kubectl apply)', () => {
  it('NetworkPolicy lists have no merge key: ingress is replaced whole; bookkeeping keys are dropped', () => {
    const out = strategicMergePatch(policy, {
      metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' } },
      spec: { ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'a' } } }] }] },
      '$setElementOrder/ingress': [{}],
    }) as typeof policy & { metadata: { annotations: Record<string, string> } };
    expect(out.spec.ingress).toEqual([{ from: [{ namespaceSelector: { matchLabels: { team: 'a' } } }] }]);
    expect(out.metadata.annotations).toEqual({ 'kubectl.kubernetes.io/last-applied-configuration': '{}' });
    expect(out.metadata.labels).toEqual({ a: '1', b: '2' });
    expect(Object.keys(out).some((k) => k.startsWith('$'))).toBe(false);
  });

  it('null deletes a field; $patch: replace replaces a map; $patch: delete removes it', () => {
    const out = strategicMergePatch(policy, {
      spec: { ingress: null, podSelector: { $patch: 'replace', matchLabels: { app: 'db' } } },
      metadata: { labels: { $patch: 'delete' } },
    });
    expect(out).toEqual({
      metadata: { name: 'p' },
      spec: { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'] },
    });
  });

  it('$retainKeys keeps only the keys it names', () => {
    expect(strategicMergePatch({ a: 1, b: 2, c: 3 }, { $retainKeys: ['a', 'd'], d: 4 })).toEqual({
      a: 1,
      d: 4,
    });
  });
});

describe('JSON patch (RFC 6902)', () => {
  it('add, remove, replace, move, copy, test, in order', () => {
    const out = jsonPatch(policy, [
      { op: 'test', path: '/metadata/name', value: 'p' },
      { op: 'add', path: '/metadata/labels/c', value: '3' },
      { op: 'remove', path: '/metadata/labels/a' },
      { op: 'replace', path: '/spec/ingress/1/ports/0/port', value: 8080 },
      { op: 'add', path: '/spec/ingress/-', value: {} },
      { op: 'copy', from: '/metadata/labels/b', path: '/metadata/labels/d' },
      { op: 'move', from: '/metadata/labels/c', path: '/metadata/labels/e~1f' },
    ]) as { metadata: { labels: Record<string, string> }; spec: { ingress: unknown[] } };
    expect(out.metadata.labels).toEqual({ b: '2', d: '2', 'e/f': '3' });
    expect(out.spec.ingress).toEqual([{ from: [{ podSelector: {} }] }, { ports: [{ port: 8080 }] }, {}]);
    expect(policy.spec.ingress).toHaveLength(2);
  });

  it('a failing operation fails the whole patch', () => {
    expect(() => jsonPatch(policy, [{ op: 'remove', path: '/metadata/nope' }])).toThrow(PatchError);
    expect(() => jsonPatch(policy, [{ op: 'test', path: '/metadata/name', value: 'q' }])).toThrow(PatchError);
    expect(() => jsonPatch(policy, [{ op: 'replace', path: '/spec/ingress/5', value: 1 }])).toThrow(
      PatchError,
    );
    expect(() => jsonPatch(policy, { op: 'add' })).toThrow(PatchError);
    expect(() => jsonPatch(policy, [{ op: 'add', path: '/x' }])).toThrow(PatchError);
  });
});
