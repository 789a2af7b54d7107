/**
 * `journalctl -u atomic-openshift-node.service` (39.10). The node logs its SDN setup with glog:
 * `Output of setup script:\n%s` (the script runs under `set -x`, so `+ cmd` lines are its steps and
 * the lines under a step are that step's output) and `Output of adding %s: %s (%v)` for each OVS
 * rule (openshift-sdn's flow controller). journald stores each output line as its own entry.
 */
import type { JournalBlock, JournalLine, NodeJournalRecord, ParseResult, ParseWarning } from './types.js';
import { msg } from '../i18n/message.js';
import { lineWarning, splitLines } from './util/numbered-lines.js';

/**
 * `Nov 21 10:00:00 host atomic-openshift-node[1234]: msg` (also `/var/log/messages` without a pid),
 * `-o short-precise` (`10:00:00.123456`), and the month as the locale names it (`Dez 04`,
 * `déc. 04`, `12月 04`, `7월 14`, vi_VN's `Th07 14` as in openshift-ansible issue 2154): journalctl
 * prints the month through strftime's `%b`.
 */
const SHORT =
  /^(?:[A-Z][a-z]{2}|[^\s\d]{2,8}\.?|[^\s\d]{1,4}\d{1,2}|\d{1,2}[月월]) {1,2}\d{1,2}日? \d\d:\d\d:\d\d(?:\.\d+)? \S+ ([^\s[:]+)(?:\[(\d+)\])?: ?(.*)$/;
/** `journalctl -o short-full`: `Fri 2026-12-04 10:00:00 UTC host unit[pid]: msg` */
const FULL = /^\S+ \d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? \S+ \S+ ([^\s[:]+)(?:\[(\d+)\])?: ?(.*)$/;
/** `journalctl -o short-iso`: `2026-11-21T10:00:00+0000 host unit[pid]: msg` */
const ISO = /^\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:?\d\d)? \S+ ([^\s[:]+)(?:\[(\d+)\])?: ?(.*)$/;
/** A pasted excerpt without time and host: `origin-node[14333]: msg` */
const BARE = /^([A-Za-z][\w.@-]*)\[(\d+)\]: ?(.*)$/;
/**
 * What container runtimes put before each line of a container's log: `oc logs --timestamps` /
 * `docker logs -t` (`2020-05-12T10:00:00.123456789Z `) and the CRI log file under /var/log/pods
 * (`2020-05-12T10:00:00.123456789+00:00 stderr F `). Removed so the klog level behind it is seen.
 */
const CONTAINER_PREFIX =
  /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d) (?:(?:stdout|stderr) [FP] )?/;
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

/**
 * Lines openshift-sdn's node prints while it waits for or fails its network setup: logged at
 * warning level or without the word "error", they are still the reason the node has no pod
 * network. openshift/sdn @ 18a57d7 pkg/network/node/subnets.go `getLocalSubnet` (the two
 * "Waiting" warnings, "failed to get subnet for this host", "failed to validate own HostSubnet"),
 * node.go `Start` ("node SDN setup failed", "could not complete SDN setup"), and
 * pkg/cmd/openshift-sdn-node/cmd.go ("Failed to initialize sdn", "Failed to start sdn"); origin
 * 3.x's node start ("SDN node startup failed").
 */
const SETUP_FAILURE =
  /Could not find an allocated subnet for node|for local subnet does not match with nodeIP|failed to get subnet for this host|failed to validate own HostSubnet|SDN node startup failed|failed to start sdn|failed to initialize sdn|node SDN setup failed|could not complete SDN setup/i;

/**
 * Lines openshift-sdn prints once it has its HostSubnet and went on with the setup: a wait (or a
 * failed start that the service manager restarted) before one of them was transient, not the state.
 * `SetupSDN` runs only after `getLocalSubnet` returned, so ovs-vsctl (re)creating br0 is one too
 * (3.6's journal in origin issue 4300: `Called as ovs-vsctl --if-exists del-br br0 -- add-br br0`).
 */
const SETUP_PROGRESS =
  /Found local HostSubnet|Output of setup script|openshift-sdn network plugin (ready|registering startup|waiting for proxy startup)|Starting openshift-sdn pod manager|Called as ovs-vsctl .*\badd-br br0\b/;

/**
 * Outputs that share words with a journal but are not one line per entry: read as text they would
 * be misread (a JSON entry's "MESSAGE" as a line, `-o verbose` fields as lines). Refused, named.
 */
function refusedFormat(raws: readonly string[]): ParseWarning | undefined {
  const at = raws.findIndex((r) => r.trim() !== '');
  const first = raws[at]?.trim() ?? '';
  const name = /^\{.*"(__CURSOR|MESSAGE|__REALTIME_TIMESTAMP)"/.test(first)
    ? 'journalctl -o json'
    : /^\S+ \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \S+ \[s=/.test(first)
      ? 'journalctl -o verbose'
      : /^\d{10,}\.\d+ /.test(first) && /^\d{10,}\.\d+ \S+ \S+\[?\d*\]?:/.test(first)
        ? 'journalctl -o short-unix'
        : undefined;
  if (!name) return undefined;
  return lineWarning(
    at + 1,
    raws[at] ?? '',
    msg(
      `${name} output is not read (use the default short format, short-iso or short-precise)`,
      `${name} の出力は読み取りません（既定の short 形式、short-iso、short-precise を使ってください）`,
    ),
  );
}

/**
 * Text in which no line carries a journal, klog or container-log header (a binary file, an HTML
 * error page, a shell's message saved as the log): read as bare lines it would show no error and
 * the 39.10 check would pass on it. Named as unreadable instead, at its first line.
 */
function notALogWarning(raws: readonly string[]): ParseWarning | undefined {
  const lines = raws
    .map((raw, i) => ({ raw, line: i + 1 }))
    .filter((l) => l.raw.trim() !== '' && !MARKER.test(l.raw.trim()));
  const first = lines[0];
  if (!first || lines.some((l) => containerText(l.raw) !== undefined || KLOG.test(l.raw))) return undefined;
  return lineWarning(
    first.line,
    first.raw,
    msg(
      'not a journal: no line has a journal, klog or container-log header',
      'ジャーナルではありません: ジャーナル、klog、コンテナーログの見出しを持つ行が 1 行もありません',
    ),
  );
}

interface Entry {
  readonly line: number;
  readonly raw: string;
  /** Process that wrote it (`atomic-openshift-node[4242]`), '' for plain klog text. */
  readonly source: string;
  readonly text: string;
  readonly klog?: string;
}

/**
 * A container-log line's text without its runtime prefix, or undefined when the line is not one.
 * `2021-03-04T10:00:01Z I0304 10:00:01…` also fits short-iso's shape (host `I0304`), so the klog
 * header behind the prefix decides; the CRI file form (`stderr F`) is never a journal line.
 */
function containerText(raw: string): string | undefined {
  const m = CONTAINER_PREFIX.exec(raw);
  if (!m) return undefined;
  const text = raw.slice(m[0].length);
  return /(stdout|stderr) [FP] $/.test(m[0]) || KLOG.test(text) ? text : undefined;
}

/**
 * In a container log (some line is one by the test above) every line carries the runtime's
 * prefix, also the setup script's `+ cmd` lines and their output (`RTNETLINK answers: File exists`
 * would otherwise read as a short-iso journal line of host `RTNETLINK`, unit `answers`).
 */
function lineText(raw: string, containerLog: boolean): string | undefined {
  if (!containerLog) return containerText(raw);
  const m = CONTAINER_PREFIX.exec(raw);
  return m ? raw.slice(m[0].length) : undefined;
}

function readEntry(raw: string, line: number, containerLog: boolean): Entry | undefined {
  if (lineText(raw, containerLog) !== undefined) return undefined;
  const m = SHORT.exec(raw) ?? ISO.exec(raw) ?? FULL.exec(raw) ?? BARE.exec(raw);
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
  const setupFailures: JournalLine[] = [];
  const tls: JournalLine[] = [];
  const raws = splitLines(text);
  const refused = refusedFormat(raws);
  if (refused) return { records: { blocks, errors, setupFailures }, warnings: [refused] };
  const containerLog = raws.some((r) => containerText(r) !== undefined);
  const journalFormat = raws.some(
    (r) =>
      lineText(r, containerLog) === undefined &&
      (SHORT.test(r) || ISO.test(r) || FULL.test(r) || BARE.test(r)),
  );
  const notALog = journalFormat ? undefined : notALogWarning(raws);
  if (notALog) return { records: { blocks, errors, setupFailures }, warnings: [notALog] };
  const implicit = new Set<number>();
  let open: { kind: JournalBlock['kind']; line: number; source: string; lines: JournalLine[] } | undefined;

  raws.forEach((raw, idx) => {
    const line = idx + 1;
    if (raw.trim() === '' || MARKER.test(raw.trim())) return;
    let entry = readEntry(raw, line, containerLog);
    const fromContainer = lineText(raw, containerLog);
    if (!entry) {
      if (journalFormat && fromContainer === undefined) {
        warnings.push(lineWarning(line, raw, msg('not a journal line', 'ジャーナルの行ではありません')));
        return;
      }
      const text = fromContainer ?? raw;
      const k = KLOG.exec(text);
      entry = { line, raw, source: '', text, ...(k ? { klog: k[1] as string } : {}) };
    }
    // 39.13.2: "couldn't get deployment […] TLS handshake timeout" (docker / kubelet / node logs)
    if (/TLS handshake timeout/i.test(entry.text)) tls.push(asLine(entry));
    if (SETUP_FAILURE.test(entry.text)) setupFailures.push(asLine(entry));
    else if (SETUP_PROGRESS.test(entry.text)) setupFailures.length = 0;
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
  return {
    records: { blocks, errors, setupFailures, ...(tls.length ? { tlsHandshakeTimeouts: tls } : {}) },
    warnings,
  };
}
