/**
 * 39.13.2: "Pod がデプロイに失敗する場合、docker ログで TLS ハンドシェイクのタイムアウトを確認します …
 * tun0 とプライマリーインターフェース (例: eth0) 間の MTU 値の大きな違い … によって引き起こされる可能性が
 * あります". TLS handshake timeouts in a node's log are the symptom: the certificate chain is the
 * first message bigger than one packet, so TCP connects and the handshake hangs when the SDN MTU
 * does not fit the NIC. The finding points at the MTU check (mtu, 39.8); it names no fault itself:
 * the MTU check decides whether the MTUs really disagree.
 */
import { count, msg } from '../../i18n/message.js';
import { defineCheck } from '../define.js';
import { lineEvidence } from '../lib/evidence.js';

const MAX_LINES = 5;

export default defineCheck({
  id: 'tls-handshake-timeout',
  section: '13.2',
  severity: 'warning',
  title: msg(
    'No TLS handshake timeouts in the node logs (an MTU symptom)',
    'ノードのログに TLS ハンドシェイクのタイムアウトがない（MTU の症状）',
  ),
  requires: { node: ['journal'] },
  run(ctx) {
    for (const node of ctx.nodes) {
      const facts = ctx.model.nodeFacts[node];
      // the SDN's log (sdn pod or node journal) and, when that is the pod's log, the node journal
      // too: kubelet and docker log the timeouts there (39.13.2 "docker ログ")
      const setup = facts?.journal;
      const own = facts?.nodeJournal;
      const logs = [setup, own?.artifact !== setup?.artifact ? own : undefined].filter(
        (l) => l !== undefined,
      );
      const found = logs.flatMap((log) =>
        (log.value.tlsHandshakeTimeouts ?? []).map((line) => ({ artifact: log.artifact, line })),
      );
      if (!found.length) continue;
      ctx.report({
        node,
        message: msg(
          `Node ${node} logged ${count(found.length, 'TLS handshake timeout')}: TCP connected but the handshake (the first message larger than one packet, the certificate chain) never completed — the classic sign of an SDN MTU (tun0) that does not fit the NIC MTU (39.13.2). See the MTU check (39.8).`,
          `ノード ${node} に TLS ハンドシェイクのタイムアウトが ${found.length} 件記録されています。TCP は接続しましたが、ハンドシェイク（1 パケットより大きい最初のメッセージ＝証明書チェーン）が完了していません。SDN の MTU（tun0）が NIC の MTU に合っていないときの典型的な症状です（39.13.2）。MTU のチェック（39.8）を確認してください。`,
        ),
        fix: msg(
          `Compare tun0's MTU with the primary interface's on ${node} (ip link; node-config.yaml networkConfig.mtu): the SDN MTU must be at least 50 below the NIC MTU on every node (39.8).`,
          `${node} で tun0 とプライマリーインターフェースの MTU を比べてください（ip link、node-config.yaml の networkConfig.mtu）。SDN の MTU はすべてのノードで NIC の MTU より 50 以上小さくなければなりません（39.8）。`,
        ),
        evidence: found.slice(-MAX_LINES).map((f) => lineEvidence(f.artifact, f.line)),
      });
    }
  },
});
