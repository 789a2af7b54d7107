/**
 * `matrix` reports. JSON (contract): `{ schemaVersion, counts, truncated, maxPairs, pairs: [{ from,
 * to, reachable, cause? }], broken: [{ cause, node?, rule?, pairs, examples }], stats }` — `pairs`
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
  return lines.join('\n') + '\n';
}

/** The contract JSON, with every cause text in `lang` (English by default). */
export function matrixToJson(r: MatrixResult, lang: Lang = 'en'): Record<string, unknown> {
  const { nodeGrid: _grid, ...rest } = r;
  return {
    ...rest,
    pairs: r.pairs.map(({ message, ...p }) => (message ? { ...p, cause: render(message, lang) } : p)),
    broken: r.broken.map((b) => ({ ...b, cause: render(b.message, lang) })),
  };
}
