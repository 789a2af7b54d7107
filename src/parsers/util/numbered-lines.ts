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

/**
 * Pieces of at most ~`maxPiece` bytes each. Why: V8 keeps a string over 128 KiB in its
 * large-object space, on pages it maps afresh for each string; on a 2-core VM turning a 600 kB
 * dump into one string cost ~2 ms, nearly all page faults, against ~0.05 ms as 64 kB pieces
 * (1000 dumps of a 1000-node bench cluster: 2.2 s against 0.05 s).
 */
const TEXT_PIECE_BYTES = 64 * 1024;

/**
 * The UTF-8 text of `bytes` as pieces of whole lines that, joined with `\n`, give the text (each
 * piece ends before a `\n`, which is dropped). Splitting at the byte `\n` is safe in UTF-8: no
 * byte of a multi-byte character is below 0x80. A line longer than a piece is one piece.
 */
export function textPieces(bytes: Buffer, maxPiece = TEXT_PIECE_BYTES): string[] {
  const pieces: string[] = [];
  let start = 0;
  while (bytes.length - start > maxPiece) {
    let cut = bytes.lastIndexOf(10, start + maxPiece);
    if (cut < start) cut = bytes.indexOf(10, start + maxPiece);
    if (cut < 0) break;
    pieces.push(bytes.toString('utf8', start, cut));
    start = cut + 1;
  }
  pieces.push(bytes.toString('utf8', start, bytes.length));
  return pieces;
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
