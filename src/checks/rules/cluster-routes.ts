/**
 * 39.7.3.2: every cluster network must be routed into OVS via tun0 ("This sends all pod traffic
 * into OVS"), and so must the node's own pod subnet (by its own route, as the guide shows, or by the
 * cluster-network route: openshift-sdn ≥3.7 deletes the kernel's local-subnet route). The service
 * network route via tun0 is checked too, at info level: kube-proxy DNAT makes most traffic work
 * without it.
 */
import { msg } from '../../i18n/message.js';
import type { RouteEntry } from '../../model/types.js';
import { defineCheck } from '../define.js';
import { sameCidr } from '../../net/ipv4.js';
import { lineEvidence, summaryEvidence } from '../lib/evidence.js';
import { hostSubnetOf } from '../lib/nodes.js';
import { routeCovering } from '../lib/routes.js';
import type { Evidence } from '../types.js';

const TUN0 = 'tun0';

export default defineCheck({
  id: 'cluster-routes',
  section: '7.3.2',
  severity: 'error',
  fault: 'cluster-route-missing',
  title: msg(
    'Cluster network and local subnet are routed via tun0',
    'クラスターネットワークとローカルサブネットが tun0 経由でルーティングされている',
  ),
  requires: { cluster: ['clusterNetwork'], node: ['routes'] },
  run(ctx) {
    const cn = ctx.model.clusterNetwork?.value;
    if (!cn) return;
    for (const node of ctx.nodes) {
      const src = ctx.model.nodeFacts[node]?.routes;
      if (!src) continue;
      const routes = src.value;
      const ev = (cidr: string): Evidence[] => {
        const carrier = routeCovering(routes, cidr);
        return carrier
          ? [lineEvidence(src.artifact, carrier)]
          : [
              summaryEvidence(
                src.artifact,
                msg(`ip route: nothing routes ${cidr}`, `ip route: ${cidr} へのルートがありません`),
              ),
            ];
      };
      let missingCN = false;
      for (const cidr of cn.clusterCIDRs) {
        if (routes.some((r) => viaTun0(r) && sameCidr(r.dst, cidr))) continue;
        missingCN = true;
        ctx.report({
          node,
          message: msg(
            `Node ${node} has no route for the cluster network ${cidr} via tun0: traffic from the node to pods (and pod replies through the node) does not enter OVS.`,
            `ノード ${node} にクラスターネットワーク ${cidr} の tun0 経由のルートがありません。ノードから Pod へのトラフィック（およびノード経由の Pod の応答）が OVS に入りません。`,
          ),
          fix: msg(
            `Restart the node service so openshift-sdn re-creates it, or add it by hand: ip route add ${cidr} dev tun0 (see the node log, 39.10).`,
            `ノードサービスを再起動して openshift-sdn に再作成させるか、手動で追加してください: ip route add ${cidr} dev tun0（ノードのログも確認してください、39.10）。`,
          ),
          evidence: ev(cidr),
        });
      }
      const hs = hostSubnetOf(ctx.model, node);
      if (!hs) {
        ctx.unknown(
          msg(
            'the node has no HostSubnet: its local subnet is unknown',
            'ノードに HostSubnet がないため、ローカルサブネットが分かりません',
          ),
          node,
        );
      } else if (!missingCN) {
        const carrier = routeCovering(routes, hs.subnet);
        if (!carrier || !viaTun0(carrier)) {
          ctx.report({
            node,
            message: msg(
              `Node ${node}'s pod subnet ${hs.subnet} is routed ${carrier ? `via ${carrier.dev ?? carrier.via ?? '?'}` : 'nowhere'}, not via tun0: the node cannot reach its own pods.`,
              `ノード ${node} の Pod サブネット ${hs.subnet} のルートが tun0 ではなく ${carrier ? (carrier.dev ?? carrier.via ?? '?') : '（ルートなし）'} を向いています。ノードが自身の Pod に到達できません。`,
            ),
            fix: msg(
              `Remove the conflicting route and restart the node service (ip route del ${carrier?.dst ?? hs.subnet}).`,
              `競合するルートを削除し、ノードサービスを再起動してください（ip route del ${carrier?.dst ?? hs.subnet}）。`,
            ),
            evidence: ev(hs.subnet),
          });
        }
      }
      if (cn.serviceNetwork && !routes.some((r) => viaTun0(r) && sameCidr(r.dst, cn.serviceNetwork))) {
        ctx.report({
          node,
          severity: 'info',
          fault: undefined,
          message: msg(
            `Node ${node} has no route for the service network ${cn.serviceNetwork} via tun0 (openshift-sdn adds one).`,
            `ノード ${node} にサービスネットワーク ${cn.serviceNetwork} の tun0 経由のルートがありません（通常は openshift-sdn が追加します）。`,
          ),
          fix: msg(
            `Restart the node service, or: ip route add ${cn.serviceNetwork} dev tun0.`,
            `ノードサービスを再起動するか、次を実行してください: ip route add ${cn.serviceNetwork} dev tun0`,
          ),
          evidence: ev(cn.serviceNetwork),
        });
      }
    }
  },
});

function viaTun0(r: RouteEntry): boolean {
  return r.dev === TUN0 && r.type === 'unicast' && (r.table === undefined || r.table === 'main');
}
