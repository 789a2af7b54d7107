/**
 * §12 (ipf-debug.sh `ip a | grep <vip>` on every node): each virtual IP of an IP failover
 * configuration must be held by a node, or the routes behind it time out. Decided only when every
 * node that should run keepalived has its addresses collected.
 */
import { msg } from '../../i18n/message.js';
import { defineCheck } from '../define.js';
import { summaryEvidence } from '../lib/evidence.js';
import { configLabel, keepalivedNodes, keepalivedProcesses, vipHolders } from '../lib/ipfailover.js';

export default defineCheck({
  id: 'ipf-vip-unheld',
  fault: 'ipf-vip-unheld',
  section: '12',
  severity: 'error',
  title: msg(
    'Every IP failover virtual IP is held by a node',
    'IP フェイルオーバーのすべての仮想 IP をいずれかのノードが保持している',
  ),
  requires: { cluster: ['ipFailovers', 'nodes'] },
  run(ctx) {
    const { model } = ctx;
    for (const c of model.ipFailovers?.value ?? []) {
      const expected = keepalivedNodes(model, c);
      const unread = expected.filter((n) => !model.nodeFacts[n]?.links);
      for (const n of unread)
        ctx.unknown(
          msg('its addresses (ip addr) were not collected', 'アドレス（ip addr）が収集されていません'),
          n,
        );
      // keepalived stopped on every node: ipf-keepalived-down leaves this case to this check, so say it
      const stopped = expected.filter((n) => {
        const ps = model.nodeFacts[n]?.processes;
        return ps !== undefined && keepalivedProcesses(ps.value).length === 0;
      });
      const none = expected.length > 0 && stopped.length === expected.length;
      const list = expected.join(', ');
      for (const vip of c.virtualIPs) {
        if (vipHolders(model, vip).length || unread.length) continue;
        ctx.report({
          message: msg(
            `No node holds virtual IP ${vip} of ${configLabel(c)}: traffic to it goes nowhere.${none ? ` keepalived runs on none of its nodes (${list}).` : ''}`,
            `${configLabel(c)} の仮想 IP ${vip} をどのノードも保持していません。この IP への通信はどこにも届きません。${none ? `keepalived はどのノード（${list}）でも動作していません。` : ''}`,
          ),
          fix: msg(
            `Check that keepalived runs on ${expected.join(', ') || '(no selected node)'} (oc get pods -o wide for ${c.name}) and read its log for VRRP state changes.`,
            `${expected.join(', ') || '（選択されたノードなし）'} で keepalived が動作しているか（${c.name} の oc get pods -o wide）確認し、そのログで VRRP の状態遷移を確認してください。`,
          ),
          evidence: [
            summaryEvidence(
              model.ipFailovers?.artifact ?? '',
              `${configLabel(c)}: OPENSHIFT_HA_VIRTUAL_IPS ${c.virtualIPs.join(',')}`,
            ),
            ...expected.map((n) =>
              summaryEvidence(
                model.nodeFacts[n]?.links?.artifact ?? '',
                msg(`${n}: ${vip} on no interface`, `${n}: ${vip} はどのインターフェースにもありません`),
              ),
            ),
          ],
        });
      }
    }
  },
});
