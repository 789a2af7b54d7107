// SCAFFOLD: replaced by the real parser (issue 2). Signature is the contract.
import type { ParseResult, IptablesTableRecord } from './types.js';
import { msg } from '../i18n/message.js';

export function parseIptablesSave(text: string): ParseResult<IptablesTableRecord[]> {
  void text;
  return { records: [], warnings: [{ line: 0, excerpt: '', message: msg('parser not implemented', 'パーサー未実装') }] };
}

