// SCAFFOLD: replaced by the real parser (issue 2). Signature is the contract.
import type { ParseResult, SysctlRecord } from './types.js';
import { msg } from '../i18n/message.js';

export function parseSysctl(text: string): ParseResult<SysctlRecord[]> {
  void text;
  return { records: [], warnings: [{ line: 0, excerpt: '', message: msg('parser not implemented', 'パーサー未実装') }] };
}

