/**
 * A small openshift-sdn cluster as plain data — nodes, HostSubnets, projects, pods, services — and
 * each node's br0 flow spec for the lab's own generator (src/lab/flows.ts), so the simulator is
 * checked against exactly the flows the lab programs.
 */
import type { FlowPlugin, NodeFlowSpec } from '../../src/lab/flows.js';

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
}

const CN = '10.128.0.0/14';
const SVC = '172.30.0.0/16';

/** `nodes` nodes with `podsPerNode` pods each, spread over three projects (one global in multitenant). */
export function fixtureCluster(
  plugin: FlowPlugin,
  nodes: number,
  podsPerNode: number,
  hostPrefix: 23 | 24 = 23,
): FixtureCluster {
  const namespaces =
    plugin === 'multitenant'
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
  for (let i = 0; i < nodes; i++) {
    // /23 subnets: node i gets 10.128.0.0 + 2i (third octet), within the /14 (512 nodes);
    // /24 subnets fit 1024 nodes (hostSubnetLength 8).
    const step = hostPrefix === 23 ? 2 : 1;
    const third = (i * step) % 256;
    const second = 128 + Math.floor((i * step) / 256);
    const node: FixtureNode = {
      name: `node-${i + 1}`,
      ip: `192.168.${50 + Math.floor((i + 11) / 250)}.${((i + 11) % 250) + 1}`,
      subnet: `10.${second}.${third}.0/${hostPrefix}`,
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
        ip: `10.${second}.${third + Math.floor(host / 256)}.${host % 256}`,
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
  return { plugin, nodes: ns, pods, services, namespaces };
}

/** The NodeFlowSpec for one node of the fixture. */
export function nodeFlowSpec(c: FixtureCluster, nodeName: string): NodeFlowSpec {
  const node = c.nodes.find((n) => n.name === nodeName)!;
  return {
    plugin: c.plugin,
    clusterNetworks: [CN],
    serviceNetwork: SVC,
    localSubnet: node.subnet,
    nodeIP: node.ip,
    remoteSubnets: c.nodes
      .filter((n) => n !== node)
      .map((n) => ({ hostIP: n.ip, subnet: n.subnet, uid: n.uid })),
    pods: c.pods
      .filter((p) => p.node === nodeName)
      .map((p) => ({ ip: p.ip, ofport: p.ofport, vnid: p.vnid })),
    services: c.services.map((s) => ({ ip: s.ip, ports: [{ port: s.port, protocol: 'TCP' }], vnid: s.vnid })),
  };
}

export const FIXTURE_CLUSTER_NETWORK = CN;
export const FIXTURE_SERVICE_NETWORK = SVC;
