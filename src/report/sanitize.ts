/**
 * The one sanitiser at the edge of every renderer. Names, messages, ids, warnings, excerpts and
 * errors come from a cluster anyone with a namespace can write to: a pod named
 * `web\x1b[2J\x1b]0;T\x07\rFAKE\nSummary: 0 error(s)` must not clear the screen, set the title or
 * forge a summary line. Control characters are shown visibly escaped (`\x1b`, `\n`), never emitted.
 *
 * - `terminalSafe(s)`: one line of terminal text — C0 (tab becomes a space), DEL, C1, lone
 *   surrogates, non-characters and bidi overrides escaped.
 * - `xmlSafe(s)`: the same, then XML-escaped, so the result is always well-formed XML 1.0 text or
 *   attribute content (U+FFFE / U+FFFF and lone surrogates are not XML characters).
 * - `jsonText(value)`: JSON whose text holds no raw DEL / C1 (U+009B is a one-byte CSI on some
 *   terminals); JSON.stringify already escapes C0 and lone surrogates. The decoded value is unchanged.
 */

/** Characters never written raw: C0 (but tab), DEL, C1, bidi embeddings/overrides/isolates, BOM, non-characters. */
const UNSAFE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufdd0-\ufdef\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r' };

function escapeChar(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  const code = c.charCodeAt(0);
  return code < 0x100
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One line of text safe to write to a terminal: every control character visibly escaped. */
export function terminalSafe(text: string): string {
  return text.replace(/\t/g, ' ').replace(UNSAFE, escapeChar);
}

/** Text (or attribute value) safe inside an XML 1.0 document. */
export function xmlSafe(text: string): string {
  return terminalSafe(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** `JSON.stringify(value, null, 2)` with DEL and C1 escaped as `\u00XX` (they can only sit inside strings). */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    /[\u007f-\u009f]/g,
    (c) => `\\u00${c.charCodeAt(0).toString(16)}`,
  );
}

/** At most `max` characters: a long line keeps its start and end (`…[N characters]…` between). */
export function boundedLine(text: string, max = 600): string {
  if (text.length <= max) return text;
  const keep = Math.floor((max - 24) / 2);
  return `${text.slice(0, keep)}…[${text.length - 2 * keep} characters]…${text.slice(-keep)}`;
}
