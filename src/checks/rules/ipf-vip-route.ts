/**
 * §12 (ipf-debug.sh: route to the VIP prefix on each node, then the node → VIP ping matrix): every
 * node that does not hold a virtual IP must have a route to it, or it cannot reach the VIP (nor a
 * route's host name that resolves to it).
 */
import { msg } from '../../i18n/message.js';
import { defineCheck } from '../define.js';
import { summaryEvidence } from '../lib/evidence.js';
import { configLabel, vipHolders } from '../lib/ipfailover.js';
import { lookupRoute } from '../lib/routes.js';

export default defineCheck({
  id: 'ipf-vip-route',
  section: '12',
  severity: 'error',
  title: msg(
    'Every node has a route to each IP failover virtual IP',
    'すべてのノードに IP フェイルオーバーの各仮想 IP への経路がある',
  ),
  requires: { cluster: ['ipFailovers'], node: ['routes'] },
  run(ctx) {
    const { model } = ctx;
    for (const c of model.ipFailovers?.value ?? []) {
      for (const vip of c.virtualIPs) {
        const holders = vipHolders(model, vip);
        for (const node of ctx.nodes) {
          if (holders.includes(node)) continue;
          const routes = model.nodeFacts[node]?.routes;
          if (!routes || lookupRoute(routes.value, vip)) continue;
          ctx.report({
            node,
            message: msg(
              `${node} has no route to virtual IP ${vip} of ${configLabel(c)}.`,
              `${node} には ${configLabel(c)} の仮想 IP ${vip} への経路がありません。`,
            ),
            fix: msg(
              `Add a route (or a default route) on ${node} that covers ${vip}; VIPs belong in the nodes' own network.`,
              `${node} に ${vip} を含む経路（またはデフォルトルート）を追加してください。仮想 IP はノード自身のネットワーク内に置きます。`,
            ),
            evidence: [
              summaryEvidence(
                routes.artifact,
                msg(`ip route: no route matches ${vip}`, `ip route: ${vip} に一致するルートがありません`),
              ),
            ],
          });
        }
      }
    }
  },
});
