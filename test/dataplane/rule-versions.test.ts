/**
 * The simulator on the rule versions 12 (4.8/4.9) and 13 (4.10+) of openshift/sdn's own
 * `expectedFlows` tables (testkit/dataplane/expected-flows.ts): table 0 conntrack, tables 27/30/31,
 * DNS to the node in table 99, EgressNetworkPolicy in table 100, egress IP through `group:<vnid>`.
 */
import { describe, expect, it } from 'vitest';
import { Bridge } from '../../src/dataplane/engine/bridge.js';
import { F, newPacket } from '../../src/dataplane/engine/packet.js';
import type { Trace } from '../../src/dataplane/engine/types.js';
import { ClusterDataplane } from '../../src/dataplane/trace/cluster.js';
import { computeMatrix } from '../../src/dataplane/matrix/matrix.js';
import { resolveSource, resolveTarget } from '../../src/dataplane/trace/endpoints.js';
import { buildModel } from '../../src/model/index.js';
import type { ClusterModel } from '../../src/model/types.js';
import { parseOvsFlows } from '../../src/parsers/ovs-flows.js';
import { parseOvsGroups } from '../../src/parsers/ovs-groups.js';
import {
  expectedFlowsDump,
  expectedFlowsModel,
  expectedFlowsText,
  type ExpectedFlowsVersion,
} from '../../testkit/dataplane/expected-flows.js';
import { nodeArtifact } from '../bundle/helpers.js';

function trace(model: ClusterModel, from: string, to: string, proto?: string): Trace {
  const s = resolveSource(model, from);
  const t = resolveTarget(model, to, proto);
  if (!s.ok || !t.ok) throw new Error('bad endpoints in test');
  return new ClusterDataplane(model).trace(s.value, t.value);
}

const verdict = (t: Trace) => ({
  disposition: t.disposition,
  to: t.deliveredTo?.kind === 'pod' ? t.deliveredTo.name : t.deliveredTo?.kind,
  node: t.cause?.node,
  table: t.cause?.table,
});

const tablesOn = (t: Trace, node: string) =>
  t.hops
    .filter((h) => h.node === node)
    .flatMap((h) => h.steps.filter((s) => s.kind === 'table').map((s) => s.table));

const VERSIONS: ExpectedFlowsVersion[] = [12, 13];

describe.each(VERSIONS)('expectedFlows of rule version %i', (v) => {
  it('load without warnings: parser, bridge and model', () => {
    for (const node of ['node-a', 'node-b'] as const) {
      const text = expectedFlowsDump(v, node, false);
      const parsed = parseOvsFlows(text);
      expect(parsed.warnings).toEqual([]);
      expect(new Bridge(parsed.records).warnings).toEqual([]);
      const { model, warnings } = buildModel({
        collectedAt: 'x',
        collector: 'test',
        api: {},
        artifacts: [nodeArtifact(node, 'ovs-flows', text)],
        warnings: [],
      });
      expect(warnings).toEqual([]);
      expect(model.nodeFacts[node]?.ovs.ruleVersion).toBe(v);
    }
    expect(expectedFlowsText(v)).toContain(`note:00.0${v.toString(16).toUpperCase()}`);
  });

  it('as SetupOVS alone writes them (no plugin Start()), pod traffic is dropped where the table says', () => {
    const m = expectedFlowsModel(v, { withPlugin: false });
    const t = trace(m, 'pod/app/a1', 'pod/app/b1:8080');
    // 12: table 80 has no plugin rule on the receiver; 13: table 27 (egress policy) drops at the sender.
    expect(verdict(t)).toEqual(
      v === 12
        ? { disposition: 'dropped', to: undefined, node: 'node-b', table: 80 }
        : { disposition: 'dropped', to: undefined, node: 'node-a', table: 27 },
    );
    expect(t.cause?.message.en).toMatch(v === 12 ? /isolated by the plugin/ : /NetworkPolicy egress/);
  });

  describe('with the subnet plugin Start() flows', () => {
    const m = expectedFlowsModel(v);
    const cases: [string, string, string | undefined, ReturnType<typeof verdict>][] = [
      [
        'pod/app/a1',
        'pod/app/a2:8080',
        undefined,
        { disposition: 'delivered', to: 'a2', node: undefined, table: undefined },
      ],
      [
        'pod/app/a1',
        'pod/app/b1:8080',
        undefined,
        { disposition: 'delivered', to: 'b1', node: undefined, table: undefined },
      ],
      [
        'pod/app/b1',
        'pod/app/a1:8080',
        undefined,
        { disposition: 'delivered', to: 'a1', node: undefined, table: undefined },
      ],
      [
        'pod/app/a1',
        'svc/app/web:80',
        undefined,
        { disposition: 'delivered', to: 'b1', node: undefined, table: undefined },
      ],
      [
        'pod/app/a1',
        '8.8.8.8:443',
        undefined,
        { disposition: 'exits-network', to: 'external', node: undefined, table: undefined },
      ],
      [
        'pod/app/a1',
        '172.17.0.4:53',
        'udp',
        { disposition: 'delivered', to: 'node', node: undefined, table: undefined },
      ],
    ];
    it.each(cases)('%s → %s %s', (from, to, proto, want) => {
      const t = trace(m, from, to, proto);
      expect(verdict(t)).toEqual(want);
      for (const b of [t, ...(t.alternatives ?? [])]) expect(b.disposition).not.toBe('insufficient-info');
    });

    it('routes through the tables of its version: 21/30 (12) or 27/30/31 (13), after the table 0 ct()', () => {
      const t = trace(m, 'pod/app/a1', 'pod/app/b1:8080');
      expect(tablesOn(t, 'node-a')).toEqual(v === 12 ? [0, 0, 20, 21, 30, 90] : [0, 0, 20, 27, 30, 31, 90]);
      expect(tablesOn(t, 'node-b')).toEqual(v === 12 ? [0, 0, 10, 30, 70, 80] : [0, 0, 10, 30, 31, 70, 80]);
    });

    it('sends DNS to the node through table 99', () => {
      const t = trace(m, 'pod/app/a1', '172.17.0.4:53', 'udp');
      expect(tablesOn(t, 'node-a').at(-1)).toBe(99);
    });
  });

  it('an EgressNetworkPolicy drop is named as such in table 100 (rule version 11+)', () => {
    const deny = ' cookie=0, table=100, priority=4, reg0=42, ip, nw_dst=203.0.113.0/24, actions=drop';
    const m = expectedFlowsModel(v, { extra: { 'node-a': [deny] } });
    const t = trace(m, 'pod/app/a1', '203.0.113.7:443');
    expect(verdict(t)).toEqual({ disposition: 'dropped', to: undefined, node: 'node-a', table: 100 });
    expect(t.cause?.message.en).toMatch(/EgressNetworkPolicy/);
    expect(t.cause?.message.ja).toMatch(/EgressNetworkPolicy/);
  });
});

describe('rule version 13: tables 30 (conntrack setup) and 31 (routing) decide', () => {
  it('a bridge without the table 30 → 31 rule drops every pod packet in table 30', () => {
    const m = expectedFlowsModel(13);
    const facts = m.nodeFacts['node-a']!;
    const flows = facts.ovs.flows!.value.filter(
      (f) => !(f.table === 30 && f.actionsText === 'goto_table:31'),
    );
    const cut = {
      ...m,
      nodeFacts: {
        ...m.nodeFacts,
        'node-a': { ...facts, ovs: { ...facts.ovs, flows: { ...facts.ovs.flows!, value: flows } } },
      },
    };
    expect(verdict(trace(cut, 'pod/app/a1', 'pod/app/a2:8080'))).toEqual({
      disposition: 'dropped',
      to: undefined,
      node: 'node-a',
      table: 30,
    });
  });

  it('a table 31 rule decides before table 70: a drop for the local subnet stops same-node traffic', () => {
    const drop = ' cookie=0, table=31, priority=210, ip, nw_dst=10.128.0.3, actions=drop';
    const m = expectedFlowsModel(13, { extra: { 'node-a': [drop] } });
    expect(verdict(trace(m, 'pod/app/a1', 'pod/app/a2:8080'))).toEqual({
      disposition: 'dropped',
      to: undefined,
      node: 'node-a',
      table: 31,
    });
    // …and only that pod: the other local and the remote one are still reached.
    expect(trace(m, 'pod/app/a2', 'pod/app/a1:8080').disposition).toBe('delivered');
  });
});

describe('egress IP through OVS groups (rule version 10+)', () => {
  // A pod of an egress-IP namespace (VNID 37, the group of expectedFlows' table 101), per setupPodFlows.
  const pod = [
    ' cookie=0, table=20, priority=100, in_port=5, ip, nw_src=10.128.0.5, actions=load:37->NXM_NX_REG0[],goto_table:27',
    ' cookie=0, table=70, priority=100, ip, nw_dst=10.128.0.5, actions=load:37->NXM_NX_REG1[],load:5->NXM_NX_REG2[],goto_table:80',
  ];
  // SetNamespaceEgressViaEgressIPs: node-a sends to the node hosting the egress IP (node-b) …
  const remoteBucket =
    'OFPST_GROUP_DESC reply (OF1.3) (xid=0x2):\n group_id=37,type=select,bucket=actions=move:NXM_NX_REG0[]->NXM_NX_TUN_ID[0..31],set_field:10.0.123.45->tun_dst,output:1\n';
  // … which marks it and sends it out through tun0.
  const localBucket =
    'OFPST_GROUP_DESC reply (OF1.3) (xid=0x2):\n group_id=37,type=select,bucket=actions=set_field:c6:ac:2c:13:48:4b->eth_dst,set_field:0x25->pkt_mark,output:2\n';
  const withEgress = (groups: Partial<Record<string, string>>): ClusterModel => {
    const base = expectedFlowsModel(13, { extra: { 'node-a': pod } });
    const m: ClusterModel = {
      ...base,
      netNamespaces: {
        ...base.netNamespaces!,
        value: [...base.netNamespaces!.value, { name: 'egress', netid: 37, multicast: false }],
      },
      pods: {
        ...base.pods!,
        value: [
          ...base.pods!.value,
          { ...base.pods!.value[0]!, namespace: 'egress', name: 'e1', podIP: '10.128.0.5', labels: {} },
        ],
      },
      nodeFacts: Object.fromEntries(
        Object.entries(base.nodeFacts).map(([n, f]) => {
          const text = groups[n];
          if (text === undefined) return [n, f];
          return [
            n,
            {
              ...f,
              ovs: {
                ...f.ovs,
                groups: { value: parseOvsGroups(text).records, artifact: `nodes/${n}/ovs-groups.txt` },
              },
            },
          ];
        }),
      ),
    };
    return m;
  };

  it('follows the buckets to the egress node, where the traffic leaves the cluster', () => {
    const t = trace(
      withEgress({ 'node-a': remoteBucket, 'node-b': localBucket }),
      'pod/egress/e1',
      '8.8.8.8:443',
    );
    expect(verdict(t)).toEqual({
      disposition: 'exits-network',
      to: 'external',
      node: undefined,
      table: undefined,
    });
    expect(t.hops.map((h) => h.node)).toEqual(['node-a', 'node-b']);
    expect(tablesOn(t, 'node-a').at(-1)).toBe(101);
    expect(tablesOn(t, 'node-b').at(-1)).toBe(101);
  });

  it('says insufficient-info, never a guess, when the groups were not collected', () => {
    const t = trace(withEgress({}), 'pod/egress/e1', '8.8.8.8:443');
    expect(verdict(t)).toEqual({
      disposition: 'insufficient-info',
      to: undefined,
      node: 'node-a',
      table: 101,
    });
    expect(t.cause?.message.en).toMatch(/dump-groups br0/);
  });

  it('says insufficient-info when the dumped groups lack the id, and drops through a group without buckets', () => {
    const other = 'OFPST_GROUP_DESC reply (OF1.3) (xid=0x2):\n group_id=99,type=select\n';
    expect(trace(withEgress({ 'node-a': other }), 'pod/egress/e1', '8.8.8.8:443').disposition).toBe(
      'insufficient-info',
    );
    const empty = 'OFPST_GROUP_DESC reply (OF1.3) (xid=0x2):\n group_id=37,type=select\n';
    expect(verdict(trace(withEgress({ 'node-a': empty }), 'pod/egress/e1', '8.8.8.8:443'))).toEqual({
      disposition: 'dropped',
      to: undefined,
      node: 'node-a',
      table: 101,
    });
  });

  it('runs every bucket of a select group on its own copy of the packet', () => {
    const flows = parseOvsFlows([' cookie=0, table=0, priority=0, actions=group:37'].join('\n')).records;
    const groups = parseOvsGroups(
      ' group_id=37,type=select,bucket=actions=set_field:10.0.0.1->tun_dst,output:1,bucket=actions=set_field:10.0.0.2->tun_dst,output:1\n',
    ).records;
    const r = new Bridge(flows, undefined, groups).run(newPacket());
    expect(r.end).toBeUndefined();
    expect(r.outputs.map((o) => o.packet[F.TUN_DST])).toEqual([0x0a000001, 0x0a000002]);
  });
});

describe('matrix on rule versions 12 and 13', () => {
  it('calls a drop in the policy tables of each version isolation (12: table 80; 13: table 27)', () => {
    for (const v of VERSIONS) {
      const m = computeMatrix(new ClusterDataplane(expectedFlowsModel(v, { withPlugin: false })));
      const podDrops = m.broken.filter((g) => g.table === (v === 12 ? 80 : 27));
      expect(podDrops.length, `rule version ${v}`).toBeGreaterThan(0);
      expect(podDrops.every((g) => g.isolation === true)).toBe(true);
      expect(m.broken.some((g) => g.disposition === 'insufficient-info')).toBe(false);
    }
  });

  it('finds every pod pair reachable once the plugin flows are there', () => {
    for (const v of VERSIONS) {
      const m = computeMatrix(new ClusterDataplane(expectedFlowsModel(v)));
      expect(m.counts.byKind['pod-pod'], `rule version ${v}`).toEqual({ pairs: 6, reachable: 6 });
    }
  });
});
