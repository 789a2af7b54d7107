/**
 * §12: keepalived runs its check script (`</dev/tcp/<node IP>/<OPENSHIFT_HA_MONITOR_PORT>`, every
 * OPENSHIFT_HA_CHECK_INTERVAL seconds) and gives up MASTER when it fails. The script's last result
 * on each node is read from keepalived's log (`VRRP_Script(chk_x) failed`, `Script \`chk_x\` now
 * returning 1`): a failing script means the monitored port (the router) does not answer there.
 */
import { msg } from '../../i18n/message.js';
import type { KeepalivedEvent } from '../../model/types.js';
import { defineCheck } from '../define.js';
import { lineEvidence } from '../lib/evidence.js';
import { checkScriptName, configLabel, keepalivedNodes } from '../lib/ipfailover.js';

export default defineCheck({
  id: 'ipf-check-failing',
  fault: 'ipf-check-failing',
  section: '12',
  severity: 'error',
  title: msg(
    'The IP failover monitor port answers on every selected node',
    'IP フェイルオーバーの監視ポートが選択されたすべてのノードで応答する',
  ),
  requires: { cluster: ['ipFailovers', 'nodes'] },
  run(ctx) {
    const { model } = ctx;
    for (const c of model.ipFailovers?.value ?? []) {
      if (c.monitorPort === 0) continue; // port 0: the image's script is `true`
      const script = checkScriptName(c);
      for (const node of keepalivedNodes(model, c)) {
        const log = model.nodeFacts[node]?.keepalivedLog;
        if (!log) {
          ctx.unknown(
            msg("keepalived's log was not collected", 'keepalived のログが収集されていません'),
            node,
          );
          continue;
        }
        let last: KeepalivedEvent | undefined;
        for (const e of log.value.events) if (e.kind === 'script' && e.script === script) last = e;
        if (!last || last.ok) continue;
        ctx.report({
          node,
          message: msg(
            `The check of ${configLabel(c)} fails on ${node}: port ${c.monitorPort} does not answer there, so keepalived gives up the VIPs (${c.virtualIPs.join(', ')}) on it.`,
            `${node} で ${configLabel(c)} のチェックが失敗しています。ポート ${c.monitorPort} が応答しないため、keepalived はこのノードで仮想 IP（${c.virtualIPs.join(', ')}）を手放します。`,
          ),
          fix: msg(
            `Make the service on port ${c.monitorPort} answer on ${node} (the router pod there: oc get pods -o wide), or fix OPENSHIFT_HA_MONITOR_PORT.`,
            `${node} でポート ${c.monitorPort} のサービス（そのノードのルーター Pod: oc get pods -o wide）が応答するようにするか、OPENSHIFT_HA_MONITOR_PORT を修正してください。`,
          ),
          evidence: [{ ...lineEvidence(log.artifact, last), node }],
        });
      }
    }
  },
});
