/**
 * `matrix` reports. JSON (contract): `{ schemaVersion, counts, truncated, maxPairs, pairs: [{ from,
 * to, reachable, cause?, expected?, verdict?, policy? }], broken: [{ cause, node?, rule?, pairs, examples }],
 * stats, intent: { pairs, ok, unexpectedDeny, unexpectedAllow, isolated, complete, unknown? } }` — `pairs`
 * lists at most `--max-pairs` pairs; counts and broken groups are always complete.
 */
import type { MatrixResult } from '../dataplane/index.js';
import { count, msg, render, type Lang, type Msg } from '../i18n/message.js';
import { nodeGridLines } from './matrix-cells.js';
import { padEndWidth } from './colour.js';
import { terminalSafe as safe } from './sanitize.js';

const KIND_TEXT: Readonly<Record<keyof MatrixResult['counts']['byKind'], Msg>> = {
  'pod-pod': msg('pod → pod', 'Pod → Pod'),
  'pod-service': msg('pod → service', 'Pod → サービス'),
  'node-pod': msg('node → pod', 'ノード → Pod'),
};

/** The text report; the node × node grid (when the result has one) above the broken groups. */
export function renderMatrixText(r: MatrixResult, lang: Lang, color = false): string {
  const L = (m: Msg): string => safe(render(m, lang));
  const lines: string[] = [];
  for (const [kind, c] of Object.entries(r.counts.byKind) as [
    keyof typeof KIND_TEXT,
    { pairs: number; reachable: number },
  ][]) {
    lines.push(
      `${padEndWidth(L(KIND_TEXT[kind]), 16)} ${c.reachable}/${c.pairs} ${L(msg('reachable', '到達可能'))}`,
    );
  }
  lines.push(
    L(
      msg(
        `${count(r.stats.pods, 'pod')} in ${count(r.stats.podClasses, 'class', 'classes')}, ${count(r.stats.traces, 'trace')}`,
        `Pod ${r.stats.pods} 個（クラス ${r.stats.podClasses}）、トレース ${r.stats.traces} 回`,
      ),
    ),
  );
  if (r.namespaces)
    lines.push(
      L(
        msg(
          `only pairs with an end in ${r.namespaces.join(', ')} (-n)`,
          `${r.namespaces.join(', ')} に端点を持つ組だけ（-n）`,
        ),
      ),
    );
  const grid = nodeGridLines(r, lang, color);
  if (grid.length) lines.push('', ...grid);
  const faults = r.broken.filter((b) => !b.isolation);
  const isolation = r.broken.filter((b) => b.isolation);
  const group = (title: Msg, list: typeof r.broken): void => {
    if (!list.length) return;
    lines.push('', L(title));
    for (const b of list) {
      lines.push(
        `  ${L(msg(count(b.pairs, 'pair'), `${b.pairs} ペア`))}: ${L(b.message)}${b.node ? ` [${safe(b.node)}]` : ''}`,
      );
      if (b.rule) lines.push(`      ${safe(b.rule)}`);
      for (const e of b.examples.slice(0, 3)) lines.push(`      ${safe(e.from)} → ${safe(e.to)}`);
    }
  };
  group(msg('Broken pairs, by cause:', '到達できないペア（原因別）:'), faults);
  group(
    msg(
      'Isolated by the plugin (multitenant / NetworkPolicy), usually intended:',
      'プラグインによる分離（multitenant / NetworkPolicy、通常は意図どおり）:',
    ),
    isolation,
  );
  if (!faults.length) lines.push('', L(msg('No broken pairs.', '到達できないペアはありません。')));
  lines.push(...intentLines(r, lang));
  return lines.join('\n') + '\n';
}

const EXAMPLE_PAIRS = 10;

/**
 * Intent against the dataplane, in three parts: broken (reachable was intended), isolation holes
 * (isolation was intended), isolated as intended (counted, with the policies that isolate).
 */
function intentLines(r: MatrixResult, lang: Lang): string[] {
  const L = (m: Msg): string => safe(render(m, lang));
  const i = r.intent;
  if (!i) return [];
  const out = [
    '',
    L(
      msg('Intent (from the NetworkPolicies / NetNamespaces):', '意図（NetworkPolicy / NetNamespace から）:'),
    ),
  ];
  if (i.unknown) {
    out.push(`  ${L(msg('unknown: ', '不明: '))}${L(i.unknown)}`);
    return out;
  }
  const part = (title: Msg, verdict: 'unexpected-deny' | 'unexpected-allow', n: number): void => {
    out.push(`  ${L(title)}: ${n}`);
    const list = r.pairs.filter((p) => p.verdict === verdict).slice(0, EXAMPLE_PAIRS);
    for (const p of list) {
      const policy = p.policy?.length ? ` (${p.policy.map(safe).join(', ')})` : '';
      out.push(`      ${safe(p.from)} → ${safe(p.to)}${policy}`);
    }
  };
  part(msg('Broken (unexpected deny)', '不通（意図に反する拒否）'), 'unexpected-deny', i.unexpectedDeny);
  part(
    msg('Isolation holes (unexpected allow)', '分離の穴（意図に反する許可）'),
    'unexpected-allow',
    i.unexpectedAllow,
  );
  out.push(
    `  ${L(msg('Isolated as intended', '意図どおり分離'))}: ${i.isolated.pairs}${i.isolated.policies.length ? ` (${i.isolated.policies.map(safe).join(', ')})` : ''}`,
  );
  if (!i.complete)
    out.push(
      `  ${L(msg(`${i.pairs} of ${r.counts.pairs} pairs have an intent (listed pairs with every object known)`, `意図があるのは ${r.counts.pairs} ペア中 ${i.pairs} ペアです（一覧に含まれ、全オブジェクトが既知のペア）`))}`,
    );
  return out;
}

/** The contract JSON, with every cause text in `lang` (English by default). */
export function matrixToJson(r: MatrixResult, lang: Lang = 'en'): Record<string, unknown> {
  const { nodeGrid: _grid, ...rest } = r;
  return {
    ...rest,
    pairs: r.pairs.map(({ message, ...p }) => (message ? { ...p, cause: render(message, lang) } : p)),
    broken: r.broken.map((b) => ({ ...b, cause: render(b.message, lang) })),
    ...(r.intent
      ? {
          intent: {
            ...r.intent,
            ...(r.intent.unknown ? { unknown: render(r.intent.unknown, lang) } : {}),
          },
        }
      : {}),
  };
}
