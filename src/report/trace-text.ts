/** Words of a trace shared by the terminal and HTML reports: dispositions and where a packet ended. */
import type { Disposition, Endpoint, StepKind } from '../dataplane/engine/types.js';
import { msg, type Lang, type Msg } from '../i18n/message.js';

export const DISPOSITION_TEXT: Readonly<Record<Disposition, Msg>> = {
  delivered: msg('delivered', '到達'),
  'exits-network': msg('leaves the cluster', 'クラスター外へ送出'),
  dropped: msg('dropped', '破棄'),
  denied: msg('denied (iptables)', '拒否（iptables）'),
  'no-route': msg('no route', '経路なし'),
  loop: msg('loop', 'ループ'),
  reset: msg(
    'arrives, but the reply misses the NAT: connection reset',
    '到達するが応答が NAT を通らず接続リセット',
  ),
  'insufficient-info': msg('cannot tell: input missing', '判定不能: 入力不足'),
};

/** Where a trace ended, in the run's language. */
export function endpointText(e: Endpoint, lang: Lang): string {
  switch (e.kind) {
    case 'pod':
      return msg(`pod ${e.namespace}/${e.name} (${e.ip})`, `Pod ${e.namespace}/${e.name}（${e.ip}）`)[lang];
    case 'node':
      return msg(`node ${e.name} (${e.ip})`, `ノード ${e.name}（${e.ip}）`)[lang];
    case 'external':
      return e.ip;
    case 'port':
      return msg(`br0 port ${e.port} on ${e.node}`, `${e.node} の br0 ポート ${e.port}`)[lang];
  }
}

/** The kinds of trace step as a person reads them (the JSON keeps the `kind` ids). */
const STEP_KIND_TEXT: Readonly<Record<StepKind, Msg>> = {
  table: msg('table', 'テーブル'),
  iptables: msg('iptables', 'iptables'),
  route: msg('route', 'ルート'),
  sysctl: msg('sysctl', 'sysctl'),
  tunnel: msg('tunnel', 'トンネル'),
  deliver: msg('deliver', '配送'),
  ingress: msg('ingress', '入口'),
  note: msg('note', '注記'),
};

/** Where a step happened, in the run's language: `table 20` / `テーブル 20`, `iptables nat/PREROUTING`, `route`. */
export function stepWhere(
  s: { readonly kind: StepKind; readonly table?: number | string },
  lang: Lang,
): string {
  const word = STEP_KIND_TEXT[s.kind][lang];
  return s.table !== undefined ? `${word} ${s.table}` : word;
}

export const TRACE_WORDS = {
  node: msg('node', 'ノード'),
  result: msg('result', '結果'),
  cause: msg('cause', '原因'),
  alternative: msg('alternative path', '別経路'),
} as const;
