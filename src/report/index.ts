/** Renderers of analysis results (DESIGN.md §2): pure functions, result → string. */
export {
  reporterFor,
  formatsFor,
  type Format,
  type Reporter,
  type ReportOptions,
  type ReportInputs,
  type ReportCommand,
  type AnalyzeReport,
  type DiagnoseReport,
  type MatrixReport,
  type TraceReport,
} from './registry.js';
export { nothingChecked, renderText, type TextReportOptions } from './terminal.js';
export { renderJson, toJsonReport, JSON_SCHEMA_VERSION } from './json.js';
export { renderJunit, renderDiagnoseJunit, renderMatrixJunit } from './junit.js';
export { renderTraceText, traceToJson } from './trace.js';
export { renderMatrixText, matrixToJson } from './matrix.js';
export { layerOf, guideRef, type Layer } from './layers.js';
export { cleanExcerpt, countSeverities } from './text-util.js';
export { terminalSafe, xmlSafe, jsonText } from './sanitize.js';
export {
  toJson as diagnoseToJson,
  renderText as renderDiagnoseText,
  verdictLines,
  SCHEMA_VERSION as DIAGNOSE_SCHEMA_VERSION,
} from './diagnose.js';
export { createProgress, type Progress } from './diagnose-progress.js';
export {
  renderAnalyzeHtml,
  renderDiagnoseHtml,
  renderMatrixHtml,
  renderTraceHtml,
  type RunInfo,
} from './html/index.js';
export { nodeGridLines } from './matrix-cells.js';
