/**
 * `trace` and `matrix` on the example bundles (captured from a real lab by `sdn-doctor collect`,
 * examples/README.md): read with the real bundle reader and parsers, as the CLI does. The faulty
 * bundle's five faults must each show up as a broken-pair cause where the dataplane can see them.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderTraceText, traceToJson } from '../../src/report/trace.js';
import { loadClusterModel } from '../../src/cli/sources.js';
import { matrixToJson, renderMatrixText } from '../../src/report/matrix.js';
import { ClusterDataplane } from '../../src/dataplane/trace/cluster.js';
import { resolveSource, resolveTarget } from '../../src/dataplane/trace/endpoints.js';
import { computeMatrix } from '../../src/dataplane/matrix/matrix.js';

const EXAMPLES = join(import.meta.dirname, '../../examples');

describe('trace and matrix on the example bundles', () => {
  it('finds every pair reachable in the healthy bundle', async () => {
    const m = computeMatrix(
      new ClusterDataplane(await loadClusterModel({ bundle: join(EXAMPLES, 'healthy-3node') })),
    );
    expect(m.counts.pairs).toBeGreaterThan(0);
    expect(m.counts.broken).toBe(0);
    expect(m.broken).toEqual([]);
  });

  it('finds every pair reachable in the healthy 4.x bundle (rule version 13)', async () => {
    const m = computeMatrix(
      new ClusterDataplane(await loadClusterModel({ bundle: join(EXAMPLES, 'healthy-4x') })),
    );
    expect(m.counts.pairs).toBeGreaterThan(0);
    expect(m.broken).toEqual([]);
  });

  it('groups the faulty bundle by the faults injected into it', async () => {
    const m = computeMatrix(
      new ClusterDataplane(await loadClusterModel({ bundle: join(EXAMPLES, 'faulty-3node') })),
    );
    const causes = m.broken.map((b) => `${b.node} ${b.table ?? ''} ${b.disposition}`).sort();
    expect(causes).toEqual([
      'node-1 90 dropped', // flow-tun-dst-missing
      'node-1 nat/POSTROUTING reset', // svc-masquerade-missing
      'node-2  dropped', // ip-forward-off
      'node-3 20 dropped', // flow-pod-missing (its own traffic)
      'node-3 70 dropped', // flow-pod-missing (traffic to it)
      'node-3 nat/PREROUTING dropped', // svc-nat-missing
    ]);
    expect(m.broken.find((b) => b.node === 'node-2')?.rule).toBe('net.ipv4.ip_forward = 0');
    // the masquerade fault: pod → service pairs from node-1 whose endpoint answers the client pod directly
    const masq = m.broken.find((b) => b.disposition === 'reset')!;
    expect(masq.examples.every((e) => e.to.startsWith('svc/') && e.from.startsWith('pod/'))).toBe(true);
    expect(masq.message.en).toContain('OPENSHIFT-MASQUERADE');
    const text = renderMatrixText(m, 'ja');
    expect(text).toContain('到達できないペア');
  });

  it('traces a pod to a service hop by hop, with the contract JSON', async () => {
    const model = await loadClusterModel({ bundle: join(EXAMPLES, 'faulty-3node') });
    // a shop pod on node-2, the node with ip_forward = 0 (names change when the bundle is re-captured)
    const client = model.pods!.value.find(
      (p) => p.namespace === 'shop' && p.node === 'node-2' && !p.hostNetwork,
    )!;
    const from = resolveSource(model, `pod/shop/${client.name}`);
    const to = resolveTarget(model, 'svc/demo/web:80', undefined);
    if (!from.ok || !to.ok) throw new Error('example pod or service missing');
    const t = new ClusterDataplane(model).trace(from.value, to.value);
    const json = traceToJson(t) as {
      schemaVersion: number;
      disposition: string;
      hops: { node: string; steps: { kind: string }[] }[];
    };
    expect(json.schemaVersion).toBe(1);
    expect(json.disposition).toBe('dropped');
    expect(json.hops[0]?.node).toBe('node-2');
    expect(json.hops[0]?.steps.map((s) => s.kind)).toContain('sysctl');
    for (const h of json.hops)
      for (const s of h.steps)
        expect(Object.keys(s).every((k) => ['kind', 'table', 'rule', 'action'].includes(k))).toBe(true);
    expect(renderTraceText(t, 'en', 'trace')).toContain('net.ipv4.ip_forward = 0');
    expect(renderTraceText(t, 'en', 'trace')).toContain('drop: forwarding disabled');
  });

  it('speaks Japanese with --lang ja: step actions, causes and the JSON action strings', async () => {
    const model = await loadClusterModel({ bundle: join(EXAMPLES, 'faulty-3node') });
    const client = model.pods!.value.find(
      (p) => p.namespace === 'shop' && p.node === 'node-2' && !p.hostNetwork,
    )!;
    const from = resolveSource(model, `pod/shop/${client.name}`);
    const to = resolveTarget(model, 'svc/demo/web:80', undefined);
    if (!from.ok || !to.ok) throw new Error('example pod or service missing');
    const t = new ClusterDataplane(model).trace(from.value, to.value);
    const ja = renderTraceText(t, 'ja', 'trace');
    expect(ja).toContain('破棄: 転送が無効');
    expect(ja).toContain(`Pod shop/${client.name}`);
    expect(ja).toContain('はパケットを転送しません');
    expect(ja).not.toContain('drop: forwarding disabled');
    expect(ja).not.toContain('into br0 port');
    const json = traceToJson(t, true, 'ja') as { hops: { steps: Record<string, unknown>[] }[] };
    const actions = json.hops.flatMap((h) => h.steps.map((s) => s.action));
    expect(actions.every((a) => typeof a === 'string')).toBe(true);
    expect(actions).toContain('破棄: 転送が無効');
    for (const h of json.hops) for (const s of h.steps) expect(s).not.toHaveProperty('message');
    // English stays the default
    const en = traceToJson(t) as { hops: { steps: { action: string }[] }[] };
    expect(en.hops.flatMap((h) => h.steps.map((s) => s.action))).toContain('drop: forwarding disabled');

    const m = computeMatrix(new ClusterDataplane(model));
    const mj = matrixToJson(m, 'ja') as {
      pairs: Record<string, unknown>[];
      broken: { cause: string }[];
    };
    const brokenPair = mj.pairs.find((p) => p.reachable === false)!;
    expect(brokenPair.cause).toMatch(/[ぁ-んァ-ヶ一-龠]/);
    expect(brokenPair).not.toHaveProperty('message');
    expect(mj.broken.every((b) => /[ぁ-んァ-ヶ一-龠]/.test(b.cause))).toBe(true);
    const me = matrixToJson(m) as { broken: { cause: string }[] };
    expect(me.broken.map((b) => b.cause)).toEqual(m.broken.map((b) => b.message.en));
    expect(renderMatrixText(m, 'ja')).toContain('ノード node-2 はパケットを転送しません');
  });
});
