/**
 * JUnit XML: one testcase per check (CI systems show failures and skips). A failed check lists
 * its findings; a check that could not decide is `skipped` with the reasons.
 */
import type { AnalysisResult } from '../checks/analyze.js';
import { render, type Lang } from '../i18n/message.js';
import { terminalSafe, xmlSafe as xml } from './sanitize.js';

export function renderJunit(result: AnalysisResult, lang: Lang): string {
  const t = (m: { en: string; ja: string }) => render(m, lang);
  const failures = result.statuses.filter((s) => s.status === 'fail').length;
  const skipped = result.statuses.filter((s) => s.status === 'unknown').length;
  const cases = result.statuses.map((s) => {
    const name = `${s.check}: ${t(s.title)}`;
    const open = `    <testcase classname="sdn-doctor.section-${xml(s.section.split(',')[0] ?? '')}" name="${xml(name)}">`;
    if (s.status === 'fail') {
      const fs = result.findings.filter((f) => f.check === s.check);
      const body = fs
        .map((f) => {
          const ev = f.evidence.map(
            (e) =>
              `  ${terminalSafe(e.artifact)}${e.line !== undefined ? `:${e.line}` : ''} ${terminalSafe(e.excerpt)}`,
          );
          return [
            `[${f.severity}] ${terminalSafe(t(f.message))}`,
            ...ev,
            `  fix: ${terminalSafe(t(f.fix))}`,
          ].join('\n');
        })
        .join('\n');
      return `${open}\n      <failure message="${xml(t(fs[0]?.message ?? s.title))}" type="${xml(fs[0]?.fault ?? s.check)}">${xmlBody(body)}</failure>\n    </testcase>`;
    }
    if (s.status === 'unknown') {
      const why = s.unknown.map((u) => `${u.node ? `${u.node}: ` : ''}${t(u.reason)}`).join('; ');
      return `${open}\n      <skipped message="${xml(why)}"/>\n    </testcase>`;
    }
    return `${open}</testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="sdn-doctor" tests="${result.statuses.length}" failures="${failures}" skipped="${skipped}">`,
    `  <testsuite name="sdn-doctor analyze" tests="${result.statuses.length}" failures="${failures}" skipped="${skipped}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/** A multi-line element body: each line made XML-safe, our own line breaks kept. */
function xmlBody(text: string): string {
  return text.split('\n').map(xml).join('\n');
}
