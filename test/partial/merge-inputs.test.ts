/**
 * Several inputs merged into one model: API objects from one input, node facts from the others
 * (matched by name, short host name or address), conflicts named. Split from our own example
 * bundles, the merged inputs must give exactly the findings of the whole bundle.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/artifacts/types.js';
import { analyzeSnapshot } from '../../src/checks/analyze.js';
import { mergeSnapshots, readBundle } from '../../src/sources/bundle/index.js';

const EXAMPLES = join(import.meta.dirname, '../../examples');
const keys = (s: Snapshot) =>
  analyzeSnapshot(s)
    .findings.map((f) => `${f.check} ${f.severity} ${f.node ?? ''} ${f.fault ?? ''} ${f.message.en}`)
    .sort();

/** The API part of a bundle (what a must-gather holds) and one input per node (what sosreports hold). */
function split(whole: Snapshot, rename: (node: string) => string = (n) => n) {
  const apiOnly: Snapshot = { ...whole, artifacts: whole.artifacts.filter((a) => !a.node), warnings: [] };
  const nodes = [...new Set(whole.artifacts.flatMap((a) => (a.node ? [a.node] : [])))].sort();
  const perNode = nodes.map((n) => ({
    label: `sosreport-${n}`,
    snapshot: {
      ...whole,
      api: {},
      warnings: [],
      artifacts: whole.artifacts.filter((a) => a.node === n).map((a) => ({ ...a, node: rename(n) })),
    },
  }));
  return [{ label: 'must-gather', snapshot: apiOnly }, ...perNode];
}

describe('analyze PATH...: several inputs, one model', () => {
  let healthy: Snapshot;
  let faulty: Snapshot;
  beforeAll(async () => {
    healthy = await readBundle(join(EXAMPLES, 'healthy-3node'));
    faulty = await readBundle(join(EXAMPLES, 'faulty-3node'));
  });

  it('API from one input + node facts from one input per node = the findings of the whole bundle', () => {
    for (const whole of [healthy, faulty]) {
      const merged = mergeSnapshots(split(whole));
      expect(keys(merged)).toEqual(keys(whole));
      expect(merged.warnings).toEqual([]);
    }
    expect(keys(faulty).length).toBeGreaterThan(0);
  });

  it('node inputs named by FQDN are matched to the API nodes by short host name', () => {
    const merged = mergeSnapshots(split(faulty, (n) => `${n}.cluster.example.com`));
    expect(keys(merged)).toEqual(keys(faulty));
  });

  it('node inputs named by an unrelated host name are matched by an address the API lists for one node', () => {
    // a sosreport's hostname is often not the Node name (ip-10-0-1-5 vs node-1); its `ip addr` says which
    const merged = mergeSnapshots(split(faulty, (n) => `localhost-${n.slice(-1)}x`));
    expect(keys(merged)).toEqual(keys(faulty));
    expect(new Set(merged.artifacts.flatMap((a) => (a.node ? [a.node] : [])))).toEqual(
      new Set(['node-1', 'node-2', 'node-3']),
    );
  });

  it('evidence names the input and the file inside it', () => {
    const merged = mergeSnapshots(split(faulty));
    const evidence = analyzeSnapshot(merged).findings.flatMap((f) => f.evidence.map((e) => e.artifact));
    expect(evidence.length).toBeGreaterThan(0);
    for (const e of evidence) expect(e).toMatch(/^(must-gather|sosreport-node-\d)\//);
  });

  it('two inputs with the same node fact: a warning naming both, the first used', () => {
    const merged = mergeSnapshots([
      { label: 'a', snapshot: healthy },
      { label: 'b', snapshot: { ...faulty, api: {} } },
    ]);
    const w = merged.warnings.find((x) => x.source === 'b/nodes/node-1/ovs-flows.txt');
    expect(w?.message.en).toContain('a/nodes/node-1/ovs-flows.txt and b/nodes/node-1/ovs-flows.txt');
    expect(keys(merged).map((k) => k.replace(/ a\//g, ' '))).toEqual(keys(healthy));
  });
});
