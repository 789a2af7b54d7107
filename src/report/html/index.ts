/**
 * `-o html` / `--html FILE`: one self-contained page per run (DESIGN.md §2: pure functions from
 * result types to a string). Views: findings (analyze), path (diagnose), matrix, trace, topology.
 */
import type { AnalysisResult } from '../../checks/analyze.js';
import { msg, render, type Lang } from '../../i18n/message.js';
import { toJsonReport, JSON_SCHEMA_VERSION } from '../json.js';
import type { DiagnoseResult } from '../../diagnose/types.js';
import { toJson as diagnoseToJson, SCHEMA_VERSION as DIAGNOSE_SCHEMA_VERSION } from '../diagnose.js';
import { pathView, PATH_VIEW } from './diagnose.js';
import { findingsView, FINDINGS_VIEW } from './findings.js';
import { html } from './template.js';
import { DATAPLANE_SCHEMA_VERSION, type Trace } from '../../dataplane/engine/types.js';
import { matrixView, MATRIX_VIEW, type MatrixHtmlInput } from './matrix.js';
import { renderPage, type RunHeader } from './page.js';
import { traceView, TRACE_VIEW } from './trace.js';
import { topologyView, TOPOLOGY_VIEW, type BrokenLink, type TopologyInput } from './topology.js';
import type { ClusterModel } from '../../model/types.js';
import type { MatrixResult } from '../../dataplane/matrix/matrix.js';
import { nodeCellState } from '../matrix-cells.js';

export type { RunHeader } from './page.js';
export { escapeText, html, type SafeHtml } from './template.js';
export { contentSecurityPolicy } from './page.js';
export { POD_GRID_MAX, NODE_SVG_MAX, type MatrixHtmlInput } from './matrix.js';

/** Header fields the caller knows (the command and schema come from the renderer). */
export type RunInfo = Omit<RunHeader, 'command' | 'schemaVersion'>;

/** `analyze -o html`: the findings, and the topology of the model they were found in. */
export function renderAnalyzeHtml(
  result: AnalysisResult,
  model: ClusterModel,
  lang: Lang,
  run: RunInfo,
  /** A matrix of the same model with its node grid: the topology draws the broken node pairs. */
  mesh?: MatrixResult,
): string {
  const findingsByNode = new Map<string, number>();
  for (const f of result.findings)
    if (f.node) findingsByNode.set(f.node, (findingsByNode.get(f.node) ?? 0) + 1);
  return renderPage({
    lang,
    title: render(msg('sdn-doctor analyze', 'sdn-doctor analyze（分析）'), lang),
    header: { ...run, command: 'analyze', schemaVersion: JSON_SCHEMA_VERSION },
    views: [
      { id: 'findings', label: FINDINGS_VIEW },
      { id: 'topology', label: TOPOLOGY_VIEW },
    ],
    body: html`${findingsView(result, lang)}${topologyView(
      { model, findingsByNode, ...(mesh ? brokenLinks(mesh, lang) : {}) },
      lang,
    )}`,
    json: toJsonReport(result, lang),
  });
}

/** `matrix -o html`: `json` is the run's `-o json` document. */
export function renderMatrixHtml(
  input: MatrixHtmlInput & { readonly model: ClusterModel },
  json: unknown,
  lang: Lang,
  run: RunInfo,
): string {
  const view = matrixView(input, lang);
  const topology = topologyView({ model: input.model, ...brokenLinks(input.result, lang) }, lang);
  return renderPage({
    lang,
    title: render(msg('sdn-doctor matrix', 'sdn-doctor matrix（到達性）'), lang),
    header: { ...run, command: 'matrix', schemaVersion: DATAPLANE_SCHEMA_VERSION },
    views: [
      { id: 'matrix', label: MATRIX_VIEW },
      { id: 'topology', label: TOPOLOGY_VIEW },
    ],
    body: html`${view.body}${topology}`,
    json,
    ...(view.data ? { data: view.data } : {}),
  });
}

/** `trace -o html`: `title` is `FROM → TO`, `json` the run's `-o json` document. */
export function renderTraceHtml(
  trace: Trace,
  title: string,
  json: unknown,
  lang: Lang,
  run: RunInfo,
): string {
  return renderPage({
    lang,
    title: `sdn-doctor trace ${title}`,
    header: { ...run, command: 'trace', schemaVersion: DATAPLANE_SCHEMA_VERSION },
    views: [{ id: 'trace', label: TRACE_VIEW }],
    body: html`<section id="trace">${traceView(trace, title, lang)}</section>`,
    json,
  });
}

/** `diagnose -o html`: the path diagram, the verdict and every step. */
export function renderDiagnoseHtml(result: DiagnoseResult, lang: Lang, run: RunInfo): string {
  return renderPage({
    lang,
    title: render(msg('sdn-doctor diagnose', 'sdn-doctor diagnose（診断）'), lang),
    header: { ...run, command: 'diagnose', schemaVersion: DIAGNOSE_SCHEMA_VERSION },
    views: [{ id: 'path', label: PATH_VIEW }],
    body: pathView(result, lang),
    json: diagnoseToJson(result, lang),
  });
}

/** Node pairs of the node grid whose pod → pod pairs break (not the plugin's isolation). */
function brokenLinks(r: MatrixResult, lang: Lang): Pick<TopologyInput, 'brokenLinks' | 'mesh'> {
  const g = r.nodeGrid;
  if (!g) return {};
  const n = g.nodes.length;
  const out: BrokenLink[] = [];
  const mesh = { pairs: 0, reachable: 0, broken: 0, isolated: 0, unknown: 0 };
  for (let k = 0; k < n * n; k++) {
    const from = g.nodes[Math.floor(k / n)]!;
    const to = g.nodes[k % n]!;
    const state = nodeCellState(r, k);
    if (from === to || state === 'none') continue;
    mesh.pairs++;
    mesh[state]++;
    const b = r.broken[g.cause[k]!];
    if (b && state === 'broken') out.push({ from, to, cause: render(b.message, lang) });
  }
  return { brokenLinks: out, mesh };
}
