import { describe, expect, it } from 'vitest';
import { ClusterDataplane } from '../../src/dataplane/trace/cluster.js';
import { resolveSource, resolveTarget } from '../../src/dataplane/trace/endpoints.js';
import type { Trace } from '../../src/dataplane/engine/types.js';
import type { ClusterModel } from '../../src/model/types.js';
import { fixtureCluster } from '../../testkit/dataplane/cluster-fixture.js';
import { fixtureModel, type FixtureFault } from '../../testkit/dataplane/fixture-model.js';

const cluster = fixtureCluster('multitenant', 3, 6);

function trace(model: ClusterModel, from: string, to: string): Trace {
  const s = resolveSource(model, from);
  const t = resolveTarget(model, to, undefined);
  if (!s.ok || !t.ok) throw new Error('bad endpoints in test');
  return new ClusterDataplane(model).trace(s.value, t.value);
}

const summary = (t: Trace) => ({
  disposition: t.disposition,
  to: t.deliveredTo,
  table: t.cause?.table,
  node: t.cause?.node,
});

describe('cluster trace', () => {
  it('delivers pod → pod across nodes through vxlan0, the remote table 10 and table 70', () => {
    const t = trace(fixtureModel(cluster), 'pod/blue/app-1-2', 'pod/blue/app-2-2');
    expect(summary(t)).toEqual({
      disposition: 'delivered',
      to: { kind: 'pod', namespace: 'blue', name: 'app-2-2', ip: '10.128.2.3' },
      table: undefined,
      node: undefined,
    });
    expect(t.hops.map((h) => h.node)).toEqual(['node-1', 'node-2']);
    expect(t.hops[0]!.steps.find((s) => s.kind === 'tunnel')?.action).toBe(
      'VXLAN to 192.168.50.13 VNI 13811611 (UDP 4789)',
    );
    expect(t.hops[1]!.steps.filter((s) => s.kind === 'table').map((s) => s.table)).toEqual([
      0, 10, 30, 70, 80,
    ]);
  });

  it('follows a service to every endpoint (alternatives), each through DNAT and masquerade', () => {
    const t = trace(fixtureModel(cluster), 'pod/blue/app-1-2', 'svc/blue/svc-blue:8081');
    const all = [t, ...(t.alternatives ?? [])];
    expect(
      all.map((b) => `${b.disposition} ${b.deliveredTo?.kind === 'pod' ? b.deliveredTo.name : '?'}`).sort(),
    ).toEqual(['delivered app-1-2', 'delivered app-1-5', 'delivered app-2-2']);
    expect(all.every((b) => b.hops[0]!.steps.some((s) => s.rule?.includes('-j DNAT')))).toBe(true);
  });

  const broken: [string, FixtureFault[], string, string, Partial<ReturnType<typeof summary>>][] = [
    [
      'a missing table 90 flow (flow-tun-dst-missing)',
      [{ id: 'flow-tun-dst-missing', node: 'node-1', peer: 'node-2' }],
      'pod/blue/app-1-2',
      'pod/blue/app-2-2',
      { disposition: 'dropped', table: 90, node: 'node-1' },
    ],
    [
      'a missing table 10 flow (flow-tun-src-missing)',
      [{ id: 'flow-tun-src-missing', node: 'node-2', peer: 'node-1' }],
      'pod/blue/app-1-2',
      'pod/blue/app-2-2',
      { disposition: 'dropped', table: 10, node: 'node-2' },
    ],
    [
      'missing pod flows (flow-pod-missing)',
      [{ id: 'flow-pod-missing', pod: 'blue/app-2-2' }],
      'pod/blue/app-1-2',
      'pod/blue/app-2-2',
      { disposition: 'dropped', table: 70, node: 'node-2' },
    ],
    [
      'ip_forward = 0 on the client node (service traffic is forwarded tun0 → tun0)',
      [{ id: 'ip-forward-off', node: 'node-1' }],
      'pod/blue/app-1-2',
      'svc/blue/svc-blue:8081',
      { disposition: 'dropped', node: 'node-1' },
    ],
    [
      'no cluster-network route on the node (cluster-route-missing)',
      [{ id: 'cluster-route-missing', node: 'node-2' }],
      'node/node-2',
      'pod/blue/app-1-2',
      { disposition: 'no-route', node: 'node-2' },
    ],
    [
      'an iptables DROP in FORWARD (iptables-drop)',
      [{ id: 'iptables-drop', node: 'node-1', rule: '-A FORWARD -p tcp -m tcp --dport 8080 -j DROP' }],
      'pod/blue/app-1-2',
      'svc/blue/svc-blue:8081',
      { disposition: 'denied', node: 'node-1', table: 'filter/FORWARD' },
    ],
  ];
  for (const [what, faults, from, to, expected] of broken) {
    it(`stops at ${what}`, () => {
      const healthy = trace(fixtureModel(cluster), from, to);
      expect(healthy.disposition).toBe('delivered');
      expect(summary(trace(fixtureModel(cluster, faults), from, to))).toMatchObject(expected);
    });
  }

  it('isolates projects in multitenant at table 80, and lets the global project through', () => {
    expect(summary(trace(fixtureModel(cluster), 'pod/blue/app-1-2', 'pod/green/app-2-3'))).toMatchObject({
      disposition: 'dropped',
      table: 80,
      node: 'node-2',
    });
    expect(trace(fixtureModel(cluster), 'pod/default/app-1-1', 'pod/green/app-2-3').disposition).toBe(
      'delivered',
    );
  });

  it('drops at the sender when the tunnel points at an IP no node has (stale HostSubnet, 39.6)', () => {
    const m = fixtureModel(cluster);
    const stale: ClusterModel = {
      ...m,
      nodes: {
        ...m.nodes!,
        value: m.nodes!.value.map((n) =>
          n.name === 'node-2'
            ? {
                ...n,
                internalIP: '192.168.50.99',
                addresses: [{ type: 'InternalIP', address: '192.168.50.99' }],
              }
            : n,
        ),
      },
    };
    const t = trace(stale, 'pod/blue/app-1-2', 'pod/blue/app-2-2');
    expect(t.disposition).toBe('dropped');
    expect(t.cause?.message.en).toContain('stale HostSubnet');
  });

  it('answers insufficient-info, never delivered, when the flows of a node were not collected', () => {
    const m = fixtureModel(cluster);
    const noFlows: ClusterModel = {
      ...m,
      nodeFacts: { ...m.nodeFacts, 'node-2': { ...m.nodeFacts['node-2']!, ovs: {} } },
    };
    const t = trace(noFlows, 'pod/blue/app-1-2', 'pod/blue/app-2-2');
    expect(t.disposition).toBe('insufficient-info');
    expect(t.cause?.node).toBe('node-2');
  });

  it('refuses unknown endpoints with a bilingual message', () => {
    const m = fixtureModel(cluster);
    const r = resolveTarget(m, 'svc/blue/nope:80', undefined);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.ja).toContain('nope');
    expect(resolveSource(m, 'pods/x').ok).toBe(false);
  });
});
