/**
 * `journalctl -u atomic-openshift-node.service` (39.10). The node logs its SDN setup with glog:
 * `Output of setup script:\n%s` (the script runs under `set -x`, so `+ cmd` lines are its steps and
 * the lines under a step are that step's output) and `Output of adding %s: %s (%v)` for each OVS
 * rule (openshift-sdn's flow controller). journald stores each output line as its own entry.
 */
import type { JournalBlock, JournalLine, NodeJournalRecord, ParseResult, ParseWarning } from './types.js';
import { msg } from '../i18n/message.js';
import { lineWarning, splitLines } from './util/numbered-lines.js';

/** `Nov 21 10:00:00 host atomic-openshift-node[1234]: msg` (also `/var/log/messages` without a pid). */
const SHORT = /^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \S+ ([^\s[:]+)(?:\[(\d+)\])?: ?(.*)$/;
/** `journalctl -o short-iso`: `2026-11-21T10:00:00+0000 host unit[pid]: msg` */
const ISO = /^\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:?\d\d)? \S+ ([^\s[:]+)(?:\[(\d+)\])?: ?(.*)$/;
/** A pasted excerpt without time and host: `origin-node[14333]: msg` */
const BARE = /^([A-Za-z][\w.@-]*)\[(\d+)\]: ?(.*)$/;
/** klog/glog header: `E1121 10:00:02.210400    4242 controller.go:134] msg` */
const KLOG = /^([IWEF])\d{4} \d\d:\d\d:\d\d\.\d+\s+\d+ [^\]]*\] ?(.*)$/;
/** journalctl's own markers: `-- Logs begin at …`, `-- Reboot --`, `-- No entries --`. */
const MARKER = /^-- .* --$|^-- (Logs begin|Journal begins|Boot) /;

/** 39.10 "obvious errors" in a setup step's output. */
const OUTPUT_ERROR =
  /error|fail|cannot|can't|could not|not found|no such|invalid|denied|unreachable|file exists|does not exist|doesn't exist|not a bridge|RTNETLINK answers|unknown|refused|timed out|usage:/i;
/** Error lines anywhere in the log. */
const ANY_ERROR = /\berror\b|\bfailed\b/i;
/** OVS daemons' own log level field: `ovs|00002|db_ctl_base|ERR|…` (upper case only: `err=<nil>` is not one). */
const OVS_ERR = /\|(ERR|EMER)\|/;

interface Entry {
  readonly line: number;
  readonly raw: string;
  /** Process that wrote it (`atomic-openshift-node[4242]`), '' for plain klog text. */
  readonly source: string;
  readonly text: string;
  readonly klog?: string;
}

function readEntry(raw: string, line: number): Entry | undefined {
  const m = SHORT.exec(raw) ?? ISO.exec(raw) ?? BARE.exec(raw);
  if (m) {
    const text = m[3] as string;
    const k = KLOG.exec(text);
    return { line, raw, source: `${m[1]}[${m[2] ?? ''}]`, text, ...(k ? { klog: k[1] as string } : {}) };
  }
  return undefined;
}

/** A glog message that opens a block, and the kind of block it opens. */
function blockKind(text: string): JournalBlock['kind'] | undefined {
  if (/\] Output of setup script:\s*$/.test(text) || /^Output of setup script:\s*$/.test(text))
    return 'setup-script';
  if (/Output of adding \S/.test(text)) return 'adding-table0';
  return undefined;
}

const asLine = (e: Entry): JournalLine => ({ line: e.line, raw: e.raw, text: e.text });

/** Setup-script errors: output under a step, unless the step is followed by `+ true` (`cmd || true`). */
function setupErrors(lines: readonly JournalLine[]): JournalLine[] {
  const errors: JournalLine[] = [];
  let pending: JournalLine[] = [];
  for (const l of lines) {
    const t = l.text.trim();
    if (t.startsWith('+')) {
      // `+ true` right after a failing step means the script tolerates that failure on purpose.
      if (t !== '+ true') errors.push(...pending);
      pending = [];
    } else if (OUTPUT_ERROR.test(t)) pending.push(l);
  }
  errors.push(...pending);
  return errors;
}

/** `Output of adding <rule>: <ovs-ofctl output> (<err>)`: an error unless the output is empty and err is <nil>. */
function addingErrors(lines: readonly JournalLine[]): JournalLine[] {
  const joined = lines.map((l) => l.text).join('\n');
  const ok = /Output of adding \S+:\s*\(<nil>\)\s*$/.test(joined);
  return ok ? [] : lines.filter((l) => l.text.trim() !== '');
}

function closeBlock(
  kind: JournalBlock['kind'],
  line: number,
  lines: JournalLine[],
  headless = false,
): JournalBlock {
  const body = kind === 'setup-script' && !headless ? lines.slice(1) : lines;
  return { kind, line, lines, errors: kind === 'setup-script' ? setupErrors(body) : addingErrors(lines) };
}

/**
 * Parses node-service journal text (journalctl short or short-iso format, `/var/log/messages`, or
 * bare glog lines from a container log) into the 39.10 blocks and every error line. A block runs
 * from its glog header to the next glog-headed line of the same process; other processes' lines in
 * between (kernel, ovs-vsctl) do not end it.
 */
export function parseNodeJournal(text: string): ParseResult<NodeJournalRecord> {
  const warnings: ParseWarning[] = [];
  const blocks: JournalBlock[] = [];
  const errors: JournalLine[] = [];
  const raws = splitLines(text);
  const journalFormat = raws.some((r) => SHORT.test(r) || ISO.test(r) || BARE.test(r));
  const implicit = new Set<number>();
  let open: { kind: JournalBlock['kind']; line: number; source: string; lines: JournalLine[] } | undefined;

  raws.forEach((raw, idx) => {
    const line = idx + 1;
    if (raw.trim() === '' || MARKER.test(raw.trim())) return;
    let entry = readEntry(raw, line);
    if (!entry) {
      if (journalFormat) {
        warnings.push(lineWarning(line, raw, msg('not a journal line', 'ジャーナルの行ではありません')));
        return;
      }
      const k = KLOG.exec(raw);
      entry = { line, raw, source: '', text: raw, ...(k ? { klog: k[1] as string } : {}) };
    }
    if (
      entry.klog === 'E' ||
      entry.klog === 'F' ||
      ((ANY_ERROR.test(entry.text) || OVS_ERR.test(entry.text)) && !/\(<nil>\)\s*$/.test(entry.text))
    ) {
      errors.push(asLine(entry));
    }
    const opens = entry.klog || !journalFormat ? blockKind(entry.text) : undefined;
    if (open && entry.source === open.source && (entry.klog || opens)) {
      blocks.push(closeBlock(open.kind, open.line, open.lines, implicit.has(open.line)));
      open = undefined;
    }
    if (opens) {
      open = { kind: opens, line, source: entry.source, lines: [asLine(entry)] };
      return;
    }
    if (open && entry.source === open.source) open.lines.push(asLine(entry));
    else if (!open && !entry.klog && /^\+ \S/.test(entry.text)) {
      // A `+ step` with no header above it: `journalctl -n` cut the header off. Still the setup script.
      open = { kind: 'setup-script', line, source: entry.source, lines: [asLine(entry)] };
      implicit.add(line);
    }
  });
  if (open) blocks.push(closeBlock(open.kind, open.line, open.lines, implicit.has(open.line)));
  return { records: { blocks, errors }, warnings };
}
