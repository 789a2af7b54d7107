/**
 * `trace` reports: the hops as text (en/ja labels) or the contract JSON
 * `{ schemaVersion, disposition, hops: [{ node, steps: [{ kind, table?, rule?, action }] }] }`.
 */
import { DATAPLANE_SCHEMA_VERSION, stepAction, type Endpoint, type Trace } from '../dataplane/index.js';
import { msg, render, type Lang, type Msg } from '../i18n/message.js';

const DISPOSITION_TEXT: Readonly<Record<Trace['disposition'], Msg>> = {
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

function endpointText(e: Endpoint): string {
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

/** The trace as the contract JSON; each step's `action` is a string in `lang` (default English). */
export function traceToJson(t: Trace, withVersion = true, lang: Lang = 'en'): Record<string, unknown> {
  return {
    ...(withVersion ? { schemaVersion: DATAPLANE_SCHEMA_VERSION } : {}),
    disposition: t.disposition,
    ...(t.deliveredTo ? { deliveredTo: t.deliveredTo } : {}),
    ...(t.cause ? { cause: t.cause } : {}),
    hops: t.hops.map((h) => ({
      node: h.node,
      steps: h.steps.map((s) => {
        const { message: _both, ...plain } = s;
        return { ...plain, action: stepAction(s, lang) };
      }),
    })),
    ...(t.alternatives ? { alternatives: t.alternatives.map((a) => traceToJson(a, false, lang)) } : {}),
  };
}

/** Terminal rendering: one block per hop, one line per step, then the verdict. */
export function renderTraceText(t: Trace, lang: Lang, title: string): string {
  const L = (m: Msg): string => render(m, lang);
  const lines = [title];
  const block = (tr: Trace, indent: string): void => {
    for (const h of tr.hops) {
      lines.push(`${indent}${L(msg('node', 'ノード'))} ${h.node}`);
      for (const s of h.steps) {
        const where =
          s.kind === 'table' ? `table ${s.table}` : s.table !== undefined ? `${s.kind} ${s.table}` : s.kind;
        lines.push(
          `${indent}  ${where.padEnd(26)} ${s.rule ? `${s.rule}\n${indent}  ${''.padEnd(26)} → ` : ''}${stepAction(s, lang)}`,
        );
      }
    }
    const verdict = `${L(DISPOSITION_TEXT[tr.disposition])}${tr.deliveredTo ? `: ${endpointText(tr.deliveredTo)}` : ''}`;
    lines.push(`${indent}${L(msg('result', '結果'))}: ${verdict}`);
    if (tr.cause) lines.push(`${indent}${L(msg('cause', '原因'))}: ${L(tr.cause.message)}`);
  };
  block(t, '');
  (t.alternatives ?? []).forEach((a, i) => {
    lines.push('', `${L(msg('alternative path', '別経路'))} ${i + 1}:`);
    block(a, '  ');
  });
  return lines.join('\n') + '\n';
}
