/**
 * A ClusterModel for a fixture cluster, built the way the lab builds the real thing: flows from
 * generateNodeFlows, iptables from generateNodeIptables (parsed by the real parsers), routes and
 * addresses as openshift-sdn sets them up (pipeline reference §7.1). Faults edit the generated
 * text, as the lab's fault injection edits the live node.
 */
import { generateNodeFlows } from '../../src/lab/flows.js';
import { generateNodeIptables } from '../../src/lab/iptables.js';
import type { ClusterModel, Flow, NodeFacts, RouteEntry } from '../../src/model/types.js';
import { parseIptablesSave } from '../../src/parsers/iptables-save.js';
import { parseOvsFlows } from '../../src/parsers/ovs-flows.js';
import {
  FIXTURE_CLUSTER_NETWORK,
  FIXTURE_SERVICE_NETWORK,
  fixtureNode,
  nodeFlowSpec,
  podsOnNode,
  type FixtureCluster,
} from './cluster-fixture.js';

export type FixtureFault =
  | { readonly id: 'flow-tun-dst-missing'; readonly node: string; readonly peer: string }
  | { readonly id: 'flow-tun-src-missing'; readonly node: string; readonly peer: string }
  | { readonly id: 'flow-pod-missing'; readonly pod: string }
  | { readonly id: 'ip-forward-off'; readonly node: string }
  | { readonly id: 'cluster-route-missing'; readonly node: string }
  | { readonly id: 'svc-nat-missing'; readonly node: string; readonly service: string }
  | { readonly id: 'iptables-drop'; readonly node: string; readonly rule: string }
  | { readonly id: 'svc-masquerade-missing'; readonly node: string }
  /** A hand-made flow (e.g. one naming another node's pod, as NetworkPolicy peers do). */
  | { readonly id: 'extra-flow'; readonly node: string; readonly flow: string }
  /** `ip route add blackhole <dst>` on the node: its own traffic to `dst` dies (39.7.3.2). */
  | { readonly id: 'blackhole-route'; readonly node: string; readonly dst: string };

const gatewayOf = (subnet: string): string => subnet.replace(/\.0\/\d+$/, '.1');

function route(
  raw: string,
  fields: Omit<RouteEntry, 'line' | 'raw' | 'type'> & { type?: string },
  line: number,
): RouteEntry {
  return { line, raw, type: fields.type ?? 'unicast', ...fields };
}

/** Node routes as openshift-sdn leaves them: cluster network and service network on tun0. */
function nodeRoutes(
  c: FixtureCluster,
  nodeName: string,
  withClusterRoute: boolean,
  blackholes: readonly string[] = [],
): RouteEntry[] {
  const node = fixtureNode(c, nodeName);
  const lines: [string, Omit<RouteEntry, 'line' | 'raw' | 'type'>][] = [
    ['default via 192.168.50.254 dev eth0', { dst: 'default', via: '192.168.50.254', dev: 'eth0' }],
    [`10.128.0.0/14 dev tun0 scope link`, { dst: FIXTURE_CLUSTER_NETWORK, dev: 'tun0', scope: 'link' }],
    [`172.30.0.0/16 dev tun0`, { dst: FIXTURE_SERVICE_NETWORK, dev: 'tun0' }],
    [
      `192.168.48.0/21 dev eth0 proto kernel scope link src ${node.ip}`,
      { dst: '192.168.48.0/21', dev: 'eth0', src: node.ip },
    ],
  ];
  const kept = lines.filter(([raw]) => withClusterRoute || !raw.startsWith('10.128.0.0/14'));
  return [
    ...kept.map(([raw, f], i) => route(raw, f, i + 1)),
    ...blackholes.map((dst, i) => route(`blackhole ${dst}`, { dst, type: 'blackhole' }, kept.length + i + 1)),
  ];
}

/** Generated flows with the faults applied, as add-flow strings. */
export function faultyNodeFlows(
  c: FixtureCluster,
  nodeName: string,
  faults: readonly FixtureFault[],
): string[] {
  let flows = generateNodeFlows(nodeFlowSpec(c, nodeName));
  for (const f of faults) {
    if ((f.id === 'flow-tun-dst-missing' || f.id === 'flow-tun-src-missing') && f.node === nodeName) {
      const peer = fixtureNode(c, f.peer);
      flows =
        f.id === 'flow-tun-dst-missing'
          ? flows.filter((l) => !(l.startsWith('table=90,') && l.includes(`nw_dst=${peer.subnet},`)))
          : flows.filter((l) => !(l.startsWith('table=10,') && l.includes(`tun_src=${peer.ip},`)));
    }
    if (f.id === 'extra-flow' && f.node === nodeName) flows = [...flows, f.flow];
    if (f.id === 'flow-pod-missing') {
      const pod = c.pods.find((p) => `${p.namespace}/${p.name}` === f.pod)!;
      if (pod.node === nodeName) {
        flows = flows.filter(
          (l) =>
            !/^table=(20|40|70),/.test(l) ||
            !(l.includes(`nw_src=${pod.ip},`) || l.includes(`nw_dst=${pod.ip},`)),
        );
      }
    }
  }
  return flows;
}

/**
 * `dump`: renders the add-flow strings as the text to parse, or is that text already (whole, or
 * in pieces of whole lines as textPieces reads a file).
 */
export type DumpSource = string | readonly string[] | ((flows: string[]) => string);

function flowsOf(
  c: FixtureCluster,
  nodeName: string,
  faults: readonly FixtureFault[],
  dump?: DumpSource,
): Flow[] {
  if (dump !== undefined && typeof dump !== 'function') return parseOvsFlows(dump).records;
  const flows = faultyNodeFlows(c, nodeName, faults);
  return parseOvsFlows(dump ? dump(flows) : flows.join('\n')).records;
}

export function iptablesText(c: FixtureCluster, nodeName: string, faults: readonly FixtureFault[]): string {
  const omit = faults
    .filter((f) => f.id === 'svc-nat-missing' && f.node === nodeName)
    .map((f) => (f as { service: string }).service);
  const extra = faults
    .filter((f) => f.id === 'iptables-drop' && f.node === nodeName)
    .map((f) => (f as { rule: string }).rule);
  return generateNodeIptables({
    clusterNetworks: [FIXTURE_CLUSTER_NETWORK],
    vxlanPort: 4789,
    services: c.services.map((s) => ({
      namespace: s.namespace,
      name: s.name,
      portName: 'http',
      clusterIP: s.ip,
      port: s.port,
      protocol: 'TCP',
      endpoints: s.endpoints.map((e) => `${e.ip}:${s.targetPort}`),
    })),
    omitServiceNat: omit,
    extraFilterRules: extra,
    omitMasquerade: faults.some((f) => f.id === 'svc-masquerade-missing' && f.node === nodeName),
  });
}

/**
 * One node's facts. `dump` turns the add-flow strings into the text the parser reads (the bench
 * passes the exact dump-flows rendering; tests may parse the add-flow spelling directly).
 */
export function nodeFacts(
  c: FixtureCluster,
  nodeName: string,
  faults: readonly FixtureFault[] = [],
  dump?: DumpSource,
): NodeFacts {
  const node = fixtureNode(c, nodeName);
  const art = (a: string) => `nodes/${nodeName}/${a}`;
  const ipForwardOff = faults.some((f) => f.id === 'ip-forward-off' && f.node === nodeName);
  const routeMissing = faults.some((f) => f.id === 'cluster-route-missing' && f.node === nodeName);
  const link = (index: number, name: string, cidr: string) => ({
    index,
    name,
    flags: ['UP', 'LOWER_UP'],
    up: true,
    line: index,
    raw: `${index}: ${name}`,
    addresses: [{ family: 'inet' as const, cidr, line: index, raw: `inet ${cidr}` }],
  });
  return {
    name: nodeName,
    ovs: {
      flows: { value: flowsOf(c, nodeName, faults, dump), artifact: art('ovs-flows.txt') },
      ports: {
        value: [
          { ofport: 1, name: 'vxlan0' },
          { ofport: 2, name: 'tun0' },
          ...podsOnNode(c, nodeName).map((p) => ({ ofport: p.ofport, name: p.veth })),
        ].map((p) => ({ ...p, config: [], state: [], line: 0, raw: '' })),
        artifact: art('ovs-ports.txt'),
      },
    },
    routes: {
      value: nodeRoutes(
        c,
        nodeName,
        !routeMissing,
        faults.flatMap((f) => (f.id === 'blackhole-route' && f.node === nodeName ? [f.dst] : [])),
      ),
      artifact: art('ip-route.txt'),
    },
    links: {
      value: [
        link(2, 'eth0', `${node.ip}/21`),
        link(5, 'tun0', `${gatewayOf(node.subnet)}/${node.subnet.split('/')[1]}`),
      ],
      artifact: art('ip-addr.txt'),
    },
    sysctls: {
      value: { 'net.ipv4.ip_forward': { value: ipForwardOff ? '0' : '1', line: 1 } },
      artifact: art('sysctl.txt'),
    },
    iptables: {
      value: parseIptablesSave(iptablesText(c, nodeName, faults)).records,
      artifact: art('iptables-save.txt'),
    },
  };
}

/** API objects of the fixture, without node facts (callers add them, eagerly or lazily). */
export function fixtureApi(c: FixtureCluster): Omit<ClusterModel, 'nodeFacts'> {
  const src = <T>(value: T, artifact: string) => ({ value, artifact });
  return {
    clusterNetwork: src(
      {
        name: 'default',
        clusterCIDRs: [FIXTURE_CLUSTER_NETWORK],
        hostSubnetLength: 9,
        serviceNetwork: FIXTURE_SERVICE_NETWORK,
        pluginName: `redhat/openshift-ovs-${c.plugin}`,
        vxlanPort: 4789,
        mtu: 1450,
      },
      'api/clusternetworks.json',
    ),
    hostSubnets: src(
      c.nodes.map((n) => ({
        name: n.name,
        host: n.name,
        hostIP: n.ip,
        subnet: n.subnet,
        uid: n.uid,
        egressIPs: [],
      })),
      'api/hostsubnets.json',
    ),
    netNamespaces: src(
      c.namespaces.map((n) => ({ name: n.name, netid: n.vnid, multicast: false })),
      'api/netnamespaces.json',
    ),
    ...(c.plugin === 'networkpolicy'
      ? {
          networkPolicies: src([...c.policies], 'api/networkpolicies.json'),
          namespaces: src(
            c.namespaces.map((n) => ({ name: n.name, labels: { name: n.name } })),
            'api/namespaces.json',
          ),
        }
      : {}),
    nodes: src(
      c.nodes.map((n) => ({
        name: n.name,
        addresses: [{ type: 'InternalIP', address: n.ip }],
        internalIP: n.ip,
        ready: true,
        labels: {},
      })),
      'api/nodes.json',
    ),
    pods: src(
      c.pods.map((p) => ({
        namespace: p.namespace,
        name: p.name,
        node: p.node,
        podIP: p.ip,
        phase: 'Running',
        ready: true,
        hostNetwork: false,
        labels: { app: p.namespace },
        containerPorts: [{ port: 8080, protocol: 'TCP' }],
      })),
      'api/pods.json',
    ),
    services: src(
      c.services.map((s) => ({
        namespace: s.namespace,
        name: s.name,
        type: 'ClusterIP',
        clusterIP: s.ip,
        selector: { app: s.namespace },
        ports: [{ name: 'http', port: s.port, protocol: 'TCP', targetPort: s.targetPort }],
        labels: {},
      })),
      'api/services.json',
    ),
    endpoints: src(
      c.services.map((s) => ({
        namespace: s.namespace,
        name: s.name,
        labels: {},
        subsets: [
          {
            addresses: s.endpoints.map((e) => ({
              ip: e.ip,
              nodeName: e.node,
              targetPod: { namespace: e.namespace, name: e.name },
            })),
            notReadyAddresses: [],
            ports: [{ name: 'http', port: s.targetPort, protocol: 'TCP' }],
          },
        ],
      })),
      'api/endpoints.json',
    ),
  };
}

export function fixtureModel(c: FixtureCluster, faults: readonly FixtureFault[] = []): ClusterModel {
  const nodeFactsByName: Record<string, NodeFacts> = {};
  for (const n of c.nodes) nodeFactsByName[n.name] = nodeFacts(c, n.name, faults);
  return { ...fixtureApi(c), nodeFacts: nodeFactsByName };
}
