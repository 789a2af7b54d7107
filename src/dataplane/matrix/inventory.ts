/**
 * What the matrix pairs up, read once from the model: pods with an address (sorted by label),
 * nodes, service ports with their endpoints, and each node's HostSubnet address. Every pair end
 * is one of these typed records; its label (`pod/NS/NAME`, `node/NAME`, `svc/NS/NAME:PORT`) is
 * written once here and only ever printed, never parsed back.
 */
import type { Pod, Service } from '../../model/types.js';
import { parseIp } from '../../net/ipv4.js';
import type { ClusterDataplane, TraceTarget } from '../trace/cluster.js';
import { PROTO_TCP, PROTO_UDP } from '../engine/packet.js';

export interface PodRef {
  readonly kind: 'pod';
  readonly pod: Pod;
  readonly ip: number;
  readonly label: string;
  /** In the `-n` namespaces (always, without `-n`). */
  readonly inScope: boolean;
}

export interface NodeEnd {
  readonly kind: 'node';
  readonly node: string;
  readonly label: string;
}

export interface SvcPort {
  readonly kind: 'service';
  readonly service: Service;
  readonly port: Service['ports'][number];
  readonly label: string;
  /** Its service is in the `-n` namespaces (always, without `-n`). */
  readonly inScope: boolean;
  readonly target: TraceTarget;
  /** The pods behind the service (its Endpoints), for the replies and the hairpin pairs. */
  readonly endpoints: readonly PodRef[];
}

/** One end of a pair. */
export type PairEnd = PodRef | NodeEnd | SvcPort;

export interface Inventory {
  /** The `-n` namespaces, absent without `-n`. */
  readonly scope: ReadonlySet<string> | undefined;
  readonly pods: readonly PodRef[];
  readonly podsByNode: ReadonlyMap<string, readonly PodRef[]>;
  readonly podByIp: ReadonlyMap<number, PodRef>;
  /** Node names, sorted: a node's index in it is its number in every pass. */
  readonly nodeNames: readonly string[];
  readonly nodeIndex: ReadonlyMap<string, number>;
  readonly nodeEnds: readonly NodeEnd[];
  readonly svcPorts: readonly SvcPort[];
  /** HostSubnet subnet text → its hostIP text (for the nw_dst templates of table 90). */
  readonly hostIpBySubnet: ReadonlyMap<string, string>;
  /** Each node's HostSubnet hostIP. */
  readonly hostIpOfNode: readonly (number | undefined)[];
  /** Is the node's HostSubnet hostIP really its address (else the tunnel goes elsewhere, 39.6)? */
  readonly isHostOf: readonly boolean[];
  /** Port probed on a pod: `--port`, else its first container port, else 8080. */
  portFor(p: PodRef): number;
  podTarget(p: PodRef): TraceTarget;
}

export function takeInventory(
  dp: ClusterDataplane,
  options: { readonly namespaces?: readonly string[]; readonly podPort?: number },
): Inventory {
  const model = dp.model;
  const scope = options.namespaces?.length ? new Set(options.namespaces) : undefined;
  const inScope = (namespace: string): boolean => !scope || scope.has(namespace);
  const pods: PodRef[] = [];
  for (const pod of model.pods?.value ?? []) {
    const ip = parseIp(pod.podIP ?? '');
    if (ip === undefined || pod.hostNetwork || !pod.node) continue;
    pods.push({
      kind: 'pod',
      pod,
      ip,
      label: `pod/${pod.namespace}/${pod.name}`,
      inScope: inScope(pod.namespace),
    });
  }
  pods.sort((a, b) => a.label.localeCompare(b.label));
  const podsByNode = new Map<string, PodRef[]>();
  for (const p of pods) {
    const list = podsByNode.get(p.pod.node!);
    if (list) list.push(p);
    else podsByNode.set(p.pod.node!, [p]);
  }
  const nodeNames = [
    ...new Set([
      ...(model.nodes?.value.map((n) => n.name) ?? []),
      ...Object.keys(model.nodeFacts),
      ...podsByNode.keys(),
    ]),
  ].sort();
  const podByIp = new Map(pods.map((p) => [p.ip, p]));
  const serviceEndpoints = new Map<string, PodRef[]>();
  for (const ep of model.endpoints?.value ?? []) {
    const refs = ep.subsets
      .flatMap((x) => x.addresses.map((a) => podByIp.get(parseIp(a.ip) ?? -1)))
      .filter((p): p is PodRef => !!p);
    serviceEndpoints.set(`${ep.namespace}/${ep.name}`, [...new Set(refs)]);
  }
  const hostIpBySubnet = new Map<string, string>();
  const hostIpOfNode: (number | undefined)[] = nodeNames.map(() => undefined);
  const nodeIndex = new Map(nodeNames.map((n, i) => [n, i]));
  for (const hs of model.hostSubnets?.value ?? []) {
    hostIpBySubnet.set(hs.subnet, hs.hostIP);
    const i = nodeIndex.get(hs.host);
    if (i !== undefined) hostIpOfNode[i] = parseIp(hs.hostIP);
  }
  const isHostOf = hostIpOfNode.map((ip, bi) => ip !== undefined && dp.nodeNameByIp(ip) === nodeNames[bi]);
  const svcPorts: SvcPort[] = [];
  for (const service of model.services?.value ?? []) {
    const ip = parseIp(service.clusterIP ?? '');
    if (ip === undefined) continue;
    for (const port of service.ports) {
      const proto = port.protocol.toUpperCase() === 'UDP' ? PROTO_UDP : PROTO_TCP;
      svcPorts.push({
        kind: 'service',
        service,
        port,
        label: `svc/${service.namespace}/${service.name}:${port.port}`,
        inScope: inScope(service.namespace),
        target: { ip, port: port.port, proto },
        endpoints: serviceEndpoints.get(`${service.namespace}/${service.name}`) ?? [],
      });
    }
  }
  svcPorts.sort((a, b) => a.label.localeCompare(b.label));
  const portFor = (p: PodRef): number => options.podPort ?? p.pod.containerPorts[0]?.port ?? 8080;
  return {
    scope,
    pods,
    podsByNode,
    podByIp,
    nodeNames,
    nodeIndex,
    nodeEnds: nodeNames.map((node) => ({ kind: 'node', node, label: `node/${node}` })),
    svcPorts,
    hostIpBySubnet,
    hostIpOfNode,
    isHostOf,
    portFor,
    podTarget: (p) => ({ ip: p.ip, port: portFor(p), proto: PROTO_TCP }),
  };
}

/**
 * A pod that is an endpoint of the service reaches it by hairpin, which kube-proxy SNATs itself
 * (KUBE-SEP `-s <pod> -j KUBE-MARK-MASQ`): unlike the rest of its class. Its pairs with that
 * service are traced one by one.
 */
export const isEndpointOf = (sp: SvcPort, p: PodRef): boolean => sp.endpoints.includes(p);
