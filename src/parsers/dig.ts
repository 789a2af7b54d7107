/**
 * `dig +short <name>` (39.3: does the name resolve, to the router host?) and
 * `dig +search +noall +answer <name>` (39.9: does a wildcard search domain hijack external names?).
 */
import type { DigAnswerRecord, DigShortRecord, ParseResult, ParseWarning } from './types.js';
import { msg } from '../i18n/message.js';
import { lineWarning, nonBlankLines } from './util/numbered-lines.js';
import { isIPv4, isIPv6 } from './util/addresses.js';

/** dig's own diagnostics: `;; connection timed out; no servers could be reached`, `dig: couldn't get address …`. */
const DIG_ERROR = /^(;;\s*(.*)|dig: (.*))$/;
/** Printable ASCII only: anything else in an answer is corruption, not DNS data dig would print. */
const PRINTABLE = /^[\x20-\x7e\t]+$/;
/** `name. TTL CLASS TYPE data…` */
const ANSWER = /^(\S+)\s+(\d+)\s+(IN|CH|HS|ANY|CLASS\d+)\s+([A-Z][A-Z0-9-]*|TYPE\d+)\s+(.+)$/;

/** Joins dig's `;;` lines: `communications error to 10.99.2.99#53: timed out; no servers could be reached`. */
function errorText(lines: readonly string[]): string | undefined {
  return lines.length > 0 ? lines.join('; ') : undefined;
}

/**
 * Parses `dig +short`: one answer per line (addresses, CNAME targets). Empty output is an empty
 * answer (NXDOMAIN or no record), not an error; dig's `;;` lines become `error`.
 */
export function parseDigShort(text: string): ParseResult<DigShortRecord> {
  const answers: string[] = [];
  const errs: string[] = [];
  const warnings: ParseWarning[] = [];
  nonBlankLines(text).forEach(({ line, raw, body }) => {
    const e = DIG_ERROR.exec(body);
    if (e) errs.push((e[2] ?? e[3] ?? body).trim());
    else if (!PRINTABLE.test(body) || (/^[\d.]+$/.test(body) && !isIPv4(body))) {
      // binary garbage, or a cut-off address (`10.99.2`) that must not be read as an answer
      warnings.push(lineWarning(line, raw, msg('unreadable dig answer', 'dig の応答を読み取れません')));
    } else answers.push(body);
  });
  const error = errorText(errs);
  return { records: { answers, ...(error ? { error } : {}) }, warnings };
}

/**
 * Parses `dig +noall +answer` (optionally `+search`): one resource record per line. dig's `;;`
 * lines (no server reached) are warnings, since the answer section then says nothing.
 */
export function parseDigAnswer(text: string): ParseResult<DigAnswerRecord[]> {
  const records: DigAnswerRecord[] = [];
  const warnings: ParseWarning[] = [];
  nonBlankLines(text).forEach(({ line, raw, body }) => {
    const e = DIG_ERROR.exec(body);
    if (e) {
      const what = (e[2] ?? e[3] ?? body).trim();
      warnings.push(lineWarning(line, raw, msg(`dig: ${what}`, `dig: ${what}`)));
      return;
    }
    const m = PRINTABLE.test(body) ? ANSWER.exec(body) : null;
    const data = m?.[5]?.trim() ?? '';
    // An A/AAAA record whose address is cut off or corrupted is not an answer.
    if (!m || (m[4] === 'A' && !isIPv4(data)) || (m[4] === 'AAAA' && !isIPv6(data))) {
      warnings.push(lineWarning(line, raw, msg('not a dig answer line', 'dig の応答行ではありません')));
      return;
    }
    records.push({
      line,
      raw,
      name: m[1] as string,
      ttl: Number(m[2]),
      class: m[3] as string,
      type: m[4] as string,
      data,
    });
  });
  return { records, warnings };
}
