import { describe, expect, it } from 'vitest';
import { ClusterDataplane } from '../../src/dataplane/trace/cluster.js';
import { gatewayOf, parseIp } from '../../src/net/ipv4.js';
import { computeMatrix } from '../../src/dataplane/matrix/matrix.js';
import { PROTO_TCP } from '../../src/dataplane/engine/packet.js';
import { SUCCESS_DISPOSITIONS, type Trace } from '../../src/dataplane/engine/types.js';
import type { ClusterModel } from '../../src/model/types.js';
import { fixtureCluster } from '../../testkit/dataplane/cluster-fixture.js';
import { fixtureModel, type FixtureFault } from '../../testkit/dataplane/fixture-model.js';

/**
 * Every pair traced one by one: what the classes must reproduce exactly. A pair needs both ways
 * (TCP): pod → pod and back; pod → service on every endpoint branch, and every endpoint back to
 * client's node (kube-proxy masquerades it to tun0's address); node → pod and back to the node,
 * each reply traced to the node's tun0 address.
 */
function bruteForce(model: ClusterModel): Map<string, boolean> {
  const dp = new ClusterDataplane(model);
  const pods = [...model.pods!.value].sort((a, b) =>
    `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`),
  );
  const out = new Map<string, boolean>();
  const ok = (t: Trace, ip?: string): boolean =>
    [t, ...(t.alternatives ?? [])].every(
      (b) =>
        SUCCESS_DISPOSITIONS.has(b.disposition) &&
        b.deliveredTo?.kind === 'pod' &&
        (ip === undefined || b.deliveredTo.ip === ip),
    );
  const fwd = new Map<string, boolean>();
  const podToPod = (a: (typeof pods)[number], b: (typeof pods)[number]): boolean => {
    const k = `${a.name}>${b.name}`;
    let v = fwd.get(k);
    if (v === undefined) {
      v =
        a === b ||
        ok(
          dp.trace({ kind: 'pod', pod: a }, { ip: parseIp(b.podIP!)!, port: 8080, proto: PROTO_TCP }),
          b.podIP,
        );
      fwd.set(k, v);
    }
    return v;
  };
  /** The reply to node `node`'s tun0 address (kube-proxy masquerades pod → service to it too). */
  const toNode = (a: (typeof pods)[number], node: string): boolean => {
    const subnet = model.hostSubnets!.value.find((h) => h.host === node)!.subnet;
    const t = dp.trace(
      { kind: 'pod', pod: a },
      { ip: parseIp(gatewayOf(subnet)!)!, port: 8080, proto: PROTO_TCP },
    );
    return [t, ...(t.alternatives ?? [])].every(
      (b) => SUCCESS_DISPOSITIONS.has(b.disposition) && b.deliveredTo?.kind === 'node',
    );
  };
  const label = (p: (typeof pods)[number]) => `pod/${p.namespace}/${p.name}`;
  for (const a of pods) {
    for (const b of pods) {
      if (a === b) continue;
      out.set(`${label(a)}>${label(b)}`, podToPod(a, b) && podToPod(b, a));
    }
    for (const s of model.services!.value) {
      const eps = model.endpoints!.value.find((e) => e.namespace === s.namespace && e.name === s.name)!;
      const back = eps.subsets
        .flatMap((x) => x.addresses)
        .every((e) => {
          const endpoint = pods.find((p) => p.podIP === e.ip)!;
          // a client that is itself the endpoint gets its own answer (hairpin, kube-proxy SNATs it)
          return endpoint === a ? podToPod(endpoint, a) : toNode(endpoint, a.node!);
        });
      for (const sp of s.ports) {
        const t = dp.trace(
          { kind: 'pod', pod: a },
          { ip: parseIp(s.clusterIP!)!, port: sp.port, proto: PROTO_TCP },
        );
        out.set(`${label(a)}>svc/${s.namespace}/${s.name}:${sp.port}`, ok(t) && back);
      }
    }
  }
  for (const n of model.nodes!.value) {
    for (const b of pods) {
      const there = ok(
        dp.trace({ kind: 'node', node: n.name }, { ip: parseIp(b.podIP!)!, port: 8080, proto: PROTO_TCP }),
        b.podIP,
      );
      out.set(`node/${n.name}>${label(b)}`, there && toNode(b, n.name));
    }
  }
  return out;
}

const scenarios: [string, 'subnet' | 'multitenant', FixtureFault[]][] = [
  ['healthy subnet', 'subnet', []],
  ['healthy multitenant', 'multitenant', []],
  ['flow-tun-dst-missing', 'multitenant', [{ id: 'flow-tun-dst-missing', node: 'node-1', peer: 'node-3' }]],
  ['flow-tun-src-missing', 'subnet', [{ id: 'flow-tun-src-missing', node: 'node-2', peer: 'node-1' }]],
  ['flow-pod-missing', 'multitenant', [{ id: 'flow-pod-missing', pod: 'blue/app-2-2' }]],
  [
    'ip-forward-off + iptables-drop',
    'subnet',
    [
      { id: 'ip-forward-off', node: 'node-3' },
      { id: 'iptables-drop', node: 'node-2', rule: '-A FORWARD -d 10.128.0.0/23 -j DROP' },
    ],
  ],
  ['cluster-route-missing', 'multitenant', [{ id: 'cluster-route-missing', node: 'node-1' }]],
  // pods that are endpoints of a service reach it by hairpin (kube-proxy SNATs that itself),
  // the others of their class not: the class must not speak for them
  ['svc-masquerade-missing', 'subnet', [{ id: 'svc-masquerade-missing', node: 'node-1' }]],
  ['svc-masquerade-missing (multitenant)', 'multitenant', [{ id: 'svc-masquerade-missing', node: 'node-2' }]],
  [
    // node-1's own traffic to node-3's subnet only: must keep node-3 apart from node-2
    'an OUTPUT rule dropping one subnet',
    'subnet',
    [{ id: 'iptables-drop', node: 'node-1', rule: '-A OUTPUT -d 10.128.4.0/23 -j DROP' }],
  ],
  [
    // node-1's own traffic to node-3's subnet only, by route: must keep node-3 apart from node-2
    'a blackhole route to one subnet',
    'subnet',
    [{ id: 'blackhole-route', node: 'node-1', dst: '10.128.4.0/23' }],
  ],
  [
    // node-1 tunnels node-3's subnet to node-2's IP: alike to the other table 90 flows but for
    // the address, which must keep node-3 out of node-1's group of alike destinations
    'a table 90 flow tunnelling to the wrong node',
    'subnet',
    [
      {
        id: 'extra-flow',
        node: 'node-1',
        flow: 'table=90, priority=150, ip, nw_dst=10.128.4.0/23, actions=move:NXM_NX_REG0[]->NXM_NX_TUN_ID[0..31],set_field:192.168.50.13->tun_dst,output:1',
      },
    ],
  ],
  [
    "flows naming another node's pods (as NetworkPolicy peers do)",
    'subnet',
    [
      {
        id: 'extra-flow',
        node: 'node-2',
        flow: 'table=80, priority=250, ip, nw_src=10.128.0.3, actions=drop',
      },
      {
        id: 'extra-flow',
        node: 'node-1',
        flow: 'table=90, priority=150, ip, nw_dst=10.128.4.4, actions=drop',
      },
    ],
  ],
];

describe('matrix by equivalence classes', () => {
  for (const [name, plugin, faults] of scenarios) {
    it(`gives exactly the pair-by-pair answer (${name})`, () => {
      const model = fixtureModel(fixtureCluster(plugin, 3, 6), faults);
      const m = computeMatrix(new ClusterDataplane(model));
      const got = new Map(m.pairs.map((p) => [`${p.from}>${p.to}`, p.reachable]));
      expect(m.truncated).toBe(false);
      expect(got).toEqual(bruteForce(model));
      // a pair counts under every cause breaking one of its branches (pod → service endpoints)
      expect(m.broken.reduce((n, g) => n + g.pairs, 0)).toBeGreaterThanOrEqual(m.counts.broken);
      const causes = new Set(m.broken.map((g) => g.cause));
      for (const p of m.pairs) if (!p.reachable) expect(causes.has(p.cause!)).toBe(true);
      expect(m.stats.traces).toBeLessThan(got.size);
      // the way back computed cell by cell, without the reply table: the same answer
      expect(computeMatrix(new ClusterDataplane(model), { maxReplyCells: 0 })).toStrictEqual(m);
    });
  }

  it('groups remote nodes by underlay route however the routes interleave in name order', () => {
    // node-2 and node-4 are reached through a gateway, node-3 and node-5 directly: in name order
    // the route changes at every node, which must not cost a trace per change (the 2000-node
    // bench traced 17 times more than the 1000-node one that way)
    const c = fixtureCluster('subnet', 5, 2);
    const uniform = fixtureModel(c);
    const viaGateway = ['node-2', 'node-4'].map((n) => c.nodes.find((x) => x.name === n)!.ip);
    const model: ClusterModel = {
      ...uniform,
      nodeFacts: Object.fromEntries(
        Object.entries(uniform.nodeFacts).map(([name, f]) => [
          name,
          {
            ...f,
            routes: {
              ...f.routes!,
              value: [
                ...f.routes!.value,
                ...viaGateway.map((ip, i) => ({
                  line: 100 + i,
                  raw: `${ip} via 192.168.50.254 dev eth0`,
                  type: 'unicast',
                  dst: ip,
                  via: '192.168.50.254',
                  dev: 'eth0',
                })),
              ],
            },
          },
        ]),
      ),
    };
    const m = computeMatrix(new ClusterDataplane(model));
    expect(new Map(m.pairs.map((p) => [`${p.from}>${p.to}`, p.reachable]))).toEqual(bruteForce(model));
    const sources = m.stats.podClasses + c.nodes.length;
    const alike = computeMatrix(new ClusterDataplane(uniform)).stats.traces;
    // at most one more remote trace per source and route (two routes), not one per change of
    // route (before: 26 more here)
    expect(m.stats.traces - alike).toBeLessThanOrEqual(2 * sources);
  });

  it('finds nothing broken in a healthy subnet cluster, and groups one missing flow as one cause', () => {
    const c = fixtureCluster('subnet', 3, 6);
    expect(computeMatrix(new ClusterDataplane(fixtureModel(c))).broken).toEqual([]);
    const m = computeMatrix(
      new ClusterDataplane(fixtureModel(c, [{ id: 'flow-tun-dst-missing', node: 'node-1', peer: 'node-2' }])),
    );
    expect(m.broken.map((b) => ({ node: b.node, table: b.table, rule: b.rule, pairs: b.pairs }))).toEqual([
      // 6 pods on node-1 → 6 on node-2, 6 node-2 pods' services seen from node-1 (3 of 6 pods × svc), node-1 → 6 pods
      { node: 'node-1', table: 90, rule: 'table=90, priority=0, actions=drop', pairs: m.counts.broken },
    ]);
    expect(m.broken[0]!.examples[0]).toEqual({ from: 'pod/blue/app-1-2', to: 'pod/blue/app-2-2' });
  });

  it('marks multitenant isolation as isolation, not as a fault', () => {
    const m = computeMatrix(new ClusterDataplane(fixtureModel(fixtureCluster('multitenant', 3, 6))));
    expect(m.broken.length).toBeGreaterThan(0);
    expect(m.broken.every((b) => b.isolation === true && b.table === 80)).toBe(true);
  });

  it('aggregates pod → pod pairs by node pair when asked (the HTML heatmap), equal to the listed pairs', () => {
    const model = fixtureModel(fixtureCluster('subnet', 3, 6), [
      { id: 'flow-tun-dst-missing', node: 'node-1', peer: 'node-2' },
    ]);
    const m = computeMatrix(new ClusterDataplane(model), { nodeGrid: true });
    expect(computeMatrix(new ClusterDataplane(model)).nodeGrid).toBeUndefined();
    const g = m.nodeGrid!;
    const n = g.nodes.length;
    const nodeOf = new Map(model.pods!.value.map((p) => [`pod/${p.namespace}/${p.name}`, p.node!]));
    const want = { pairs: new Array<number>(n * n).fill(0), reachable: new Array<number>(n * n).fill(0) };
    for (const p of m.pairs) {
      if (!p.to.startsWith('pod/') || !p.from.startsWith('pod/')) continue;
      const k = g.nodes.indexOf(nodeOf.get(p.from)!) * n + g.nodes.indexOf(nodeOf.get(p.to)!);
      want.pairs[k]!++;
      if (p.reachable) want.reachable[k]!++;
    }
    expect({ pairs: g.pairs, reachable: g.reachable }).toEqual(want);
    // node-1 → node-2 breaks by the table 90 cause, and node-2 → node-1 too (the reply needs it)
    const broken = g.cause.flatMap((c, k) => (c >= 0 ? [[g.nodes[Math.floor(k / n)], g.nodes[k % n]]] : []));
    expect(broken).toEqual([
      ['node-1', 'node-2'],
      ['node-2', 'node-1'],
    ]);
    expect(m.broken[g.cause[1]!]!.table).toBe(90);
  });

  it('lists at most --max-pairs pairs but always counts all of them', () => {
    const m = computeMatrix(new ClusterDataplane(fixtureModel(fixtureCluster('subnet', 3, 6))), {
      maxPairs: 10,
    });
    expect(m.pairs).toHaveLength(10);
    expect(m.truncated).toBe(true);
    expect(m.counts.pairs).toBe(18 * 17 + 18 * 3 + 3 * 18);
  });
});
