/**
 * 39.7.4 ¶1: "すべてのリモートノードには tun_src=<node_IP_address> に一致するフロー" — table 10 admits
 * VXLAN traffic only from known nodes; without the flow, everything from that node is dropped.
 */
import { msg } from '../../i18n/message.js';
import { defineCheck } from '../define.js';
import { noFlowMatches, summaryEvidence } from '../lib/evidence.js';
import { findFlows } from '../lib/flows.js';
import { flowsPerRemoteSubnet } from '../lib/nodes.js';

export default defineCheck({
  id: 'flow-tun-src',
  section: '7.4',
  severity: 'error',
  fault: 'flow-tun-src-missing',
  title: msg(
    'Table 10 admits VXLAN from every remote node',
    'テーブル 10 がすべてのリモートノードからの VXLAN を受け入れる',
  ),
  requires: { cluster: ['hostSubnets'], node: ['ovs.flows'], layout: true },
  run(ctx) {
    for (const { node, flows, hs } of flowsPerRemoteSubnet(ctx)) {
      const table = ctx.layout(node).vxlanIngress;
      if (findFlows(flows.value, { table, fields: { tun_src: hs.hostIP } }).length) continue;
      ctx.report({
        node,
        message: msg(
          `Node ${node} has no table ${table} flow tun_src=${hs.hostIP}: VXLAN traffic from node ${hs.host} (pods ${hs.subnet}) is dropped.`,
          `ノード ${node} にテーブル ${table} の tun_src=${hs.hostIP} のフローがありません。ノード ${hs.host}（Pod ${hs.subnet}）からの VXLAN トラフィックが破棄されます。`,
        ),
        fix: msg(
          `Restart the node service on ${node} (openshift-sdn re-adds the flows of every HostSubnet), and check its log (39.10).`,
          `${node} のノードサービスを再起動してください（openshift-sdn がすべての HostSubnet のフローを再作成します）。ログも確認してください（39.10）。`,
        ),
        evidence: [summaryEvidence(flows.artifact, noFlowMatches(`table=${table},tun_src=${hs.hostIP}`))],
      });
    }
  },
});
