/**
 * The object behind a table 80 decision (pipeline reference §5): which NetworkPolicy admits the
 * packet, or that no policy of the destination's namespace does (default deny), or that the
 * projects' netids isolate them — the openshift-sdn counterpart of mapping an OpenFlow rule back
 * to the object that made it. Computed from the API objects (model/intent.ts), not from the flow.
 */
import { msg, type Msg } from '../../i18n/message.js';
import {
  clusterIntentInputs,
  intendedEgress,
  intendedIngress,
  type Intent,
  type IntentInputs,
  type IntentPeer,
} from '../../model/intent.js';
import type { ClusterModel, Pod } from '../../model/types.js';
import { F, PROTO_TCP, PROTO_UDP, type Packet } from '../engine/packet.js';

const PROTO_SCTP = 132;

export class PolicyExplainer {
  private readonly inputs: IntentInputs | undefined;

  constructor(
    model: ClusterModel,
    private readonly podByIp: (ip: number) => Pod | undefined,
    private readonly nodeByIp: (ip: number) => string | undefined,
  ) {
    const i = clusterIntentInputs(model);
    this.inputs = 'plugin' in i && i.plugin !== 'subnet' ? i : undefined;
  }

  /**
   * The objects behind table 27's decision (rule version 13, release-4.12 networkpolicy.go: the
   * source pod's Egress policies, by destination address); undefined when they do not say or the
   * destination is not a pod (a service IP passes at priority 300 and is judged once rewritten).
   */
  explainEgress(packet: Packet, passed: boolean, rule: string): Msg | undefined {
    const inputs = this.inputs;
    if (inputs?.plugin !== 'networkpolicy' || inputs.semantics !== 'split') return undefined;
    if (passed && /ct_state=[^ ,]*\+rpl/.test(rule)) return REPLY();
    const from = this.podByIp(packet[F.NW_SRC]!);
    const to = this.podByIp(packet[F.NW_DST]!);
    if (!from || from.hostNetwork || !to) return undefined;
    const intent = intendedEgress(inputs, from, to, {
      port: packet[F.TP_DST] ?? 0,
      protocol: protocolOf(packet),
    });
    const source = `${from.namespace}/${from.name}`;
    if (intent.expected === 'unknown') return undefined;
    const names = intent.policies.join(', ');
    if (intent.expected === 'isolated')
      return passed
        ? msg(
            `passed, yet NetworkPolicy ${names} restricts the egress of ${source} and admits nothing of this: isolation hole`,
            `通過しましたが、NetworkPolicy ${names} は ${source} のエグレスを制限しており、これを許可していません: 分離の穴`,
          )
        : msg(
            `NetworkPolicy ${names} restricts the egress of ${source} and none admits this: dropped as intended`,
            `NetworkPolicy ${names} が ${source} のエグレスを制限しており、これを許可するものはありません: 意図どおり破棄`,
          );
    if (passed)
      return intent.why === 'admitted'
        ? msg(`let out by NetworkPolicy ${names}`, `NetworkPolicy ${names} により送信を許可`)
        : msg(
            `no Egress policy selects ${source}: its egress is open`,
            `${source} を選択する Egress ポリシーはありません: エグレスは無制限です`,
          );
    return msg(
      `the policies let ${source} send this, but this node's table 27 does not (out of sync)`,
      `ポリシー上は ${source} の送信が許可されていますが、このノードのテーブル 27 は許可していません（同期していません）`,
    );
  }

  /**
   * The objects behind table 80's decision on `node` (`passed` or dropped by `rule`); undefined
   * when the objects do not say. Conntrack replies (`ct_state=+rpl`) pass as replies of an
   * admitted connection.
   */
  explain(packet: Packet, node: string, passed: boolean, rule: string): Msg | undefined {
    const inputs = this.inputs;
    if (!inputs) return undefined;
    if (passed && /ct_state=[^ ,]*\+rpl/.test(rule)) return REPLY();
    const to = this.podByIp(packet[F.NW_DST]!);
    if (!to) return undefined;
    const srcIp = packet[F.NW_SRC]!;
    const srcPod = this.podByIp(srcIp);
    const srcNode = srcPod ? undefined : this.nodeByIp(srcIp);
    const from: IntentPeer | undefined =
      srcPod && !srcPod.hostNetwork
        ? { kind: 'pod', pod: srcPod }
        : srcNode !== undefined
          ? { kind: 'node', local: srcNode === node }
          : undefined;
    if (!from) return undefined;
    const intent = intendedIngress(inputs, from, to, {
      port: packet[F.TP_DST] ?? 0,
      protocol: protocolOf(packet),
    });
    const target = `${to.namespace}/${to.name}`;
    if (intent.expected === 'unknown') return undefined;
    if (passed) return admittedText(intent, target);
    switch (intent.expected) {
      case 'isolated':
        return intent.why === 'netid'
          ? msg(
              `the projects' NetNamespace netids isolate it (intended)`,
              'プロジェクトの NetNamespace の netid により分離されています（意図どおり）',
            )
          : msg(
              `no policy of namespace ${intent.namespace} admits it: default deny (${target} is selected by ${intent.policies.join(', ')})`,
              `namespace ${intent.namespace} のどのポリシーも許可していません: デフォルト拒否（${target} を選択するポリシー: ${intent.policies.join(', ')}）`,
            );
      case 'reachable':
        return intent.why === 'admitted'
          ? msg(
              `NetworkPolicy ${intent.policies.join(', ')} admits it, but this node's table 80 does not (out of sync)`,
              `NetworkPolicy ${intent.policies.join(', ')} が許可していますが、このノードのテーブル 80 は許可していません（同期していません）`,
            )
          : msg(
              `the objects admit it (${intent.why}), but this node's table 80 does not (out of sync)`,
              `オブジェクト上は許可されています（${intent.why}）が、このノードのテーブル 80 は許可していません（同期していません）`,
            );
    }
  }
}

/** A reply of a tracked connection: both policy tables let it through whatever the policies say. */
const REPLY = () =>
  msg(
    'a reply of a tracked connection (ct_state=+rpl): admitted whatever the policies',
    '追跡中の接続の応答（ct_state=+rpl）: ポリシーに関係なく許可されます',
  );

/** The packet's protocol as NetworkPolicy ports name it (`TCP`, `UDP`, `SCTP`; '' for others). */
function protocolOf(packet: Packet): string {
  const proto = packet[F.NW_PROTO];
  return proto === PROTO_TCP ? 'TCP' : proto === PROTO_UDP ? 'UDP' : proto === PROTO_SCTP ? 'SCTP' : '';
}

function admittedText(intent: Exclude<Intent, { expected: 'unknown' }>, target: string): Msg {
  if (intent.expected === 'isolated')
    return intent.why === 'netid'
      ? msg(
          'passed, yet the NetNamespace netids isolate these projects: isolation hole',
          '通過しましたが、NetNamespace の netid ではこれらのプロジェクトは分離されています: 分離の穴',
        )
      : msg(
          `passed, yet no policy of namespace ${intent.namespace} admits it (${target} is selected by ${intent.policies.join(', ')}): isolation hole`,
          `通過しましたが、namespace ${intent.namespace} のどのポリシーも許可していません（${target} を選択するポリシー: ${intent.policies.join(', ')}）: 分離の穴`,
        );
  switch (intent.why) {
    case 'admitted':
      return msg(
        `admitted by NetworkPolicy ${intent.policies.join(', ')}`,
        `NetworkPolicy ${intent.policies.join(', ')} により許可`,
      );
    case 'not-isolated':
      return msg(
        `no NetworkPolicy selects ${target}: its namespace admits everything`,
        `${target} を選択する NetworkPolicy はありません: namespace はすべてを許可します`,
      );
    case 'node-local':
      return msg('from the node itself: always admitted', 'ノード自身から: 常に許可');
    case 'netid':
      return msg('same project or a global one (netid)', '同じプロジェクトまたはグローバル（netid）');
    case 'flat':
      return msg('no isolation (subnet plugin)', '分離なし（subnet プラグイン）');
  }
}
