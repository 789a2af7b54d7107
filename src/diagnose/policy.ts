/**
 * 39.5 on a networkpolicy cluster: an endpoint that does not answer a node whose traffic a
 * NetworkPolicy isolates it from is not a dataplane fault. The router runs on the host network, so
 * its connections reach a pod on another node with VNID 0 (the node's tun0 gateway, reference §5):
 * if no policy selecting the pod admits that, table 80 drops them by design (`default deny`) and the
 * route answers 503. The verdict names the policy, what it admits and the change that admits the
 * router (the 3.11 documentation's allow-from-default-namespace pattern).
 */
import { msg, type Msg } from '../i18n/message.js';
import { clusterIntentInputs, intendedIngress, intendedPodToPod } from '../model/intent.js';
import { findByKey } from '../model/object-key.js';
import { labelsText } from '../model/selector.js';
import type { ClusterModel, LabelSelector, NetworkPolicy, Pod, PolicyPeer } from '../model/types.js';
import type { CauseInput } from './recorder.js';
import type { WalkState } from './state.js';

type Failure = WalkState['failedEndpoints'][number];

/** The failures a policy explains (removed from `failures`) and the cause that names it. */
export function policyDenials(
  model: ClusterModel,
  failures: Failure[],
  route: string | undefined,
): { explained: Failure[]; cause?: CauseInput } {
  const inputs = clusterIntentInputs(model);
  if ('en' in inputs || inputs.plugin !== 'networkpolicy') return { explained: [] };
  const explained: Failure[] = [];
  const policies = new Set<string>();
  let namespace = '';
  for (const f of failures) {
    const pod = f.target.pod ? findByKey(model.pods?.value ?? [], f.target.pod) : undefined;
    if (!pod) continue;
    const intent = intendedIngress(inputs, { kind: 'node', local: f.from === f.target.node }, pod, {
      port: f.target.port,
      protocol: 'TCP',
    });
    if (intent.expected !== 'isolated') continue;
    explained.push(f);
    namespace = intent.namespace;
    for (const p of intent.policies) policies.add(p);
  }
  if (explained.length === 0) return { explained };
  const names = [...policies].sort();
  const objects = names
    .map((k) => findByKey(model.networkPolicies?.value ?? [], k))
    .filter((p): p is NetworkPolicy => p !== undefined);
  const admits = objects.map((p) => `${p.namespace}/${p.name}: ${admitsText(p).en}`).join('; ');
  const admitsJa = objects.map((p) => `${p.namespace}/${p.name}: ${admitsText(p).ja}`).join('; ');
  const label = Object.entries(model.namespaces?.value.find((n) => n.name === 'default')?.labels ?? {})[0];
  const selector = label ? `${label[0]}: ${label[1]}` : 'name: default';
  const labelStep = label ? '' : ' and `oc label namespace default name=default`';
  const labelStepJa = label ? '' : '、さらに `oc label namespace default name=default`';
  const pods = [...new Set(explained.map((f) => f.target.pod ?? f.target.ip))].sort().join(', ');
  const from = [...new Set(explained.map((f) => f.from))].sort().join(', ');
  for (const f of explained) failures.splice(failures.indexOf(f), 1);
  return {
    explained,
    cause: {
      fault: 'policy-denies-router',
      section: '5',
      // the policy that admits nothing (the deny-all) is the one to name, else the first
      policy: objects.find((p) => p.ingress.length === 0)?.name
        ? `${namespace}/${objects.find((p) => p.ingress.length === 0)!.name}`
        : names[0]!,
      ...(route ? { route } : {}),
      summary: msg(
        `NetworkPolicy ${names.join(', ')} isolates ${pods} and admits nothing from the router's host network (VNID 0, namespace default): connections from ${from} are dropped in table 80 by design (default deny). What it admits: ${admits}`,
        `NetworkPolicy ${names.join(', ')} が ${pods} を分離し、ルーターのホストネットワーク（VNID 0、namespace default）からの通信を何も許可していません: ${from} からの接続はテーブル 80 で設計どおり破棄されます（デフォルト拒否）。許可しているもの: ${admitsJa}`,
      ),
      fix: msg(
        `This is the policy doing what it says, not a dataplane fault. To let the router in, add to namespace ${namespace} a policy like the 3.11 documentation's allow-from-default-namespace: podSelector {} with ingress from namespaceSelector {matchLabels: {${selector}}}${labelStep}.`,
        `データプレーンの障害ではなく、ポリシーが書かれたとおりに動作しています。ルーターを許可するには、namespace ${namespace} に 3.11 ドキュメントの allow-from-default-namespace のようなポリシー（podSelector {}、ingress の from に namespaceSelector {matchLabels: {${selector}}}）を追加してください${labelStepJa}。`,
      ),
      evidence: explained.map((f) => ({
        en: `${f.from} → ${f.target.ip}:${f.target.port} (${f.target.pod ?? '?'}): ${f.connect}; isolated by ${names.join(', ')}`,
        ja: `${f.from} → ${f.target.ip}:${f.target.port} (${f.target.pod ?? '?'}): ${f.connect}。${names.join(', ')} により分離`,
      })),
      involves: [],
    },
  };
}

/** What a policy's ingress rules admit, in words. */
export function admitsText(p: NetworkPolicy): Msg {
  if (p.ingress.length === 0) return msg('nothing (deny all)', '何も許可しない（すべて拒否）');
  const rules = p.ingress.map((r) => {
    const peers = r.peers.length === 0 ? [msg('everyone', 'すべて')] : r.peers.map(peerText);
    const ports = r.ports.map((x) => `${x.port ?? '*'}/${x.protocol}`).join(',');
    const on = ports ? msg(` on ${ports}`, ` の ${ports}`) : msg('', '');
    return msg(
      `from ${peers.map((x) => x.en).join(' or ')}${on.en}`,
      `${peers.map((x) => x.ja).join(' または ')}${on.ja} から`,
    );
  });
  return msg(rules.map((r) => r.en).join('; '), rules.map((r) => r.ja).join('; '));
}

function sel(s: LabelSelector): string {
  const t = labelsText(s.matchLabels);
  return t === '' || t === '<none>' ? '{}' : t;
}

function peerText(x: PolicyPeer): Msg {
  if (x.podSelector && x.namespaceSelector)
    return msg(
      `pods ${sel(x.podSelector)} in namespaces ${sel(x.namespaceSelector)}`,
      `namespace ${sel(x.namespaceSelector)} の Pod ${sel(x.podSelector)}`,
    );
  if (x.namespaceSelector)
    return msg(`namespaces ${sel(x.namespaceSelector)}`, `namespace ${sel(x.namespaceSelector)}`);
  if (x.podSelector)
    return msg(`pods ${sel(x.podSelector)} of its namespace`, `同じ namespace の Pod ${sel(x.podSelector)}`);
  return msg(`ipBlock ${x.ipBlock?.cidr ?? '?'}`, `ipBlock ${x.ipBlock?.cidr ?? '?'} の範囲`);
}

/**
 * Issue 15, the pod door (§7 with project isolation): when pod `from` gets no answer from pod `to`
 * and the plugin isolates them by design — ovs-multitenant: different netids, neither global
 * (multitenant.go: table 80 admits reg0 == reg1 or VNID 0); ovs-networkpolicy: policies select
 * `to` and none admits `from`, or (4.10+, table 27) Egress policies select `from` and none admits
 * `to` — the failure is the isolation doing its job, not a dataplane fault.
 * Undefined when the plugin lets them talk or intent cannot be computed (then the walk judges).
 */
export function podPairIsolation(model: ClusterModel, from: Pod, to: Pod, port: number): Msg | undefined {
  const inputs = clusterIntentInputs(model);
  if ('en' in inputs) return undefined;
  const intent = intendedPodToPod(inputs, from, to, { port, protocol: 'TCP' });
  if (intent.expected !== 'isolated') return undefined;
  const a = `${from.namespace}/${from.name}`;
  const b = `${to.namespace}/${to.name}`;
  if (intent.why === 'netid') {
    const na = inputs.netids.get(from.namespace);
    const nb = inputs.netids.get(to.namespace);
    return msg(
      `${a} (project ${from.namespace}, netid ${na}) and ${b} (project ${to.namespace}, netid ${nb}) are isolated by the ovs-multitenant plugin as intended: table 80 admits only the same netid or the global netid 0. This is not a dataplane fault; to let them talk, join the projects (oc adm pod-network join-projects --to=${to.namespace} ${from.namespace}) or make one global.`,
      `${a}（プロジェクト ${from.namespace}、netid ${na}）と ${b}（プロジェクト ${to.namespace}、netid ${nb}）は ovs-multitenant プラグインによって意図どおり分離されています: テーブル 80 は同じ netid かグローバルな netid 0 しか許可しません。データプレーンの障害ではありません。通信させるにはプロジェクトを結合する（oc adm pod-network join-projects --to=${to.namespace} ${from.namespace}）か、一方をグローバルにしてください。`,
    );
  }
  const names = intent.policies.join(', ');
  if (intent.why === 'egress-deny')
    return msg(
      `${a} may not send to ${b}: NetworkPolicy ${names} restricts its egress and none admits ${b} on port ${port}, so table 27 drops it by design (4.10+). This is not a dataplane fault; to let it out, add an egress rule that admits it.`,
      `${a} は ${b} に送信できません: NetworkPolicy ${names} がエグレスを制限しており、ポート ${port} で ${b} を許可するものがないため、テーブル 27 が設計どおり破棄します（4.10 以降）。データプレーンの障害ではありません。許可するには、それを許可するエグレスルールを追加してください。`,
    );
  return msg(
    `${b} is isolated from ${a} by NetworkPolicy ${names} as intended (none admits ${a} on port ${port}): table 80 drops it by design. This is not a dataplane fault; to let it in, add a policy that admits it.`,
    `${b} は NetworkPolicy ${names} によって ${a} から意図どおり分離されています（ポート ${port} で ${a} を許可するものがありません）: テーブル 80 が設計どおり破棄します。データプレーンの障害ではありません。許可するには、それを許可するポリシーを追加してください。`,
  );
}
