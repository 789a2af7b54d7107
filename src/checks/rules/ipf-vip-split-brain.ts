/**
 * §12 (ipf-debug.sh `ip a | grep <vip>` on every node): a virtual IP held by two nodes at once is a
 * VRRP split brain — the nodes do not hear each other's adverts and both became MASTER, so clients
 * reach either one depending on whose ARP answer they kept.
 */
import { msg } from '../../i18n/message.js';
import { defineCheck } from '../define.js';
import { lineEvidence } from '../lib/evidence.js';
import { configLabel, vipHolders } from '../lib/ipfailover.js';
import { addressOf } from '../../net/ipv4.js';

export default defineCheck({
  id: 'ipf-vip-split-brain',
  section: '12',
  severity: 'error',
  title: msg(
    'No IP failover virtual IP is held by two nodes at once',
    'IP フェイルオーバーの仮想 IP を複数のノードが同時に保持していない',
  ),
  requires: { cluster: ['ipFailovers'] },
  run(ctx) {
    const { model } = ctx;
    for (const c of model.ipFailovers?.value ?? []) {
      for (const vip of c.virtualIPs) {
        const holders = vipHolders(model, vip);
        if (holders.length < 2) continue;
        ctx.report({
          message: msg(
            `Virtual IP ${vip} of ${configLabel(c)} is held by ${holders.length} nodes at once (${holders.join(', ')}): VRRP split brain.`,
            `${configLabel(c)} の仮想 IP ${vip} を ${holders.length} 台のノード（${holders.join(', ')}）が同時に保持しています（VRRP のスプリットブレイン）。`,
          ),
          fix: msg(
            `The keepalived instances do not hear each other: check that every node's firewall admits VRRP (protocol 112 to ${'224.0.0.18'}) and that the nodes share the network of ${c.networkInterface ?? 'the default route'}.`,
            `keepalived 同士が互いの広告を受信できていません。各ノードのファイアウォールが VRRP（プロトコル 112、宛先 224.0.0.18）を許可しているか、ノードが ${c.networkInterface ?? 'デフォルトルート'} のネットワークを共有しているか確認してください。`,
          ),
          evidence: holders.flatMap((n) => {
            const links = model.nodeFacts[n]?.links;
            const addr = links?.value
              .flatMap((l) => l.addresses)
              .find((a) => a.family === 'inet' && addressOf(a.cidr) === vip);
            return links && addr ? [{ ...lineEvidence(links.artifact, addr), node: n }] : [];
          }),
        });
      }
    }
  },
});
