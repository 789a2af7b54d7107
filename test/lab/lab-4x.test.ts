/**
 * The 4.x lab's generators (issue 12 "A 4.x lab"), pure: br0 is rule version 13 for the three
 * plugins, flow faults still remove their flows, openshift-sdn has only `sdn` pods, the `sdn-config`
 * config map replaces node-config-compute, and sdn-doctor's model reads the API as 4.x (on the real
 * lab: test/e2e/lab-4x.test.ts and lab-4x-agreement.test.ts).
 */
import { describe, expect, it } from 'vitest';
import type { ApiSnapshot } from '../../src/artifacts/types.js';
import { labApiObjects } from '../../src/lab/api-objects.js';
import { nodeFlows } from '../../src/lab/apply.js';
import { resolveFault } from '../../src/lab/fault-targets.js';
import type { ActiveFault, LabPlugin, LabState } from '../../src/lab/model.js';
import { buildLabSpec } from '../../src/lab/spec.js';
import { buildModel } from '../../src/model/index.js';
import { parseOvsFlows } from '../../src/parsers/ovs-flows.js';
import { ovsVersionNote } from '../../src/model/build/ovs-note.js';

const state = (plugin: LabPlugin, release: '3.11' | '4.x', ...faults: ActiveFault[]): LabState => ({
  spec: buildLabSpec(
    { name: 'unit', nodes: 3, podsPerNode: 2, plugin, release },
    new Date('2026-11-21T22:00:00Z'),
  ),
  processes: [],
  faults,
  resourceVersion: 7,
});

const noteOf = (flows: string[]) => ovsVersionNote(parseOvsFlows(flows.join('\n') + '\n').records);

describe('lab --release 4.x', () => {
  for (const plugin of ['subnet', 'multitenant', 'networkpolicy'] as const) {
    it(`${plugin}: br0 is rule version 13; 3.11 stays rule version 7`, () => {
      expect(noteOf(nodeFlows(state(plugin, '4.x'), 1))?.ruleVersion).toBe(13);
      expect(noteOf(nodeFlows(state(plugin, '3.11'), 1))?.ruleVersion).toBe(7);
      expect(state(plugin, '3.11').spec.release).toBeUndefined(); // 3.11 specs are unchanged
    });
  }

  // `lab up --release 4.x --plugin networkpolicy` was refused until its own tables were generated
  it('networkpolicy builds its own rule-13 tables: conntrack, 27 per namespace, 30 commit; policy faults apply', () => {
    const s = state('networkpolicy', '4.x');
    const flows = nodeFlows(s, 2);
    expect(flows).toContain('table=0, priority=1000, ip, ct_state=-trk, actions=ct(table=0)');
    expect(flows.some((f) => f.startsWith('table=21,'))).toBe(false);
    const netids = s.spec.namespaces.filter((n) =>
      s.spec.pods.some((p) => p.nodeIndex === 2 && p.namespace === n.name),
    );
    for (const n of netids) {
      expect(flows).toContain(`table=27, priority=50, reg0=${n.netid}, actions=goto_table:30`);
    }
    expect(flows.filter((f) => /^table=30, .*ct\(commit,table=31\)$/.test(f)).length).toBe(2);
    expect(flows.filter((f) => f.startsWith('table=80, priority=150,')).length).toBeGreaterThan(0);
    const missing = resolveFault(s, 'policy-flow-missing', { node: 'node-2' });
    const faulty = nodeFlows({ ...s, faults: [missing] }, 2);
    expect(flows.filter((f) => !faulty.includes(f))).toHaveLength(1);
  });

  it('flow faults remove the same flows on rule version 13', () => {
    const s = state('subnet', '4.x');
    const fault = resolveFault(s, 'flow-tun-dst-missing', {});
    const on = fault.node as number;
    const peer = s.spec.nodes[(fault.peer as number) - 1]!;
    const faulty = nodeFlows({ ...s, faults: [fault] }, on);
    const gone = nodeFlows(s, on).filter((f) => !faulty.includes(f));
    expect(gone).toHaveLength(1);
    expect(gone[0]).toMatch(/^table=90, /);
    expect(gone[0]).toContain(`nw_dst=${peer.subnet},`);
  });

  it('the API: only sdn pods in openshift-sdn, sdn-config instead of node-config-compute; the model says 4.x', () => {
    const api = labApiObjects(state('multitenant', '4.x'));
    const sdnApps = api.pods.items
      .map((p) => p.metadata as { namespace: string; labels: Record<string, string> })
      .filter((m) => m.namespace === 'openshift-sdn')
      .map((m) => m.labels.app);
    expect(new Set(sdnApps)).toEqual(new Set(['sdn']));
    expect(api.configmaps.items.map((c) => (c.metadata as { name: string }).name)).toEqual(['sdn-config']);
    const snapshot: ApiSnapshot = Object.fromEntries(
      Object.entries(api).map(([k, v]) => [k, { ok: true, items: v.items }]),
    );
    const { model } = buildModel({
      collectedAt: 'x',
      collector: 'test',
      api: snapshot,
      artifacts: [],
      warnings: [],
    });
    expect(model.release?.release).toBe('4.x');
    const three = labApiObjects(state('multitenant', '3.11'));
    expect(three.configmaps.items.map((c) => (c.metadata as { name: string }).name)).toEqual([
      'node-config-compute',
    ]);
  });
});
