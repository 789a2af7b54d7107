/**
 * What openshift-sdn's node code does not enforce of a NetworkPolicy as written (openshift/sdn
 * pkg/network/node/networkpolicy.go: parseNetworkPolicy / parsePortFlows / parsePeerFlows, before
 * and after the 4.10 rewrite). Each gap names the field and what the policy does instead.
 */
import { msg, type Msg } from '../i18n/message.js';
import { classicRejects, type PolicySemantics } from './intent.js';
import type { PluginKindName } from './plugin-kind.js';
import type { NetworkPolicy } from './types.js';

export interface PolicyGap {
  /** The field as written, e.g. `spec.ingress[0].from[1].ipBlock`. */
  readonly field: string;
  /** What the policy does on this cluster instead. */
  readonly effect: Msg;
}

const CLASSIC_PROTOCOLS = new Set(['TCP', 'UDP', 'SCTP']);

export function policyGaps(
  p: NetworkPolicy,
  plugin: PluginKindName,
  semantics: PolicySemantics,
): readonly PolicyGap[] {
  if (plugin !== 'networkpolicy')
    return [
      {
        field: 'kind NetworkPolicy',
        effect: msg(
          `the ${plugin} plugin ignores NetworkPolicies: the policy does nothing on this cluster`,
          `${plugin} プラグインは NetworkPolicy を無視します。このポリシーはこのクラスターでは何もしません`,
        ),
      },
    ];
  const gaps: PolicyGap[] = [];
  const rejected = semantics === 'classic' && classicRejects(p);
  if (semantics === 'classic' && (p.policyTypes.includes('Egress') || p.egress.length > 0))
    gaps.push({
      field: 'spec.egress / policyTypes: Egress',
      effect: msg(
        'egress rules are not enforced before the 4.10 pipeline (rule version 13): egress is open',
        'エグレスのルールは 4.10 のパイプライン（ルールバージョン 13）より前では適用されません。エグレスは無制限です',
      ),
    });
  if (semantics === 'classic' && !p.policyTypes.includes('Ingress'))
    gaps.push({
      field: 'spec.policyTypes',
      effect: msg(
        'without Ingress the policy has no effect at all on this cluster',
        'Ingress を含まないため、このクラスターではこのポリシーは何の効果もありません',
      ),
    });
  p.ingress.forEach((rule, i) => {
    rule.ports.forEach((port, j) => {
      const field = `spec.ingress[${i}].ports[${j}]`;
      if (semantics === 'classic') {
        if (typeof port.port !== 'number' || !CLASSIC_PROTOCOLS.has(port.protocol))
          gaps.push({
            field: `${field}.${typeof port.port === 'string' ? `port (named port "${port.port}")` : port.port === undefined ? 'port (absent)' : `protocol ${port.protocol}`}`,
            effect: msg(
              'openshift-sdn rejects the policy and treats it as deny-all: every pod of the namespace is isolated and this policy admits nothing',
              'openshift-sdn はこのポリシーを拒否し deny-all として扱います。namespace の全 Pod が分離され、このポリシーは何も許可しません',
            ),
          });
        else if (port.endPort !== undefined)
          gaps.push({
            field: `${field}.endPort`,
            effect: msg(
              `endPort is ignored before the 4.10 pipeline: only port ${port.port} is admitted`,
              `4.10 のパイプラインより前では endPort は無視されます。ポート ${port.port} のみ許可されます`,
            ),
          });
        else if (port.protocol === 'SCTP')
          gaps.push({
            field: `${field}.protocol SCTP`,
            effect: msg(
              'SCTP ports are rejected by openshift-sdn before 4.2 (deny-all) and need the sctp kernel module after',
              'SCTP ポートは 4.2 より前の openshift-sdn では拒否され（deny-all）、以降も sctp カーネルモジュールが必要です',
            ),
          });
      } else if (typeof port.port === 'string' || !CLASSIC_PROTOCOLS.has(port.protocol))
        gaps.push({
          field: `${field}.${typeof port.port === 'string' ? `port (named port "${port.port}")` : `protocol ${port.protocol}`}`,
          effect: msg(
            'openshift-sdn skips this port entry: the rule does not admit it',
            'openshift-sdn はこのポート指定を読み飛ばします。ルールはこれを許可しません',
          ),
        });
    });
    rule.peers.forEach((peer, j) => {
      if (!peer.ipBlock || rejected) return;
      const field = `spec.ingress[${i}].from[${j}].ipBlock`;
      if (semantics === 'classic')
        gaps.push({
          field,
          effect: msg(
            `ipBlock ${peer.ipBlock.cidr} is not supported before 4.3: the peer admits nothing`,
            `ipBlock ${peer.ipBlock.cidr} は 4.3 より前ではサポートされません。このピアは何も許可しません`,
          ),
        });
      else if (peer.ipBlock.cidr.includes(':'))
        gaps.push({
          field,
          effect: msg(
            `IPv6 ipBlock ${peer.ipBlock.cidr} is skipped: the peer admits nothing`,
            `IPv6 の ipBlock ${peer.ipBlock.cidr} は読み飛ばされます。このピアは何も許可しません`,
          ),
        });
    });
  });
  return gaps;
}
