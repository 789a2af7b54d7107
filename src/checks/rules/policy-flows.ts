/**
 * Pipeline reference §5: on a networkpolicy node, table 80 holds, per VNID of a local pod, the
 * flows the namespace's NetworkPolicies imply (model/policy-flows.ts; rule version 13 with the
 * 4.10+ node code's spelling, and its table 27 the flows of their Egress rules). A missing allow
 * is an unexpected deny (the node's SDN is out of sync); an allow (or a missing drop) that no
 * policy implies is an isolation hole.
 */
import { msg, type Msg } from '../../i18n/message.js';
import { objectKey } from '../../model/object-key.js';
import { pluginKindOfName } from '../../model/plugin-kind.js';
import { policySemanticsOf } from '../../model/intent.js';
import {
  flowKey,
  flowText,
  namespaceEgressFlows,
  namespaceFlows,
  splitFlowsModeled,
  type PolicyDirection,
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
      // rule version 13 also enforces Egress policies, in table 27 by the source's VNID
      const egressTable = semantics === 'split' ? layout.egressPolicy : undefined;
      const tableOf: Record<PolicyDirection, number | undefined> = {
        ingress: layout.ingressPolicy,
        egress: egressTable,
      };
      const tables = (['ingress', 'egress'] as const).flatMap((direction) => {
        const table = tableOf[direction];
        return table === undefined ? [] : [{ direction, flows: flowsInTable(flows.value, table) }];
      });
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
        const expected = new Map(
          [
            ...namespaceFlows(ns, policies, objects, semantics),
            ...(egressTable !== undefined ? namespaceEgressFlows(ns, policies, objects) : []),
          ].map((f) => [flowKey(f), f]),
        );
        const dumped = new Map<string, { flow: Flow; direction: PolicyDirection }>();
        for (const { direction, flows: flowsOfTable } of tables) {
          for (const f of flowsOfTable) {
            const key = dumpedKey(f, vnid, direction);
            if (key) dumped.set(key, { flow: f, direction });
          }
        }
        // A node's table 80 decides only for its own pods (it outputs to REG2, a local port), its
        // table 27 only for packets its own pods send: a flow whose nw_dst (80) or nw_src (27) is a
        // pod of another node names no object here, only the node.
        const podAt = (ip: string | undefined) =>
          ip ? local.find((p) => p.podIP === ip && p.namespace === ns) : undefined;
        for (const [key, f] of expected) {
          if (dumped.has(key)) continue;
          const pod = podAt(f.direction === 'ingress' ? f.nwDst : f.nwSrc);
          const deny = f.action === 'allow';
          const where = tableOf[f.direction] as number;
          ctx.report({
            node,
            ...(pod ? { pod: objectKey(pod) } : {}),
            ...(f.policy ? { policy: f.policy } : {}),
            // a missing allow drops admitted traffic; a missing drop opens an isolated pod
            fault: deny ? 'policy-flow-missing' : 'policy-flow-stale',
            message: (deny ? MISSING_ALLOW : MISSING_DROP)[f.direction](node, where, describe(f), ns),
            fix: FIX(node, where),
            evidence: [
              summaryEvidence(
                policiesArtifact,
                msg(`expected: ${flowText(f)}`, `期待されるフロー: ${flowText(f)}`),
              ),
              summaryEvidence(
                flows.artifact,
                msg(
                  `table=${where} ${REG[f.direction]}=${vnid}: no such flow`,
                  `table=${where} ${REG[f.direction]}=${vnid}: このフローがありません`,
                ),
              ),
            ],
          });
        }
        for (const [key, { flow: f, direction }] of dumped) {
          if (expected.has(key)) continue;
          const allow = ALLOWS[direction].test(f.actionsText);
          const address = matchValue(f, direction === 'ingress' ? 'nw_dst' : 'nw_src')?.replace(/\/32$/, '');
          const pod = podAt(address);
          const where = tableOf[direction] as number;
          ctx.report({
            node,
            ...(pod ? { pod: objectKey(pod) } : {}),
            ...(allow ? { fault: 'policy-flow-stale' as const } : {}),
            message: (allow ? EXTRA_ALLOW : EXTRA_DROP)[direction](node, where, '', ns),
            fix: FIX(node, where),
            evidence: [lineEvidence(flows.artifact, f)],
          });
        }
      }
    }
  },
});

/** The register a table keys a namespace's flows by, and what its allow flows do. */
const REG: Record<PolicyDirection, string> = { ingress: 'reg1', egress: 'reg0' };
const ALLOWS: Record<PolicyDirection, RegExp> = { ingress: /NXM_NX_REG2/, egress: /goto_table:30\b/ };

type Says = (node: string, table: number, flow: string, ns: string) => Msg;
const MISSING_ALLOW: Record<PolicyDirection, Says> = {
  ingress: (node, table, flow, ns) =>
    msg(
      `Node ${node}: table ${table} lacks the allow flow ${flow} for namespace ${ns}: traffic the policies admit is dropped (the node's SDN is out of sync).`,
      `ノード ${node}: namespace ${ns} について ${flow} の許可フローがテーブル ${table} にありません。ポリシーが許可する通信が破棄されます（ノードの SDN が同期していません）。`,
    ),
  egress: (node, table, flow, ns) =>
    msg(
      `Node ${node}: table ${table} lacks the egress allow flow ${flow} for namespace ${ns}: traffic the policies let its pods send is dropped (the node's SDN is out of sync).`,
      `ノード ${node}: namespace ${ns} について ${flow} のエグレス許可フローがテーブル ${table} にありません。ポリシーが Pod に送信を許可する通信が破棄されます（ノードの SDN が同期していません）。`,
    ),
};
const MISSING_DROP: Record<PolicyDirection, Says> = {
  ingress: (node, table, flow, ns) =>
    msg(
      `Node ${node}: table ${table} lacks the drop flow ${flow} for namespace ${ns}: a pod the policies isolate is open (isolation hole).`,
      `ノード ${node}: namespace ${ns} について ${flow} の破棄フローがテーブル ${table} にありません。ポリシーが分離する Pod が開いています（分離の穴）。`,
    ),
  egress: (node, table, flow, ns) =>
    msg(
      `Node ${node}: table ${table} lacks the egress drop flow ${flow} for namespace ${ns}: a pod whose egress the policies restrict can send anywhere (isolation hole).`,
      `ノード ${node}: namespace ${ns} について ${flow} のエグレス破棄フローがテーブル ${table} にありません。ポリシーがエグレスを制限する Pod がどこへでも送信できます（分離の穴）。`,
    ),
};
const EXTRA_ALLOW: Record<PolicyDirection, Says> = {
  ingress: (node, table, _flow, ns) =>
    msg(
      `Node ${node}: table ${table} allows traffic to namespace ${ns} that no NetworkPolicy implies (isolation hole; a stale flow of a deleted or changed policy).`,
      `ノード ${node}: どの NetworkPolicy も意味しない namespace ${ns} への通信をテーブル ${table} が許可しています（分離の穴。削除・変更されたポリシーの古いフロー）。`,
    ),
  egress: (node, table, _flow, ns) =>
    msg(
      `Node ${node}: table ${table} lets pods of namespace ${ns} send traffic that no NetworkPolicy implies (isolation hole; a stale flow of a deleted or changed policy).`,
      `ノード ${node}: どの NetworkPolicy も意味しない namespace ${ns} の Pod からの送信をテーブル ${table} が許可しています（分離の穴。削除・変更されたポリシーの古いフロー）。`,
    ),
};
const EXTRA_DROP: Record<PolicyDirection, Says> = {
  ingress: (node, table, _flow, ns) =>
    msg(
      `Node ${node}: table ${table} drops traffic to namespace ${ns} with a flow no NetworkPolicy implies.`,
      `ノード ${node}: どの NetworkPolicy も意味しないフローでテーブル ${table} が namespace ${ns} への通信を破棄しています。`,
    ),
  egress: (node, table, _flow, ns) =>
    msg(
      `Node ${node}: table ${table} drops traffic from namespace ${ns} with a flow no NetworkPolicy implies.`,
      `ノード ${node}: どの NetworkPolicy も意味しないフローでテーブル ${table} が namespace ${ns} からの通信を破棄しています。`,
    ),
};

const FIX = (node: string, table: number) =>
  msg(
    `Restart the SDN pod (3.11: the sdn DaemonSet pod) on ${node}: it reprograms table ${table} from the NetworkPolicies.`,
    `${node} の SDN Pod（3.11 では sdn DaemonSet の Pod）を再起動してください。NetworkPolicy からテーブル ${table} が再設定されます。`,
  );

function describe(f: PolicyFlow): string {
  return `${flowText(f)}${f.policy ? ` (policy ${f.policy})` : ''}`;
}

/**
 * The key of a dumped policy flow of VNID `vnid` (priorities 150/100/50 only; table 80 keys it by
 * reg1, table 27 by reg0), else undefined.
 */
function dumpedKey(f: Flow, vnid: number, direction: PolicyDirection): string | undefined {
  if (f.priority !== 150 && f.priority !== 100 && f.priority !== 50) return undefined;
  if (regValue(matchValue(f, REG[direction])) !== vnid) return undefined;
  const reg0 = direction === 'ingress' ? regValue(matchValue(f, 'reg0')) : undefined;
  const proto = (['tcp', 'udp', 'sctp'] as const).find((p) => hasProtocol(f, p));
  const tp = matchValue(f, 'tp_dst');
  const nwSrc = matchValue(f, 'nw_src')?.replace(/\/32$/, '');
  const nwDst = matchValue(f, 'nw_dst')?.replace(/\/32$/, '');
  return flowKey({
    direction,
    priority: f.priority,
    vnid,
    ...(reg0 !== undefined ? { reg0 } : {}),
    ...(nwSrc ? { nwSrc } : {}),
    ...(nwDst ? { nwDst } : {}),
    ...(proto ? { proto } : {}),
    ...(tp !== undefined ? { tpDst: Number(tp) } : {}),
    action: ALLOWS[direction].test(f.actionsText) ? 'allow' : 'drop',
  });
}

/** `reg1=0xd2a1c1` (dumps) or decimal (as written / converted). */
function regValue(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isInteger(n) ? n : undefined;
}
