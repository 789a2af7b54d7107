/**
 * buildModelLazily, the model `trace` and `matrix` build: every fact and input warning of
 * buildModel, br0's flows read (warnings, table 253 note) but not kept, and read again per node by
 * `loadNode`. The dataplane over it must answer exactly as over the whole model, even when it keeps
 * one compiled node and reloads the others every time.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/artifacts/types.js';
import { ClusterDataplane } from '../../src/dataplane/trace/cluster.js';
import { computeMatrix } from '../../src/dataplane/matrix/matrix.js';
import { buildModel, buildModelLazily } from '../../src/model/build.js';
import { readBundle } from '../../src/sources/bundle/index.js';
import { nodeArtifact, sample } from '../bundle/helpers.js';

const EXAMPLES = join(import.meta.dirname, '../../examples');
const bundles = readdirSync(EXAMPLES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

describe('buildModelLazily', () => {
  it.each(bundles)('%s: the same warnings and facts, flows only through loadNode', async (bundle) => {
    const snapshot = await readBundle(join(EXAMPLES, bundle));
    const whole = buildModel(snapshot);
    const lazy = buildModelLazily(snapshot);
    expect(lazy.warnings).toEqual(whole.warnings);
    const names = Object.keys(whole.model.nodeFacts);
    expect(Object.keys(lazy.model.nodeFacts)).toEqual(names);
    let withFlows = 0;
    for (const name of names) {
      const full = whole.model.nodeFacts[name]!;
      const light = lazy.model.nodeFacts[name]!;
      if (full.ovs.flows) withFlows++;
      expect(light.ovs.flows, name).toBeUndefined();
      // the note read from the flows stays: the layout and the policy semantics come from it
      expect([light.ovs.pluginId, light.ovs.ruleVersion], name).toEqual([
        full.ovs.pluginId,
        full.ovs.ruleVersion,
      ]);
      expect(lazy.loadNode(name), name).toEqual(full);
    }
    expect(withFlows, 'the example has nodes with flows').toBeGreaterThan(0);
    expect(lazy.loadNode('no-such-node')).toBeUndefined();
  });

  it.each(bundles)('%s: the matrix over it equals the matrix over the whole model', async (bundle) => {
    const snapshot = await readBundle(join(EXAMPLES, bundle));
    const lazy = buildModelLazily(snapshot);
    let loads = 0;
    const loadNode = (name: string) => (loads++, lazy.loadNode(name));
    const expected = computeMatrix(new ClusterDataplane(buildModel(snapshot).model), {
      maxPairs: 10_000,
      nodeGrid: true,
    });
    const got = computeMatrix(new ClusterDataplane(lazy.model, { loadNode, cacheSize: 1 }), {
      maxPairs: 10_000,
      nodeGrid: true,
    });
    expect(JSON.stringify(got)).toBe(JSON.stringify(expected));
    expect(loads).toBeGreaterThan(0);
  });

  it('flows it could not use the first time are no flows the second, and warned about once', async () => {
    const text = await sample('synthetic_ovs3.1_dump_flows_br0_subnet_rv7_stats.txt');
    const snapshot: Snapshot = {
      collectedAt: 'x',
      collector: 'test',
      api: {},
      artifacts: [
        nodeArtifact('n1', 'ovs-flows', text),
        // cut off mid-line (no final newline): the facet is unknown, with a warning
        nodeArtifact('n2', 'ovs-flows', text.slice(0, text.lastIndexOf('\n') - 10)),
      ],
      warnings: [],
    };
    const whole = buildModel(snapshot);
    const lazy = buildModelLazily(snapshot);
    expect(lazy.warnings).toEqual(whole.warnings);
    expect(new Set(lazy.warnings.map((w) => w.source))).toEqual(new Set(['nodes/n2/ovs-flows.txt']));
    const before = lazy.warnings.length;
    lazy.loadNode('n2');
    expect(lazy.warnings).toHaveLength(before);
    expect(lazy.loadNode('n2')?.ovs.flows).toBeUndefined();
    expect(lazy.loadNode('n1')?.ovs.flows?.value).toEqual(whole.model.nodeFacts.n1?.ovs.flows?.value);
    expect(lazy.loadNode('n1')?.ovs.ruleVersion).toBe(7);
  });
});
