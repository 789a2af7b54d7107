/**
 * §12 (ipf-debug.sh `iptables-save | grep 224`): keepalived's adverts (VRRP, IP protocol 112, to
 * 224.0.0.18) must pass the INPUT chain of every node that runs it; the ipfailover image inserts an
 * ACCEPT for them (OPENSHIFT_HA_IPTABLES_CHAIN). A node that drops them no longer hears its peers
 * and takes every VIP as MASTER too. Each peer's advert is walked through the filter table.
 */
import { msg } from '../../i18n/message.js';
import { defineCheck } from '../define.js';
import { lineEvidence, summaryEvidence } from '../lib/evidence.js';
import { tableNamed, walkChain } from '../lib/iptables.js';
import { configLabel, keepalivedNodes, VRRP_GROUP } from '../lib/ipfailover.js';
import { expectedNodeIP } from '../lib/nodes.js';

export default defineCheck({
  id: 'ipf-vrrp-blocked',
  fault: 'ipf-vrrp-blocked',
  section: '12',
  severity: 'error',
  title: msg(
    'Every node that runs keepalived admits VRRP adverts',
    'keepalived が動作するすべてのノードが VRRP の広告を受け入れる',
  ),
  requires: { cluster: ['ipFailovers', 'nodes'] },
  run(ctx) {
    const { model } = ctx;
    const done = new Set<string>();
    for (const c of model.ipFailovers?.value ?? []) {
      const nodes = keepalivedNodes(model, c);
      for (const node of nodes) {
        const src = model.nodeFacts[node]?.iptables;
        const filter = src && tableNamed(src.value, 'filter');
        if (!src || !filter || !filter.committed) {
          ctx.unknown(
            msg(
              'the filter table is missing or truncated in iptables-save',
              'iptables-save の filter テーブルがないか、途中で切れています',
            ),
            node,
          );
          continue;
        }
        for (const peer of nodes) {
          const peerIP = peer === node ? undefined : expectedNodeIP(model, peer);
          if (!peerIP) continue;
          const r = walkChain(filter, 'INPUT', {
            src: peerIP,
            dst: VRRP_GROUP,
            proto: 'vrrp',
            ...(c.networkInterface ? { in: c.networkInterface } : {}),
            dstLocal: false,
          });
          if (r.verdict !== 'DROP' && r.verdict !== 'REJECT') continue;
          const key = `${node} ${r.rule?.line ?? 'policy'}`;
          if (done.has(key)) continue;
          done.add(key);
          ctx.report({
            node,
            message: msg(
              `${node} drops VRRP adverts from ${peer} (${peerIP} → ${VRRP_GROUP}, protocol 112): keepalived of ${configLabel(c)} there cannot hear its peers.`,
              `${node} が ${peer} からの VRRP 広告（${peerIP} → ${VRRP_GROUP}、プロトコル 112）を破棄しています。${configLabel(c)} の keepalived は相手の広告を受信できません。`,
            ),
            fix: msg(
              `Remove the rule, or put "-A INPUT -d ${VRRP_GROUP}/32 -j ACCEPT" before it (set OPENSHIFT_HA_IPTABLES_CHAIN=INPUT to let the ipfailover pod add it).`,
              `このルールを削除するか、その前に「-A INPUT -d ${VRRP_GROUP}/32 -j ACCEPT」を入れてください（OPENSHIFT_HA_IPTABLES_CHAIN=INPUT にすれば ipfailover Pod が追加します）。`,
            ),
            evidence: [
              r.rule
                ? { ...lineEvidence(src.artifact, r.rule), node }
                : summaryEvidence(src.artifact, `:INPUT ${r.verdict} (policy)`),
            ],
          });
        }
      }
    }
  },
});
