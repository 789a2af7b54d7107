/**
 * A healthy 3-node openshift-sdn cluster (subnet plugin, rule version 7, as 3.10/3.11 ship it), as
 * the TEXT each node command prints — in the exact formats of testdata/public-samples and of the
 * lab captures in test/fixtures — run through the real parsers into a ClusterModel. Invalid test
 * cases mutate the text (delete a flow line, a route, set ip_forward = 0, …) and rebuild.
 *
 * API objects are given already normalized (the model builder's job is tested elsewhere).
 */
import {
  parseDigAnswer,
  parseDigShort,
  parseIpAddr,
  parseIpRoute,
  parseIptablesSave,
  parseKeepalivedLog,
  parseNodeConfig,
  parseNodeJournal,
  parseOvsFlows,
  parseOvsListBr,
  parseOvsPortsDesc,
  parseProcesses,
  parseResolvConf,
  parseSysctl,
} from '../../src/parsers/index.js';
import type { Artifact } from '../../src/artifacts/types.js';
import { buildNics } from '../../src/model/build/nics.js';
import { WarningSink } from '../../src/model/build/warnings.js';
import type {
  NicFacts,
  ClusterModel,
  ClusterNetwork,
  DnsLookup,
  Endpoints,
  HostSubnet,
  IpFailover,
  KubeNode,
  NodeFacts,
  Pod,
  NetworkPolicy,
  Route,
  Service,
} from '../../src/model/types.js';

export const CN = '10.128.0.0/14';
export const SN = '172.30.0.0/16';
export const PLUGIN = 'redhat/openshift-ovs-subnet';

export interface NodeSpec {
  readonly name: string;
  readonly ip: string;
  readonly subnet: string;
  readonly gw: string;
  /** Third octet of the pod subnet, for pod IPs. */
  readonly o3: number;
}

export const NODES: readonly NodeSpec[] = [
  { name: 'node-1', ip: '192.168.122.11', subnet: '10.128.0.0/23', gw: '10.128.0.1', o3: 0 },
  { name: 'node-2', ip: '192.168.122.12', subnet: '10.128.2.0/23', gw: '10.128.2.1', o3: 2 },
  { name: 'node-3', ip: '192.168.122.13', subnet: '10.128.4.0/23', gw: '10.128.4.1', o3: 4 },
];

/** One `web` pod per node (ofport 3, veth name per node), plus a second pod on node-2 (ofport 4). */
export interface PodSpec {
  readonly namespace: string;
  readonly name: string;
  readonly node: string;
  readonly ip: string;
  readonly ofport: number;
  readonly veth: string;
  readonly labels: Record<string, string>;
}

export const PODS: readonly PodSpec[] = [
  {
    namespace: 'demo',
    name: 'web-1-a1b2c',
    node: 'node-1',
    ip: '10.128.0.2',
    ofport: 3,
    veth: 'veth1a2b3c4d',
    labels: { app: 'web' },
  },
  {
    namespace: 'demo',
    name: 'web-1-d3e4f',
    node: 'node-2',
    ip: '10.128.2.2',
    ofport: 3,
    veth: 'veth5e6f7a8b',
    labels: { app: 'web' },
  },
  {
    namespace: 'demo',
    name: 'db-1-g5h6i',
    node: 'node-2',
    ip: '10.128.2.3',
    ofport: 4,
    veth: 'veth9c0d1e2f',
    labels: { app: 'db' },
  },
  {
    namespace: 'demo',
    name: 'web-1-j7k8l',
    node: 'node-3',
    ip: '10.128.4.2',
    ofport: 3,
    veth: 'veth3a4b5c6d',
    labels: { app: 'web' },
  },
];

export const WEB_VIP = '172.30.10.10';
export const ROUTER_VIP = '172.30.20.20';
export const EXTERNAL_SVC_VIP = '172.30.30.30';

/** Everything a test can mutate before the model is built. */
export interface ClusterTexts {
  clusterNetwork: ClusterNetwork;
  hostSubnets: HostSubnet[];
  nodes: KubeNode[];
  pods: Pod[];
  services: Service[];
  endpoints: Endpoints[];
  routes: Route[];
  /** NetworkPolicies (none on the healthy subnet cluster, but collected). */
  networkPolicies: NetworkPolicy[];
  /** §12: IP failover configurations (`undefined` = the DeploymentConfig/Deployment lists were not read). */
  ipFailovers?: IpFailover[];
  /** Node command outputs by node name; `undefined` = not collected. */
  node: Record<string, NodeTexts>;
  /** dig outputs: probe artifacts. */
  digs: DigText[];
  /**
   * 39.13.3: `ethtool -S eth0` in each pod (`namespace/name` → output); `undefined` = not collected.
   * A pod missing from the record was not asked.
   */
  podStats?: Record<string, string>;
}

export interface NodeTexts {
  ipAddr?: string;
  ipRoute?: string;
  sysctl?: string;
  listBr?: string;
  ports?: string;
  flows?: string;
  iptables?: string;
  resolvConf?: string;
  nodeConfig?: string;
  journal?: string;
  processes?: string;
  keepalivedLog?: string;
}

export interface DigText {
  kind: 'dig-short' | 'dig-answer';
  name: string;
  node?: string;
  where?: string;
  search: boolean;
  text: string;
  artifact: string;
}

// ------------------------------------------------------------------ node command outputs

function hex(n: number): string {
  return n.toString(16).padStart(2, '0');
}

function podsOn(node: string): PodSpec[] {
  return PODS.filter((p) => p.node === node);
}

/** `ip addr show` of a 3.11 node: eth0, OVS devices, tun0, one veth per pod. */
export function ipAddrText(n: NodeSpec): string {
  const veths = podsOn(n.name)
    .map(
      (
        p,
        i,
      ) => `${10 + i}: ${p.veth}@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue master ovs-system state UP group default
    link/ether 1e:79:f3:a0:e8:${hex(0x8c + i)} brd ff:ff:ff:ff:ff:ff link-netnsid ${i}
    inet6 fe80::1c79:f3ff:fea0:e8${hex(0x8c + i)}/64 scope link 
       valid_lft forever preferred_lft forever`,
    )
    .join('\n');
  return `1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
    inet6 ::1/128 scope host 
       valid_lft forever preferred_lft forever
2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc pfifo_fast state UP group default qlen 1000
    link/ether fa:16:3e:56:4c:${hex(Number(n.ip.split('.')[3]))} brd ff:ff:ff:ff:ff:ff
    inet ${n.ip}/24 brd 192.168.122.255 scope global noprefixroute dynamic eth0
       valid_lft 3222sec preferred_lft 3222sec
    inet6 fe80::f816:3eff:fe56:4c11/64 scope link 
       valid_lft forever preferred_lft forever
5: ovs-system: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN group default qlen 1000
    link/ether 6e:2c:1a:4e:9b:0f brd ff:ff:ff:ff:ff:ff
6: br0: <BROADCAST,MULTICAST> mtu 1450 qdisc noop state DOWN group default qlen 1000
    link/ether 0a:7f:b4:33:c2:43 brd ff:ff:ff:ff:ff:ff
7: vxlan_sys_4789: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 65000 qdisc noqueue master ovs-system state UNKNOWN group default qlen 1000
    link/ether 9e:f1:7d:4d:19:4f brd ff:ff:ff:ff:ff:ff
    inet6 fe80::9cf1:7dff:fe4d:194f/64 scope link 
       valid_lft forever preferred_lft forever
8: tun0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN group default qlen 1000
    link/ether 6a:ef:90:24:a3:11 brd ff:ff:ff:ff:ff:ff
    inet ${n.gw}/23 scope global tun0
       valid_lft forever preferred_lft forever
    inet6 fe80::68ef:90ff:fe24:a311/64 scope link 
       valid_lft forever preferred_lft forever
${veths}
`;
}

/** `ip route show` (39.7.3.2), 3.11 style: no local-subnet route (deleteLocalSubnetRoute). */
export function ipRouteText(n: NodeSpec): string {
  return `default via 192.168.122.1 dev eth0 proto dhcp metric 100 
${CN} dev tun0 scope link 
${SN} dev tun0 
192.168.122.0/24 dev eth0 proto kernel scope link src ${n.ip} metric 100 
`;
}

/** `ovs-ofctl -O OpenFlow13 dump-ports-desc br0` (39.7.4). */
export function portsText(n: NodeSpec): string {
  const port = (no: number | string, name: string, mac: string, local = false): string =>
    ` ${no}(${name}): addr:${mac}
     config:     ${local ? 'PORT_DOWN' : '0'}
     state:      ${local ? 'LINK_DOWN' : '0'}
${local ? '' : '     current:    10GB-FD COPPER\n'}     speed: ${local ? 0 : 10000} Mbps now, 0 Mbps max`;
  return [
    'OFPST_PORT_DESC reply (OF1.3) (xid=0x2):',
    port(1, 'vxlan0', '9e:f1:7d:4d:19:4f'),
    port(2, 'tun0', '6a:ef:90:24:a3:11'),
    ...podsOn(n.name).map((p) => port(p.ofport, p.veth, `1e:79:f3:a0:e8:${hex(0x80 + p.ofport)}`)),
    port('LOCAL', 'br0', '0a:7f:b4:33:c2:43', true),
    '',
  ].join('\n');
}

/**
 * `ovs-ofctl -O OpenFlow13 dump-flows br0` as OVS renders openshift-sdn's rule version 7 (subnet
 * plugin), with stats. node-3 is dumped with `--names` (ports by name), as on a tty.
 */
export function flowsText(n: NodeSpec): string {
  const names = n.name === 'node-3';
  const portRef = (p: PodSpec): string => (names ? p.veth : String(p.ofport));
  const tun0 = names ? 'tun0' : '2';
  const vxlan0 = names ? 'vxlan0' : '1';
  const remotes = NODES.filter((r) => r.name !== n.name);
  const pods = podsOn(n.name);
  const cookie = (r: NodeSpec): string => `0x${(0x5cf8bea0 + Number(r.ip.split('.')[3])).toString(16)}`;
  let d = 100;
  const line = (table: number, rest: string, c = '0x0'): string =>
    ` cookie=${c}, duration=${(d++ / 1000 + 1).toFixed(3)}s, table=${table}, n_packets=0, n_bytes=0, ${rest}`;
  const flows: string[] = [
    line(0, `priority=250,ip,in_port=${tun0},nw_dst=224.0.0.0/4 actions=drop`),
    line(
      0,
      `priority=200,arp,in_port=${vxlan0},arp_spa=${CN},arp_tpa=${n.subnet} actions=move:NXM_NX_TUN_ID[0..31]->NXM_NX_REG0[],goto_table:10`,
    ),
    line(
      0,
      `priority=200,ip,in_port=${vxlan0},nw_src=${CN} actions=move:NXM_NX_TUN_ID[0..31]->NXM_NX_REG0[],goto_table:10`,
    ),
    line(
      0,
      `priority=200,ip,in_port=${vxlan0},nw_dst=${CN} actions=move:NXM_NX_TUN_ID[0..31]->NXM_NX_REG0[],goto_table:10`,
    ),
    line(0, `priority=200,arp,in_port=${tun0},arp_spa=${n.gw},arp_tpa=${CN} actions=goto_table:30`),
    line(0, `priority=200,ip,in_port=${tun0} actions=goto_table:30`),
    line(0, `priority=150,in_port=${vxlan0} actions=drop`),
    line(0, `priority=150,in_port=${tun0} actions=drop`),
    line(0, 'priority=100,arp actions=goto_table:20'),
    line(0, 'priority=100,ip actions=goto_table:20'),
    line(0, 'priority=0 actions=drop'),
    ...remotes.map((r) => line(10, `priority=100,tun_src=${r.ip} actions=goto_table:30`, cookie(r))),
    line(10, 'priority=0 actions=drop'),
    ...pods.map((p) =>
      line(
        20,
        `priority=100,arp,in_port=${portRef(p)},arp_spa=${p.ip},arp_sha=00:00:0a:80:${hex(n.o3)}:${hex(Number(p.ip.split('.')[3]))}/00:00:ff:ff:ff:ff actions=load:0->NXM_NX_REG0[],goto_table:21`,
      ),
    ),
    ...pods.map((p) =>
      line(
        20,
        `priority=100,ip,in_port=${portRef(p)},nw_src=${p.ip} actions=load:0->NXM_NX_REG0[],goto_table:21`,
      ),
    ),
    line(20, 'priority=0 actions=drop'),
    line(21, 'priority=0 actions=goto_table:30'),
    line(30, `priority=300,arp,arp_tpa=${n.gw} actions=output:${tun0}`),
    line(30, `priority=300,ip,nw_dst=${n.gw} actions=output:${tun0}`),
    line(30, `priority=200,arp,arp_tpa=${n.subnet} actions=goto_table:40`),
    line(30, `priority=200,ip,nw_dst=${n.subnet} actions=goto_table:70`),
    line(30, `priority=100,arp,arp_tpa=${CN} actions=goto_table:50`),
    line(30, `priority=100,ip,nw_dst=${CN} actions=goto_table:90`),
    line(30, `priority=100,ip,nw_dst=${SN} actions=goto_table:60`),
    line(30, `priority=50,ip,in_port=${vxlan0},nw_dst=224.0.0.0/4 actions=goto_table:120`),
    line(30, 'priority=25,ip,nw_dst=224.0.0.0/4 actions=goto_table:110'),
    line(30, 'priority=0,ip actions=goto_table:100'),
    line(30, 'priority=0,arp actions=drop'),
    ...pods.map((p) => line(40, `priority=100,arp,arp_tpa=${p.ip} actions=output:${portRef(p)}`)),
    line(40, 'priority=0 actions=drop'),
    ...remotes.map((r) =>
      line(
        50,
        `priority=100,arp,arp_tpa=${r.subnet} actions=move:NXM_NX_REG0[]->NXM_NX_TUN_ID[0..31],set_field:${r.ip}->tun_dst,output:${vxlan0}`,
        cookie(r),
      ),
    ),
    line(50, 'priority=0 actions=drop'),
    line(60, `priority=200,reg0=0 actions=output:${tun0}`),
    line(
      60,
      `priority=100,tcp,nw_dst=${WEB_VIP},tp_dst=80 actions=load:0->NXM_NX_REG1[],load:0x2->NXM_NX_REG2[],goto_table:80`,
    ),
    line(60, 'priority=0 actions=drop'),
    ...pods.map((p) =>
      line(
        70,
        `priority=100,ip,nw_dst=${p.ip} actions=load:0->NXM_NX_REG1[],load:0x${p.ofport.toString(16)}->NXM_NX_REG2[],goto_table:80`,
      ),
    ),
    line(70, 'priority=0 actions=drop'),
    line(80, `priority=300,ip,nw_src=${n.gw} actions=output:NXM_NX_REG2[]`),
    line(80, 'priority=200 actions=output:NXM_NX_REG2[]'),
    line(80, 'priority=0 actions=drop'),
    ...remotes.map((r) =>
      line(
        90,
        `priority=100,ip,nw_dst=${r.subnet} actions=move:NXM_NX_REG0[]->NXM_NX_TUN_ID[0..31],set_field:${r.ip}->tun_dst,output:${vxlan0}`,
        cookie(r),
      ),
    ),
    line(90, 'priority=0 actions=drop'),
    line(100, `priority=200,tcp,nw_dst=${n.ip},tp_dst=53 actions=output:${tun0}`),
    line(100, `priority=200,udp,nw_dst=${n.ip},tp_dst=53 actions=output:${tun0}`),
    line(100, 'priority=0 actions=goto_table:101'),
    line(101, `priority=0 actions=output:${tun0}`),
    line(110, 'priority=0 actions=drop'),
    line(
      111,
      `priority=100 actions=move:NXM_NX_REG0[]->NXM_NX_TUN_ID[0..31],${remotes.map((r) => `set_field:${r.ip}->tun_dst,output:${vxlan0}`).join(',')},goto_table:120`,
    ),
    line(120, 'priority=0 actions=drop'),
    line(253, 'actions=note:00.07.00.00.00.00'),
  ];
  return `OFPST_FLOW reply (OF1.3) (xid=0x2):\n${flows.join('\n')}\n`;
}

/** KUBE-SVC/SEP chain names (kube-proxy hashes; fixed strings here). */
const SVC_WEB = 'KUBE-SVC-5ZVBXLQ2N6FC7ZUA';
const SVC_ROUTER = 'KUBE-SVC-GQKZAHCS5DTMHUQ6';
export const WEB_ENDPOINTS = PODS.filter((p) => p.labels.app === 'web').map((p) => `${p.ip}:8080`);
const sepOf = (i: number): string => `KUBE-SEP-WEB${'ABCDEFGHIJKL'.charAt(i)}2PQ4RS7TUV3W`;

/** `iptables-save` of a 3.11 node: openshift-sdn's chains, kube-proxy's, the RHEL defaults. */
export function iptablesText(_node: NodeSpec): string {
  const web = WEB_ENDPOINTS;
  const probs = ['0.33332999982', '0.50000000000'];
  return `# Generated by iptables-save v1.4.21 on Sat Nov 21 10:00:00 2026
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:KUBE-MARK-DROP - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-NODEPORTS - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-SERVICES - [0:0]
:${SVC_WEB} - [0:0]
:${SVC_ROUTER} - [0:0]
${web.map((_, i) => `:${sepOf(i)} - [0:0]`).join('\n')}
:KUBE-SEP-RTR7Q2MZK4LJ5XUA - [0:0]
:OPENSHIFT-MASQUERADE - [0:0]
-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A POSTROUTING -m comment --comment "rules for masquerading OpenShift traffic" -j OPENSHIFT-MASQUERADE
-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
-A KUBE-MARK-DROP -j MARK --set-xmark 0x8000/0x8000
-A KUBE-MARK-MASQ -j MARK --set-xmark 0x1/0x1
-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -m mark --mark 0x1/0x1 -j MASQUERADE
-A KUBE-SERVICES ! -s ${CN} -d ${WEB_VIP}/32 -p tcp -m comment --comment "demo/web:http cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ
-A KUBE-SERVICES -d ${WEB_VIP}/32 -p tcp -m comment --comment "demo/web:http cluster IP" -m tcp --dport 80 -j ${SVC_WEB}
-A KUBE-SERVICES ! -s ${CN} -d ${ROUTER_VIP}/32 -p tcp -m comment --comment "default/router:80-tcp cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ
-A KUBE-SERVICES -d ${ROUTER_VIP}/32 -p tcp -m comment --comment "default/router:80-tcp cluster IP" -m tcp --dport 80 -j ${SVC_ROUTER}
-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
${web
  .map((_, i) =>
    i < web.length - 1
      ? `-A ${SVC_WEB} -m comment --comment "demo/web:http" -m statistic --mode random --probability ${probs[i]} -j ${sepOf(i)}`
      : `-A ${SVC_WEB} -m comment --comment "demo/web:http" -j ${sepOf(i)}`,
  )
  .join('\n')}
${web
  .map(
    (
      ep,
      i,
    ) => `-A ${sepOf(i)} -s ${ep.split(':')[0]}/32 -m comment --comment "demo/web:http" -j KUBE-MARK-MASQ
-A ${sepOf(i)} -p tcp -m comment --comment "demo/web:http" -m tcp -j DNAT --to-destination ${ep}`,
  )
  .join('\n')}
-A ${SVC_ROUTER} -m comment --comment "default/router:80-tcp" -j KUBE-SEP-RTR7Q2MZK4LJ5XUA
-A KUBE-SEP-RTR7Q2MZK4LJ5XUA -s 192.168.122.11/32 -m comment --comment "default/router:80-tcp" -j KUBE-MARK-MASQ
-A KUBE-SEP-RTR7Q2MZK4LJ5XUA -p tcp -m comment --comment "default/router:80-tcp" -m tcp -j DNAT --to-destination 192.168.122.11:80
-A OPENSHIFT-MASQUERADE -s ${CN} -m comment --comment "masquerade pod-to-service and pod-to-external traffic" -j MASQUERADE
COMMIT
# Completed on Sat Nov 21 10:00:00 2026
# Generated by iptables-save v1.4.21 on Sat Nov 21 10:00:00 2026
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:KUBE-FIREWALL - [0:0]
:KUBE-SERVICES - [0:0]
:OPENSHIFT-ADMIN-OUTPUT-RULES - [0:0]
:OPENSHIFT-FIREWALL-ALLOW - [0:0]
:OPENSHIFT-FIREWALL-FORWARD - [0:0]
:OS_FIREWALL_ALLOW - [0:0]
-A INPUT -m comment --comment "firewall overrides" -j OPENSHIFT-FIREWALL-ALLOW
-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A INPUT -j KUBE-FIREWALL
-A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT
-A INPUT -p icmp -j ACCEPT
-A INPUT -i lo -j ACCEPT
-A INPUT -p tcp -m state --state NEW -m tcp --dport 22 -j ACCEPT
-A INPUT -j OS_FIREWALL_ALLOW
-A INPUT -j REJECT --reject-with icmp-host-prohibited
-A FORWARD -i tun0 ! -o tun0 -m comment --comment "administrator overrides" -j OPENSHIFT-ADMIN-OUTPUT-RULES
-A FORWARD -m comment --comment "firewall overrides" -j OPENSHIFT-FIREWALL-FORWARD
-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A FORWARD -j REJECT --reject-with icmp-host-prohibited
-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A OUTPUT -j KUBE-FIREWALL
-A KUBE-FIREWALL -m comment --comment "kubernetes firewall for dropping marked packets" -m mark --mark 0x8000/0x8000 -j DROP
-A KUBE-SERVICES -d ${EXTERNAL_SVC_VIP}/32 -p tcp -m comment --comment "demo/external:postgres has no endpoints" -m tcp --dport 5432 -j REJECT --reject-with icmp-port-unreachable
-A OPENSHIFT-FIREWALL-ALLOW -p udp -m udp --dport 4789 -m comment --comment "VXLAN incoming" -j ACCEPT
-A OPENSHIFT-FIREWALL-ALLOW -i tun0 -m comment --comment "from SDN to localhost" -j ACCEPT
-A OPENSHIFT-FIREWALL-ALLOW -i docker0 -m comment --comment "from docker to localhost" -j ACCEPT
-A OPENSHIFT-FIREWALL-FORWARD -s ${CN} -m comment --comment "attempted resend after connection close" -m conntrack --ctstate INVALID -j DROP
-A OPENSHIFT-FIREWALL-FORWARD -d ${CN} -m comment --comment "forward traffic from SDN" -j ACCEPT
-A OPENSHIFT-FIREWALL-FORWARD -s ${CN} -m comment --comment "forward traffic to SDN" -j ACCEPT
-A OS_FIREWALL_ALLOW -p tcp -m state --state NEW -m tcp --dport 10250 -j ACCEPT
-A OS_FIREWALL_ALLOW -p tcp -m state --state NEW -m tcp --dport 80 -j ACCEPT
-A OS_FIREWALL_ALLOW -p tcp -m state --state NEW -m tcp --dport 443 -j ACCEPT
-A OS_FIREWALL_ALLOW -p udp -m state --state NEW -m udp --dport 4789 -j ACCEPT
COMMIT
# Completed on Sat Nov 21 10:00:00 2026
`;
}

/** 3.x `/etc/origin/node/node-config.yaml` (36.8.1 / 39.8.1). */
export function nodeConfigText(n: NodeSpec): string {
  return `allowDisabledDocker: false
apiVersion: v1
dnsBindAddress: 127.0.0.1:53
dnsDomain: cluster.local
dnsIP: ${n.ip}
iptablesSyncPeriod: 30s
kind: NodeConfig
masterKubeConfig: node.kubeconfig
networkConfig:
  mtu: 1450
  networkPluginName: ${PLUGIN}
nodeIP: ${n.ip}
nodeName: ${n.name}
proxyArguments:
  proxy-mode:
  - iptables
servingInfo:
  bindAddress: 0.0.0.0:10250
`;
}

/** `journalctl -u atomic-openshift-node.service --boot` of a clean start (39.10). */
export function journalText(n: NodeSpec): string {
  const p = `Nov 21 10:00:01 ${n.name} atomic-openshift-node[4242]:`;
  return `-- Logs begin at Sat 2026-11-21 09:58:01 UTC, end at Sat 2026-11-21 10:00:09 UTC. --
${p} I1121 10:00:01.100200    4242 node.go:147] Initializing SDN node of type "${PLUGIN}" with configured hostname "${n.name}" (IP "${n.ip}"), iptables sync period "30s"
${p} I1121 10:00:02.200300    4242 controller.go:120] Output of setup script:
${p} + ip link set tun0 up
${p} + ip route add ${CN} dev tun0 proto kernel scope link
${p} I1121 10:00:03.300500    4242 controller.go:200] Output of adding table=0,priority=100,ip,actions=goto_table:20:  (<nil>)
${p} I1121 10:00:04.400600    4242 node.go:324] Starting openshift-sdn pod manager
${p} I1121 10:00:05.500700    4242 proxy.go:93] Using iptables Proxier.
`;
}

/** 39.9: the node's resolver. */
export const RESOLV_CONF = `# Generated by NetworkManager
search cluster.local example.com
nameserver 192.168.122.1
options ndots:1
`;

// ------------------------------------------------------------------ API objects

function apiObjects(): Pick<
  ClusterTexts,
  'clusterNetwork' | 'hostSubnets' | 'nodes' | 'pods' | 'services' | 'endpoints' | 'routes'
> {
  const podObj = (p: PodSpec): Pod => ({
    namespace: p.namespace,
    name: p.name,
    node: p.node,
    hostIP: NODES.find((n) => n.name === p.node)?.ip,
    podIP: p.ip,
    phase: 'Running',
    ready: true,
    hostNetwork: false,
    labels: p.labels,
    containerPorts: [{ port: 8080, protocol: 'TCP' }],
  });
  const router: Pod = {
    namespace: 'default',
    name: 'router-1-x9y8z',
    node: 'node-1',
    hostIP: '192.168.122.11',
    podIP: '192.168.122.11',
    phase: 'Running',
    ready: true,
    hostNetwork: true,
    labels: { router: 'router', deploymentconfig: 'router' },
    containerPorts: [
      { port: 80, protocol: 'TCP' },
      { port: 443, protocol: 'TCP' },
    ],
  };
  return {
    clusterNetwork: {
      name: 'default',
      clusterCIDRs: [CN],
      hostSubnetLength: 9,
      serviceNetwork: SN,
      pluginName: PLUGIN,
      vxlanPort: 4789,
      mtu: 1450,
    },
    hostSubnets: NODES.map((n) => ({
      name: n.name,
      host: n.name,
      hostIP: n.ip,
      subnet: n.subnet,
      egressIPs: [],
    })),
    nodes: NODES.map((n) => ({
      name: n.name,
      addresses: [
        { type: 'InternalIP', address: n.ip },
        { type: 'Hostname', address: n.name },
      ],
      internalIP: n.ip,
      ready: true,
      labels: { 'kubernetes.io/hostname': n.name },
    })),
    pods: [...PODS.map(podObj), router],
    services: [
      {
        namespace: 'demo',
        name: 'web',
        type: 'ClusterIP',
        clusterIP: WEB_VIP,
        selector: { app: 'web' },
        ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }],
        labels: { app: 'web' },
      },
      {
        namespace: 'default',
        name: 'router',
        type: 'ClusterIP',
        clusterIP: ROUTER_VIP,
        selector: { router: 'router' },
        ports: [{ name: '80-tcp', port: 80, protocol: 'TCP', targetPort: 80 }],
        labels: { router: 'router' },
      },
      {
        // No selector: endpoints are managed by hand (an external database); has none right now.
        namespace: 'demo',
        name: 'external',
        type: 'ClusterIP',
        clusterIP: EXTERNAL_SVC_VIP,
        ports: [{ name: 'postgres', port: 5432, protocol: 'TCP' }],
        labels: {},
      },
    ],
    endpoints: [
      {
        namespace: 'demo',
        name: 'web',
        labels: { app: 'web' },
        subsets: [
          {
            addresses: PODS.filter((p) => p.labels.app === 'web').map((p) => ({
              ip: p.ip,
              nodeName: p.node,
              targetPod: { namespace: p.namespace, name: p.name },
            })),
            notReadyAddresses: [],
            ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
          },
        ],
      },
      {
        namespace: 'default',
        name: 'router',
        labels: { router: 'router' },
        subsets: [
          {
            addresses: [
              {
                ip: '192.168.122.11',
                nodeName: 'node-1',
                targetPod: { namespace: 'default', name: router.name },
              },
            ],
            notReadyAddresses: [],
            ports: [{ name: '80-tcp', port: 80, protocol: 'TCP' }],
          },
        ],
      },
      { namespace: 'demo', name: 'external', labels: {}, subsets: [] },
    ],
    routes: [
      {
        namespace: 'demo',
        name: 'web',
        host: 'www.example.com',
        path: '/test',
        service: 'web',
        admitted: true,
      },
    ],
  };
}

/** The healthy cluster, as text. Each call returns a fresh copy to mutate. */
export function healthyTexts(): ClusterTexts {
  const node: Record<string, NodeTexts> = {};
  for (const n of NODES) {
    node[n.name] = {
      ipAddr: ipAddrText(n),
      ipRoute: ipRouteText(n),
      sysctl: 'net.ipv4.ip_forward = 1\n',
      listBr: 'br0\n',
      ports: portsText(n),
      flows: flowsText(n),
      iptables: iptablesText(n),
      resolvConf: RESOLV_CONF,
      nodeConfig: nodeConfigText(n),
      journal: journalText(n),
      processes: PS_TEXT,
      keepalivedLog: '',
    };
  }
  const digs: DigText[] = [
    {
      kind: 'dig-short',
      name: 'www.example.com',
      where: 'client',
      search: false,
      text: '192.168.122.11\n',
      artifact: 'probes/client/dig-short-www.example.com.txt',
    },
    ...NODES.map(
      (n): DigText => ({
        kind: 'dig-answer',
        name: 'github.com',
        node: n.name,
        search: true,
        text: 'github.com.\t\t60\tIN\tA\t140.82.112.3\n',
        artifact: `nodes/${n.name}/dig-search-github.com.txt`,
      }),
    ),
  ];
  const podStats: Record<string, string> = {};
  for (const p of PODS) podStats[`${p.namespace}/${p.name}`] = vethStatsText(vethIndex(p));
  return { ...apiObjects(), networkPolicies: [], ipFailovers: [], node, digs, podStats };
}

/** The ifindex of a pod's host-side veth in {@link ipAddrText} (10, 11, … per node, in pod order). */
export function vethIndex(p: PodSpec): number {
  return 10 + podsOn(p.node).indexOf(p);
}

/**
 * `ethtool -S eth0` of a pod's veth end, as ethtool 6.1 prints it (test/fixtures/ethtool/veth-stats.txt,
 * captured on a real veth), with the peer's ifindex (39.13.3).
 */
export function vethStatsText(peerIfindex: number): string {
  return `NIC statistics:
     peer_ifindex: ${peerIfindex}
     rx_queue_0_xdp_packets: 0
     rx_queue_0_xdp_bytes: 0
     rx_queue_0_drops: 0
     rx_queue_0_xdp_redirect: 0
     rx_queue_0_xdp_drops: 0
     rx_queue_0_xdp_tx: 0
     rx_queue_0_xdp_tx_errors: 0
     tx_queue_0_xdp_xmit: 0
     tx_queue_0_xdp_xmit_errors: 0
`;
}

/** The pods' `ethtool -S eth0` as collect records them (sources/nic-details.ts), read by the real builder. */
function podStatsNics(stats: Record<string, string>): NicFacts {
  const artifacts: Artifact[] = Object.entries(stats).map(([key, text]) => {
    const node = PODS.find((p) => `${p.namespace}/${p.name}` === key)?.node ?? 'node-1';
    const failed = /No such device|Cannot/.test(text);
    return {
      id: `nodes/${node}/pods/${key}/ethtool-S-eth0.txt`,
      kind: 'ethtool-stats',
      node,
      where: `pod/${key}`,
      argv: ['ethtool', '-S', 'eth0'],
      text,
      exitCode: failed ? 1 : 0,
      collectedAt: '2026-12-05T18:00:00Z',
    };
  });
  return buildNics(artifacts, new WarningSink()) ?? { peers: [], drivers: [] };
}

/** `ps -e -o pid=,args=` on a node without keepalived (§12). */
export const PS_TEXT = `    1 /usr/lib/systemd/systemd --switched-root --system --deserialize 22
    2 [kthreadd]
  812 /usr/bin/dockerd-current --add-runtime docker-runc=/usr/libexec/docker/docker-runc-current
 1204 /usr/bin/hyperkube kubelet --v=2 --address=0.0.0.0
 1630 openshift start network --config=/etc/origin/node/node-config.yaml --loglevel=2
`;

// ------------------------------------------------------------------ text → model

/** Mutates a fresh copy of the healthy texts and builds the model. */
export function modelWith(mutate: (t: ClusterTexts) => void = () => {}): ClusterModel {
  const t = healthyTexts();
  mutate(t);
  return buildTestModel(t);
}

/** Runs every text through the real parsers and assembles the model (what buildModel does). */
export function buildTestModel(t: ClusterTexts): ClusterModel {
  const nodeFacts: Record<string, NodeFacts> = {};
  for (const [name, x] of Object.entries(t.node)) {
    const a = (file: string): string => `nodes/${name}/${file}`;
    const facts: { -readonly [K in keyof NodeFacts]: NodeFacts[K] } = { name, ovs: {} };
    if (x.ipAddr !== undefined)
      facts.links = { value: parseIpAddr(x.ipAddr).records, artifact: a('ip-addr.txt') };
    if (x.ipRoute !== undefined)
      facts.routes = { value: parseIpRoute(x.ipRoute).records, artifact: a('ip-route.txt') };
    if (x.sysctl !== undefined) {
      const sysctls: Record<string, { value: string; line: number }> = {};
      for (const r of parseSysctl(x.sysctl).records) sysctls[r.key] = { value: r.value, line: r.line };
      facts.sysctls = { value: sysctls, artifact: a('sysctl.txt') };
    }
    const ovs: { -readonly [K in keyof NodeFacts['ovs']]: NodeFacts['ovs'][K] } = {};
    if (x.listBr !== undefined)
      ovs.bridges = { value: parseOvsListBr(x.listBr).records, artifact: a('ovs-list-br.txt') };
    if (x.ports !== undefined)
      ovs.ports = { value: parseOvsPortsDesc(x.ports).records, artifact: a('ovs-ports.txt') };
    if (x.flows !== undefined)
      ovs.flows = { value: parseOvsFlows(x.flows).records, artifact: a('ovs-flows.txt') };
    facts.ovs = ovs;
    if (x.iptables !== undefined) {
      facts.iptables = { value: parseIptablesSave(x.iptables).records, artifact: a('iptables-save.txt') };
    }
    if (x.resolvConf !== undefined) {
      facts.resolvConf = { value: parseResolvConf(x.resolvConf).records, artifact: a('resolv.conf') };
    }
    if (x.nodeConfig !== undefined) {
      facts.nodeConfig = { value: parseNodeConfig(x.nodeConfig).records, artifact: a('node-config.yaml') };
    }
    if (x.journal !== undefined)
      facts.journal = { value: parseNodeJournal(x.journal).records, artifact: a('node-journal.txt') };
    if (x.processes !== undefined)
      facts.processes = { value: parseProcesses(x.processes).records, artifact: a('processes.txt') };
    if (x.keepalivedLog !== undefined) {
      facts.keepalivedLog = {
        value: parseKeepalivedLog(x.keepalivedLog).records,
        artifact: a('keepalived-journal.txt'),
      };
    }
    nodeFacts[name] = facts;
  }
  return {
    clusterNetwork: { value: t.clusterNetwork, artifact: 'api/clusternetworks.json' },
    hostSubnets: { value: t.hostSubnets, artifact: 'api/hostsubnets.json' },
    nodes: { value: t.nodes, artifact: 'api/nodes.json' },
    pods: { value: t.pods, artifact: 'api/pods.json' },
    services: { value: t.services, artifact: 'api/services.json' },
    endpoints: { value: t.endpoints, artifact: 'api/endpoints.json' },
    routes: { value: t.routes, artifact: 'api/routes.json' },
    networkPolicies: { value: t.networkPolicies, artifact: 'api/networkpolicies.json' },
    ...(t.ipFailovers
      ? { ipFailovers: { value: t.ipFailovers, artifact: 'api/deploymentconfigs.json' } }
      : {}),
    ...(t.digs.length ? { dnsLookups: t.digs.map(digLookup) } : {}),
    ...(t.podStats ? { nics: podStatsNics(t.podStats) } : {}),
    nodeFacts,
  };
}

/** dig artifact → DnsLookup (the model builder's mapping, src/model/build/dns-lookups.ts). */
function digLookup(d: DigText): DnsLookup {
  const base = {
    name: d.name,
    search: d.search,
    artifact: d.artifact,
    ...(d.node ? { node: d.node } : {}),
    ...(d.where ? { where: d.where } : {}),
  };
  if (d.kind === 'dig-short') {
    const { records } = parseDigShort(d.text);
    const lines = d.text.split('\n');
    const answers = records.answers.map((data) => {
      const i = lines.findIndex((l) => l.trim() === data);
      return {
        name: d.name,
        type: /^\d+(\.\d+){3}$/.test(data) ? 'A' : 'CNAME',
        data,
        line: i + 1,
        raw: lines[i] ?? data,
      };
    });
    return { ...base, kind: 'dig-short', answers, ...(records.error ? { error: records.error } : {}) };
  }
  const answers = parseDigAnswer(d.text).records.map((r) => ({
    name: r.name.replace(/\.$/, ''),
    type: r.type,
    data: r.data,
    line: r.line,
    raw: r.raw,
  }));
  return { ...base, kind: 'dig-answer', answers };
}

/** Replaces exactly one occurrence of `from` (throws when absent: a mutation that misses is a test bug). */
export function replaceOnce(text: string | undefined, from: string | RegExp, to: string): string {
  if (text === undefined) throw new Error('text not collected');
  const next = text.replace(from, to);
  if (next === text) throw new Error(`mutation did not apply: ${String(from)}`);
  return next;
}

/** Deletes the lines that contain `needle` (at least one). */
export function dropLines(text: string | undefined, needle: string | RegExp): string {
  if (text === undefined) throw new Error('text not collected');
  const lines = text.split('\n');
  const kept = lines.filter((l) => (typeof needle === 'string' ? !l.includes(needle) : !needle.test(l)));
  if (kept.length === lines.length) throw new Error(`no line matched: ${String(needle)}`);
  return kept.join('\n');
}

/** A mutation of one node's command outputs: `modelWith(onNode('node-1', (n) => (n.sysctl = …)))`. */
export function onNode(node: string, edit: (n: NodeTexts) => void): (t: ClusterTexts) => void {
  return (t) => {
    const n = t.node[node];
    if (!n) throw new Error(`no node ${node}`);
    edit(n);
  };
}

/**
 * The API objects a networkpolicy cluster adds to a fixture model (issue 11): the policies, the
 * namespaces `default` (labelled name=default, netid 0) and `demo` (netid `demoNetid`).
 */
export function withPolicyObjects(
  m: ClusterModel,
  policies: readonly NetworkPolicy[],
  demoNetid: number,
): ClusterModel {
  return {
    ...m,
    networkPolicies: { value: [...policies], artifact: 'api/networkpolicies.json' },
    namespaces: {
      value: [
        { name: 'default', labels: { name: 'default' } },
        { name: 'demo', labels: {} },
      ],
      artifact: 'api/namespaces.json',
    },
    netNamespaces: {
      value: [
        { name: 'default', netid: 0, multicast: false },
        { name: 'demo', netid: demoNetid, multicast: false },
      ],
      artifact: 'api/netnamespaces.json',
    },
  };
}
