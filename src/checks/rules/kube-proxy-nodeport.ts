/**
 * 39.13.1: "サービスを NodePort として宣言し、クラスター内のすべてのマシンでそのポートを要求し、kube-proxy
 * およびサポートする Pod にルーティングします". Every node must carry, for each nodePort of a service with
 * ready endpoints, kube-proxy's KUBE-NODEPORTS rule `-p <proto> --dport <nodePort> -j KUBE-SVC-…`,
 * and KUBE-SERVICES must end in the jump to KUBE-NODEPORTS for local addresses: without them a
 * client that reaches this node on the nodePort gets no answer (the router is not on that path).
 */
import { msg } from '../../i18n/message.js';
import type { IptablesRule, IptablesTable } from '../../model/types.js';
import { objectKey } from '../../model/object-key.js';
import { defineCheck } from '../define.js';
import { lineEvidence, summaryEvidence } from '../lib/evidence.js';
import { rulesOf, targetOf } from '../lib/iptables.js';
import { natTable, readyEndpoints } from './kube-proxy-nat.js';

export default defineCheck({
  id: 'kube-proxy-nodeport',
  section: '13.1',
  severity: 'error',
  fault: 'nodeport-nat-missing',
  title: msg(
    'kube-proxy opens every nodePort on every node',
    'kube-proxy がすべてのノードですべての nodePort を開いている',
  ),
  requires: { cluster: ['services', 'endpoints'], node: ['iptables'] },
  run(ctx) {
    const services = [...(ctx.model.services?.value ?? [])]
      .filter((s) => s.ports.some((p) => p.nodePort !== undefined))
      .sort((a, b) => objectKey(a).localeCompare(objectKey(b)));
    const endpointsByKey = new Map((ctx.model.endpoints?.value ?? []).map((e) => [objectKey(e), e]));
    for (const node of ctx.nodes) {
      const read = natTable(ctx, node);
      if (!read) continue;
      const { src, nat } = read;
      const open = new NodePortRules(nat);
      const jump = rulesOf(nat, 'KUBE-SERVICES').find((r) => targetOf(r) === 'KUBE-NODEPORTS');
      for (const svc of services) {
        const ep = endpointsByKey.get(objectKey(svc));
        for (const port of svc.ports) {
          if (port.nodePort === undefined) continue;
          if (!readyEndpoints(svc, port, ep).size) continue; // 39.5: svc-no-endpoints says it
          const proto = port.protocol.toLowerCase();
          const rule = open.get(proto, port.nodePort);
          const base = { node, service: objectKey(svc) };
          const fix = msg(
            `Restart the node service on ${node} (kube-proxy runs inside it in 3.x) so it resyncs KUBE-NODEPORTS, and check its log (39.10, 39.13.1).`,
            `${node} のノードサービスを再起動して kube-proxy（3.x ではノードサービス内で動作）に KUBE-NODEPORTS を再同期させ、ログを確認してください（39.10、39.13.1）。`,
          );
          if (!rule) {
            ctx.report({
              ...base,
              message: msg(
                `Node ${node} has no KUBE-NODEPORTS rule for nodePort ${port.nodePort}/${proto} of service ${objectKey(svc)}: clients reaching ${node} on that port get no answer.`,
                `ノード ${node} にサービス ${objectKey(svc)} の nodePort ${port.nodePort}/${proto} の KUBE-NODEPORTS ルールがありません。そのポートで ${node} に来たクライアントは応答を得られません。`,
              ),
              fix,
              evidence: [
                summaryEvidence(
                  src.artifact,
                  msg(
                    `nat KUBE-NODEPORTS: no -p ${proto} --dport ${port.nodePort} -j KUBE-SVC-…`,
                    `nat KUBE-NODEPORTS: -p ${proto} --dport ${port.nodePort} -j KUBE-SVC-… がありません`,
                  ),
                ),
              ],
            });
          } else if (!jump) {
            ctx.report({
              ...base,
              message: msg(
                `Node ${node} has KUBE-NODEPORTS rules but KUBE-SERVICES never jumps to them: nodePort ${port.nodePort} of ${objectKey(svc)} is closed there.`,
                `ノード ${node} に KUBE-NODEPORTS ルールはありますが KUBE-SERVICES からジャンプしていません。${objectKey(svc)} の nodePort ${port.nodePort} はそこでは閉じています。`,
              ),
              fix,
              evidence: [lineEvidence(src.artifact, rule)],
            });
          }
        }
      }
    }
  },
});

/** KUBE-NODEPORTS `-p <proto> --dport <nodePort> -j KUBE-SVC-…` rules (the first of each). */
export class NodePortRules {
  private readonly byProto = new Map<string, Map<string, IptablesRule>>();

  constructor(nat: IptablesTable) {
    for (const r of rulesOf(nat, 'KUBE-NODEPORTS')) {
      if (!r.protocol || !r.dport || !(targetOf(r) ?? '').startsWith('KUBE-SVC-')) continue;
      let ports = this.byProto.get(r.protocol);
      if (!ports) this.byProto.set(r.protocol, (ports = new Map()));
      if (!ports.has(r.dport)) ports.set(r.dport, r);
    }
  }

  /** The rule for `port` over `proto` (lower case, as iptables-save writes it). */
  get(proto: string, port: number): IptablesRule | undefined {
    return this.byProto.get(proto)?.get(String(port));
  }
}
