/**
 * §12 (ipf-debug.sh `ps ax | grep keepalived`): keepalived must run on every node an IP failover
 * configuration puts it on. With one node down the VIP still moves to another, so the URL works,
 * but there is no failover left: a warning naming the node.
 */
import { count, msg } from '../../i18n/message.js';
import { defineCheck } from '../define.js';
import { summaryEvidence } from '../lib/evidence.js';
import { configLabel, keepalivedNodes, keepalivedProcesses } from '../lib/ipfailover.js';

export default defineCheck({
  id: 'ipf-keepalived-down',
  fault: 'ipf-keepalived-down',
  section: '12',
  severity: 'warning',
  title: msg(
    'keepalived runs on every node an IP failover configuration selects',
    'IP フェイルオーバー設定が選択するすべてのノードで keepalived が動作している',
  ),
  requires: { cluster: ['ipFailovers', 'nodes'] },
  run(ctx) {
    const { model } = ctx;
    for (const c of model.ipFailovers?.value ?? []) {
      for (const node of keepalivedNodes(model, c)) {
        const ps = model.nodeFacts[node]?.processes;
        if (!ps) {
          ctx.unknown(
            msg('its processes (ps) were not collected', 'プロセス一覧（ps）が収集されていません'),
            node,
          );
          continue;
        }
        if (keepalivedProcesses(ps.value).length) continue;
        ctx.report({
          node,
          message: msg(
            `keepalived of ${configLabel(c)} is not running on ${node}: its virtual IPs (${c.virtualIPs.join(', ')}) have no failover there.`,
            `${node} で ${configLabel(c)} の keepalived が動作していません。仮想 IP（${c.virtualIPs.join(', ')}）はこのノードへフェイルオーバーできません。`,
          ),
          fix: msg(
            `Look at the ipfailover pod on ${node} (oc get pods -o wide -n ${c.namespace}; oc logs) and restart it.`,
            `${node} の ipfailover Pod を確認し（oc get pods -o wide -n ${c.namespace}、oc logs）、再起動してください。`,
          ),
          evidence: [
            summaryEvidence(
              ps.artifact,
              msg(
                `no keepalived among ${count(ps.value.length, 'process', 'processes')}`,
                `${ps.value.length} 個のプロセスに keepalived がありません`,
              ),
            ),
          ],
        });
      }
    }
  },
});
