/**
 * A two-node cluster around openshift/sdn's own `expectedFlows` tables (TestRuleVersion in
 * pkg/network/node/ovscontroller_test.go): release-4.9 (rule version 12) and master (rule
 * version 13), as copied under test/fixtures/ovs-flows/ (SOURCES.md). The test programs one node
 * (SetupOVS(10.128.0.0/14, 172.30.0.0/16, local 10.128.0.0/23, gw 10.128.0.1), node IP 172.17.0.4,
 * pod 10.128.0.2 on ofport 3 with VNID 42, remote HostSubnet 10.128.2.0/23 on 10.0.123.45); the
 * remote node gets the same flows with the two nodes' addresses exchanged, as SetupOVS and
 * AddHostSubnetRules write them there. Only SetupOVS runs in that test, not a plugin's Start():
 * `pluginFlows` adds what the subnet plugin's Start() writes (singletenant.go) and a second local
 * pod (setupPodFlows), taken from the same branch.
 */
import { readFileSync } from 'node:fs';
import type { ClusterModel, NodeFacts } from '../../src/model/types.js';
import type { FixtureCluster } from './cluster-fixture.js';
import { fixtureApi, nodeFacts } from './fixture-model.js';

export type ExpectedFlowsVersion = 12 | 13;

const FILES: Record<ExpectedFlowsVersion, string> = {
  12: 'synthetic_fake_ovs_expectedFlows_sdn_release-4.9.txt',
  13: 'synthetic_fake_ovs_expectedFlows_sdn_master.txt',
};

export function expectedFlowsText(v: ExpectedFlowsVersion): string {
  return readFileSync(new URL(`../../test/fixtures/ovs-flows/${FILES[v]}`, import.meta.url), 'utf8');
}

/** The local node of the test and the remote node its AddHostSubnetRules names. */
export const EXPECTED_FLOWS_CLUSTER: FixtureCluster = {
  plugin: 'subnet',
  policies: [],
  nodes: [
    { name: 'node-a', ip: '172.17.0.4', subnet: '10.128.0.0/23', uid: 'uid-a' },
    { name: 'node-b', ip: '10.0.123.45', subnet: '10.128.2.0/23', uid: 'uid-b' },
  ],
  pods: [
    { namespace: 'app', name: 'a1', node: 'node-a', ip: '10.128.0.2', ofport: 3, veth: 'veth1', vnid: 42 },
    { namespace: 'app', name: 'a2', node: 'node-a', ip: '10.128.0.3', ofport: 4, veth: 'veth2', vnid: 42 },
    { namespace: 'app', name: 'b1', node: 'node-b', ip: '10.128.2.2', ofport: 3, veth: 'veth1', vnid: 42 },
  ],
  services: [],
  namespaces: [{ name: 'app', vnid: 42 }],
};

/** The service of the expectedFlows table 60 rules (172.30.99.99:80, VNID 42), backed by b1. */
const SERVICE = {
  namespace: 'app',
  name: 'web',
  ip: '172.30.99.99',
  port: 80,
  targetPort: 8080,
  vnid: 42,
  endpoints: [EXPECTED_FLOWS_CLUSTER.pods[2]!],
};

/** The remote node's flows: the local node's with the two nodes' subnets, gateways, pods and IPs exchanged. */
function mirrored(text: string): string {
  const swaps: [string, string][] = [
    ['10.128.0.0/23', '10.128.2.0/23'],
    ['10.128.0.1', '10.128.2.1'],
    ['10.128.0.2', '10.128.2.2'],
    ['00:00:0a:80:00:02', '00:00:0a:80:02:02'],
    ['172.17.0.4', '10.0.123.45'],
  ];
  let out = text;
  swaps.forEach(([a, b], i) => {
    out = out.split(a).join(`@A${i}@`).split(b).join(`@B${i}@`);
  });
  swaps.forEach(([a, b], i) => {
    out = out.split(`@A${i}@`).join(b).split(`@B${i}@`).join(a);
  });
  return out;
}

/** What the subnet plugin's Start() and a second pod's setupPodFlows add (same branch as the table). */
function pluginFlows(v: ExpectedFlowsVersion, node: 'node-a' | 'node-b'): string[] {
  // singletenant.go Start(): release-4.9 only table 80; master also opens table 27 (egress policy).
  const start = [
    ...(v >= 13 ? [' cookie=0, table=27, priority=500, actions=goto_table:30'] : []),
    ' cookie=0, table=80, priority=200, actions=output:NXM_NX_REG2[]',
  ];
  if (node === 'node-b') return start;
  // ovscontroller.go setupPodFlows(ofport 4, 10.128.0.3, vnid 42): release-4.9 goes to table 21, master to 27/30.
  const [arpNext, ipNext] = v >= 13 ? ['goto_table:30', 'goto_table:27'] : ['goto_table:21', 'goto_table:21'];
  return [
    ...start,
    ` cookie=0, table=20, priority=100, in_port=4, arp, arp_spa=10.128.0.3, arp_sha=00:00:0a:80:00:03/00:00:ff:ff:ff:ff, actions=load:42->NXM_NX_REG0[],${arpNext}`,
    ` cookie=0, table=20, priority=100, in_port=4, ip, nw_src=10.128.0.3, actions=load:42->NXM_NX_REG0[],${ipNext}`,
    ` cookie=0, table=25, priority=100, ip, nw_src=10.128.0.3, actions=load:42->NXM_NX_REG0[],${v >= 13 ? 'goto_table:27' : 'goto_table:30'}`,
    ' cookie=0, table=40, priority=100, arp, arp_tpa=10.128.0.3, actions=output:4',
    ' cookie=0, table=70, priority=100, ip, nw_dst=10.128.0.3, actions=load:42->NXM_NX_REG1[],load:4->NXM_NX_REG2[],goto_table:80',
  ];
}

/** One node's dump: the table as copied, plus (`withPlugin`) the plugin's Start() and the second pod. */
export function expectedFlowsDump(
  v: ExpectedFlowsVersion,
  node: 'node-a' | 'node-b',
  withPlugin: boolean,
  extra: readonly string[] = [],
): string {
  const base = expectedFlowsText(v);
  const text = node === 'node-a' ? base : mirrored(base);
  return [text.trimEnd(), ...(withPlugin ? pluginFlows(v, node) : []), ...extra].join('\n') + '\n';
}

/**
 * The cluster model: API objects of the two nodes, their pods and the table-60 service, and each
 * node's facts (iptables, routes, addresses as the fixture model sets them up) around its dump.
 */
export function expectedFlowsModel(
  v: ExpectedFlowsVersion,
  options: {
    readonly withPlugin?: boolean;
    readonly extra?: Partial<Record<'node-a' | 'node-b', readonly string[]>>;
    readonly facts?: (node: string, f: NodeFacts) => NodeFacts;
  } = {},
): ClusterModel {
  const c: FixtureCluster = { ...EXPECTED_FLOWS_CLUSTER, services: [SERVICE] };
  const nodeFactsByName: Record<string, NodeFacts> = {};
  for (const n of ['node-a', 'node-b'] as const) {
    const f = nodeFacts(c, n, [], expectedFlowsDump(v, n, options.withPlugin ?? true, options.extra?.[n]));
    nodeFactsByName[n] = options.facts ? options.facts(n, f) : f;
  }
  return { ...fixtureApi(c), nodeFacts: nodeFactsByName };
}
