/**
 * Pipeline reference §5: on a networkpolicy node, table 80 holds, per VNID of a local pod, the
 * flows the namespace's NetworkPolicies imply (model/policy-flows.ts; rule version 13 with the
 * 4.10+ node code's spelling). A missing allow is an unexpected deny (the node's SDN is out of
 * sync); an allow (or a missing drop) that no policy implies is an isolation hole.
 */
import { msg } from '../../i18n/message.js';
import { objectKey } from '../../model/object-key.js';
import { pluginKindOfName } from '../../model/plugin-kind.js';
import { policySemanticsOf } from '../../model/intent.js';
import {
  flowKey,
  flowText,
  namespaceFlows,
  splitFlowsModeled,
  type PolicyFlow,
} from '../../model/policy-flows.js';
import type { Flow } from '../../model/types.js';
import { clusterFacetsCollected } from '../lib/collected.js';
import { defineCheck } from '../define.js';
import { lineEvidence, summaryEvidence } from '../lib/evidence.js';
import { flowsInTable, hasProtocol, matchValue } from '../lib/flows.js';
import { localSdnPods } from '../lib/pods.js';

export default defineCheck({
  id: 'policy-flows',
  section: '7.4',
  severity: 'error',
  title: msg(
    'Table 80 holds exactly the flows the NetworkPolicies imply',
    'テーブル 80 に NetworkPolicy が意味するフローが過不足なくある',
  ),
  // The other plugins have no policy flows: only the networkpolicy plugin needs the objects.
  requires: { cluster: ['clusterNetwork'], node: ['ovs.flows'], layout: true },
  run(ctx) {
    const m = ctx.model;
    if (pluginKindOfName(m.clusterNetwork!.value.pluginName) !== 'networkpolicy') return;
    if (!clusterFacetsCollected(ctx, ['networkPolicies', 'namespaces', 'netNamespaces', 'pods'])) return;
    const netids = new Map(m.netNamespaces!.value.map((n) => [n.name, n.netid]));
    const objects = {
      netids,
      namespaceLabels: new Map(m.namespaces!.value.map((n) => [n.name, n.labels])),
      pods: m.pods!.value,
    };
    const policiesArtifact = m.networkPolicies!.artifact;
    for (const node of ctx.nodes) {
      const layout = ctx.layout(node);
      const flows = m.nodeFacts[node]?.ovs.flows;
      if (!flows) continue;
      // rule version 13 (4.10+) writes table 80 with the rewritten node code (policySemanticsOf)
      const semantics = policySemanticsOf(layout.ruleVersion);
      const local = localSdnPods(m, node);
      const namespaces = [...new Set(local.map((p) => p.namespace))].sort();
      const table = flowsInTable(flows.value, layout.ingressPolicy);
      for (const ns of namespaces) {
        const vnid = netids.get(ns);
        if (vnid === undefined) {
          ctx.unknown(
            msg(`namespace ${ns} has no NetNamespace`, `namespace ${ns} に NetNamespace がありません`),
            node,
          );
          continue;
        }
        const policies = m.networkPolicies!.value.filter((p) => p.namespace === ns);
        const unmodeled = semantics === 'split' ? policies.filter((p) => !splitFlowsModeled(p)) : [];
        if (unmodeled.length > 0) {
          const names = unmodeled.map(objectKey).join(', ');
          ctx.unknown(
            msg(
              `the rule version ${layout.ruleVersion} flows of ${names} (port ranges, ipBlock exceptions or other protocols) are not modeled`,
              `${names} のルールバージョン ${layout.ruleVersion} のフロー（ポート範囲、ipBlock の except、その他のプロトコル）はモデル化されていません`,
            ),
            node,
          );
          continue;
        }
        // Rule version 13 enforces Egress policies in table 27 (networkpolicy.go@release-4.12
        // generateNamespaceEgressFlows); those flows are not compared yet, so they get no pass.
        const egress = semantics === 'split' ? policies.filter((p) => p.policyTypes.includes('Egress')) : [];
        if (egress.length > 0) {
          const names = egress.map(objectKey).join(', ');
          ctx.unknown(
            msg(
              `the table ${layout.egressPolicy ?? 27} egress flows of ${names} are not compared (only table ${layout.ingressPolicy} is)`,
              `${names} のテーブル ${layout.egressPolicy ?? 27} のエグレスフローは比較していません（比較するのはテーブル ${layout.ingressPolicy} のみ）`,
            ),
            node,
          );
        }
        const expected = new Map(
          namespaceFlows(ns, policies, objects, semantics).map((f) => [flowKey(f), f]),
        );
        const dumped = new Map<string, Flow>();
        for (const f of table) {
          const key = dumpedKey(f, vnid);
          if (key) dumped.set(key, f);
        }
        // A node's table 80 decides only for its own pods (it outputs to REG2, a local port): a flow
        // whose nw_dst is a pod of another node names no object here, only the node.
        const podAt = (ip: string | undefined) =>
          ip ? local.find((p) => p.podIP === ip && p.namespace === ns) : undefined;
        for (const [key, f] of expected) {
          if (dumped.has(key)) continue;
          const pod = podAt(f.nwDst);
          const deny = f.action === 'allow';
          ctx.report({
            node,
            ...(pod ? { pod: objectKey(pod) } : {}),
            ...(f.policy ? { policy: f.policy } : {}),
            // a missing allow drops admitted traffic; a missing drop opens an isolated pod
            fault: deny ? 'policy-flow-missing' : 'policy-flow-stale',
            message: deny
              ? msg(
                  `Node ${node}: table 80 lacks the allow flow ${describe(f)} for namespace ${ns}: traffic the policies admit is dropped (the node's SDN is out of sync).`,
                  `ノード ${node}: namespace ${ns} について ${describe(f)} の許可フローがテーブル 80 にありません。ポリシーが許可する通信が破棄されます（ノードの SDN が同期していません）。`,
                )
              : msg(
                  `Node ${node}: table 80 lacks the drop flow ${describe(f)} for namespace ${ns}: a pod the policies isolate is open (isolation hole).`,
                  `ノード ${node}: namespace ${ns} について ${describe(f)} の破棄フローがテーブル 80 にありません。ポリシーが分離する Pod が開いています（分離の穴）。`,
                ),
            fix: FIX(node),
            evidence: [
              summaryEvidence(
                policiesArtifact,
                msg(`expected: ${flowText(f)}`, `期待されるフロー: ${flowText(f)}`),
              ),
              summaryEvidence(
                flows.artifact,
                msg(`table=80 reg1=${vnid}: no such flow`, `table=80 reg1=${vnid}: このフローがありません`),
              ),
            ],
          });
        }
        for (const [key, f] of dumped) {
          if (expected.has(key)) continue;
          const allow = /NXM_NX_REG2/.test(f.actionsText);
          const nwDst = matchValue(f, 'nw_dst')?.replace(/\/32$/, '');
          const pod = podAt(nwDst);
          ctx.report({
            node,
            ...(pod ? { pod: objectKey(pod) } : {}),
            ...(allow ? { fault: 'policy-flow-stale' as const } : {}),
            message: allow
              ? msg(
                  `Node ${node}: table 80 allows traffic to namespace ${ns} that no NetworkPolicy implies (isolation hole; a stale flow of a deleted or changed policy).`,
                  `ノード ${node}: どの NetworkPolicy も意味しない namespace ${ns} への通信をテーブル 80 が許可しています（分離の穴。削除・変更されたポリシーの古いフロー）。`,
                )
              : msg(
                  `Node ${node}: table 80 drops traffic to namespace ${ns} with a flow no NetworkPolicy implies.`,
                  `ノード ${node}: どの NetworkPolicy も意味しないフローでテーブル 80 が namespace ${ns} への通信を破棄しています。`,
                ),
            fix: FIX(node),
            evidence: [lineEvidence(flows.artifact, f)],
          });
        }
      }
    }
  },
});

const FIX = (node: string) =>
  msg(
    `Restart the SDN pod (3.11: the sdn DaemonSet pod) on ${node}: it reprograms table 80 from the NetworkPolicies.`,
    `${node} の SDN Pod（3.11 では sdn DaemonSet の Pod）を再起動してください。NetworkPolicy からテーブル 80 が再設定されます。`,
  );

function describe(f: PolicyFlow): string {
  return `${flowText(f)}${f.policy ? ` (policy ${f.policy})` : ''}`;
}

/** The key of a dumped table 80 flow of VNID `vnid` (priorities 150/100/50 only), else undefined. */
function dumpedKey(f: Flow, vnid: number): string | undefined {
  if (f.priority !== 150 && f.priority !== 100 && f.priority !== 50) return undefined;
  const reg1 = regValue(matchValue(f, 'reg1'));
  if (reg1 !== vnid) return undefined;
  const reg0 = regValue(matchValue(f, 'reg0'));
  const proto = (['tcp', 'udp', 'sctp'] as const).find((p) => hasProtocol(f, p));
  const tp = matchValue(f, 'tp_dst');
  const nwSrc = matchValue(f, 'nw_src')?.replace(/\/32$/, '');
  const nwDst = matchValue(f, 'nw_dst')?.replace(/\/32$/, '');
  return flowKey({
    priority: f.priority,
    vnid,
    ...(reg0 !== undefined ? { reg0 } : {}),
    ...(nwSrc ? { nwSrc } : {}),
    ...(nwDst ? { nwDst } : {}),
    ...(proto ? { proto } : {}),
    ...(tp !== undefined ? { tpDst: Number(tp) } : {}),
    action: /NXM_NX_REG2/.test(f.actionsText) ? 'allow' : 'drop',
  });
}

/** `reg1=0xd2a1c1` (dumps) or decimal (as written / converted). */
function regValue(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isInteger(n) ? n : undefined;
}
