// SCAFFOLD: replaced by the real parser (issue 2). Signature is the contract.
import type { ParseResult, FlowAction, FlowMatchField, OvsFlowRecord } from './types.js';
import { msg } from '../i18n/message.js';

export function parseOvsFlows(text: string): ParseResult<OvsFlowRecord[]> {
  void text;
  return { records: [], warnings: [{ line: 0, excerpt: '', message: msg('parser not implemented', 'パーサー未実装') }] };
}

export function parseFlowMatch(text: string): ParseResult<FlowMatchField[]> {
  void text;
  return { records: [], warnings: [{ line: 0, excerpt: '', message: msg('parser not implemented', 'パーサー未実装') }] };
}

export function parseFlowActions(text: string): ParseResult<FlowAction[]> {
  void text;
  return { records: [], warnings: [{ line: 0, excerpt: '', message: msg('parser not implemented', 'パーサー未実装') }] };
}

