/**
 * keepalived's log lines as ipf-debug.sh picks them out of the ipfailover pods' logs
 * (`grep -E 'VRRP_Inst|Netli'`, guide §12), from a journal or a pod log. Only keepalived's own
 * lines are read; everything else in the text is ignored (a journal holds other services too).
 * Both message shapes are understood: keepalived 1.x `VRRP_Instance(X) Entering MASTER STATE` and
 * 2.x `(X) Entering MASTER STATE`; check scripts `VRRP_Script(chk_x) failed` (1.x, 2.0) and
 * `Script \`chk_x\` now returning 1` (2.x).
 */
import type { KeepalivedEvent, KeepalivedLogRecord, ParseResult } from './types.js';
import { nonBlankLines } from './util/numbered-lines.js';

const STATE = /(?:VRRP_Instance)?\(([^)\s]+)\)\s+(?:Entering|Transition to)\s+(MASTER|BACKUP|FAULT)\s+STATE/i;
const SCRIPT_OLD = /VRRP_Script\(([^)\s]+)\)\s+(succeeded|failed)/;
const SCRIPT_NEW = /Script\s+`([^`]+)`\s+now returning\s+(\d+)/;
const NETLINK = /netlink/i;
/** A line keepalived wrote (journal ident `Keepalived_vrrp[PID]:` or a pod log of the keepalived image). */
const KEEPALIVED = /Keepalived|VRRP_|[Nn]etlink|\bScript\b|\)\s+(?:Entering|Transition)/;

export function parseKeepalivedLog(text: string): ParseResult<KeepalivedLogRecord> {
  const events: KeepalivedEvent[] = [];
  for (const { line, raw, body } of nonBlankLines(text)) {
    if (!KEEPALIVED.test(body)) continue;
    const state = STATE.exec(body);
    if (state) {
      events.push({
        line,
        raw,
        kind: 'state',
        instance: state[1] as string,
        state: (state[2] as string).toUpperCase(),
      });
      continue;
    }
    const old = SCRIPT_OLD.exec(body);
    if (old) {
      events.push({ line, raw, kind: 'script', script: old[1] as string, ok: old[2] === 'succeeded' });
      continue;
    }
    const next = SCRIPT_NEW.exec(body);
    if (next) {
      events.push({ line, raw, kind: 'script', script: next[1] as string, ok: next[2] === '0' });
      continue;
    }
    if (NETLINK.test(body)) events.push({ line, raw, kind: 'netlink' });
  }
  return { records: { events }, warnings: [] };
}
