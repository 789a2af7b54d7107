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
 * Pure: rewrites the rule-version-7 flow strings, so both versions share one generator.
 */
import { generateNodeFlows, type NodeFlowSpec } from './flows.js';

/** 13 = 0x0D, the second byte of the table-253 note (pipeline.md §0). */
export const RULE_VERSION_13 = '0D';

const TABLE = /^table=(\d+), /;

/** Every flow of br0 on one node, rule version 13. */
export function generateNodeFlows13(spec: NodeFlowSpec, vxlanPort: number): string[] {
  const out: string[] = [];
  for (const flow of generateNodeFlows(spec)) {
    const table = Number(TABLE.exec(flow)?.[1]);
    if (table === 20) {
      // setupPodFlows (master): ARP → 30, IP → 27
      out.push(
        flow.includes(', arp, ')
          ? flow.replace('goto_table:21', 'goto_table:30')
          : flow.replace('goto_table:21', 'goto_table:27'),
      );
    } else if (table === 21) {
      continue; // no table 21 from rule version 13
    } else if (table === 30) {
      out.push(
        flow.replace('table=30, ', 'table=31, ').replace('actions=goto_table:100', 'actions=goto_table:99'),
      );
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
    // singletenant.go / multitenant.go Start(): no egress policy in these plugins
    'table=27, priority=500, actions=goto_table:30',
    'table=30, priority=0, actions=goto_table:31',
    'table=99, priority=0, actions=goto_table:100',
    // release-4.6+ (4b3847f14): replies of tracked connections leave through tun0 directly
    'table=101, priority=150, ct_state=+rpl, actions=output:2',
  );
  return out;
}
