// SCAFFOLD: replaced by the real parser (issue 2). Signature is the contract.
import type { ParseResult, IpRouteGetRecord, IpRouteRecord } from './types.js';
import { msg } from '../i18n/message.js';

export function parseIpRoute(text: string): ParseResult<IpRouteRecord[]> {
  void text;
  return { records: [], warnings: [{ line: 0, excerpt: '', message: msg('parser not implemented', 'パーサー未実装') }] };
}

export function parseIpRouteGet(text: string): ParseResult<IpRouteGetRecord[]> {
  void text;
  return { records: [], warnings: [{ line: 0, excerpt: '', message: msg('parser not implemented', 'パーサー未実装') }] };
}

