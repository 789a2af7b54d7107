/** Evidence helpers: every finding points at an artifact, a line and the line's text (DESIGN.md §5). */
import { msg, type Msg, type Text } from '../../i18n/message.js';
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
export function summaryEvidence(artifact: string, excerpt: Text, line?: number): Evidence {
  return line !== undefined && line > 0 ? { artifact, line, excerpt } : { artifact, excerpt };
}

/** The flow checks' summary (§7.4): what `ovs-ofctl dump-flows br0` lacks. */
export function noFlowMatches(match: string): Msg {
  return msg(
    `dump-flows br0: no flow matches ${match}`,
    `dump-flows br0: ${match} に一致するフローがありません`,
  );
}
