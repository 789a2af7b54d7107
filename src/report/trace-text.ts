/** Words of a trace shared by the terminal and HTML reports: dispositions and where a packet ended. */
import type { Disposition, Endpoint } from '../dataplane/engine/types.js';
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

export function endpointText(e: Endpoint): string {
  switch (e.kind) {
    case 'pod':
      return `pod ${e.namespace}/${e.name} (${e.ip})`;
    case 'node':
      return `node ${e.name} (${e.ip})`;
    case 'external':
      return e.ip;
    case 'port':
      return `br0 port ${e.port} on ${e.node}`;
  }
}

/** Where a step happened: `table 20`, `iptables nat/PREROUTING`, `route`. */
/** Where a step happened: an OpenFlow table in the run's language, else the kind (iptables, route…). */
export function stepWhere(
  s: { readonly kind: string; readonly table?: number | string },
  lang: Lang,
): string {
  if (s.kind === 'table') return lang === 'ja' ? `テーブル ${s.table}` : `table ${s.table}`;
  return s.table !== undefined ? `${s.kind} ${s.table}` : s.kind;
}

export const TRACE_WORDS = {
  node: msg('node', 'ノード'),
  result: msg('result', '結果'),
  cause: msg('cause', '原因'),
  alternative: msg('alternative path', '別経路'),
} as const;
