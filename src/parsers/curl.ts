// SCAFFOLD: replaced by the real parser (issue 2). Signature is the contract.
import type { ParseResult, CurlRecord } from './types.js';
import { msg } from '../i18n/message.js';

export function parseCurlVerbose(text: string): ParseResult<CurlRecord> {
  void text;
  return { records: { connected: false, responseHeaders: {} }, warnings: [{ line: 0, excerpt: '', message: msg('parser not implemented', 'パーサー未実装') }] };
}

