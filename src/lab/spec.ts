/**
 * The lab's cluster definition, derived deterministically from the lab name and the `lab up`
 * options: nodes with their HostSubnets, projects (NetNamespaces), pods, services and routes.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type {
  LabIpFailoverSpec,
  LabNamespaceSpec,
  LabNodeSpec,
  LabPlugin,
  LabPodSpec,
  LabRelease,
  LabRouteSpec,
  LabServiceSpec,
  LabSpec,
} from './model.js';
import { labNames } from './names.js';
import { ROUTER_NAMESPACE_LABEL, startingPolicies } from './policies.js';
import { formatCidr, formatIp, nthAddress, nthSubnet, parseCidr, podMac, type Cidr } from '../net/ipv4.js';

export interface LabOptions {
  readonly name: string;
  readonly nodes: number;
  readonly podsPerNode: number;
  readonly plugin: LabPlugin;
  /** Default `3.11`. */
  readonly release?: LabRelease;
  /** §12: an ipfailover configuration with keepalived on two nodes (`lab up --ipfailover`). */
  readonly ipfailover?: boolean;
}

/** The label of the pods behind the passthrough route (the web pods that also serve TLS, 39.13.2). */
export const WEB_TLS_LABEL = { 'web-tls': 'true' } as const;

const hash = (s: string): Buffer => createHash('sha256').update(s).digest();

/** A stable UUID (v4 layout) from a seed, so re-generated objects keep their uid. */
export function stableUid(seed: string): string {
  const h = hash(seed).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Pod-name suffix like the ones ReplicationControllers generate (`web-1-x7k2q`). */
function nameSuffix(seed: string): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  return [...hash(seed).subarray(0, 5)].map((b) => alphabet[b % alphabet.length]).join('');
}

/** 3.x VNID allocator range: 10 .. 2^24-1 (0 = global, 1-9 reserved). */
function netidFor(seed: string): number {
  return 10 + (hash(seed).readUInt32BE(0) % (2 ** 24 - 10));
}

function serviceIp(serviceNetwork: Cidr, seed: string): string {
  const b = hash(seed);
  // stay away from .0.1 (the kubernetes service) and from network/broadcast-looking addresses
  const third = 1 + (b[0]! % 254);
  const fourth = 2 + (b[1]! % 252);
  return formatIp(nthAddress(serviceNetwork, third * 256 + fourth));
}

export function buildLabSpec(opts: LabOptions, now = new Date()): LabSpec {
  const n = labNames(opts.name);
  const clusterNetwork = '10.128.0.0/14';
  const hostSubnetLength = 9;
  const serviceNetwork = '172.30.0.0/16';
  const seed = `sdn-doctor-lab/${opts.name}`;
  // literals: they always parse
  const cluster = parseCidr(clusterNetwork)!;
  const serviceCidr = parseCidr(serviceNetwork)!;
  const hostSubnet = (i: number): Cidr => nthSubnet(cluster, 32 - hostSubnetLength, i - 1);
  const nodes: LabNodeSpec[] = [];
  for (let i = 1; i <= opts.nodes; i++) {
    const subnet = formatCidr(hostSubnet(i));
    nodes.push({
      index: i,
      name: `node-${i}`,
      netns: n.node(i),
      ip: `192.168.122.${10 + i}`,
      subnet,
      gateway: formatIp(nthAddress(hostSubnet(i), 1)),
      uid: stableUid(`${seed}/node/${i}`),
      hostSubnetUid: stableUid(`${seed}/hostsubnet/${i}`),
      dir: n.nodeDir(i),
      ovsRundir: join(n.nodeDir(i), 'run'),
    });
  }
  const namespaces: LabNamespaceSpec[] = ['default', 'demo', 'shop', 'openshift-node', 'openshift-sdn'].map(
    (name) => ({
      name,
      uid: stableUid(`${seed}/namespace/${name}`),
      // multitenant and networkpolicy: `default` is the global project (VNID 0: the master's
      // adminNamespaces, master/vnids.go), every other project gets its own
      netid: name === 'default' || opts.plugin === 'subnet' ? 0 : netidFor(`${seed}/netid/${name}`),
      // namespaceSelector needs labels: `default` as the 3.11 documentation labels it, `shop` by name
      ...(opts.plugin === 'networkpolicy' && (name === 'default' || name === 'shop')
        ? { labels: name === 'default' ? { ...ROUTER_NAMESPACE_LABEL } : { name } }
        : {}),
    }),
  );
  const routerNode = 1;
  const pods: LabPodSpec[] = [];
  let g = 0;
  for (const node of nodes) {
    for (let j = 1; j <= opts.podsPerNode; j++) {
      // slot 3 is a plain client pod in `demo` (behind no service); the others alternate web/shop
      const client = j === 3;
      const demo = client || g % 2 === 0;
      const app = client ? 'client' : demo ? 'web' : 'shop';
      if (!client) g++;
      const address = nthAddress(hostSubnet(node.index), j + 1);
      const ip = formatIp(address);
      const uid = stableUid(`${seed}/pod/${node.index}/${j}`);
      // 39.13.2: the web pods away from the router's node also serve TLS, behind the passthrough
      // route, so its handshake crosses the VXLAN tunnel (the edge route's ends in HAProxy)
      const tls = app === 'web' && node.index !== routerNode;
      pods.push({
        namespace: demo ? 'demo' : 'shop',
        name: `${app}-1-${nameSuffix(uid)}`,
        uid,
        nodeIndex: node.index,
        slot: j,
        ip,
        mac: podMac(address),
        netns: n.pod(node.index, j),
        veth: `veth${hash(uid).toString('hex').slice(0, 8)}`,
        // ofports 1 and 2 are vxlan0 and tun0; pods are numbered from 3 (pipeline.md §1)
        ofport: j + 2,
        labels: { app, deployment: `${app}-1`, deploymentconfig: app, ...(tls ? WEB_TLS_LABEL : {}) },
        port: 8080,
        ...(tls ? { tlsPort: 8443 } : {}),
        dir: n.podDir(node.index, j),
      });
    }
  }
  const services: LabServiceSpec[] = [
    {
      namespace: 'demo',
      name: 'web',
      uid: stableUid(`${seed}/service/demo/web`),
      type: 'ClusterIP',
      clusterIP: serviceIp(serviceCidr, `${seed}/svc/demo/web`),
      selector: { app: 'web' },
      ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
      // §13.1: ingress without the router, an address beyond the nodes (.11-.20), the client
      // (.100), the outside host (.200) and the ipfailover VIPs (.240-.243), held by node-1
      externalIPs: ['192.168.122.230'],
      externalIPNode: 1,
    },
  ];
  if (pods.some((p) => p.tlsPort !== undefined)) {
    services.push({
      namespace: 'demo',
      name: 'web-tls',
      uid: stableUid(`${seed}/service/demo/web-tls`),
      type: 'ClusterIP',
      clusterIP: serviceIp(serviceCidr, `${seed}/svc/demo/web-tls`),
      selector: { app: 'web', ...WEB_TLS_LABEL },
      ports: [{ name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' }],
    });
  }
  if (pods.some((p) => p.namespace === 'shop')) {
    services.push({
      namespace: 'shop',
      name: 'shop',
      uid: stableUid(`${seed}/service/shop/shop`),
      type: 'NodePort',
      clusterIP: serviceIp(serviceCidr, `${seed}/svc/shop/shop`),
      selector: { app: 'shop' },
      ports: [{ name: '8080-tcp', port: 8080, targetPort: 8080, protocol: 'TCP', nodePort: 30080 }],
    });
  }
  const appsDomain = 'apps.example.com';
  const routes: LabRouteSpec[] = [
    {
      namespace: 'demo',
      name: 'web',
      uid: stableUid(`${seed}/route/demo/web`),
      host: `web-demo.${appsDomain}`,
      service: 'web',
      targetPort: 'http',
    },
    {
      namespace: 'demo',
      name: 'web-test',
      uid: stableUid(`${seed}/route/demo/web-test`),
      host: 'www.example.com',
      path: '/test',
      service: 'web',
      targetPort: 'http',
    },
  ];
  if (services.some((s) => s.name === 'shop')) {
    routes.push({
      namespace: 'shop',
      name: 'shop',
      uid: stableUid(`${seed}/route/shop/shop`),
      host: `shop-shop.${appsDomain}`,
      service: 'shop',
      targetPort: '8080-tcp',
      tls: 'edge',
    });
  }
  if (services.some((s) => s.name === 'web-tls')) {
    routes.push({
      namespace: 'demo',
      name: 'web-tls',
      uid: stableUid(`${seed}/route/demo/web-tls`),
      host: `web-tls-demo.${appsDomain}`,
      service: 'web-tls',
      targetPort: 'https',
      tls: 'passthrough',
    });
  }
  return {
    name: opts.name,
    plugin: opts.plugin,
    ...(opts.release === '4.x' ? { release: opts.release } : {}),
    ...(opts.ipfailover ? { ipfailover: ipfailoverSpec(seed, nodes) } : {}),
    clusterNetwork,
    hostSubnetLength,
    serviceNetwork,
    vxlanPort: 4789,
    mtu: 1450,
    underlayCidr: '192.168.122.0/24',
    dnsServer: '192.168.122.1',
    clientIp: '192.168.122.100',
    outsideIp: '192.168.122.200',
    outsideHost: 'www.example.org',
    appsDomain,
    routerNode,
    createdAt: now.toISOString(),
    nodes,
    namespaces,
    pods,
    services,
    routes,
    ...(opts.plugin === 'networkpolicy'
      ? { networkPolicies: startingPolicies((s) => stableUid(`${seed}/${s}`)) }
      : {}),
  };
}

/**
 * §12: what `oc adm ipfailover ipf-ha-router --virtual-ips=192.168.122.240-241 --interface=br-ex
 * --watch-port=80 --vrrp-id-offset=10 --replicas=2 --selector=ha-router=primary
 * --iptables-chain=INPUT` creates: the VIPs on the underlay beyond every node (.11-.20), the client
 * (.100) and the outside host (.200); keepalived on the first two nodes, where the router runs too.
 * br-ex is the interface that carries each node's underlay address (src/lab/node.ts).
 */
function ipfailoverSpec(seed: string, nodes: readonly LabNodeSpec[]): LabIpFailoverSpec {
  const selected = nodes.slice(0, 2).map((n) => n.index);
  const base = {
    namespace: 'default',
    networkInterface: 'br-ex',
    replicas: selected.length,
    nodeSelector: { 'ha-router': 'primary' },
    nodes: selected,
  };
  return {
    main: {
      ...base,
      name: 'ipf-ha-router',
      uid: stableUid(`${seed}/dc/ipf-ha-router`),
      virtualIPsText: '192.168.122.240-241',
      virtualIPs: ['192.168.122.240', '192.168.122.241'],
      monitorPort: 80,
      vrrpIdOffset: 10,
    },
    // ids 12-13 against main's 11-12; monitor port 0 (the image's `true` check): no service behind it
    conflict: {
      ...base,
      name: 'ipf-ha-db',
      uid: stableUid(`${seed}/dc/ipf-ha-db`),
      virtualIPsText: '192.168.122.242-243',
      virtualIPs: ['192.168.122.242', '192.168.122.243'],
      monitorPort: 0,
      vrrpIdOffset: 11,
    },
    missingInterface: 'ens192',
  };
}
