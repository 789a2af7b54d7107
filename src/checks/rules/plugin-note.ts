/**
 * 39.7.4: "ovs-subnet または ovs-multitenant プラグインのどちらを使用しているかに応じて結果は若干
 * 異なります" — the table 253 note records which plugin built br0 (`note:PP.VV`). No note means a
 * half-built bridge; a different plugin means the node runs with flows of another mode.
 */
import { msg } from '../../i18n/message.js';
import { defineCheck } from '../define.js';
import { lineEvidence, summaryEvidence } from '../lib/evidence.js';
import { versionNote } from '../lib/flows.js';
import { pluginIdOf, pluginKindById, pluginKindOf } from '../lib/plugin.js';
import type { Evidence } from '../types.js';

export default defineCheck({
  id: 'plugin-note',
  section: '7.4',
  severity: 'error',
  title: msg(
    'br0 was built by the configured plugin (table 253)',
    'br0 が設定されたプラグインで構築されている（テーブル 253）',
  ),
  requires: { node: ['ovs.flows'] },
  run(ctx) {
    const cn = ctx.model.clusterNetwork;
    for (const node of ctx.nodes) {
      const facts = ctx.model.nodeFacts[node];
      const flows = facts?.ovs.flows;
      if (!facts || !flows) continue;
      const nodeConfigured = facts.nodeConfig?.value.networkPluginName;
      const clusterKind = pluginKindOf(cn?.value.pluginName);
      const nodeKind = pluginKindOf(nodeConfigured);
      const wanted = clusterKind ?? nodeKind;
      const note = versionNote(flows.value);
      if (!note) {
        ctx.report({
          node,
          message: msg(
            `br0 on node ${node} has no table 253 version note: openshift-sdn did not finish setting up the bridge.`,
            `ノード ${node} の br0 にテーブル 253 のバージョン注記がありません。openshift-sdn によるブリッジの設定が完了していません。`,
          ),
          fix: msg(
            `Restart the node service on ${node} (it rebuilds br0) and read the log for the setup error (39.10).`,
            `${node} のノードサービスを再起動し（br0 が再構築されます）、ログで設定エラーを確認してください（39.10）。`,
          ),
          evidence: [
            summaryEvidence(
              flows.artifact,
              msg(
                'dump-flows br0: no table=253 note flow',
                'dump-flows br0: table=253 の note フローがありません',
              ),
            ),
          ],
        });
        continue;
      }
      if (clusterKind && nodeKind && clusterKind !== nodeKind) {
        ctx.report({
          node,
          message: msg(
            `Node ${node}'s config says ${nodeConfigured}, but the ClusterNetwork says ${cn?.value.pluginName}.`,
            `ノード ${node} の設定は ${nodeConfigured} ですが、ClusterNetwork は ${cn?.value.pluginName} です。`,
          ),
          fix: msg(
            `Make networkPluginName in the node config (config map) match the cluster's plugin, then restart the node service.`,
            `ノード設定（設定マップ）の networkPluginName をクラスターのプラグインに合わせ、ノードサービスを再起動してください。`,
          ),
          evidence: [
            summaryEvidence(
              facts.nodeConfig?.artifact ?? '',
              `networkPluginName: ${nodeConfigured}`,
              facts.nodeConfig?.value.pluginLine,
            ),
            summaryEvidence(cn?.artifact ?? '', `clusternetwork pluginName: ${cn?.value.pluginName}`),
          ],
        });
      }
      if (!wanted) {
        ctx.unknown(
          msg(
            'no configured plugin (ClusterNetwork or node config) to compare with',
            '比較対象の設定済みプラグイン（ClusterNetwork またはノード設定）がありません',
          ),
          node,
        );
        continue;
      }
      if (note.pluginId === pluginIdOf(wanted)) continue;
      const built = pluginKindById(note.pluginId) ?? `id ${note.pluginId}`;
      const evidence: Evidence[] = [lineEvidence(flows.artifact, note.flow)];
      if (cn?.value.pluginName)
        evidence.push(summaryEvidence(cn.artifact, `clusternetwork pluginName: ${cn.value.pluginName}`));
      ctx.report({
        node,
        message: msg(
          `br0 on node ${node} was built by the ${built} plugin (table 253 note), but the cluster is configured for ${wanted}: isolation and service flows do not match.`,
          `ノード ${node} の br0 は ${built} プラグインで構築されています（テーブル 253 の注記）が、クラスターの設定は ${wanted} です。分離やサービスのフローが一致しません。`,
        ),
        fix: msg(
          `Restart the node service on ${node} so br0 is rebuilt for ${wanted}.`,
          `${node} のノードサービスを再起動し、br0 を ${wanted} 用に再構築させてください。`,
        ),
        evidence,
      });
    }
  },
});
