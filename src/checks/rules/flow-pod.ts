/**
 * 39.7.4 ¶2: every local pod needs flows matching arp_spa/nw_src (table 20, from the pod),
 * arp_tpa (table 40, ARP to the pod) and nw_dst (table 70, IP to the pod). A missing one cuts
 * that direction of the pod's traffic.
 */
import { msg } from '../../i18n/message.js';
import { defineCheck } from '../define.js';
import { lineEvidence, noFlowMatches, summaryEvidence } from '../lib/evidence.js';
import { findFlows, type FlowQuery } from '../lib/flows.js';
import { localSdnPods } from '../lib/pods.js';
import type { Evidence } from '../types.js';
import type { PipelineLayout } from '../../model/pipeline.js';
import { objectKey } from '../../model/object-key.js';

/** The four per-pod flows of setupPodFlows() (reference §4.1), by what they match. */
function podQueries(ip: string, l: PipelineLayout): { label: string; q: FlowQuery }[] {
  const q = (table: number, proto: string, field: string): { label: string; q: FlowQuery } => ({
    label: `table ${table} ${field}=${ip}`,
    q: { table, proto, fields: { [field]: ip } },
  });
  return [
    q(l.fromPod, 'arp', 'arp_spa'),
    q(l.fromPod, 'ip', 'nw_src'),
    q(l.arpToLocalPod, 'arp', 'arp_tpa'),
    q(l.toLocalPod, 'ip', 'nw_dst'),
  ];
}

export default defineCheck({
  id: 'flow-pod',
  section: '7.4',
  severity: 'error',
  fault: 'flow-pod-missing',
  title: msg(
    'Every local pod has its table 20/40/70 flows',
    'すべてのローカル Pod にテーブル 20/40/70 のフローがある',
  ),
  requires: { cluster: ['pods'], node: ['ovs.flows'], layout: true },
  run(ctx) {
    for (const node of ctx.nodes) {
      const flows = ctx.model.nodeFacts[node]?.ovs.flows;
      if (!flows) continue;
      for (const pod of localSdnPods(ctx.model, node)) {
        const ip = pod.podIP as string;
        const missing: string[] = [];
        const present: Evidence[] = [];
        for (const { label, q } of podQueries(ip, ctx.layout(node))) {
          const hit = findFlows(flows.value, q);
          if (hit.length) present.push(...hit.map((f) => lineEvidence(flows.artifact, f)));
          else missing.push(label);
        }
        if (!missing.length) continue;
        ctx.report({
          node,
          pod: objectKey(pod),
          message: msg(
            `Pod ${objectKey(pod)} (${ip}) on node ${node} lacks its flows: ${missing.join('; ')}.`,
            `ノード ${node} の Pod ${objectKey(pod)}（${ip}）のフローが不足しています: ${missing.join('; ')}`,
          ),
          fix: msg(
            `Delete the pod so it is recreated with fresh flows (oc delete pod ${pod.name} -n ${pod.namespace}); if several pods are affected, restart the node service and read its log (39.10).`,
            `Pod を削除して新しいフローで再作成させてください（oc delete pod ${pod.name} -n ${pod.namespace}）。複数の Pod が該当する場合はノードサービスを再起動し、ログを確認してください（39.10）。`,
          ),
          evidence: [...missing.map((m) => summaryEvidence(flows.artifact, noFlowMatches(m))), ...present],
        });
      }
    }
  },
});
