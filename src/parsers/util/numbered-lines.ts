/**
 * Line handling shared by the OVS and iptables parsers: split text into lines the same way
 * everywhere (so a record's `line`/`raw` always point back at the input), and build warnings.
 */
import type { Msg } from '../../i18n/message.js';
import type { ParseWarning } from '../types.js';

/** Longest excerpt kept in a warning, so a megabyte-long garbage line does not bloat reports. */
const MAX_EXCERPT = 200;

/**
 * Splits text into lines on `\n` or `\r\n`. Index i holds line i+1. A record's `raw` is exactly
 * one of these strings (trailing `\r` removed, everything else kept, trailing blanks included).
 */
export function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

/** A warning for a 1-based line (0 = the whole text), with a bounded excerpt. */
export function lineWarning(line: number, raw: string, message: Msg): ParseWarning {
  return { line, message, excerpt: raw.length > MAX_EXCERPT ? `${raw.slice(0, MAX_EXCERPT)}…` : raw };
}

/** A line with its 1-based number, as written (`raw`) and trimmed (`body`). */
export interface NumberedLine {
  readonly line: number;
  readonly raw: string;
  readonly body: string;
}

/** The lines of `text` that are not blank, numbered as splitLines numbers them. */
export function nonBlankLines(text: string): NumberedLine[] {
  const out: NumberedLine[] = [];
  splitLines(text).forEach((raw, i) => {
    const body = raw.trim();
    if (body !== '') out.push({ line: i + 1, raw, body });
  });
  return out;
}
