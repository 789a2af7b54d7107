/**
 * `trace` reports: the hops as text (en/ja labels) or the contract JSON
 * `{ schemaVersion, disposition, hops: [{ node, steps: [{ kind, table?, rule?, action }] }] }`.
 */
import { DATAPLANE_SCHEMA_VERSION, stepAction, type Trace } from '../dataplane/index.js';
import { render, type Lang, type Msg } from '../i18n/message.js';
import { padEndWidth } from './colour.js';
import { terminalSafe as safe } from './sanitize.js';
import { DISPOSITION_TEXT, endpointText, stepWhere, TRACE_WORDS } from './trace-text.js';

/** The trace as the contract JSON; each step's `action` is a string in `lang` (default English). */
export function traceToJson(t: Trace, withVersion = true, lang: Lang = 'en'): Record<string, unknown> {
  return {
    ...(withVersion ? { schemaVersion: DATAPLANE_SCHEMA_VERSION } : {}),
    disposition: t.disposition,
    ...(t.deliveredTo ? { deliveredTo: t.deliveredTo } : {}),
    ...(t.cause ? { cause: t.cause } : {}),
    hops: t.hops.map((h) => ({
      node: h.node,
      steps: h.steps.map((s) => {
        const { message: _both, ...plain } = s;
        return { ...plain, action: stepAction(s, lang) };
      }),
    })),
    ...(t.alternatives ? { alternatives: t.alternatives.map((a) => traceToJson(a, false, lang)) } : {}),
  };
}

/** Terminal rendering: one block per hop, one line per step, then the verdict. */
export function renderTraceText(t: Trace, lang: Lang, title: string): string {
  const L = (m: Msg): string => safe(render(m, lang));
  const lines = [safe(title)];
  const block = (tr: Trace, indent: string): void => {
    for (const h of tr.hops) {
      lines.push(`${indent}${L(TRACE_WORDS.node)} ${safe(h.node)}`);
      for (const s of h.steps) {
        const where = safe(stepWhere(s, lang));
        lines.push(
          `${indent}  ${padEndWidth(where, 26)} ${s.rule ? `${safe(s.rule)}\n${indent}  ${''.padEnd(26)} → ` : ''}${safe(stepAction(s, lang))}`,
        );
      }
    }
    const verdict = `${L(DISPOSITION_TEXT[tr.disposition])}${tr.deliveredTo ? `: ${safe(endpointText(tr.deliveredTo, lang))}` : ''}`;
    lines.push(`${indent}${L(TRACE_WORDS.result)}: ${verdict}`);
    if (tr.cause) lines.push(`${indent}${L(TRACE_WORDS.cause)}: ${L(tr.cause.message)}`);
  };
  block(t, '');
  (t.alternatives ?? []).forEach((a, i) => {
    lines.push('', `${L(TRACE_WORDS.alternative)} ${i + 1}:`);
    block(a, '  ');
  });
  return lines.join('\n') + '\n';
}
