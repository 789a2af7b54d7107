/**
 * §12: VRRP instances are told apart by `virtual_router_id` (OPENSHIFT_HA_VRRP_ID_OFFSET + 1 … +
 * number of VIPs, lib/config-generators.sh). Two configurations on one network with overlapping
 * ids take each other's adverts for their own and fight over the VIPs.
 */
import { count, msg, noun } from '../../i18n/message.js';
import { defineCheck } from '../define.js';
import { summaryEvidence } from '../lib/evidence.js';
import { configLabel } from '../lib/ipfailover.js';

export default defineCheck({
  id: 'ipf-vrrp-id-conflict',
  fault: 'ipf-vrrp-id-conflict',
  section: '12',
  severity: 'error',
  title: msg(
    'The VRRP id ranges of the IP failover configurations are disjoint',
    'IP フェイルオーバー設定の VRRP ID の範囲が重ならない',
  ),
  requires: { cluster: ['ipFailovers'] },
  run(ctx) {
    const all = ctx.model.ipFailovers?.value ?? [];
    const artifact = ctx.model.ipFailovers?.artifact ?? '';
    all.forEach((a, i) => {
      for (const b of all.slice(i + 1)) {
        const shared = a.vrrpIds.filter((id) => b.vrrpIds.includes(id));
        if (!shared.length) continue;
        const range = (c: typeof a) => `${c.vrrpIds[0]}-${c.vrrpIds[c.vrrpIds.length - 1]}`;
        ctx.report({
          message: msg(
            `${configLabel(a)} (VRRP ids ${range(a)}) and ${configLabel(b)} (VRRP ids ${range(b)}) share ${noun(shared.length, 'VRRP id')} ${shared.join(', ')}.`,
            `${configLabel(a)}（VRRP ID ${range(a)}）と ${configLabel(b)}（VRRP ID ${range(b)}）の VRRP ID ${shared.join(', ')} が重複しています。`,
          ),
          fix: msg(
            `Give one of them an OPENSHIFT_HA_VRRP_ID_OFFSET beyond the other's range (e.g. ${Math.max(...a.vrrpIds, ...b.vrrpIds)}).`,
            `どちらかの OPENSHIFT_HA_VRRP_ID_OFFSET を、もう一方の範囲の外（例: ${Math.max(...a.vrrpIds, ...b.vrrpIds)}）に設定してください。`,
          ),
          evidence: [a, b].map((c) =>
            summaryEvidence(
              artifact,
              msg(
                `${configLabel(c)}: OPENSHIFT_HA_VRRP_ID_OFFSET=${c.vrrpIdOffset}, ${count(c.virtualIPs.length, 'VIP')}`,
                `${configLabel(c)}: OPENSHIFT_HA_VRRP_ID_OFFSET=${c.vrrpIdOffset}、VIP ${c.virtualIPs.length} 個`,
              ),
            ),
          ),
        });
      }
    });
  },
});
