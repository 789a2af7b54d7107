/**
 * `matrix -n`: the narrowed matrix is exactly the whole matrix's pairs with an end in the chosen
 * namespaces — the same pairs with the same outcomes and causes, the same counts per kind and per
 * cause — on the example bundles and on fixture clusters with faults, subnet and multitenant
 * (classes of mixed namespaces must split, special pods must follow their pairs).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/model/build.js';
import { loadSnapshot } from '../../src/sources/choose.js';
import { ClusterDataplane } from '../../src/dataplane/trace/cluster.js';
import { computeMatrix, type MatrixResult } from '../../src/dataplane/matrix/matrix.js';
import type { ClusterModel } from '../../src/model/types.js';
import { fixtureCluster } from '../../testkit/dataplane/cluster-fixture.js';
import { fixtureModel } from '../../testkit/dataplane/fixture-model.js';

const EXAMPLES = join(import.meta.dirname, '../../examples');
const ALL = 1_000_000;

/** `pod/NS/NAME`, `svc/NS/NAME:PORT` → NS; `node/NAME` → none. */
const namespaceOf = (label: string): string | undefined => /^(?:pod|svc)\/([^/]+)\//.exec(label)?.[1];

function byCause(pairs: MatrixResult['pairs']): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of pairs) if (!p.reachable) out[p.cause!] = (out[p.cause!] ?? 0) + 1;
  return out;
}

function expectNarrowed(model: ClusterModel, namespaces: readonly string[]): void {
  const dp = new ClusterDataplane(model);
  const whole = computeMatrix(dp, { maxPairs: ALL });
  const narrowed = computeMatrix(new ClusterDataplane(model), { maxPairs: ALL, namespaces });
  const inScope = (p: { from: string; to: string }) =>
    [p.from, p.to].some((l) => namespaces.includes(namespaceOf(l) ?? ''));
  const want = whole.pairs.filter(inScope);
  const key = (p: MatrixResult['pairs'][number]) => `${p.from} ${p.to} ${p.reachable} ${p.cause ?? ''}`;
  expect(whole.truncated).toBe(false);
  expect(narrowed.pairs.map(key).sort()).toEqual(want.map(key).sort());
  expect(narrowed.counts.pairs).toBe(want.length);
  expect(narrowed.counts.reachable).toBe(want.filter((p) => p.reachable).length);
  for (const kind of ['pod-pod', 'pod-service', 'node-pod'] as const) {
    const ofKind = want.filter((p) =>
      kind === 'node-pod'
        ? p.from.startsWith('node/')
        : kind === 'pod-service'
          ? p.to.startsWith('svc/')
          : p.from.startsWith('pod/') && p.to.startsWith('pod/'),
    );
    expect(narrowed.counts.byKind[kind], kind).toEqual({
      pairs: ofKind.length,
      reachable: ofKind.filter((p) => p.reachable).length,
    });
  }
  const groups: Record<string, number> = {};
  for (const b of narrowed.broken) groups[b.cause] = (groups[b.cause] ?? 0) + b.pairs;
  // a pod → service pair counts under every cause of its branches: at least the listed one
  for (const [cause, n] of Object.entries(byCause(want)))
    expect(groups[cause] ?? 0).toBeGreaterThanOrEqual(n);
  for (const b of narrowed.broken)
    for (const e of b.examples) expect(inScope(e), `${e.from} → ${e.to}`).toBe(true);
  expect(narrowed.namespaces).toEqual([...namespaces].sort());
}

describe('matrix -n: the pairs with an end in the namespaces, nothing else, nothing lost', () => {
  for (const example of ['healthy-3node', 'faulty-3node']) {
    it(`${example}`, async () => {
      const { model } = buildModel(await loadSnapshot({ bundle: join(EXAMPLES, example) }));
      const namespaces = [...new Set((model.pods?.value ?? []).map((p) => p.namespace))].sort();
      expect(namespaces.length).toBeGreaterThan(1);
      for (const ns of namespaces) expectNarrowed(model, [ns]);
      expectNarrowed(model, namespaces.slice(0, 2));
      expectNarrowed(model, ['no-such-namespace']);
    });
  }

  for (const plugin of ['subnet', 'multitenant'] as const) {
    it(`${plugin} fixture with faults, and a flow naming another node's pod (special pairs)`, () => {
      const c = fixtureCluster(plugin, 3, 4);
      const pod = c.pods[5]!;
      const model = fixtureModel(c, [
        { id: 'flow-tun-dst-missing', node: 'node-1', peer: 'node-2' },
        { id: 'flow-pod-missing', pod: `${c.pods[2]!.namespace}/${c.pods[2]!.name}` },
        {
          id: 'extra-flow',
          node: 'node-1',
          flow: `table=80, priority=150, ip, nw_src=${pod.ip}, actions=drop`,
        },
      ]);
      for (const ns of c.namespaces.map((n) => n.name)) expectNarrowed(model, [ns]);
    });
  }
});
