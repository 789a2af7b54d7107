/** Evidence helpers: every finding points at an artifact, a line and the line's text (DESIGN.md §5). */
import type { Evidence } from '../types.js';

/** Evidence from a parsed record that kept its line (`{ line, raw }`). */
export function lineEvidence(
  artifact: string,
  rec: { readonly line: number; readonly raw: string },
): Evidence {
  return rec.line > 0
    ? { artifact, line: rec.line, excerpt: rec.raw.trim() }
    : { artifact, excerpt: rec.raw.trim() };
}

/** Evidence that is not one line (an API object, a whole table): artifact plus a short summary. */
export function summaryEvidence(artifact: string, excerpt: string, line?: number): Evidence {
  return line !== undefined && line > 0 ? { artifact, line, excerpt } : { artifact, excerpt };
}
