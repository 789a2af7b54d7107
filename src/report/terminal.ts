/**
 * Terminal report of `analyze` (DESIGN.md §2 "reports"): findings grouped by layer in the guide's
 * order, each with severity, object, message, evidence lines (artifact:line excerpt), fix and guide
 * section; then what could not be checked, the input warnings, and a summary line. A pure function:
 * colour only when the caller asks for it.
 */
import type { AnalysisResult } from '../checks/analyze.js';
import type { Finding, Severity } from '../checks/types.js';
import { count, msg, render, type Lang, type Msg, type Text } from '../i18n/message.js';
import { painter, type Paint } from './colour.js';
import { findingsByLayer, guideRef } from './layers.js';
import { terminalSafe as safe } from './sanitize.js';
import { countSeverities } from './text-util.js';

export interface TextReportOptions {
  readonly lang: Lang;
  readonly color?: boolean;
}

export const SEVERITY_LABEL: Readonly<Record<Severity, Msg>> = {
  error: msg('ERROR', 'エラー'),
  warning: msg('WARNING', '警告'),
  info: msg('INFO', '情報'),
};

/** The guide's words for the objects (39.2). */
export const OBJECT = {
  node: msg('node', 'ノード'),
  pod: msg('pod', 'Pod'),
  service: msg('service', 'サービス'),
  route: msg('route', 'ルート'),
} as const;

export const TEXT = {
  header: (nodes: number, checks: number) =>
    msg(
      `sdn-doctor analyze: ${count(nodes, 'node')}, ${count(checks, 'check')}`,
      `sdn-doctor analyze: ノード ${nodes} 台、チェック ${checks} 件`,
    ),
  release: (release: string, because: readonly Msg[], lang: Lang) =>
    msg(
      `OpenShift ${release} (from ${because.map((b) => render(b, lang)).join(', ')})`,
      `OpenShift ${release}（根拠: ${because.map((b) => render(b, lang)).join('、')}）`,
    ),
  evidence: msg('evidence', '証拠'),
  fix: msg('fix', '対処'),
  guide: msg('guide', 'ガイド'),
  noFindings: msg('No problems found.', '問題は見つかりませんでした。'),
  nothingChecked: msg(
    'Nothing could be checked: every check is unknown (see below). This is not a clean bill of health.',
    '何も判定できませんでした。すべてのチェックが判定不能です（下記参照）。正常という意味ではありません。',
  ),
  unknownTitle: msg('Could not be checked', '判定できなかったチェック'),
  warningsTitle: (n: number) => msg(`Input warnings (${n})`, `入力データの警告（${n} 件）`),
  summary: (e: number, w: number, i: number, pass: number, fail: number, unknown: number, warns: number) =>
    msg(
      `Summary: ${count(e, 'error')}, ${count(w, 'warning')}, ${i} info · checks: ${pass} passed, ${fail} failed, ${unknown} unknown · ${count(warns, 'input warning')}`,
      `要約: エラー ${e} 件、警告 ${w} 件、情報 ${i} 件 · チェック: 合格 ${pass}、不合格 ${fail}、判定不能 ${unknown} · 入力データの警告 ${warns} 件`,
    ),
};

/** Renders the analysis for a terminal. */
export function renderText(result: AnalysisResult, options: TextReportOptions): string {
  const { lang } = options;
  const paint = painter(options.color === true);
  const t = (m: Msg): string => safe(render(m, lang));
  const out: string[] = [paint('bold', t(TEXT.header(result.nodes.length, result.statuses.length)))];
  if (result.release) out.push(t(TEXT.release(result.release.release, result.release.because, lang)));
  out.push('');

  const groups = findingsByLayer(result.findings);
  if (!result.findings.length) {
    if (nothingChecked(result)) out.push(paint('warning', t(TEXT.nothingChecked)), '');
    else out.push(paint('green', t(TEXT.noFindings)), '');
  }
  for (const [key, g] of groups) {
    out.push(paint('bold', `== ${t(g.title)} (§${safe(key)}) ==`));
    for (const f of g.findings) out.push(...renderFinding(f, lang, paint), '');
  }

  const unknown = result.statuses.filter((s) => s.unknown.length > 0);
  if (unknown.length) {
    out.push(paint('bold', `${t(TEXT.unknownTitle)}:`));
    for (const s of unknown) {
      for (const u of s.unknown) {
        out.push(`  ${safe(s.check)}${u.node ? ` [${safe(u.node)}]` : ''}: ${t(u.reason)}`);
      }
    }
    out.push('');
  }

  if (result.warnings.length) {
    out.push(paint('bold', `${t(TEXT.warningsTitle(result.warnings.length))}:`));
    for (const w of result.warnings) {
      const where = `${safe(w.source)}${w.line !== undefined && w.line > 0 ? `:${w.line}` : ''}`;
      const excerpt = w.excerpt ? ` — ${safe(w.excerpt)}` : '';
      out.push(`  ${where}${w.node ? ` [${safe(w.node)}]` : ''}: ${t(w.message)}${excerpt}`);
    }
    out.push('');
  }

  const c = countSeverities(result.findings);
  const count = (v: string) => result.statuses.filter((s) => s.status === v).length;
  out.push(
    t(
      TEXT.summary(
        c.error,
        c.warning,
        c.info,
        count('pass'),
        count('fail'),
        count('unknown'),
        result.warnings.length,
      ),
    ),
  );
  return `${out.join('\n')}\n`;
}

function renderFinding(f: Finding, lang: Lang, paint: Paint): string[] {
  const t = (m: Text): string => safe(render(m, lang));
  const objects = [
    f.node && `${t(OBJECT.node)} ${safe(f.node)}`,
    f.pod && `${t(OBJECT.pod)} ${safe(f.pod)}`,
    f.service && `${t(OBJECT.service)} ${safe(f.service)}`,
    f.route && `${t(OBJECT.route)} ${safe(f.route)}`,
  ].filter(Boolean);
  const head = `${paint(f.severity, t(SEVERITY_LABEL[f.severity]))} ${safe(f.fault ?? f.check)}${objects.length ? `  ${objects.join(', ')}` : ''}`;
  const lines = [head, `  ${t(f.message)}`];
  if (f.evidence.length) {
    lines.push(`  ${t(TEXT.evidence)}:`);
    for (const e of f.evidence) {
      const where = `${safe(e.artifact)}${e.line !== undefined ? `:${e.line}` : ''}`;
      lines.push(`    ${paint('dim', where)}  ${t(e.excerpt)}`);
    }
  }
  lines.push(`  ${t(TEXT.fix)}: ${t(f.fix)}`);
  lines.push(`  ${t(TEXT.guide)}: ${safe(guideRef(f.section))} · ${safe(f.check)}`);
  return lines;
}

/** True when no check could decide anything: no finding then means "not looked", not "healthy". */
export function nothingChecked(result: AnalysisResult): boolean {
  return result.statuses.length > 0 && result.statuses.every((s) => s.status === 'unknown');
}
