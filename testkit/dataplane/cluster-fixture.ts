/**
 * A small openshift-sdn cluster as plain data — nodes, HostSubnets, projects, pods, services — and
 * each node's br0 flow spec for the lab's own generator (src/lab/flows.ts), so the simulator is
 * checked against exactly the flows the lab programs.
 */
import type { FlowPlugin, NodeFlowSpec } from '../../src/lab/flows.js';
import {
  flowText,
  namespaceEgressFlows,
  namespaceFlows,
  type PolicyObjects,
} from '../../src/model/policy-flows.js';
import type { NetworkPolicy } from '../../src/model/types.js';
import { formatIp, parseIp } from '../../src/net/ipv4.js';

export interface FixturePod {
  readonly namespace: string;
  readonly name: string;
  readonly node: string;
  readonly ip: string;
  readonly ofport: number;
  readonly veth: string;
  readonly vnid: number;
}

export interface FixtureNode {
  readonly name: string;
  readonly ip: string;
  readonly subnet: string;
  readonly uid: string;
}

export interface FixtureService {
  readonly namespace: string;
  readonly name: string;
  readonly ip: string;
  readonly port: number;
  readonly targetPort: number;
  readonly vnid: number;
  readonly endpoints: readonly FixturePod[];
}

export interface FixtureCluster {
  readonly plugin: FlowPlugin;
  readonly nodes: readonly FixtureNode[];
  readonly pods: readonly FixturePod[];
  readonly services: readonly FixtureService[];
  readonly namespaces: readonly { readonly name: string; readonly vnid: number }[];
  /** networkpolicy: the NetworkPolicies (policiesPerNamespace in every project but default). */
  readonly policies: readonly NetworkPolicy[];
}

const ALL = { matchLabels: {}, matchExpressions: [] };
const byName = (name: string) => ({ matchLabels: { name }, matchExpressions: [] });

/**
 * `n` policies of one project, namespace-wide (a podSelector per pod would make the flows grow with
 * the cluster, as openshift-sdn's do): the 3.11 documentation's three (deny by default, same
 * namespace, the router's namespace), then one per port admitting every other project.
 */
export function fixturePolicies(namespace: string, others: readonly string[], n: number): NetworkPolicy[] {
  const p = (name: string, ingress: NetworkPolicy['ingress']): NetworkPolicy => ({
    namespace,
    name,
    podSelector: ALL,
    policyTypes: ['Ingress'],
    ingress,
    egress: [],
  });
  const out = [
    p('deny-by-default', []),
    p('allow-same-namespace', [{ ports: [], peers: [{ podSelector: ALL }] }]),
    p('allow-from-default-namespace', [{ ports: [], peers: [{ namespaceSelector: byName('default') }] }]),
  ];
  for (let k = 0; out.length < n; k++) {
    out.push(
      p(`allow-port-${9000 + k}`, [
        {
          ports: [{ protocol: 'TCP', port: 9000 + k }],
          peers: others.map((o) => ({ namespaceSelector: byName(o) })),
        },
      ]),
    );
  }
  return out.slice(0, n);
}

const CN = '10.128.0.0/14';
const SVC = '172.30.0.0/16';

/**
 * The HostSubnet length of the benches' large clusters: /24 (1024 fit in 10.128.0.0/14) up to
 * 1024 nodes, /25 beyond (2048 fit: the 2000-node cluster, OpenShift's largest, stays valid).
 */
export function benchHostPrefix(nodes: number): 24 | 25 {
  return nodes > 1024 ? 25 : 24;
}

/** `nodes` nodes with `podsPerNode` pods each, spread over three projects (one global in multitenant). */
export function fixtureCluster(
  plugin: FlowPlugin,
  nodes: number,
  podsPerNode: number,
  hostPrefix: 23 | 24 | 25 = 23,
  policiesPerNamespace = 10,
): FixtureCluster {
  const namespaces =
    plugin !== 'subnet'
      ? [
          { name: 'default', vnid: 0 },
          { name: 'blue', vnid: 0xd2bf9b },
          { name: 'green', vnid: 0x3f6450 },
        ]
      : [
          { name: 'default', vnid: 0 },
          { name: 'blue', vnid: 0 },
          { name: 'green', vnid: 0 },
        ];
  const ns: FixtureNode[] = [];
  const pods: FixturePod[] = [];
  /** Addresses per node subnet: node i gets the i-th subnet of the /14 (its first address + host). */
  const size = 2 ** (32 - hostPrefix);
  const cn = parseIp('10.128.0.0')!;
  for (let i = 0; i < nodes; i++) {
    // /23 subnets: 512 of them fit in the /14 (hostSubnetLength 9), /24 1024, /25 2048 (the
    // largest supported cluster, 2000 nodes, with up to 126 pods each)
    const base = cn + i * size;
    const node: FixtureNode = {
      name: `node-${i + 1}`,
      ip: `192.168.${50 + Math.floor((i + 11) / 250)}.${((i + 11) % 250) + 1}`,
      subnet: `${formatIp(base)}/${hostPrefix}`,
      uid: `uid-hostsubnet-${i + 1}`,
    };
    ns.push(node);
    for (let j = 0; j < podsPerNode; j++) {
      const n = namespaces[j % namespaces.length]!;
      const host = 2 + j;
      pods.push({
        namespace: n.name,
        name: `app-${i + 1}-${j + 1}`,
        node: node.name,
        ip: formatIp(base + host),
        ofport: 3 + j,
        veth: `veth${(i + 1).toString(16).padStart(4, '0')}${(j + 1).toString(16).padStart(4, '0')}`,
        vnid: n.vnid,
      });
    }
  }
  const services: FixtureService[] = namespaces.map((n, k) => ({
    namespace: n.name,
    name: `svc-${n.name}`,
    ip: `172.30.${10 + k}.${20 + k}`,
    port: 8080 + k,
    targetPort: 8080,
    vnid: n.vnid,
    endpoints: pods.filter((p) => p.namespace === n.name).slice(0, 3),
  }));
  const names = namespaces.map((n) => n.name);
  const policies =
    plugin === 'networkpolicy'
      ? names
          .filter((n) => n !== 'default')
          .flatMap((n) =>
            fixturePolicies(
              n,
              names.filter((o) => o !== n),
              policiesPerNamespace,
            ),
          )
      : [];
  return { plugin, nodes: ns, pods, services, namespaces, policies };
}

interface FixtureIndex {
  readonly nodeByName: ReadonlyMap<string, FixtureNode>;
  readonly podsByNode: ReadonlyMap<string, readonly FixturePod[]>;
}

/**
 * A fixture's nodes by name and pods by node, made once per cluster: the bench builds every node's
 * facts from them (4 000 times at 2 000 nodes), and a scan of the 60 000 pods each time cost the
 * harness ~2.4 s of the matrix it times.
 */
const indexes = new WeakMap<FixtureCluster, FixtureIndex>();

function indexOf(c: FixtureCluster): FixtureIndex {
  let index = indexes.get(c);
  if (!index) {
    const podsByNode = new Map<string, FixturePod[]>(c.nodes.map((n) => [n.name, []]));
    for (const p of c.pods) podsByNode.get(p.node)?.push(p);
    index = { nodeByName: new Map(c.nodes.map((n) => [n.name, n])), podsByNode };
    indexes.set(c, index);
  }
  return index;
}

/** The fixture's node of that name (a name the fixture made). */
export function fixtureNode(c: FixtureCluster, nodeName: string): FixtureNode {
  const node = indexOf(c).nodeByName.get(nodeName);
  if (!node) throw new Error(`no node ${nodeName} in the fixture`);
  return node;
}

/** The fixture's pods on that node, in the fixture's order. */
export function podsOnNode(c: FixtureCluster, nodeName: string): readonly FixturePod[] {
  return indexOf(c).podsByNode.get(nodeName) ?? [];
}

/** The NodeFlowSpec for one node of the fixture. */
export function nodeFlowSpec(c: FixtureCluster, nodeName: string): NodeFlowSpec {
  const node = fixtureNode(c, nodeName);
  return {
    plugin: c.plugin,
    clusterNetworks: [CN],
    serviceNetwork: SVC,
    localSubnet: node.subnet,
    nodeIP: node.ip,
    remoteSubnets: c.nodes
      .filter((n) => n !== node)
      .map((n) => ({ hostIP: n.ip, subnet: n.subnet, uid: n.uid })),
    pods: podsOnNode(c, nodeName).map((p) => ({ ip: p.ip, ofport: p.ofport, vnid: p.vnid })),
    services: c.services.map((s) => ({ ip: s.ip, ports: [{ port: s.port, protocol: 'TCP' }], vnid: s.vnid })),
    ...(c.plugin === 'networkpolicy'
      ? { policyFlows: fixturePolicyFlows(c, nodeName), egressPolicyFlows: fixtureEgressFlows(c, nodeName) }
      : {}),
  };
}

/** The table 80 policy flows of one node: per namespace with a local pod (EnsureVNIDRules). */
function fixturePolicyFlows(c: FixtureCluster, nodeName: string): string[] {
  return fixtureNamespaceFlows(c, nodeName, (ns, policies, objects) => namespaceFlows(ns, policies, objects));
}

/** Rule version 13's table 27 flows of one node (the fixture's policies have no Egress type: all open). */
function fixtureEgressFlows(c: FixtureCluster, nodeName: string): string[] {
  return fixtureNamespaceFlows(c, nodeName, namespaceEgressFlows);
}

function fixtureNamespaceFlows(
  c: FixtureCluster,
  nodeName: string,
  flowsOf: typeof namespaceEgressFlows,
): string[] {
  const objects: PolicyObjects = {
    netids: new Map(c.namespaces.map((n) => [n.name, n.vnid])),
    namespaceLabels: new Map(c.namespaces.map((n) => [n.name, { name: n.name }])),
    // every policy is namespace-wide: no selector needs the pods
    pods: [],
  };
  const local = [...new Set(podsOnNode(c, nodeName).map((p) => p.namespace))].sort();
  return local.flatMap((ns) =>
    flowsOf(
      ns,
      c.policies.filter((p) => p.namespace === ns),
      objects,
    ).map(flowText),
  );
}

export const FIXTURE_CLUSTER_NETWORK = CN;
export const FIXTURE_SERVICE_NETWORK = SVC;
