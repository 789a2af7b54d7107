/**
 * br0's OpenFlow rules as openshift-sdn rule version 7 (OpenShift 3.10/3.11) writes them, for the
 * ovs-subnet, ovs-multitenant and ovs-networkpolicy plugins (reference/openshift-sdn-pipeline.md §2,
 * §4, §5; the networkpolicy plugin is the conntrack one: `useConnTrack` in ovscontroller.go SetupOVS()).
 * Pure and allocation-light: the dataplane benchmark calls it for 1000-node clusters.
 * Output: one flow per string, in `ovs-ofctl add-flow` syntax, spelled as the Go code spells them
 * (OVS normalises them on dump: `arp, nw_dst=` → `arp_tpa=`, `load:13->` → `load:0xd->`, …).
 */
import { createHash } from 'node:crypto';
import { gatewayOf, ipHex, parseIp } from '../net/ipv4.js';

export type FlowPlugin = 'subnet' | 'multitenant' | 'networkpolicy';

export interface RemoteHostSubnet {
  /** HostSubnet.hostIP: the VTEP of the remote node (as the API says, even when stale). */
  readonly hostIP: string;
  readonly subnet: string;
  /** HostSubnet metadata.uid: its sha256 gives the flows' cookie (rule version 7). */
  readonly uid: string;
}

export interface LocalPodFlowSpec {
  readonly ip: string;
  readonly ofport: number;
  readonly vnid: number;
}

export interface ServiceFlowSpec {
  readonly ip: string;
  readonly ports: readonly { readonly port: number; readonly protocol: string }[];
  readonly vnid: number;
}

export interface NodeFlowSpec {
  readonly plugin: FlowPlugin;
  readonly clusterNetworks: readonly string[];
  readonly serviceNetwork: string;
  /** This node's HostSubnet CIDR (its gateway = first host, on tun0). */
  readonly localSubnet: string;
  readonly nodeIP: string;
  readonly remoteSubnets: readonly RemoteHostSubnet[];
  readonly pods: readonly LocalPodFlowSpec[];
  readonly services: readonly ServiceFlowSpec[];
  /**
   * networkpolicy: the per-namespace table 80 flows (priorities 150/100/50) the node's policy code
   * writes (lab/policies.ts, from model/policy-flows.ts).
   */
  readonly policyFlows?: readonly string[];
  /**
   * networkpolicy, rule version 13 only: the per-namespace table 27 (egress) flows
   * (networkpolicy.go generateNamespaceEgressFlows; lab/policies.ts).
   */
  readonly egressPolicyFlows?: readonly string[];
}

/** Plugin id = first byte of the table-253 note (node.go New()). */
const PLUGIN_ID: Readonly<Record<FlowPlugin, string>> = {
  subnet: '00',
  multitenant: '01',
  networkpolicy: '02',
};
/** Rule version 7 = 3.10/3.11/4.1–4.4 (pipeline.md §0). */
export const RULE_VERSION = '07';

/** Cookies already hashed: each node's flows name every remote HostSubnet (N² hashes on N nodes). */
const cookies = new Map<string, string>();
const COOKIES_KEPT = 100_000;

/** hostSubnetCookie(): first 4 bytes of sha256(HostSubnet UID), as `0x%08x`. */
export function hostSubnetCookie(uid: string): string {
  const known = cookies.get(uid);
  if (known !== undefined) return known;
  const cookie = `0x${createHash('sha256').update(uid).digest().subarray(0, 4).toString('hex')}`;
  if (cookies.size >= COOKIES_KEPT) cookies.clear();
  cookies.set(uid, cookie);
  return cookie;
}

/** Gateway = subnet base + 1 (GenerateDefaultGateway). */
function gatewayIp(subnet: string): string {
  const gw = gatewayOf(subnet);
  // the spec comes from the lab's own plan or a HostSubnet already checked to parse
  if (gw === undefined) throw new Error(`not a HostSubnet CIDR: ${subnet}`);
  return gw;
}

/** setupPodFlows: `ipmac` matches the 0a:58:<ip> MAC on its IP part. */
function ipMac(ip: string): string {
  const n = parseIp(ip);
  if (n === undefined) throw new Error(`not a pod IP: ${ip}`);
  return `00:00:${ipHex(n)}/00:00:ff:ff:ff:ff`;
}

const TO_TUN = 'move:NXM_NX_REG0[]->NXM_NX_TUN_ID[0..31]';

/** Every flow of br0 on one node (tables 0–253). */
export function generateNodeFlows(spec: NodeFlowSpec): string[] {
  const f: string[] = [];
  const ls = spec.localSubnet;
  const gw = gatewayIp(ls);
  const multitenant = spec.plugin === 'multitenant';
  // networkpolicy is the only conntrack plugin before rule version 13 (node.go: useConnTrack)
  const ct = spec.plugin === 'networkpolicy';

  // Table 0: dispatch on in_port (SetupOVS; non-conntrack plugins have no ct/25 rules)
  if (ct) f.push('table=0, priority=300, ip, ct_state=-trk, actions=ct(table=0)');
  for (const cn of spec.clusterNetworks) {
    f.push(
      `table=0, priority=200, in_port=1, arp, nw_src=${cn}, nw_dst=${ls}, actions=move:NXM_NX_TUN_ID[0..31]->NXM_NX_REG0[],goto_table:10`,
      `table=0, priority=200, in_port=1, ip, nw_src=${cn}, actions=move:NXM_NX_TUN_ID[0..31]->NXM_NX_REG0[],goto_table:10`,
      `table=0, priority=200, in_port=1, ip, nw_dst=${cn}, actions=move:NXM_NX_TUN_ID[0..31]->NXM_NX_REG0[],goto_table:10`,
    );
  }
  f.push('table=0, priority=150, in_port=1, actions=drop');
  if (ct) {
    // the gateway's own traffic goes straight to routing; a local pod's traffic that iptables
    // sent back through tun0 (service DNAT to a pod) regains its VNID in table 25
    f.push(`table=0, priority=400, in_port=2, ip, nw_src=${gw}, actions=goto_table:30`);
    for (const cn of spec.clusterNetworks) {
      f.push(`table=0, priority=300, in_port=2, ip, nw_src=${ls}, nw_dst=${cn}, actions=goto_table:25`);
    }
  }
  f.push('table=0, priority=250, in_port=2, ip, nw_dst=224.0.0.0/4, actions=drop');
  for (const cn of spec.clusterNetworks) {
    f.push(`table=0, priority=200, in_port=2, arp, nw_src=${gw}, nw_dst=${cn}, actions=goto_table:30`);
  }
  f.push(
    'table=0, priority=200, in_port=2, ip, actions=goto_table:30',
    'table=0, priority=150, in_port=2, actions=drop',
    'table=0, priority=100, arp, actions=goto_table:20',
    'table=0, priority=100, ip, actions=goto_table:20',
    'table=0, priority=0, actions=drop',
  );

  // Tables 10/50/90: per remote HostSubnet, with the HostSubnet cookie (AddHostSubnetRules, §4.2)
  f.push('table=10, priority=0, actions=drop');
  for (const hs of spec.remoteSubnets) {
    const c = hostSubnetCookie(hs.uid);
    // 39.7.4: every remote node needs a tun_src flow, else its VXLAN traffic is dropped here
    f.push(`table=10, priority=100, cookie=${c}, tun_src=${hs.hostIP}, actions=goto_table:30`);
    f.push(
      `table=50, priority=100, cookie=${c}, arp, nw_dst=${hs.subnet}, actions=${TO_TUN},set_field:${hs.hostIP}->tun_dst,output:1`,
    );
    f.push(
      `table=90, priority=100, cookie=${c}, ip, nw_dst=${hs.subnet}, actions=${TO_TUN},set_field:${hs.hostIP}->tun_dst,output:1`,
    );
  }

  // Tables 20/25/40/70: per local pod (setupPodFlows, §4.1; table 25 only with conntrack)
  f.push('table=20, priority=0, actions=drop', 'table=21, priority=0, actions=goto_table:30');
  if (ct) {
    // networkpolicy.go Start(): commit every connection to a pod so that replies are +rpl (table 80)
    for (const cn of spec.clusterNetworks) {
      f.push(`table=21, priority=200, ip, nw_dst=${cn}, actions=ct(commit,table=30)`);
    }
    // Lab only: a kernel-datapath node shares one conntrack table with iptables, so the reply of a
    // pod's connection to the outside (SNATed by OPENSHIFT-MASQUERADE) is +rpl in table 0 and
    // passes table 80 at priority 200. The lab's userspace datapath has its own conntrack: commit
    // those connections in OVS as well, so that their replies are +rpl here too (docs/lab.md).
    f.push('table=21, priority=100, ip, actions=ct(commit,table=30)');
    f.push('table=25, priority=0, actions=drop');
  }
  for (const p of spec.pods) {
    f.push(
      `table=20, priority=100, in_port=${p.ofport}, arp, nw_src=${p.ip}, arp_sha=${ipMac(p.ip)}, actions=load:${p.vnid}->NXM_NX_REG0[], goto_table:21`,
      `table=20, priority=100, in_port=${p.ofport}, ip, nw_src=${p.ip}, actions=load:${p.vnid}->NXM_NX_REG0[], goto_table:21`,
      `table=40, priority=100, arp, nw_dst=${p.ip}, actions=output:${p.ofport}`,
      `table=70, priority=100, ip, nw_dst=${p.ip}, actions=load:${p.vnid}->NXM_NX_REG1[], load:${p.ofport}->NXM_NX_REG2[], goto_table:80`,
    );
    if (ct) {
      f.push(
        `table=25, priority=100, ip, nw_src=${p.ip}, actions=load:${p.vnid}->NXM_NX_REG0[], goto_table:30`,
      );
    }
  }

  // Table 30: general routing
  f.push(
    `table=30, priority=300, arp, nw_dst=${gw}, actions=output:2`,
    `table=30, priority=200, arp, nw_dst=${ls}, actions=goto_table:40`,
    `table=30, priority=300, ip, nw_dst=${gw}, actions=output:2`,
    `table=30, priority=100, ip, nw_dst=${spec.serviceNetwork}, actions=goto_table:60`,
    `table=30, priority=200, ip, nw_dst=${ls}, actions=goto_table:70`,
  );
  // replies to a connection this node committed: undo the service NAT, then table 80 lets them in
  if (ct) f.push(`table=30, priority=300, ip, nw_dst=${ls}, ct_state=+rpl, actions=ct(nat,table=70)`);
  for (const cn of spec.clusterNetworks) {
    f.push(
      `table=30, priority=100, arp, nw_dst=${cn}, actions=goto_table:50`,
      `table=30, priority=100, ip, nw_dst=${cn}, actions=goto_table:90`,
    );
  }
  f.push(
    'table=30, priority=50, in_port=1, ip, nw_dst=224.0.0.0/4, actions=goto_table:120',
    'table=30, priority=25, ip, nw_dst=224.0.0.0/4, actions=goto_table:110',
    'table=30, priority=0, ip, actions=goto_table:100',
    'table=30, priority=0, arp, actions=drop',
    'table=40, priority=0, actions=drop',
    'table=50, priority=0, actions=drop',
  );

  // Table 60: services. Conntrack plugin: everything to tun0 (iptables), policy applies at the
  // endpoint; non-conntrack plugins: VNID-0 sources bypass, per-service rules (§4.4)
  f.push(
    ct ? 'table=60, priority=200, actions=output:2' : 'table=60, priority=200, reg0=0, actions=output:2',
  );
  f.push('table=60, priority=0, actions=drop');
  for (const s of ct ? [] : spec.services) {
    const load = `actions=load:${s.vnid}->NXM_NX_REG1[], load:2->NXM_NX_REG2[], goto_table:80`;
    f.push(`table=60, ip, nw_dst=${s.ip}, ip_frag=later, priority=100, ${load}`);
    for (const sp of s.ports) {
      const proto = sp.protocol.toLowerCase();
      f.push(`table=60, ip, nw_dst=${s.ip}, ${proto}, ${proto}_dst=${sp.port}, priority=100, ${load}`);
    }
  }
  f.push('table=70, priority=0, actions=drop');

  // Table 80: isolation (§5)
  f.push(
    `table=80, priority=300, ip, nw_src=${gw}/32, actions=output:NXM_NX_REG2[]`,
    'table=80, priority=0, actions=drop',
  );
  if (multitenant) {
    f.push(
      'table=80, priority=200, reg0=0, actions=output:NXM_NX_REG2[]',
      'table=80, priority=200, reg1=0, actions=output:NXM_NX_REG2[]',
    );
    // EnsureVNIDRules: one rule per VNID in use by a local pod or a service
    const vnids = new Set<number>();
    for (const p of spec.pods) if (p.vnid !== 0) vnids.add(p.vnid);
    for (const s of spec.services) if (s.vnid !== 0) vnids.add(s.vnid);
    for (const v of [...vnids].sort((a, b) => a - b)) {
      f.push(`table=80, priority=100, reg0=${v}, reg1=${v}, actions=output:NXM_NX_REG2[]`);
    }
  } else if (ct) {
    // networkpolicy.go Start() and syncNamespaceFlows (§5)
    f.push('table=80, priority=200, ip, ct_state=+rpl, actions=output:NXM_NX_REG2[]');
    f.push(...(spec.policyFlows ?? []));
  } else {
    f.push('table=80, priority=200, actions=output:NXM_NX_REG2[]');
  }
  f.push('table=90, priority=0, actions=drop');

  // Tables 100/101: egress (DNS to the node, then EgressNetworkPolicy default)
  f.push(
    `table=100, priority=200, tcp, tcp_dst=53, nw_dst=${spec.nodeIP}, actions=output:2`,
    `table=100, priority=200, udp, udp_dst=53, nw_dst=${spec.nodeIP}, actions=output:2`,
    'table=100, priority=0, actions=goto_table:101',
    'table=101, priority=0, actions=output:2',
  );

  // Tables 110/111/120: multicast (no namespace has multicast enabled → defaults only)
  f.push('table=110, priority=0, actions=drop');
  const remotes = spec.remoteSubnets.map((h) => `set_field:${h.hostIP}->tun_dst,output:1`).sort();
  f.push(
    remotes.length > 0
      ? `table=111, priority=100, actions=${TO_TUN},${remotes.join(',')},goto_table:120`
      : 'table=111, priority=100, actions=goto_table:120',
  );
  f.push('table=120, priority=0, actions=drop');

  // Table 253: plugin and rule version (AlreadySetUp() looks for it)
  f.push(`table=253, actions=note:${PLUGIN_ID[spec.plugin]}.${RULE_VERSION}`);
  return f;
}
