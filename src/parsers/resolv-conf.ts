// SCAFFOLD: replaced by the real parser (issue 2). Signature is the contract.
import type { ParseResult, ResolvConfRecord } from './types.js';
import { msg } from '../i18n/message.js';

export function parseResolvConf(text: string): ParseResult<ResolvConfRecord> {
  void text;
  return { records: { nameservers: [], search: [], options: [] }, warnings: [{ line: 0, excerpt: '', message: msg('parser not implemented', 'パーサー未実装') }] };
}

