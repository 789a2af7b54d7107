// SCAFFOLD: replaced by the real parser (issue 2). Signature is the contract.
import type { ParseResult, PingRecord } from './types.js';
import { msg } from '../i18n/message.js';

export function parsePing(text: string): ParseResult<PingRecord> {
  void text;
  return { records: { errors: [] }, warnings: [{ line: 0, excerpt: '', message: msg('parser not implemented', 'パーサー未実装') }] };
}

