/** A synthetic matrix result of many nodes (the HTML canvas grid, bench html). */
import type { BrokenGroup, MatrixPair, MatrixResult } from '../../src/dataplane/matrix/matrix.js';
import { msg } from '../../src/i18n/message.js';
import type { ClusterModel, HostSubnet, KubeNode, Pod } from '../../src/model/types.js';

const PODS_PER_NODE = 10;
const LISTED = 10_000;

/**
 * The matrix result of an `nodes`-node cluster, 10 pods a node: the 7th node's table 90 lost its
 * tun_dst flows, a multitenant project is isolated from some nodes, node 1500 (when there) has
 * unreadable flows. Listed pairs are all reachable samples, as a large run's would mostly be.
 */
export function syntheticMatrix(nodeCount: number): {
  result: MatrixResult;
  model: ClusterModel;
  podNodes: Map<string, string>;
} {
  const names = Array.from({ length: nodeCount }, (_, i) => `node-${String(i + 1).padStart(4, '0')}`);
  const ip = (i: number): string => `10.0.${Math.floor(i / 250)}.${(i % 250) + 2}`;
  const subnet = (i: number): string => `10.${128 + Math.floor(i / 128)}.${(i % 128) * 2}.0/23`;
  const nodes: KubeNode[] = names.map((name, i) => ({
    name,
    addresses: [{ type: 'InternalIP', address: ip(i) }],
    internalIP: ip(i),
    ready: true,
    labels: {},
  }));
  const hostSubnets: HostSubnet[] = names.map((host, i) => ({
    name: host,
    host,
    hostIP: ip(i),
    subnet: subnet(i),
    egressIPs: [],
  }));
  const pods: Pod[] = [];
  const podNodes = new Map<string, string>();
  names.forEach((node, i) => {
    for (let k = 0; k < PODS_PER_NODE; k++) {
      const ns = k < 2 ? 'secret' : `team-${k % 4}`;
      const name = `app-${i + 1}-${k}`;
      pods.push({
        namespace: ns,
        name,
        node,
        podIP: subnet(i).replace(/0\/23$/, String(k + 2)),
        ready: true,
        hostNetwork: false,
        labels: {},
        containerPorts: [{ port: 8080, protocol: 'TCP' }],
      } as Pod);
      podNodes.set(`pod/${ns}/${name}`, node);
    }
  });
  const sourced = <T>(value: T) => ({ value, artifact: 'synthetic' });
  const model = {
    nodes: sourced(nodes),
    hostSubnets: sourced(hostSubnets),
    pods: sourced(pods),
    nodeFacts: {},
  } as unknown as ClusterModel;

  const broken: BrokenGroup[] = [
    {
      cause:
        "dropped by a rule of table 90 on node-0007: no flow for the destination node's HostSubnet (39.7.4)",
      message: msg(
        "dropped by a rule of table 90 on node-0007: no flow for the destination node's HostSubnet (39.7.4)",
        'node-0007 のテーブル 90 のルールで破棄: 宛先ノードの HostSubnet へのフローがありません (39.7.4)',
      ),
      disposition: 'dropped',
      node: 'node-0007',
      table: 90,
      rule: 'cookie=0x0, table=90, priority=0 actions=drop',
      pairs: 0,
      examples: [],
    },
    {
      cause: 'dropped by table 80 on the destination node: multitenant isolation',
      message: msg(
        'dropped by table 80 on the destination node: multitenant isolation',
        '宛先ノードのテーブル 80 で破棄: multitenant の分離',
      ),
      disposition: 'dropped',
      table: 80,
      pairs: 0,
      examples: [],
      isolation: true,
    },
    {
      cause: 'ends "insufficient-info" instead of at the pod',
      message: msg(
        'ends "insufficient-info" instead of at the pod',
        'Pod に届かず "insufficient-info" で終わります',
      ),
      disposition: 'insufficient-info',
      node: 'node-1500',
      pairs: 0,
      examples: [],
    },
  ];
  const n = nodeCount;
  const UNKNOWN = 1499;
  const per = PODS_PER_NODE * PODS_PER_NODE;
  const gridPairs = new Array<number>(n * n);
  const reachable = new Array<number>(n * n);
  const cause = new Array<number>(n * n);
  const counts = [0, 0, 0];
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      const k = a * n + b;
      const pairs = a === b ? per - PODS_PER_NODE : per;
      gridPairs[k] = pairs;
      let c = -1;
      if (a === 6 && b !== 6) c = 0;
      else if (a === UNKNOWN || b === UNKNOWN) c = 2;
      else if (a !== b && (a + b) % 97 === 0) c = 1;
      cause[k] = c;
      reachable[k] = c < 0 ? pairs : 0;
      if (c >= 0) counts[c]! += pairs;
    }
  }
  broken.forEach((g, i) => Object.assign(g, { pairs: counts[i] }));
  const total = gridPairs.reduce((x, y) => x + y, 0);
  const ok = reachable.reduce((x, y) => x + y, 0);
  const labels = [...podNodes.keys()];
  const listed: MatrixPair[] = [];
  for (let i = 0; listed.length < LISTED; i++)
    listed.push({
      from: labels[i % labels.length]!,
      to: labels[(i * 7 + 1) % labels.length]!,
      reachable: true,
    });
  const result: MatrixResult = {
    schemaVersion: 1,
    counts: {
      pairs: total,
      reachable: ok,
      broken: total - ok,
      byKind: {
        'pod-pod': { pairs: total, reachable: ok },
        'pod-service': { pairs: 0, reachable: 0 },
        'node-pod': { pairs: 0, reachable: 0 },
      },
    },
    truncated: true,
    maxPairs: LISTED,
    pairs: listed,
    broken,
    stats: { pods: pods.length, podClasses: nodeCount * 2, traces: nodeCount * 4 },
    nodeGrid: { nodes: names, pairs: gridPairs, reachable, cause },
  };
  return { result, model, podNodes };
}
