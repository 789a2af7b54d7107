// SCAFFOLD: replaced by the real parser (issue 2). Signature is the contract.
import type { ParseResult, IpLinkRecord } from './types.js';
import { msg } from '../i18n/message.js';

export function parseIpAddr(text: string): ParseResult<IpLinkRecord[]> {
  void text;
  return { records: [], warnings: [{ line: 0, excerpt: '', message: msg('parser not implemented', 'パーサー未実装') }] };
}

