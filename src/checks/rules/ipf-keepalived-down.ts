/**
 * §12 (ipf-debug.sh `ps ax | grep keepalived`): keepalived must run on every node an IP failover
 * configuration puts it on. With one node down the VIP still moves to another, so the URL works,
 * but there is no failover left: a warning naming the node.
 */
import { count, msg } from '../../i18n/message.js';
import { defineCheck } from '../define.js';
import { summaryEvidence } from '../lib/evidence.js';
import {
  configLabel,
  interfaceMissing,
  keepalivedNodes,
  keepalivedProcesses,
  vipHolders,
} from '../lib/ipfailover.js';

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
      const nodes = keepalivedNodes(model, c);
      const down = (n: string) => {
        const ps = model.nodeFacts[n]?.processes;
        return ps !== undefined && keepalivedProcesses(ps.value).length === 0;
      };
      // Down everywhere with no VIP held: that is ipf-vip-unheld's error (it names these nodes), not
      // a lost failover of a VIP that still works.
      if (
        nodes.length > 0 &&
        nodes.every(down) &&
        c.virtualIPs.every((v) => vipHolders(model, v).length === 0)
      )
        continue;
      for (const node of nodes) {
        const ps = model.nodeFacts[node]?.processes;
        if (!ps) {
          ctx.unknown(
            msg('its processes (ps) were not collected', 'プロセス一覧（ps）が収集されていません'),
            node,
          );
          continue;
        }
        if (keepalivedProcesses(ps.value).length) continue;
        // keepalived cannot start without its interface: ipf-interface-missing reports that node
        if (interfaceMissing(model.nodeFacts[node]?.links?.value, c.networkInterface)) continue;
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
