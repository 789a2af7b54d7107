/**
 * 39.6 step 1: every node has a HostSubnet, and its HostIP is the node's real IP ("DHCP を使用
 * している場合はそれらが変更されている可能性があります"). The real IP is the node config's nodeIP or
 * the Node's InternalIP; when the node's own `ip addr` was collected, the HostIP must be on it too.
 */
import { msg } from '../../i18n/message.js';
import type { ClusterModel, HostSubnet } from '../../model/types.js';
import { defineCheck } from '../define.js';
import { lineEvidence, summaryEvidence } from '../lib/evidence.js';
import { hostSubnetOf, kubeNode, ownAddresses } from '../lib/nodes.js';
import type { CheckContext, Evidence } from '../types.js';

export default defineCheck({
  id: 'hostsubnet',
  section: '6',
  severity: 'error',
  title: msg(
    'Every node has a HostSubnet with its real IP',
    'すべてのノードに実 IP を持つ HostSubnet がある',
  ),
  requires: { cluster: ['hostSubnets', 'nodes'] },
  run(ctx) {
    const { model } = ctx;
    const hsArtifact = model.hostSubnets?.artifact ?? '';
    const nodes = [...(model.nodes?.value ?? [])].sort((a, b) => a.name.localeCompare(b.name));
    for (const node of nodes) {
      const hs = hostSubnetOf(model, node.name);
      if (!hs) {
        ctx.report({
          node: node.name,
          message: msg(
            `Node ${node.name} has no HostSubnet: its pods get no subnet and other nodes have no flows to it.`,
            `ノード ${node.name} に HostSubnet がありません。Pod にサブネットが割り当てられず、他のノードにもこのノード向けのフローがありません。`,
          ),
          fix: msg(
            `Check the master's SDN controller log; the HostSubnet is created when the node registers (oc get hostsubnet).`,
            `マスターの SDN コントローラーのログを確認してください。HostSubnet はノード登録時に作成されます（oc get hostsubnet）。`,
          ),
          evidence: [
            summaryEvidence(
              hsArtifact,
              msg(
                `oc get hostsubnet: no entry for ${node.name}`,
                `oc get hostsubnet: ${node.name} のエントリーがありません`,
              ),
            ),
          ],
        });
        continue;
      }
      checkHostIP(ctx, model, node.name, hs, hsArtifact);
    }
    const known = new Set(nodes.map((n) => n.name));
    for (const hs of model.hostSubnets?.value ?? []) {
      if (known.has(hs.host) || known.has(hs.name)) continue;
      ctx.report({
        fault: 'hostsubnet-stale',
        severity: 'warning',
        node: hs.host,
        message: msg(
          `HostSubnet ${hs.name} (${hs.hostIP}, ${hs.subnet}) belongs to no node: every node still keeps VXLAN flows to ${hs.hostIP}.`,
          `HostSubnet ${hs.name}（${hs.hostIP}、${hs.subnet}）に対応するノードがありません。全ノードが ${hs.hostIP} 向けの VXLAN フローを保持したままです。`,
        ),
        fix: msg(
          `If the node was removed for good, delete it: oc delete hostsubnet ${hs.name}.`,
          `ノードを完全に削除した場合は HostSubnet も削除してください: oc delete hostsubnet ${hs.name}`,
        ),
        evidence: [hsEvidence(hsArtifact, hs)],
      });
    }
  },
});

function hsEvidence(artifact: string, hs: HostSubnet): Evidence {
  return summaryEvidence(
    artifact,
    `hostsubnet ${hs.name}: host=${hs.host} hostIP=${hs.hostIP} subnet=${hs.subnet}`,
  );
}

function checkHostIP(
  ctx: CheckContext,
  model: ClusterModel,
  node: string,
  hs: HostSubnet,
  hsArtifact: string,
): void {
  const facts = model.nodeFacts[node];
  const configured = facts?.nodeConfig?.value.nodeIP;
  const internal = kubeNode(model, node)?.internalIP;
  const expected = configured ?? internal;
  // An ip addr without any node address proves nothing (a parse problem, warned elsewhere).
  const ownAll = facts?.links ? ownAddresses(facts.links.value) : [];
  const own = ownAll.length ? ownAll : undefined;
  if (expected === undefined && own === undefined) {
    ctx.unknown(
      msg(
        'the node has no InternalIP and no ip addr was collected',
        'ノードに InternalIP がなく、ip addr も収集されていません',
      ),
      node,
    );
    return;
  }
  const evidence: Evidence[] = [hsEvidence(hsArtifact, hs)];
  let real: string | undefined;
  let mismatch = false;
  if (expected !== undefined && expected !== hs.hostIP) {
    mismatch = true;
    real = expected;
    evidence.push(
      configured !== undefined
        ? summaryEvidence(facts?.nodeConfig?.artifact ?? '', `nodeIP: ${configured}`, undefined)
        : summaryEvidence(model.nodes?.artifact ?? '', `node ${node}: InternalIP ${internal}`),
    );
  } else if (own !== undefined && !own.some((a) => a.ip === hs.hostIP)) {
    mismatch = true;
    real = own.find((a) => a.ip !== hs.hostIP)?.ip;
    for (const a of own) evidence.push(lineEvidence(facts?.links?.artifact ?? '', a));
  }
  if (!mismatch) return;
  ctx.report({
    fault: 'hostsubnet-stale',
    node,
    message: msg(
      `HostSubnet ${hs.name} records HostIP ${hs.hostIP}, but node ${node}'s IP is ${real ?? 'different'}: VXLAN traffic for its pods (${hs.subnet}) goes to the wrong host.`,
      `HostSubnet ${hs.name} の HostIP は ${hs.hostIP} ですが、ノード ${node} の IP は ${real ?? '別のアドレス'} です。このノードの Pod（${hs.subnet}）宛ての VXLAN トラフィックが誤ったホストに送られます。`,
    ),
    fix: msg(
      `Correct the entry (oc edit hostsubnet ${hs.name}) or restart the node service so it re-registers with its current IP.`,
      `エントリーを修正する（oc edit hostsubnet ${hs.name}）か、ノードサービスを再起動して現在の IP で再登録させてください。`,
    ),
    evidence,
  });
}
