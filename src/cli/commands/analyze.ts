/**
 * `sdn-doctor analyze <bundle>`: every passive check of the guide over a snapshot bundle, offline
 * (a bundle of ours, debug.sh's or NetworkCheck's layout). Exit codes (DESIGN.md §2): 0 healthy,
 * 1 findings at or above --fail-on, 2 usage or environment error (one line, no stack trace).
 */
import type { Command } from 'commander';
import { analyzeModel, type AnalysisResult } from '../../checks/analyze.js';
import { ClusterDataplane, computeMatrix } from '../../dataplane/index.js';
import { buildModel } from '../../model/build.js';
import { SEVERITY_RANK, type Severity } from '../../checks/types.js';
import type { Lang } from '../../i18n/message.js';
import { nothingChecked, renderJson, renderJunit, renderText } from '../../report/index.js';
import { renderAnalyzeHtml } from '../../report/html/index.js';
import { HTML_OPTION, runInfo, writeHtmlFile } from '../html.js';
import { oneOf } from '../errors.js';
import { readInputs, resolveLang } from '../sources.js';

const FORMATS = ['text', 'json', 'junit', 'html'] as const;
/** Nodes up to which the HTML report simulates the mesh (a 100-node matrix takes about a second). */
const MESH_MAX_NODES = 100;
type Format = (typeof FORMATS)[number];

interface AnalyzeCliOptions {
  output: string;
  lang?: string;
  failOn: string;
  color: boolean;
  html?: string;
}

export function registerAnalyze(program: Command): void {
  program
    .command('analyze')
    .description('run every passive check of the guide over a snapshot bundle (directory or .tar.gz)')
    .argument(
      '<inputs...>',
      'bundle directories or .tar.gz (sdn-doctor collect, debug.sh, NetworkCheck --network-logdir); several are merged into one cluster',
    )
    .option('-o, --output <format>', `report format: ${FORMATS.join(', ')}`, 'text')
    .option('--lang <lang>', 'en or ja (default from LANG)')
    .option(
      '--fail-on <severity>',
      'exit 1 when a finding is at or above: error, warning, info (never: always exit 0)',
      'warning',
    )
    .option('--no-color', 'no ANSI colours in the text report')
    .option(...HTML_OPTION)
    .action(async (inputs: string[], opts: AnalyzeCliOptions) => {
      process.exitCode = await runAnalyze(inputs, opts);
    });
}

/** Parses the options, reads the bundle, prints the report; returns the exit code. */
export async function runAnalyze(
  inputs: string | readonly string[],
  opts: AnalyzeCliOptions,
): Promise<number> {
  const paths = typeof inputs === 'string' ? [inputs] : inputs;
  const bundle = paths.join(' + ');
  const format = oneOf(opts.output, FORMATS, '-o/--output');
  const failOn = oneOf(opts.failOn, ['error', 'warning', 'info', 'never'] as const, '--fail-on');
  const lang = resolveLang(opts.lang);

  const snapshot = await readInputs(paths);
  const { model, warnings } = buildModel(snapshot);
  const result = analyzeModel(model, [...snapshot.warnings, ...warnings]);
  const color = opts.color && !!process.stdout.isTTY && !process.env.NO_COLOR;
  const page = (): string => {
    // the topology's VXLAN mesh: one pass of the dataplane over the node pairs when it is cheap
    const nodes = new Set([
      ...(model.nodes?.value.map((n) => n.name) ?? []),
      ...Object.keys(model.nodeFacts),
    ]);
    const mesh =
      nodes.size <= MESH_MAX_NODES
        ? computeMatrix(new ClusterDataplane(model), { maxPairs: 0, nodeGrid: true })
        : undefined;
    return renderAnalyzeHtml(result, model, lang, runInfo(bundle), mesh);
  };
  process.stdout.write(format === 'html' ? page() : render(format, result, lang, color));
  if (opts.html) await writeHtmlFile(opts.html, page(), lang);
  // `never`: a demo or a report-only run (npm start) shows the findings without failing.
  if (failOn === 'never') return 0;
  // Every check unknown (no API objects, no artifacts): nothing was verified, so not healthy.
  if (nothingChecked(result)) return 1;
  const failing = result.findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn as Severity]);
  return failing ? 1 : 0;
}

function render(format: Exclude<Format, 'html'>, result: AnalysisResult, lang: Lang, color: boolean): string {
  switch (format) {
    case 'json':
      return renderJson(result, lang);
    case 'junit':
      return renderJunit(result, lang);
    case 'text':
      return renderText(result, { lang, color });
  }
}
