// SCAFFOLD: replaced by the real parser (issue 2). Signature is the contract.
import type { ParseResult, OvsShowRecord } from './types.js';
import { msg } from '../i18n/message.js';

export function parseOvsListBr(text: string): ParseResult<string[]> {
  void text;
  return { records: [], warnings: [{ line: 0, excerpt: '', message: msg('parser not implemented', 'パーサー未実装') }] };
}

export function parseOvsShow(text: string): ParseResult<OvsShowRecord> {
  void text;
  return { records: { bridges: [] }, warnings: [{ line: 0, excerpt: '', message: msg('parser not implemented', 'パーサー未実装') }] };
}

