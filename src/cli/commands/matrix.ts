/**
 * `sdn-doctor matrix` (issue 5): pod → pod, pod → service port and node → pod reachability for
 * every pair, from a bundle or a lab, computed by equivalence classes. JSON (contract):
 * `{ schemaVersion, counts, truncated, maxPairs, pairs: [{ from, to, reachable, cause? }],
 * broken: [{ cause, node?, rule?, pairs, examples }], stats }` — `pairs` lists at most
 * `--max-pairs` pairs; counts and broken groups are always complete. Exit 1 when a pair is broken
 * for a reason other than the plugin's isolation.
 */
import type { Command } from 'commander';
import { ClusterDataplane, computeMatrix, tracePairs, type MatrixResult } from '../../dataplane/index.js';
import { renderMatrixHtml } from '../../report/html/index.js';
import { nodeGridLines } from '../../report/matrix-cells.js';
import { HTML_OPTION, modelSourceName, runInfo, writeHtmlFile } from '../html.js';
import { msg, render, type Lang, type Msg } from '../../i18n/message.js';
import { jsonText, terminalSafe as safe } from '../../report/sanitize.js';
import { oneOf, UsageError } from '../errors.js';
import {
  loadClusterModel,
  resolveLang,
  withModelSourceOptions,
  type ModelSourceOptions,
} from '../sources.js';

interface MatrixCliOptions extends ModelSourceOptions {
  output: string;
  maxPairs?: string;
  lang?: string;
  html?: string;
}

/** Pairs whose traces the HTML page carries: every listed pair of a small cluster, else samples. */
const HTML_TRACES = 400;
/** The page embeds the JSON: fewer listed pairs by default keeps 2000 nodes under 15 MB. */
const HTML_MAX_PAIRS = 10_000;

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
      `${L(KIND_TEXT[kind]).padEnd(16)} ${c.reachable}/${c.pairs} ${L(msg('reachable', '到達可能'))}`,
    );
  }
  lines.push(
    L(
      msg(
        `${r.stats.pods} pods in ${r.stats.podClasses} classes, ${r.stats.traces} traces`,
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
        `  ${b.pairs} ${L(msg('pairs', 'ペア'))}: ${L(b.message)}${b.node ? ` [${safe(b.node)}]` : ''}`,
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

async function runMatrix(opts: MatrixCliOptions): Promise<number> {
  const lang = resolveLang(opts.lang);
  oneOf(opts.output, ['text', 'json', 'html'] as const, '-o/--output');
  const htmlOnly = opts.output === 'html' || (opts.html !== undefined && opts.output === 'text');
  const maxPairsText = opts.maxPairs ?? String(htmlOnly ? HTML_MAX_PAIRS : 100_000);
  const maxPairs = Number(maxPairsText);
  if (!Number.isInteger(maxPairs) || maxPairs < 0) {
    throw new UsageError(
      `--max-pairs must be a whole number ≥ 0, but got "${maxPairsText}"`,
      `--max-pairs は 0 以上の整数です（指定値: "${maxPairsText}"）`,
    );
  }
  const model = await loadClusterModel(opts);
  const wantsHtml = opts.output === 'html' || opts.html !== undefined;
  const dp = new ClusterDataplane(model);
  // the terminal report draws the node grid too; only the JSON has no use for it
  const result = computeMatrix(dp, { maxPairs, nodeGrid: wantsHtml || opts.output === 'text' });
  const page = (): string => {
    const podNodes = new Map(
      (model.pods?.value ?? []).flatMap((p) =>
        p.node && p.podIP && !p.hostNetwork ? [[`pod/${p.namespace}/${p.name}`, p.node]] : [],
      ),
    );
    const wanted =
      result.pairs.length <= HTML_TRACES
        ? result.pairs
        : [...result.broken.flatMap((b) => b.examples), ...result.pairs.filter((p) => !p.reachable)];
    const traces = tracePairs(dp, wanted, HTML_TRACES);
    return renderMatrixHtml(
      { result, podNodes, traces, model },
      matrixToJson(result, lang),
      lang,
      runInfo(modelSourceName(opts)),
    );
  };
  if (opts.output === 'json') process.stdout.write(jsonText(matrixToJson(result, lang)) + '\n');
  else if (opts.output === 'html') process.stdout.write(page());
  else process.stdout.write(renderMatrixText(result, lang, !!process.stdout.isTTY && !process.env.NO_COLOR));
  if (opts.html) await writeHtmlFile(opts.html, page(), lang);
  return result.broken.some((b) => !b.isolation) ? 1 : 0;
}

export function registerMatrix(program: Command): void {
  withModelSourceOptions(program.command('matrix'))
    .description(
      'reachability of every pod → pod, pod → service and node → pod pair, broken pairs grouped by cause',
    )
    .option('-o, --output <format>', 'text, json or html', 'text')
    .option(...HTML_OPTION)
    .option(
      '--max-pairs <n>',
      'list at most this many pairs in JSON (counts and broken groups stay complete; default 100000, 10000 for html only)',
    )
    .option('--lang <lang>', 'en or ja (default from LANG)')
    .action(async (opts: MatrixCliOptions) => {
      process.exitCode = await runMatrix(opts);
    });
}
