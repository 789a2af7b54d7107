// SCAFFOLD: replaced by the real parser (issue 2). Signature is the contract.
import type { ParseResult, NodeJournalRecord } from './types.js';
import { msg } from '../i18n/message.js';

export function parseNodeJournal(text: string): ParseResult<NodeJournalRecord> {
  void text;
  return { records: { blocks: [], errors: [] }, warnings: [{ line: 0, excerpt: '', message: msg('parser not implemented', 'パーサー未実装') }] };
}

