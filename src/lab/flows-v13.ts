/**
 * br0 as openshift-sdn rule version 13 writes it for the ovs-subnet and ovs-multitenant plugins on
 * 4.10–4.12 (the 4.x lab, issue 12 "A 4.x lab"): the rule-version-7 pipeline of flows.ts with the
 * changes of openshift-sdn-pipeline.md §3 (sdn:pkg/network/node/ovscontroller.go@release-4.12
 * SetupOVS(), singletenant.go / multitenant.go Start(), public sample
 * synthetic_fake_ovs_expectedFlows_sdn_master.txt):
 * - table 20: pods may not emit VXLAN (`priority=300, udp, udp_dst=<VXP>, actions=drop`, rule
 *   version 11); a pod's ARP goes to table 30, its IP to table 27 (no table 21);
 * - table 27 = NetworkPolicy egress: drop by default, `priority=500 → 30` for subnet/multitenant;
 * - table 30 = conntrack setup (`priority=0 → 31`), table 31 = the old table-30 routing, whose
 *   default goes to table 99;
 * - table 99 = DNS to the node, then 100 (EgressNetworkPolicy), then 101 (egress IP), which sends
 *   replies of tracked connections straight to tun0.
 * Conntrack in table 0 and the table-25 hairpin are networkpolicy-only before 4.13 (916c89f9c), so
 * subnet and multitenant have neither; their services still go through table 60's per-service rules.
 * The networkpolicy plugin (useConnTrack; networkpolicy.go@release-4.12 Start() and
 * generateNamespaceFlows; its SetupOVS part is the conntrack controller test of the public sample
 * synthetic_fake_ovs_expectedFlows_sdn_master.txt):
 * - table 0: `ct_state=-trk → ct(table=0)` at priority 1000 (300 in rule version 7);
 * - table 25 (service traffic back from tun0) regains the VNID and goes to table 27, not 30;
 * - table 27: services (`priority=300`, egress is enforced after iptables, through table 25) and
 *   replies (`priority=200, ct_state=+rpl`) pass; per VNID in use, the namespace's egress flows;
 * - table 30 commits every pod-network-internal connection (`ct_state=-rpl → ct(commit,table=31)`),
 *   instead of table 21; table 31's `ct(nat,table=70)` of replies moves to priority 250;
 * - table 80 is the rule-version-7 one: replies, then the namespace's ingress flows.
 * Pure: rewrites the rule-version-7 flow strings, so both versions share one generator.
 */
import { generateNodeFlows, type NodeFlowSpec } from './flows.js';

/** 13 = 0x0D, the second byte of the table-253 note (pipeline.md §0). */
export const RULE_VERSION_13 = '0D';

const TABLE = /^table=(\d+), /;

/** Every flow of br0 on one node, rule version 13. */
export function generateNodeFlows13(spec: NodeFlowSpec, vxlanPort: number): string[] {
  const out: string[] = [];
  const ct = spec.plugin === 'networkpolicy';
  for (const flow of generateNodeFlows(spec)) {
    const table = Number(TABLE.exec(flow)?.[1]);
    if (table === 0 && flow.includes('ct_state=-trk')) {
      out.push(flow.replace('priority=300', 'priority=1000'));
    } else if (table === 25) {
      out.push(flow.replace('goto_table:30', 'goto_table:27'));
    } else if (table === 20) {
      // setupPodFlows (master): ARP → 30, IP → 27
      out.push(
        flow.includes(', arp, ')
          ? flow.replace('goto_table:21', 'goto_table:30')
          : flow.replace('goto_table:21', 'goto_table:27'),
      );
    } else if (table === 21) {
      continue; // no table 21 from rule version 13
    } else if (table === 30) {
      const routed = flow
        .replace('table=30, ', 'table=31, ')
        .replace('actions=goto_table:100', 'actions=goto_table:99');
      // the ct(nat) of replies sits below the gateway's priority-300 flows from rule version 13
      out.push(routed.includes('ct_state=+rpl') ? routed.replace('priority=300', 'priority=250') : routed);
    } else if (table === 100 && flow.includes('_dst=53,')) {
      out.push(flow.replace('table=100, ', 'table=99, '));
    } else if (table === 253) {
      out.push(flow.replace(/note:(\w\w)\.\w\w$/, `note:$1.${RULE_VERSION_13}`));
    } else {
      out.push(flow);
    }
  }
  out.push(
    `table=20, priority=300, udp, udp_dst=${vxlanPort}, actions=drop`,
    'table=27, priority=0, actions=drop',
    ...(ct ? networkPolicyTables(spec) : ['table=27, priority=500, actions=goto_table:30']),
    'table=30, priority=0, actions=goto_table:31',
    'table=99, priority=0, actions=goto_table:100',
    // release-4.6+ (4b3847f14): replies of tracked connections leave through tun0 directly
    'table=101, priority=150, ct_state=+rpl, actions=output:2',
  );
  return out;
}

/**
 * The networkpolicy plugin's own rule-13 flows of tables 27 and 30 (networkpolicy.go@release-4.12
 * Start() and generateNamespaceEgressFlows); the subnet and multitenant plugins (singletenant.go /
 * multitenant.go Start()) have no egress policy: one `priority=500 → 30` instead.
 */
function networkPolicyTables(spec: NodeFlowSpec): string[] {
  const out = [
    // egress to a service is enforced after iptables, when the packet comes back through table 25
    `table=27, priority=300, ip, nw_dst=${spec.serviceNetwork}, actions=goto_table:30`,
    'table=27, priority=200, ip, ct_state=+rpl, actions=goto_table:30',
    ...(spec.egressPolicyFlows ?? []),
  ];
  // every pod-network-internal connection is committed, so that its replies skip the policies
  for (const src of spec.clusterNetworks) {
    for (const dst of spec.clusterNetworks) {
      out.push(
        `table=30, priority=100, ip, nw_src=${src}, nw_dst=${dst}, ct_state=-rpl, actions=ct(commit,table=31)`,
      );
    }
  }
  // Lab only, as table 21's priority-100 commit of rule version 7 (flows.ts, docs/lab.md): the
  // userspace datapath's conntrack is not the kernel's, so a local pod's connections to the outside
  // are committed in OVS too, for their replies to be +rpl in tables 31 and 80.
  out.push(
    `table=30, priority=50, ip, nw_src=${spec.localSubnet}, ct_state=-rpl, actions=ct(commit,table=31)`,
  );
  return out;
}
