/**
 * §12: keepalived binds its VRRP instances to OPENSHIFT_HA_NETWORK_INTERFACE; on a node without
 * that interface it cannot start them, so the node never holds or backs up the VIPs.
 */
import { msg } from '../../i18n/message.js';
import { defineCheck } from '../define.js';
import { summaryEvidence } from '../lib/evidence.js';
import { configLabel, interfaceMissing, keepalivedNodes } from '../lib/ipfailover.js';

export default defineCheck({
  id: 'ipf-interface-missing',
  fault: 'ipf-interface-missing',
  section: '12',
  severity: 'error',
  title: msg(
    'The IP failover interface exists on every selected node',
    'IP フェイルオーバーのインターフェースが選択されたすべてのノードに存在する',
  ),
  requires: { cluster: ['ipFailovers', 'nodes'] },
  run(ctx) {
    const { model } = ctx;
    for (const c of model.ipFailovers?.value ?? []) {
      const ifname = c.networkInterface;
      if (!ifname) continue; // unset: the image takes the default route's interface
      for (const node of keepalivedNodes(model, c)) {
        const links = model.nodeFacts[node]?.links;
        if (!links) {
          ctx.unknown(
            msg(
              'its interfaces (ip addr) were not collected',
              'インターフェース（ip addr）が収集されていません',
            ),
            node,
          );
          continue;
        }
        if (!interfaceMissing(links.value, ifname)) continue;
        const names = links.value.map((l) => l.name).join(', ');
        ctx.report({
          node,
          message: msg(
            `${node} has no interface ${ifname}, which ${configLabel(c)} binds keepalived to (OPENSHIFT_HA_NETWORK_INTERFACE).`,
            `${node} には ${configLabel(c)} が keepalived を割り当てるインターフェース ${ifname}（OPENSHIFT_HA_NETWORK_INTERFACE）がありません。`,
          ),
          fix: msg(
            `Set OPENSHIFT_HA_NETWORK_INTERFACE to the interface that carries the VIPs' network on every selected node, or narrow the node selector to nodes that have ${ifname}.`,
            `OPENSHIFT_HA_NETWORK_INTERFACE を、選択される全ノードで仮想 IP のネットワークを持つインターフェースに設定するか、${ifname} を持つノードだけをノードセレクターで選択してください。`,
          ),
          evidence: [
            summaryEvidence(
              model.ipFailovers?.artifact ?? '',
              `${configLabel(c)}: OPENSHIFT_HA_NETWORK_INTERFACE=${ifname}`,
            ),
            summaryEvidence(
              links.artifact,
              msg(`${node} interfaces: ${names}`, `${node} のインターフェース: ${names}`),
            ),
          ],
        });
      }
    }
  },
});
