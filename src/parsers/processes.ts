/**
 * `ps -e -o pid=,args=`: the processes of a node, to see whether keepalived runs there (guide §12,
 * what ipf-debug.sh reads with `ps ax | grep keepalived`). A line that is not `PID ARGS` is a
 * warning: an error text must not read as "keepalived is not running".
 */
import { msg } from '../i18n/message.js';
import type { ParseResult, ParseWarning, ProcessRecord } from './types.js';
import { lineWarning, nonBlankLines } from './util/numbered-lines.js';

const PS_LINE = /^(\d+)\s+(\S.*)$/;

export function parseProcesses(text: string): ParseResult<ProcessRecord[]> {
  const records: ProcessRecord[] = [];
  const warnings: ParseWarning[] = [];
  for (const { line, raw, body } of nonBlankLines(text)) {
    const m = PS_LINE.exec(body);
    if (!m) {
      warnings.push(
        lineWarning(line, raw, msg('not a `PID ARGS` line of ps', 'ps の `PID ARGS` 行ではありません')),
      );
      continue;
    }
    const args = m[2] as string;
    // Kernel threads print as `[kthreadd]`; the program is the first word's base name otherwise.
    const first = args.split(/\s+/)[0] as string;
    const command = first.startsWith('[') ? first : (first.split('/').pop() as string).replace(/:$/, '');
    records.push({ line, raw, pid: Number(m[1]), args, command });
  }
  return { records, warnings };
}
