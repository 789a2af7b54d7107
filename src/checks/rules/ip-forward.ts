/** 39.7.3.1: net.ipv4.ip_forward must be 1, or the node does not route pod traffic through tun0. */
import { msg } from '../../i18n/message.js';
import { defineCheck } from '../define.js';
import { summaryEvidence } from '../lib/evidence.js';

const KEY = 'net.ipv4.ip_forward';

export default defineCheck({
  id: 'ip-forward',
  section: '7.3.1',
  severity: 'error',
  fault: 'ip-forward-off',
  title: msg('IP forwarding is on', 'IP 転送が有効になっている'),
  requires: { node: ['sysctls'] },
  run(ctx) {
    for (const node of ctx.nodes) {
      const sysctls = ctx.model.nodeFacts[node]?.sysctls;
      const entry = sysctls?.value[KEY];
      if (!sysctls || !entry) {
        ctx.unknown(
          msg(`${KEY} not in the collected sysctl output`, `収集した sysctl の出力に ${KEY} がありません`),
          node,
        );
        continue;
      }
      const value = entry.value.trim();
      if (value === '1') continue;
      // Only 0 is "off": any other value (a garbled or forged output) is unreadable, not a fault.
      if (value !== '0') {
        ctx.unknown(
          msg(
            `${KEY} = ${JSON.stringify(value)} is neither 0 nor 1: unreadable`,
            `${KEY} = ${JSON.stringify(value)} は 0 でも 1 でもなく、読み取れません`,
          ),
          node,
        );
        continue;
      }
      ctx.report({
        node,
        message: msg(
          `IP forwarding is off on node ${node} (${KEY} = ${entry.value}): traffic between pods and anything outside the node is not forwarded.`,
          `ノード ${node} で IP 転送が無効です（${KEY} = ${entry.value}）。Pod とノード外との間のトラフィックが転送されません。`,
        ),
        fix: msg(
          `sysctl -w ${KEY}=1, and make it permanent in /etc/sysctl.d/; then restart the node service.`,
          `sysctl -w ${KEY}=1 を実行し、/etc/sysctl.d/ で永続化したうえでノードサービスを再起動してください。`,
        ),
        evidence: [summaryEvidence(sysctls.artifact, `${KEY} = ${entry.value}`, entry.line)],
      });
    }
  },
});
