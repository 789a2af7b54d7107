/**
 * A NetworkPolicy whose text says more than openshift-sdn enforces (pipeline reference §5; openshift/sdn
 * networkpolicy.go): egress before the 4.10 pipeline, ipBlock, named ports, endPort, SCTP, or any
 * policy under a plugin that ignores them. The policy does not do on this cluster what it says.
 */
import { msg } from '../../i18n/message.js';
import { clusterRuleVersions, policySemanticsOf } from '../../model/intent.js';
import { objectKey } from '../../model/object-key.js';
import { pluginKindOfName } from '../../model/plugin-kind.js';
import { policyGaps } from '../../model/policy-support.js';
import { defineCheck } from '../define.js';
import { summaryEvidence } from '../lib/evidence.js';

export default defineCheck({
  id: 'policy-unsupported',
  section: '7.4',
  severity: 'warning',
  title: msg(
    'NetworkPolicies use only what openshift-sdn enforces',
    'NetworkPolicy は openshift-sdn が適用する機能だけを使っている',
  ),
  requires: { cluster: ['networkPolicies', 'clusterNetwork'] },
  run(ctx) {
    const policies = ctx.model.networkPolicies!;
    if (policies.value.length === 0) return;
    const plugin = pluginKindOfName(ctx.model.clusterNetwork!.value.pluginName);
    if (!plugin) {
      ctx.unknown(
        msg(
          'the plugin is unknown (ClusterNetwork pluginName)',
          'プラグインが不明です（ClusterNetwork の pluginName）',
        ),
      );
      return;
    }
    // The node code generation follows br0's rule version; nodes of one cluster share it.
    const versions = clusterRuleVersions(ctx.model);
    if (plugin === 'networkpolicy' && versions.length === 0) {
      ctx.unknown(
        msg(
          'no node has a table 253 note: which openshift-sdn generation enforces the policies is unknown',
          'テーブル 253 の注記を持つノードがありません。どの世代の openshift-sdn がポリシーを適用するか不明です',
        ),
      );
      return;
    }
    const semantics = policySemanticsOf(Math.min(...versions, 99));
    for (const p of policies.value) {
      for (const gap of policyGaps(p, plugin, semantics)) {
        const key = objectKey(p);
        ctx.report({
          message: msg(
            `NetworkPolicy ${key}: ${gap.field}: ${gap.effect.en}.`,
            `NetworkPolicy ${key}: ${gap.field}: ${gap.effect.ja}。`,
          ),
          fix: msg(
            `Rewrite ${key} with what openshift-sdn enforces (pod/namespace selectors, numeric TCP/UDP ports), or upgrade the cluster.`,
            `${key} を openshift-sdn が適用できる形（Pod/namespace セレクター、数値の TCP/UDP ポート）に書き直すか、クラスターを更新してください。`,
          ),
          evidence: [summaryEvidence(policies.artifact, `${key} ${gap.field}`)],
        });
      }
    }
  },
});
