/**
 * `-o json` (a contract scripts read): `{ schemaVersion, findings: [{ check, fault, severity, section,
 * node?, pod?, service?, route?, message, fix, evidence: [{ artifact, line?, excerpt }] }], checks,
 * warnings }`, texts rendered in the chosen language. `fault` is null when the finding maps to no
 * catalogue entry. Field names are a contract: add, never rename.
 */
import type { AnalysisResult } from '../checks/analyze.js';
import { render, type Lang } from '../i18n/message.js';
import { jsonText, terminalSafe } from './sanitize.js';

export const JSON_SCHEMA_VERSION = 1;

export function toJsonReport(result: AnalysisResult, lang: Lang) {
  return {
    schemaVersion: JSON_SCHEMA_VERSION,
    findings: result.findings.map((f) => ({
      check: f.check,
      fault: f.fault ?? null,
      severity: f.severity,
      section: f.section,
      ...(f.node !== undefined ? { node: f.node } : {}),
      ...(f.pod !== undefined ? { pod: f.pod } : {}),
      ...(f.service !== undefined ? { service: f.service } : {}),
      ...(f.route !== undefined ? { route: f.route } : {}),
      message: render(f.message, lang),
      fix: render(f.fix, lang),
      evidence: f.evidence.map((e) => ({
        artifact: e.artifact,
        ...(e.line !== undefined ? { line: e.line } : {}),
        excerpt: terminalSafe(render(e.excerpt, lang)),
      })),
    })),
    checks: result.statuses.map((s) => ({
      check: s.check,
      section: s.section,
      title: render(s.title, lang),
      status: s.status,
      unknown: s.unknown.map((u) => ({
        ...(u.node !== undefined ? { node: u.node } : {}),
        reason: render(u.reason, lang),
      })),
    })),
    warnings: result.warnings.map((w) => ({
      source: w.source,
      ...(w.node !== undefined ? { node: w.node } : {}),
      ...(w.line !== undefined ? { line: w.line } : {}),
      message: render(w.message, lang),
      ...(w.excerpt !== undefined ? { excerpt: terminalSafe(w.excerpt) } : {}),
    })),
  };
}

/** The JSON report as text (two-space indent, trailing newline). */
export function renderJson(result: AnalysisResult, lang: Lang): string {
  return `${jsonText(toJsonReport(result, lang))}\n`;
}
