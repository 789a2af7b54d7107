/**
 * JUnit XML (CI systems show failures and skips): `analyze` has one testcase per check, `diagnose`
 * one per step of the walk, `matrix` one per group of pairs. A failed case lists what failed; a
 * case that could not be decided is `skipped` with the reasons.
 */
import type { AnalysisResult } from '../checks/analyze.js';
import type { MatrixResult } from '../dataplane/index.js';
import type { DiagnoseResult } from '../diagnose/types.js';
import { count, msg, render, type Lang, type Msg, type Text } from '../i18n/message.js';
import { terminalSafe, xmlSafe as xml } from './sanitize.js';

/** One testcase: passed, failed (message, type, body) or skipped (why). */
interface TestCase {
  readonly classname: string;
  readonly name: string;
  readonly failure?: { readonly message: string; readonly type: string; readonly body: string };
  readonly skipped?: string;
}

function caseXml(c: TestCase): string {
  const open = `    <testcase classname="${xml(c.classname)}" name="${xml(c.name)}">`;
  if (c.failure) {
    return `${open}\n      <failure message="${xml(c.failure.message)}" type="${xml(c.failure.type)}">${xmlBody(c.failure.body)}</failure>\n    </testcase>`;
  }
  if (c.skipped !== undefined)
    return `${open}\n      <skipped message="${xml(c.skipped)}"/>\n    </testcase>`;
  return `${open}</testcase>`;
}

/** A multi-line element body: each line made XML-safe, our own line breaks kept. */
function xmlBody(text: string): string {
  return text.split('\n').map(xml).join('\n');
}

function suiteXml(suite: string, cases: readonly TestCase[]): string {
  const failures = cases.filter((c) => c.failure).length;
  const skipped = cases.filter((c) => c.skipped !== undefined).length;
  const counts = `tests="${cases.length}" failures="${failures}" skipped="${skipped}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="sdn-doctor" ${counts}>`,
    `  <testsuite name="${xml(suite)}" ${counts}>`,
    ...cases.map(caseXml),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

const FIX = msg('fix', '対処');

export function renderJunit(result: AnalysisResult, lang: Lang): string {
  const t = (m: Msg) => render(m, lang);
  const cases = result.statuses.map((s): TestCase => {
    const base = {
      classname: `sdn-doctor.section-${s.section.split(',')[0] ?? ''}`,
      name: `${s.check}: ${t(s.title)}`,
    };
    if (s.status === 'fail') {
      const fs = result.findings.filter((f) => f.check === s.check);
      const body = fs
        .map((f) => {
          const ev = f.evidence.map(
            (e) =>
              `  ${terminalSafe(e.artifact)}${e.line !== undefined ? `:${e.line}` : ''} ${terminalSafe(render(e.excerpt, lang))}`,
          );
          return [
            `[${f.severity}] ${terminalSafe(t(f.message))}`,
            ...ev,
            `  ${t(FIX)}: ${terminalSafe(t(f.fix))}`,
          ].join('\n');
        })
        .join('\n');
      return {
        ...base,
        failure: { message: t(fs[0]?.message ?? s.title), type: fs[0]?.fault ?? s.check, body },
      };
    }
    if (s.status === 'unknown') {
      return {
        ...base,
        skipped: s.unknown.map((u) => `${u.node ? `${u.node}: ` : ''}${t(u.reason)}`).join('; '),
      };
    }
    return base;
  });
  return suiteXml('sdn-doctor analyze', cases);
}

/** One testcase per step; the verdict's causes are the failures' bodies. */
export function renderDiagnoseJunit(r: DiagnoseResult, lang: Lang): string {
  const t = (m: Text) => render(m, lang);
  const cases = r.steps.map((s): TestCase => {
    const base = { classname: `sdn-doctor.section-${s.section}`, name: `${s.id}: ${t(s.title)}` };
    if (s.status === 'fail') {
      const causes = r.verdict.causes.filter((c) => c.step === s.id);
      const body = [
        ...s.evidence.map((e) => t(e)),
        ...causes.flatMap((c) => [`[${c.fault}] ${t(c.summary)}`, `  ${t(FIX)}: ${t(c.fix)}`]),
      ].join('\n');
      return { ...base, failure: { message: t(s.verdict), type: causes[0]?.fault ?? s.id, body } };
    }
    if (s.status === 'unknown' || s.status === 'skipped') return { ...base, skipped: t(s.verdict) };
    return base;
  });
  return suiteXml('sdn-doctor diagnose', cases);
}

/**
 * One testcase per broken group (a failure, or a pass when it is the plugin's intended isolation),
 * and one per kind of pair for the pairs that reach.
 */
export function renderMatrixJunit(r: MatrixResult, lang: Lang): string {
  const t = (m: Msg) => render(m, lang);
  const kinds = Object.entries(r.counts.byKind).map(
    ([kind, c]): TestCase => ({
      classname: 'sdn-doctor.matrix',
      name: t(
        msg(`${kind}: ${c.reachable}/${c.pairs} reachable`, `${kind}: ${c.reachable}/${c.pairs} 到達可能`),
      ),
    }),
  );
  const groups = r.broken.map((b): TestCase => {
    const name = `${t(b.message)}${b.node ? ` [${b.node}]` : ''}`;
    const base = { classname: `sdn-doctor.matrix.${b.disposition}`, name };
    if (b.isolation) return base;
    const body = [...(b.rule ? [b.rule] : []), ...b.examples.map((e) => `${e.from} → ${e.to}`)].join('\n');
    return {
      ...base,
      failure: {
        message: t(msg(`${count(b.pairs, 'pair')} broken`, `到達できないペア ${b.pairs} 件`)),
        type: b.disposition,
        body,
      },
    };
  });
  return suiteXml('sdn-doctor matrix', [...kinds, ...groups]);
}
