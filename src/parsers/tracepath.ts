/**
 * iputils `tracepath -n` (39.3 / 39.6: the hops to a node or router host and the path MTU).
 */
import type { ParseResult, ParseWarning, TracepathHop, TracepathRecord } from './types.js';
import { msg } from '../i18n/message.js';
import { lineWarning, nonBlankLines } from './util/numbered-lines.js';

/** ` 1?: [LOCALHOST]                      pmtu 1500` */
const LOCAL = /^\s*\d+\??:\s+\[LOCALHOST\]\s+pmtu (\d+)/;
/** ` 2:  10.99.1.1   0.009ms pmtu 1450`, ` 2:  10.99.2.2   0.146ms reached`, ` 3:  no reply` */
const HOP = /^\s*(\d+)\??:\s+(.*)$/;
/** `     Resume: pmtu 1450 hops 2 back 2`, `     Too many hops: pmtu 1450` */
const RESUME = /^\s*(Resume|Too many hops): pmtu (\d+)(?: hops (\d+))?/;

function parseHop(ttl: number, rest: string, line: number, raw: string): TracepathHop | undefined {
  const t = rest.trim();
  if (/^no reply\b/.test(t) || /^send failed\b/.test(t))
    return { line, raw, ttl, noReply: true, reached: false };
  // `host (10.0.0.1)  0.5ms` without -n; `10.0.0.1  asymm  2   1.2ms` on asymmetric paths.
  const m = /^(\S+)(?: \(([^)]+)\))?(?:\s+asymm\s+\d+)?\s+([\d.]+)ms\b(.*)$/.exec(t);
  if (!m) return undefined;
  const tail = m[4] as string;
  const pmtu = /pmtu (\d+)/.exec(tail);
  return {
    line,
    raw,
    ttl,
    host: (m[2] ?? m[1]) as string,
    rttMs: Number(m[3]),
    ...(pmtu ? { pmtu: Number(pmtu[1]) } : {}),
    noReply: false,
    reached: /\breached\b/.test(tail),
  };
}

/**
 * Parses tracepath output: one hop per probe line (repeated TTLs kept, as printed), `no reply`
 * hops, the path MTU (the Resume line's, else the last one reported) and whether the target
 * answered.
 */
export function parseTracepath(text: string): ParseResult<TracepathRecord> {
  const hops: TracepathHop[] = [];
  const warnings: ParseWarning[] = [];
  let pmtu: number | undefined;
  let hopCount: number | undefined;
  let resumed = false;
  nonBlankLines(text).forEach(({ line, raw }) => {
    let m: RegExpExecArray | null;
    if ((m = LOCAL.exec(raw))) {
      if (!resumed) pmtu = Number(m[1]);
    } else if ((m = RESUME.exec(raw))) {
      pmtu = Number(m[2]);
      resumed = true;
      if (m[3]) hopCount = Number(m[3]);
    } else if ((m = HOP.exec(raw))) {
      const hop = parseHop(Number(m[1]), m[2] as string, line, raw);
      if (!hop)
        warnings.push(
          lineWarning(line, raw, msg('unreadable tracepath hop', 'tracepath のホップを読み取れません')),
        );
      else {
        hops.push(hop);
        if (hop.pmtu !== undefined && !resumed) pmtu = hop.pmtu;
      }
    } else warnings.push(lineWarning(line, raw, msg('not a tracepath line', 'tracepath の行ではありません')));
  });
  return {
    records: {
      hops,
      ...(pmtu !== undefined ? { pmtu } : {}),
      reached: hops.some((h) => h.reached),
      ...(hopCount !== undefined ? { hopCount } : {}),
    },
    warnings,
  };
}
