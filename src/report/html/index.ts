/**
 * `-o html` / `--html FILE`: one self-contained page per run (DESIGN.md §2: pure functions from
 * result types to a string). Views: findings (analyze), path (diagnose), matrix, trace, topology.
 */
import type { AnalysisResult } from '../../checks/analyze.js';
import { msg, render, type Lang } from '../../i18n/message.js';
import { toJsonReport, JSON_SCHEMA_VERSION } from '../json.js';
import { findingsView, FINDINGS_VIEW } from './findings.js';
import { renderPage, type RunHeader } from './page.js';

export type { RunHeader } from './page.js';
export { escapeText, html, type SafeHtml } from './template.js';
export { contentSecurityPolicy } from './page.js';

/** Header fields the caller knows (the command and schema come from the renderer). */
export type RunInfo = Omit<RunHeader, 'command' | 'schemaVersion'>;

export function renderAnalyzeHtml(result: AnalysisResult, lang: Lang, run: RunInfo): string {
  return renderPage({
    lang,
    title: render(msg('sdn-doctor analyze', 'sdn-doctor analyze（分析）'), lang),
    header: { ...run, command: 'analyze', schemaVersion: JSON_SCHEMA_VERSION },
    views: [{ id: 'findings', label: FINDINGS_VIEW }],
    body: findingsView(result, lang),
    json: toJsonReport(result, lang),
  });
}
