// SCAFFOLD: replaced by the real parser (issue 2). Signature is the contract.
import type { ParseResult, TracepathRecord } from './types.js';
import { msg } from '../i18n/message.js';

export function parseTracepath(text: string): ParseResult<TracepathRecord> {
  void text;
  return { records: { hops: [], reached: false }, warnings: [{ line: 0, excerpt: '', message: msg('parser not implemented', 'パーサー未実装') }] };
}

