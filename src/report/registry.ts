/**
 * The one place that says which `-o` formats each command has and which function renders it.
 * Every command asks `reporterFor(command, format)`; a new format (html) is one more name in
 * formats.ts and one more entry in REPORTERS. Renderers are pure: result + options → string; the CLI writes the string.
 */
import { stringify as toYaml } from 'yaml';
import type { AnalysisResult } from '../checks/analyze.js';
import type { MatrixResult, Trace } from '../dataplane/index.js';
import type { DiagnoseResult } from '../diagnose/types.js';
import type { Lang } from '../i18n/message.js';
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
}

export type Reporter<T> = (input: T, options: ReportOptions) => string;

/** What `diagnose` reports: the result, and whether the steps were already shown live (progress). */
export interface DiagnoseReport {
  readonly result: DiagnoseResult;
  /** False when only the verdict is wanted (--quiet, or the steps were printed as they ran). */
  readonly steps: boolean;
}

/** What `trace` reports: the trace and its title line (`trace FROM → TO`). */
export interface TraceReport {
  readonly trace: Trace;
  readonly title: string;
}

/** The result type each command renders. */
export interface ReportInputs {
  readonly analyze: AnalysisResult;
  readonly diagnose: DiagnoseReport;
  readonly trace: TraceReport;
  readonly matrix: MatrixResult;
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
    json: (input, o) => `${JSON.stringify(toDocument(input, o.lang), null, 2)}\n`,
    yaml: (input, o) => toYaml(toDocument(input, o.lang)),
  };
}

const REPORTERS: ReporterTable = {
  analyze: {
    text: (r, o) => renderText(r, o),
    ...documentReporters(toJsonReport),
    junit: (r, o) => renderJunit(r, o.lang),
  },
  diagnose: {
    text: (d, o) =>
      d.steps ? renderDiagnoseText(d.result, o.lang) : `${verdictLines(d.result, o.lang).join('\n')}\n`,
    ...documentReporters((d: DiagnoseReport, lang) => diagnoseToJson(d.result, lang)),
    junit: (d, o) => renderDiagnoseJunit(d.result, o.lang),
  },
  trace: {
    text: (t, o) => renderTraceText(t.trace, o.lang, t.title),
    ...documentReporters((t: TraceReport, lang) => traceToJson(t.trace, true, lang)),
  },
  matrix: {
    text: (r, o) => renderMatrixText(r, o.lang),
    ...documentReporters((r: MatrixResult, lang) => matrixToJson(r, lang)),
    junit: (r, o) => renderMatrixJunit(r, o.lang),
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
