// SCAFFOLD: replaced by the real parser (issue 2). Signature is the contract.
import type { ParseResult, DigAnswerRecord, DigShortRecord } from './types.js';
import { msg } from '../i18n/message.js';

export function parseDigShort(text: string): ParseResult<DigShortRecord> {
  void text;
  return { records: { answers: [] }, warnings: [{ line: 0, excerpt: '', message: msg('parser not implemented', 'パーサー未実装') }] };
}

export function parseDigAnswer(text: string): ParseResult<DigAnswerRecord[]> {
  void text;
  return { records: [], warnings: [{ line: 0, excerpt: '', message: msg('parser not implemented', 'パーサー未実装') }] };
}

