// SCAFFOLD: replaced by the real parser (issue 2). Signature is the contract.
import type { ParseResult, EthtoolDriverRecord, EthtoolRecord, EthtoolStatsRecord } from './types.js';
import { msg } from '../i18n/message.js';

export function parseEthtool(text: string): ParseResult<EthtoolRecord> {
  void text;
  return { records: { settings: {} }, warnings: [{ line: 0, excerpt: '', message: msg('parser not implemented', 'パーサー未実装') }] };
}

export function parseEthtoolStats(text: string): ParseResult<EthtoolStatsRecord> {
  void text;
  return { records: { stats: {} }, warnings: [{ line: 0, excerpt: '', message: msg('parser not implemented', 'パーサー未実装') }] };
}

export function parseEthtoolDriver(text: string): ParseResult<EthtoolDriverRecord> {
  void text;
  return { records: { fields: {} }, warnings: [{ line: 0, excerpt: '', message: msg('parser not implemented', 'パーサー未実装') }] };
}

