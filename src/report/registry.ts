/**
 * The one place that says which `-o` formats each command has and which function renders it.
 * Every command asks `reporterFor(command, format)`; a new format (html) is one more name in
 * formats.ts and one more entry in REPORTERS. Renderers are pure: result + options → string; the CLI writes the string.
 */
import { stringify as toYaml } from 'yaml';
import type { AnalysisResult } from '../checks/analyze.js';
import {
  ClusterDataplane,
  computeMatrix,
  tracePairs,
  type MatrixResult,
  type Trace,
} from '../dataplane/index.js';
import type { DiagnoseResult } from '../diagnose/types.js';
import type { Lang } from '../i18n/message.js';
import type { ClusterModel } from '../model/types.js';
import {
  renderAnalyzeHtml,
  renderDiagnoseHtml,
  renderMatrixHtml,
  renderTraceHtml,
  type RunInfo,
} from './html/index.js';
import { jsonText } from './sanitize.js';
import { renderText as renderDiagnoseText, toJson as diagnoseToJson, verdictLines } from './diagnose.js';
import { toJsonReport } from './json.js';
import { renderDiagnoseJunit, renderJunit, renderMatrixJunit } from './junit.js';
import { matrixToJson, renderMatrixText } from './matrix.js';
import { renderText } from './terminal.js';
import { renderTraceText, traceToJson } from './trace.js';

import { FORMATS, type ReportCommand } from './formats.js';

export { FORMATS, formatsFor, type Format, type ReportCommand } from './formats.js';

export interface ReportOptions {
  readonly lang: Lang;
  /** ANSI colours in text reports (the CLI decides: TTY, NO_COLOR, --no-color…). */
  readonly color: boolean;
  /** The run's header facts (source, time, version) that html pages show. */
  readonly run: RunInfo;
}

export type Reporter<T> = (input: T, options: ReportOptions) => string;

/** What `diagnose` reports: the result, and whether the steps were already shown live (progress). */
export interface DiagnoseReport {
  readonly result: DiagnoseResult;
  /** False when only the verdict is wanted (--quiet, or the steps were printed as they ran). */
  readonly steps: boolean;
}

/** What `trace` reports: the trace and the `--from` / `--to` it was asked for. */
export interface TraceReport {
  readonly trace: Trace;
  readonly from: string;
  readonly to: string;
}

/** What `analyze` reports: the result, and the model the html topology draws. */
export interface AnalyzeReport {
  readonly result: AnalysisResult;
  readonly model: ClusterModel;
}

/** What `matrix` reports: the result, and the model and dataplane the html page traces pairs with. */
export interface MatrixReport {
  readonly result: MatrixResult;
  readonly model: ClusterModel;
  readonly dataplane: ClusterDataplane;
}

/** The result type each command renders. */
export interface ReportInputs {
  readonly analyze: AnalyzeReport;
  readonly diagnose: DiagnoseReport;
  readonly trace: TraceReport;
  readonly matrix: MatrixReport;
}

/** Exactly the formats FORMATS declares, for each command. */
type ReporterTable = {
  readonly [C in ReportCommand]: { readonly [F in (typeof FORMATS)[C][number]]: Reporter<ReportInputs[C]> };
};

/** `json` and `yaml` are the same document (the JSON contract of the command) in two syntaxes. */
function documentReporters<T>(toDocument: (input: T, lang: Lang) => unknown): {
  json: Reporter<T>;
  yaml: Reporter<T>;
} {
  return {
    json: (input, o) => `${jsonText(toDocument(input, o.lang))}\n`,
    yaml: (input, o) => toYaml(toDocument(input, o.lang)),
  };
}

/** Nodes up to which the analyze page simulates the VXLAN mesh (a 100-node matrix takes about a second). */
const MESH_MAX_NODES = 100;
/** Pairs whose traces the matrix page carries: every listed pair of a small cluster, else samples. */
const HTML_TRACES = 400;

function analyzePage({ result, model }: AnalyzeReport, o: ReportOptions): string {
  const nodes = new Set([...(model.nodes?.value.map((n) => n.name) ?? []), ...Object.keys(model.nodeFacts)]);
  const mesh =
    nodes.size <= MESH_MAX_NODES
      ? computeMatrix(new ClusterDataplane(model), { maxPairs: 0, nodeGrid: true })
      : undefined;
  return renderAnalyzeHtml(result, model, o.lang, o.run, mesh);
}

function matrixPage({ result, model, dataplane }: MatrixReport, o: ReportOptions): string {
  const podNodes = new Map(
    (model.pods?.value ?? []).flatMap((p) =>
      p.node && p.podIP && !p.hostNetwork ? [[`pod/${p.namespace}/${p.name}`, p.node] as const] : [],
    ),
  );
  const wanted =
    result.pairs.length <= HTML_TRACES
      ? result.pairs
      : [...result.broken.flatMap((b) => b.examples), ...result.pairs.filter((p) => !p.reachable)];
  const traces = tracePairs(dataplane, wanted, HTML_TRACES);
  return renderMatrixHtml({ result, podNodes, traces, model }, matrixToJson(result, o.lang), o.lang, o.run);
}

const REPORTERS: ReporterTable = {
  analyze: {
    text: (a, o) => renderText(a.result, o),
    ...documentReporters((a: AnalyzeReport, lang) => toJsonReport(a.result, lang)),
    junit: (a, o) => renderJunit(a.result, o.lang),
    html: analyzePage,
  },
  diagnose: {
    text: (d, o) =>
      d.steps ? renderDiagnoseText(d.result, o.lang) : `${verdictLines(d.result, o.lang).join('\n')}\n`,
    ...documentReporters((d: DiagnoseReport, lang) => diagnoseToJson(d.result, lang)),
    junit: (d, o) => renderDiagnoseJunit(d.result, o.lang),
    html: (d, o) => renderDiagnoseHtml(d.result, o.lang, o.run),
  },
  trace: {
    text: (t, o) => renderTraceText(t.trace, o.lang, `trace ${t.from} → ${t.to}`),
    ...documentReporters((t: TraceReport, lang) => traceToJson(t.trace, true, lang)),
    html: (t, o) =>
      renderTraceHtml(t.trace, `${t.from} → ${t.to}`, traceToJson(t.trace, true, o.lang), o.lang, o.run),
  },
  matrix: {
    text: (m, o) => renderMatrixText(m.result, o.lang, o.color),
    ...documentReporters((m: MatrixReport, lang) => matrixToJson(m.result, lang)),
    junit: (m, o) => renderMatrixJunit(m.result, o.lang),
    html: matrixPage,
  },
};

/** The renderer of `command` for `format`, or undefined when the command has no such format. */
export function reporterFor<C extends ReportCommand>(
  command: C,
  format: string,
): Reporter<ReportInputs[C]> | undefined {
  const table = REPORTERS[command] as Readonly<Record<string, Reporter<ReportInputs[C]>>>;
  return (FORMATS[command] as readonly string[]).includes(format) ? table[format] : undefined;
}
