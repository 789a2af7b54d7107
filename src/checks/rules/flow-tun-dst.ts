/**
 * 39.7.4 ¶1: every remote node needs a flow with `set_field:<node_IP>->tun_dst` — table 90 for IP
 * to its pod subnet, table 50 for ARP. Missing, or sending to an old IP, pods there are unreachable.
 */
import { msg } from '../../i18n/message.js';
import type { Flow, HostSubnet } from '../../model/types.js';
import { defineCheck } from '../define.js';
import { lineEvidence, noFlowMatches, summaryEvidence } from '../lib/evidence.js';
import { findFlows, tunDstOf } from '../lib/flows.js';
import { flowsPerRemoteSubnet } from '../lib/nodes.js';
import type { CheckContext } from '../types.js';
import type { PipelineLayout } from '../../model/pipeline.js';

/** The remote-subnet table carries IP, the remote-ARP table ARP (reference §4.2); numbers by version. */
const tablesOf = (layout: PipelineLayout) =>
  [
    { table: layout.toRemote, proto: 'ip', field: 'nw_dst', what: { en: 'IP', ja: 'IP' } },
    { table: layout.arpToRemote, proto: 'arp', field: 'arp_tpa', what: { en: 'ARP', ja: 'ARP' } },
  ] as const;

export default defineCheck({
  id: 'flow-tun-dst',
  section: '7.4',
  severity: 'error',
  fault: 'flow-tun-dst-missing',
  title: msg(
    'Tables 90 and 50 send to every remote subnet',
    'テーブル 90 と 50 がすべてのリモートサブネットへ送信する',
  ),
  requires: { cluster: ['hostSubnets'], node: ['ovs.flows'], layout: true },
  run(ctx) {
    for (const { node, flows, hs } of flowsPerRemoteSubnet(ctx)) {
      for (const t of tablesOf(ctx.layout(node))) {
        const found = findFlows(flows.value, {
          table: t.table,
          proto: t.proto,
          fields: { [t.field]: hs.subnet },
        });
        if (found.some((f) => tunDstOf(f) === hs.hostIP)) continue;
        reportMissing(ctx, node, hs, t, found, flows.artifact);
      }
    }
  },
});

function reportMissing(
  ctx: CheckContext,
  node: string,
  hs: HostSubnet,
  t: ReturnType<typeof tablesOf>[number],
  wrong: readonly Flow[],
  artifact: string,
): void {
  const wrongDst = wrong.map(tunDstOf).filter((x): x is string => !!x);
  const message = wrongDst.length
    ? msg(
        `Node ${node}'s table ${t.table} flow for ${hs.subnet} (node ${hs.host}) sends ${t.what.en} to ${wrongDst.join(', ')} instead of ${hs.hostIP}.`,
        `ノード ${node} のテーブル ${t.table} の ${hs.subnet}（ノード ${hs.host}）向けフローが、${t.what.ja} を ${hs.hostIP} ではなく ${wrongDst.join(', ')} に送信しています。`,
      )
    : msg(
        `Node ${node} has no table ${t.table} flow set_field:${hs.hostIP}->tun_dst for ${hs.subnet}: ${t.what.en} to pods on node ${hs.host} is dropped.`,
        `ノード ${node} にテーブル ${t.table} の ${hs.subnet} 向け set_field:${hs.hostIP}->tun_dst のフローがありません。ノード ${hs.host} の Pod への ${t.what.ja} が破棄されます。`,
      );
  ctx.report({
    node,
    message,
    fix: msg(
      `Restart the node service on ${node} so openshift-sdn rewrites the HostSubnet flows; check that HostSubnet ${hs.name} is right (39.6) and read the log (39.10).`,
      `${node} のノードサービスを再起動して HostSubnet のフローを再作成させてください。HostSubnet ${hs.name} が正しいこと（39.6）とログ（39.10）も確認してください。`,
    ),
    evidence: wrong.length
      ? wrong.map((f) => lineEvidence(artifact, f))
      : [summaryEvidence(artifact, noFlowMatches(`table=${t.table},${t.proto},${t.field}=${hs.subnet}`))],
  });
}
