/**
 * `ovs-ofctl -O OpenFlow13 dump-flows br0` (39.7.4: the flows of br0 are the first place the guide
 * looks when pod traffic dies on a node). Reads every rendering openshift-sdn dumps have had:
 * with stats (`OFPST_FLOW reply` header, cookie/duration/table/n_packets/n_bytes) and `--no-stats`
 * (cookie omitted when 0, `table=0` omitted), port numbers or `--names`, OF1.0 `NXST_FLOW` headers
 * with idle_age, and the comma-space canonical form of openshift-sdn's fake OVS (`cookie=0, table=0,
 * priority=100, ip, actions=...`). Linear in the input: the simulator feeds it whole clusters.
 */
import type { FlowAction, FlowMatchField, OvsFlowRecord, ParseResult, ParseWarning } from './types.js';
import { msg } from '../i18n/message.js';
import { splitTopLevel } from './util/bracket-split.js';
import { lineWarning } from './util/numbered-lines.js';

/** OpenFlow's default priority: flows added without `priority=` (table 253 note, table 110 VNID flows). */
const DEFAULT_PRIORITY = 32768;

/** Per-flow metadata printed before the match; never part of the match itself. */
const STAT_KEYS = new Set([
  'cookie',
  'duration',
  'table',
  'n_packets',
  'n_bytes',
  'priority',
  'idle_age',
  'hard_age',
  'idle_timeout',
  'hard_timeout',
  'importance',
  'send_flow_rem',
  'check_overlap',
  'reset_counts',
  'no_packet_counts',
  'no_byte_counts',
  'out_port',
  'out_group',
]);

/** Protocol shorthands that stand alone in a match (`ip`, `arp`, `tcp`, ...). */
const PROTOCOL_KEYWORDS = new Set([
  'ip',
  'ipv6',
  'icmp',
  'icmp6',
  'tcp',
  'tcp6',
  'udp',
  'udp6',
  'sctp',
  'sctp6',
  'arp',
  'rarp',
  'mpls',
  'mplsm',
  'igmp',
  'dl_type',
]);

/** Match fields OVS prints (ovs-fields(7)); anything else in a dump means the line is damaged. */
const MATCH_FIELDS = new Set([
  'in_port',
  'in_port_oxm',
  'dl_src',
  'dl_dst',
  'dl_type',
  'dl_vlan',
  'dl_vlan_pcp',
  'vlan_tci',
  'vlan_vid',
  'vlan_pcp',
  'eth_src',
  'eth_dst',
  'eth_type',
  'nw_src',
  'nw_dst',
  'nw_proto',
  'nw_tos',
  'nw_ecn',
  'nw_ttl',
  'nw_frag',
  'ip_frag',
  'ip_src',
  'ip_dst',
  'ip_proto',
  'ipv6_src',
  'ipv6_dst',
  'ipv6_label',
  'arp_spa',
  'arp_tpa',
  'arp_sha',
  'arp_tha',
  'arp_op',
  'tp_src',
  'tp_dst',
  'tcp_src',
  'tcp_dst',
  'udp_src',
  'udp_dst',
  'sctp_src',
  'sctp_dst',
  'tcp_flags',
  'icmp_type',
  'icmp_code',
  'icmpv6_type',
  'icmpv6_code',
  'nd_target',
  'nd_sll',
  'nd_tll',
  'tun_id',
  'tunnel_id',
  'tun_src',
  'tun_dst',
  'tun_ipv6_src',
  'tun_ipv6_dst',
  'tun_flags',
  'tun_gbp_id',
  'tun_gbp_flags',
  'metadata',
  'pkt_mark',
  'skb_priority',
  'skb_mark',
  'ct_state',
  'ct_zone',
  'ct_mark',
  'ct_label',
  'ct_nw_src',
  'ct_nw_dst',
  'ct_nw_proto',
  'ct_tp_src',
  'ct_tp_dst',
  'conj_id',
  'actset_output',
  'recirc_id',
  'dp_hash',
  'mpls_label',
  'mpls_tc',
  'mpls_bos',
  'mpls_ttl',
  'packet_type',
]);

/** reg0..reg15, xreg0..7, xxreg0..3, tun_metadata0..63: openshift-sdn uses reg0 (src VNID), reg1, reg2. */
const NUMBERED_FIELD =
  /^(?:reg(?:[0-9]|1[0-5])|xreg[0-7]|xxreg[0-3]|tun_metadata(?:[0-9]|[1-5][0-9]|6[0-3]))$/;
const BLANK = /\s/;
const HEX_COOKIE = /^0x([0-9a-fA-F]{1,16})$/;
const DECIMAL = /^\d+$/;
const HEX_BYTE = /^[0-9a-fA-F]{2}$/;
/** `NXM_NX_REG2[]`, `NXM_OF_ETH_DST[32..47]`, `reg2`, `tun_dst[0..31]`. */
const FIELD_REF = /^[A-Za-z][A-Za-z0-9_]*(\[[0-9.]*\])?$/;

type Warn = (message: ReturnType<typeof msg>) => void;

/**
 * Parses a whole dump: one record per flow line, headers and blank lines skipped, the rest warned.
 * The text may come as pieces of whole lines that joined with `\n` give it (textPieces: a large
 * dump read as one string costs V8 fresh pages); line numbers run on across the pieces.
 */
export function parseOvsFlows(text: string | readonly string[]): ParseResult<OvsFlowRecord[]> {
  const records: OvsFlowRecord[] = [];
  const warnings: ParseWarning[] = [];
  const cache: ParseCache = {
    match: new Map(),
    actions: new Map(),
    cookies: new Map(),
    stats: newLeadingStats(),
    previous: undefined,
  };
  // One warning function for the whole text, pointed at the line being read (a closure per line
  // costs as much as reading a short line).
  const at: LineState = { line: 0, raw: '', warned: 0, valueStats: 0 };
  const warn: Warn = (message) => {
    at.warned++;
    warnings.push(lineWarning(at.line, at.raw, message));
  };
  let lineNo = 0;
  for (const piece of typeof text === 'string' ? [text] : text)
    lineNo = readFlowLines(piece, lineNo, records, at, warn, cache);
  return { records, warnings };
}

/**
 * Reads the lines of `text` (numbered from `lineNo` + 1) into `records`; returns the last line's
 * number. Lines are found by indexOf, not split(/\r?\n/) (the same lines, see splitLines, without a
 * regex and without slicing the blank ones): a 1000-node matrix reads 3·10⁶ of them.
 */
function readFlowLines(
  text: string,
  lineNo: number,
  records: OvsFlowRecord[],
  at: LineState,
  warn: Warn,
  cache: ParseCache,
): number {
  for (let start = 0; start <= text.length; ) {
    let nl = text.indexOf('\n', start);
    if (nl < 0) nl = text.length;
    const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    const from = start;
    start = nl + 1;
    lineNo++;
    let a = from;
    let b = end;
    while (a < b && isBlank(text.charCodeAt(a))) a++;
    while (b > a && isBlank(text.charCodeAt(b - 1))) b--;
    if (a === b || isHeader(text, a, b)) continue;
    at.line = lineNo;
    const rec = readFlowLine(text, from, end, a, b, at, warn, cache);
    if (rec) records.push(rec);
  }
  return lineNo;
}

/** Parses one match string (`priority=100,ip,nw_dst=10.128.0.0/14` or `in_port=3, tcp`). */
export function parseFlowMatch(text: string): ParseResult<FlowMatchField[]> {
  const warnings: ParseWarning[] = [];
  const records: FlowMatchField[] = [];
  const warn: Warn = (message) => warnings.push(lineWarning(1, text, message));
  for (const token of text.split(',')) {
    const t = token.trim();
    if (!t) continue;
    const eq = t.indexOf('=');
    // `priority=`/`table=`/`cookie=` are part of a filter string (`table=0,priority=100,ip`): kept as written.
    const field = STAT_KEYS.has(eq < 0 ? t : t.slice(0, eq))
      ? eq < 0
        ? { field: t }
        : { field: t.slice(0, eq), value: t.slice(eq + 1) }
      : readMatchToken(t, warn);
    if (field) records.push(field);
  }
  return { records, warnings };
}

/** Parses one actions string (`move:NXM_NX_REG0[]->NXM_NX_TUN_ID[0..31],set_field:...,output:1`). */
export function parseFlowActions(text: string): ParseResult<FlowAction[]> {
  const warnings: ParseWarning[] = [];
  const warn: Warn = (message) => warnings.push(lineWarning(1, text, message));
  return { records: readActions(text.trim(), warn), warnings };
}

/** Is `text[a, b)` (a trimmed line) a reply header? */
function isHeader(text: string, a: number, b: number): boolean {
  // `OFPST_FLOW reply (OF1.3) (xid=0x2):` (OF1.3) / `NXST_FLOW reply (xid=0x4):` (OF1.0)
  return (
    text.charCodeAt(b - 1) === 58 /* : */ &&
    (text.startsWith('OFPST_FLOW reply', a) || text.startsWith('NXST_FLOW reply', a))
  );
}

/**
 * Big dumps repeat the same match tokens and action lists thousands of times (`goto_table:30`,
 * `output:NXM_NX_REG2[]`): parsed results are shared (records are readonly). Only inputs that
 * parsed without a warning are cached, so every bad line still gets its own warning.
 */
interface ParseCache {
  readonly match: Map<string, FlowMatchField>;
  readonly actions: Map<string, FlowAction[]>;
  /** Cookie as written → as normalised (one per openshift-sdn object, repeated on its flows). */
  readonly cookies: Map<string, string>;
  /** The statistics of the line being read. */
  readonly stats: LeadingStats;
  /** The segment of the previous flow line, when it was cached. */
  previous: Segment | undefined;
}

/** A decimal number of at most `maxDigits` digits, else -1 (no regex: read ~10⁶ times a second). */
function readDecimal(s: string, maxDigits: number): number {
  return readDecimalAt(s, 0, s.length, maxDigits);
}

/** {@link readDecimal} of `s[start, end)`, read in place. */
function readDecimalAt(s: string, start: number, end: number, maxDigits: number): number {
  if (end <= start || end - start > maxDigits) return -1;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * `s` has `word` at `at` (the caller knows the length fits). A loop over character codes, not
 * `startsWith`: V8's `startsWith` at a position is a builtin call that costs more than the five to
 * nine characters of a statistic's name, read five times a line.
 */
function wordAt(s: string, at: number, word: string): boolean {
  for (let i = 0; i < word.length; i++) if (s.charCodeAt(at + i) !== word.charCodeAt(i)) return false;
  return true;
}

/**
 * {@link wordAt} for the statistics of every line, `word` given as its character codes: a typed
 * array's element costs less than a string's character code (8 % of the bench's profile went to
 * wordAt on these names).
 */
function codesAt(s: string, at: number, codes: Uint8Array): boolean {
  for (let i = 0; i < codes.length; i++) if (s.charCodeAt(at + i) !== codes[i]) return false;
  return true;
}

const codesOf = (word: string): Uint8Array => Uint8Array.from(word, (ch) => ch.charCodeAt(0));
const PRIORITY_KEY = codesOf('priority=');
const COOKIE_KEY = codesOf('cookie=');
const DURATION_KEY = codesOf('duration=');
const TABLE_KEY = codesOf('table=');
const PACKETS_KEY = codesOf('n_packets=');
const BYTES_KEY = codesOf('n_bytes=');

/** What String.prototype.trim strips (ECMAScript WhiteSpace and LineTerminator). */
const isBlank = (c: number): boolean =>
  c <= 32
    ? c === 32 || (c >= 9 && c <= 13)
    : c > 127 &&
      (c === 0xa0 ||
        c === 0x1680 ||
        (c >= 0x2000 && c <= 0x200a) ||
        c === 0x2028 ||
        c === 0x2029 ||
        c === 0x202f ||
        c === 0x205f ||
        c === 0x3000 ||
        c === 0xfeff);

/**
 * Reads one flow line, `text[from, end)`, `text[a, b)` trimmed (indices into the whole dump:
 * scanning a slice of it is slower; the line itself is sliced only when something keeps it as
 * text): the statistics OVS prints first are read in place ({@link scanLeadingStats}), the
 * rest (priority, match, actions) is looked up in {@link segments} (first as the segment that
 * followed the previous line's, {@link followingSegment}); a line not seen before, or
 * anything unusual, goes through {@link parseFlowLine}.
 */
function readFlowLine(
  text: string,
  from: number,
  end: number,
  a: number,
  b: number,
  state: LineState,
  warn: Warn,
  cache: ParseCache,
): OvsFlowRecord | undefined {
  const stats = cache.stats;
  const segStart = scanLeadingStats(text, a, b, cache);
  if (segStart < 0) {
    cache.previous = undefined;
    state.raw = text.slice(from, end);
    return parseFlowLine(text.slice(a, b), state.raw, state, warn, cache);
  }
  const { table } = stats;
  let seg = followingSegment(text, segStart, b, table, cache.previous);
  if (!seg) {
    const hash = segmentHash(text, segStart, b, table);
    seg = findSegment(text, segStart, b, table, hash);
    if (!seg) {
      state.raw = text.slice(from, end);
      return readNewSegment(text, a, b, segStart, hash, state, warn, cache);
    }
    follows(cache, seg);
  }
  cache.previous = seg;
  seg.hits++;
  return cachedRecord(state.line, text, from, end, stats, cookieOf(stats, seg), seg);
}

/**
 * The line's cookie as normalised. A numeric one is made text through its segment, which keeps
 * the last cookie read with it: a flow shared by the nodes carries the same cookie on each of
 * them (openshift-sdn's cookie of a HostSubnet is its hash), and 32-bit cookies above 2³¹ are
 * numbers V8 boxes, slow to hash in a Map 12·10⁶ times at 2000 nodes.
 */
function cookieOf(stats: LeadingStats, seg: Segment): string {
  const n = stats.cookieValue;
  if (n < 0) return stats.cookie;
  if (n !== seg.cookieValue) {
    seg.cookieValue = n;
    seg.cookieText = cookieText(n);
  }
  return seg.cookieText;
}

/**
 * The segment that followed the previous line's segment the last time, if it is this line's
 * (`text[start, end)` in `table`): the nodes of a cluster list the flows they share in the same
 * order, so most lines are found by one comparison, without hashing their text.
 */
function followingSegment(
  text: string,
  start: number,
  end: number,
  table: number,
  previous: Segment | undefined,
): Segment | undefined {
  const seg = previous?.following;
  return seg && seg.table === table && seg.text.length === end - start && text.slice(start, end) === seg.text
    ? seg
    : undefined;
}

/** Notes that `seg` is read after the previous line's segment ({@link followingSegment}). */
function follows(cache: ParseCache, seg: Segment): void {
  if (cache.previous) cache.previous.following = seg;
  cache.previous = seg;
}

/**
 * Reads a line whose segment is not cached with the general reader, and caches its segment when it
 * can ({@link readFlowLine}).
 */
function readNewSegment(
  text: string,
  a: number,
  b: number,
  segStart: number,
  hash: number,
  state: LineState,
  warn: Warn,
  cache: ParseCache,
): OvsFlowRecord | undefined {
  const stats = cache.stats;
  // Read a copy of the line, so that what the cache keeps (key, match values, actions) does not
  // keep this whole dump alive.
  const copy = detach(text.slice(a, b));
  const warned = state.warned;
  state.valueStats = 0;
  const rec = parseFlowLine(copy, state.raw, state, warn, cache);
  // cached only when read without a warning (every bad line warns on its own) and when the
  // statistics were all before the segment (the segment then means the same on every line)
  if (rec && state.warned === warned && state.valueStats === stats.valueStats) {
    const seg: Segment = {
      table: stats.table,
      text: detach(copy.slice(segStart - a)),
      body: {
        table: rec.table,
        priority: rec.priority,
        match: rec.match,
        actions: rec.actions,
        actionsText: rec.actionsText,
      },
      hits: 0,
      next: undefined,
      following: undefined,
      cookieValue: -1,
      cookieText: '',
    };
    rememberSegment(hash, seg);
    follows(cache, seg);
  } else cache.previous = undefined;
  return rec;
}

/** The record of a line whose segment was cached (its statistics' -1 are counters not on the line). */
function cachedRecord(
  line: number,
  text: string,
  from: number,
  end: number,
  stats: LeadingStats,
  cookie: string,
  seg: Segment,
): OvsFlowRecord {
  const { nPackets, nBytes, durationS } = stats;
  // flowRecord's first case made here: through it, the bench's parse ran at half the speed
  if (nPackets >= 0 && nBytes >= 0 && durationS >= 0)
    return new PlainFlow(line, text, from, end, cookie, seg.body);
  const counter = (n: number): number | undefined => (n >= 0 ? n : undefined);
  return flowRecord(
    line,
    text.slice(from, end),
    cookie,
    seg.body,
    counter(nPackets),
    counter(nBytes),
    counter(durationS),
  );
}

/**
 * The record of a read line, made here for both readers so that their readings are equal: a
 * PlainFlow when the line has all three counters (a dump with statistics: its counters are kept
 * in the line), else one object literal with the counters the line has.
 */
function flowRecord(
  line: number,
  raw: string,
  cookie: string,
  body: FlowBody,
  nPackets: number | undefined,
  nBytes: number | undefined,
  durationS: number | undefined,
): OvsFlowRecord {
  if (nPackets !== undefined && nBytes !== undefined && durationS !== undefined)
    return new PlainFlow(line, raw, 0, raw.length, cookie, body);
  const { table, priority, match, actions, actionsText } = body;
  const rec: Mutable<OvsFlowRecord> = { line, raw, cookie, table, priority, match, actions, actionsText };
  if (nPackets !== undefined) rec.nPackets = nPackets;
  if (nBytes !== undefined) rec.nBytes = nBytes;
  if (durationS !== undefined) rec.durationS = durationS;
  return rec;
}

/**
 * A cached line's record ({@link readFlowLine}) when the line has all three counters, as every
 * line of a dump taken with statistics has: the line's number, where it is in the text read, its
 * cookie and its segment's body (table, priority, match, actions), where the plain object it
 * replaces had eleven fields. The line is sliced from the text only when asked: a slice is an
 * object of its own (four words), which every garbage collection of the parse would copy too,
 * while only a trace that records its steps or a warning reads it. Nearly every record a dump
 * gives is one, and nearly all survive the parse, so their size is what the parse's garbage
 * collections copy (on this VM each first touch of a page costs ~5 µs: docs/dataplane.md). The
 * counters stay in the line, read when asked as the general reader reads them
 * ({@link counterOf}): no analysis reads them, and as numbers (an n_bytes above 2³¹, a fractional
 * duration) V8 boxes each in an object of its own. Records without all three stay plain objects,
 * so that `'nPackets' in record` still says whether the dump had it.
 */
class PlainFlow implements OvsFlowRecord {
  constructor(
    readonly line: number,
    source: string,
    from: number,
    end: number,
    readonly cookie: string,
    readonly body: FlowBody,
  ) {
    this.#source = source;
    this.#from = from;
    this.#end = end;
  }

  /**
   * The text read (the dump or a piece of it) and the line's place in it, `[from, end)`: private
   * fields, so that a comparison of records (tests) or a walk of their keys sees the line, not
   * where it was read.
   */
  readonly #source: string;
  readonly #from: number;
  readonly #end: number;

  get raw(): string {
    return this.#source.slice(this.#from, this.#end);
  }

  get table(): number {
    return this.body.table;
  }

  /** As the plain record it stands for (never the whole text it was read from). */
  toJSON(): OvsFlowRecord {
    const { line, raw, cookie, table, priority, match, actions, actionsText, nPackets, nBytes, durationS } =
      this;
    return { line, raw, cookie, table, priority, match, actions, actionsText, nPackets, nBytes, durationS };
  }

  get priority(): number {
    return this.body.priority;
  }

  get match(): readonly FlowMatchField[] {
    return this.body.match;
  }

  get actions(): readonly FlowAction[] {
    return this.body.actions;
  }

  get actionsText(): string {
    return this.body.actionsText;
  }

  get nPackets(): number | undefined {
    return counterOf(this.raw, 'n_packets');
  }

  get nBytes(): number | undefined {
    return counterOf(this.raw, 'n_bytes');
  }

  get durationS(): number | undefined {
    return counterOf(this.raw, 'duration');
  }
}

type Counter = 'n_packets' | 'n_bytes' | 'duration';

/** The value of the last `key=` token before `actions=` in `line`, read by {@link readCounter}. */
function counterOf(line: string, key: Counter): number | undefined {
  const at = findActions(line, 0, line.length);
  let value: number | undefined;
  for (const token of line.slice(0, Math.max(at, 0)).split(',')) {
    const t = token.trim();
    if (t.startsWith(key) && t.charCodeAt(key.length) === EQUALS)
      value = readCounter(key, t.slice(key.length + 1));
  }
  return value;
}

/** A counter's value as the general reader takes it (`5.1s` for a duration), else undefined. */
function readCounter(key: Counter, value: string): number | undefined {
  if (key !== 'duration') return DECIMAL.test(value) ? Number(value) : undefined;
  const d = value.endsWith('s') ? Number(value.slice(0, -1)) : NaN;
  return Number.isFinite(d) ? d : undefined;
}

/**
 * What {@link scanLeadingStats} read before the segment of the line being read; one object per
 * parse, overwritten line after line (an object per line would be garbage 3·10⁶ times).
 * Statistics not on the line are -1.
 */
interface LeadingStats {
  /** The cookie as normalised when read as text ({@link cookieValue} is then -1). */
  cookie: string;
  /** The cookie when read as an exact number ({@link cookieOf} makes its text), else -1. */
  cookieValue: number;
  table: number;
  nPackets: number;
  nBytes: number;
  durationS: number;
  /** How many statistics that set a field (cookie, duration, table, n_packets, n_bytes) were read. */
  valueStats: number;
  /** The number the last {@link digitsToComma} or {@link hexToComma} read. */
  scanned: number;
}

const newLeadingStats = (): LeadingStats => ({
  cookie: '0x0',
  cookieValue: -1,
  table: 0,
  nPackets: -1,
  nBytes: -1,
  durationS: -1,
  valueStats: 0,
  scanned: 0,
});

const COMMA = 44;
const EQUALS = 61;

/**
 * Reads the statistics OVS prints before the segment, `key=value, ` tokens (`cookie=0x1f,
 * duration=5.1s, table=0, n_packets=3, n_bytes=180, idle_age=2, `), into `cache.stats`, by
 * character codes in one pass (a dozen indexOf/slice calls per line cost more than the line's
 * characters). Returns where the segment starts: the first token that is not a statistic
 * (`priority=`, a match field, `actions=`); -1 when the line is anything but this plain form (a
 * statistic after the match, blanks inside a value, a bad value, no segment), which the general
 * reader then reads with its warnings. The same statistics as the general reader: a segment
 * cached from it means the same after these.
 */
function scanLeadingStats(text: string, a: number, b: number, cache: ParseCache): number {
  const out = cache.stats;
  out.cookie = '0x0';
  out.cookieValue = -1;
  out.table = 0;
  out.nPackets = -1;
  out.nBytes = -1;
  out.durationS = -1;
  out.valueStats = 0;
  let pos = a;
  for (;;) {
    while (pos < b && isBlank(text.charCodeAt(pos))) pos++;
    if (pos >= b) return -1;
    if (text.charCodeAt(pos) === 112 /* p */ && codesAt(text, pos, PRIORITY_KEY)) return pos;
    const next = readPlainStat(text, pos, b, out);
    if (next >= 0) {
      pos = next;
      continue;
    }
    const ta = pos;
    // the key: up to `=`, `,` or a blank (keys have none; a blank there means not a statistic)
    let k = ta;
    for (; k < b; k++) {
      const c = text.charCodeAt(k);
      if (c === EQUALS || c === COMMA || isBlank(c)) break;
    }
    const stat = leadingStat(text, ta, k);
    if (stat === Stat.Segment) return ta;
    if (k >= b || isBlank(text.charCodeAt(k))) return -1;
    if (text.charCodeAt(k) === COMMA) {
      // a flag without a value (`send_flow_rem`); `table,` is not read here
      if (stat !== Stat.Ignored) return -1;
      pos = k + 1;
      continue;
    }
    // the value: up to the comma that ends the token
    const v = k + 1;
    let ve = v;
    for (; ve < b; ve++) {
      const c = text.charCodeAt(ve);
      if (c === COMMA) break;
      if (isBlank(c)) return -1;
    }
    if (ve >= b) return -1;
    if (stat !== Stat.Ignored) {
      if (!readStatValue(text, v, ve, stat, out, cache)) return -1;
      out.valueStats++;
    }
    pos = ve + 1;
  }
}

/**
 * Reads the statistic at `pos` when it is one that OVS prints on every line (`cookie=`,
 * `duration=`, `table=`, `n_packets=`, `n_bytes=`) in its usual form: the name picked by its first
 * character and compared once, the value and its comma read in the same pass
 * ({@link plainValueToComma}). Returns the index after its comma; -1 leaves the token to the token
 * loop of {@link scanLeadingStats}, which reads every form with {@link readStatValue} (it scans the
 * key, classifies it by length and compares it again).
 */
function readPlainStat(text: string, pos: number, b: number, out: LeadingStats): number {
  const stat = plainStatAt(text, pos);
  if (stat === Stat.Ignored) return -1;
  const comma = plainValueToComma(text, pos + PLAIN_KEYS[stat]!.length, b, stat, out);
  if (comma < 0) return -1;
  out.valueStats++;
  return comma + 1;
}

/**
 * Reads the value at `v` of `stat` up to the comma that ends it, in one pass, into `out`, and
 * returns the comma's index; -1 for any other form, written nowhere, which the token loop then
 * reads with {@link readStatValue}. Finding the comma first (a native indexOf per statistic, five
 * a line) cost more than the digits, and so did a loop to the comma with the value then read by
 * {@link readStatValue}: 1.05–1.18 M lines a second against 1.22–1.29 M this way (alternated runs
 * of the bench's parse, 2026-12-07). This read is most of the parse of a cached line. Only forms
 * whose value {@link readStatValue} gives exactly alike are read here: a decimal of at most the
 * digits it reads exactly, `0x` and at most 13 hex digits, `digits[.digits]s`.
 */
function plainValueToComma(text: string, v: number, b: number, stat: Stat, out: LeadingStats): number {
  switch (stat) {
    case Stat.Cookie: {
      const hex = text.charCodeAt(v) === 48 && text.charCodeAt(v + 1) === 120; /* 0x */
      const comma = hex ? hexToComma(text, v + 2, b, out) : digitsToComma(text, v, b, 15, out);
      if (comma >= 0) out.cookieValue = out.scanned;
      return comma;
    }
    case Stat.Duration:
      return secondsToComma(text, v, b, out);
    case Stat.Table: {
      const comma = digitsToComma(text, v, b, 5, out);
      if (comma >= 0) out.table = out.scanned;
      return comma;
    }
    default: {
      const comma = digitsToComma(text, v, b, 15, out);
      if (comma < 0) return -1;
      if (stat === Stat.Packets) out.nPackets = out.scanned;
      else out.nBytes = out.scanned;
      return comma;
    }
  }
}

/**
 * 1 to `maxDigits` decimal digits from `v` up to a comma before `b`: the number goes to
 * `out.scanned`, the comma's index is returned; else -1.
 */
function digitsToComma(text: string, v: number, b: number, maxDigits: number, out: LeadingStats): number {
  let n = 0;
  let i = v;
  for (; i < b; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    n = n * 10 + d;
  }
  if (i === v || i - v > maxDigits || i >= b || text.charCodeAt(i) !== COMMA) return -1;
  out.scanned = n;
  return i;
}

/** {@link digitsToComma} for 1 to 13 hex digits (exact in a double), as {@link readHexAt} reads them. */
function hexToComma(text: string, v: number, b: number, out: LeadingStats): number {
  let n = 0;
  let i = v;
  for (; i < b; i++) {
    const d = hexDigit(text.charCodeAt(i));
    if (d < 0) break;
    n = n * 16 + d;
  }
  if (i === v || i - v > 13 || i >= b || text.charCodeAt(i) !== COMMA) return -1;
  out.scanned = n;
  return i;
}

/**
 * A duration `436762.179s` up to its comma into `out.durationS`, as {@link readSecondsAt} reads it:
 * at most 15 digits, a dot between digits, the unit; the comma's index, else -1.
 */
function secondsToComma(text: string, v: number, b: number, out: LeadingStats): number {
  let n = 0;
  let digits = 0;
  let dot = -1;
  let i = v;
  for (; i < b; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++digits > 15) return -1;
      n = n * 10 + (c - 48);
    } else if (c === 46 /* . */ && dot < 0 && digits > 0) dot = i;
    else break;
  }
  const unitAndComma = i + 1 < b && text.charCodeAt(i) === 115 /* s */ && text.charCodeAt(i + 1) === COMMA;
  if (digits === 0 || dot === i - 1 || !unitAndComma) return -1;
  out.durationS = dot < 0 ? n : n / POW10[i - dot - 1]!;
  return i + 1;
}

/** The name and `=` of each statistic {@link readPlainStat} reads, as character codes. */
const PLAIN_KEYS: Partial<Record<Stat, Uint8Array>> = {
  [Stat.Cookie]: COOKIE_KEY,
  [Stat.Duration]: DURATION_KEY,
  [Stat.Table]: TABLE_KEY,
  [Stat.Packets]: PACKETS_KEY,
  [Stat.Bytes]: BYTES_KEY,
};

/** Which of {@link PLAIN_KEYS} starts at `pos`, else Stat.Ignored (left to the token loop). */
function plainStatAt(text: string, pos: number): Stat {
  switch (text.charCodeAt(pos)) {
    case 99 /* c */:
      return codesAt(text, pos, COOKIE_KEY) ? Stat.Cookie : Stat.Ignored;
    case 100 /* d */:
      return codesAt(text, pos, DURATION_KEY) ? Stat.Duration : Stat.Ignored;
    case 116 /* t */:
      return codesAt(text, pos, TABLE_KEY) ? Stat.Table : Stat.Ignored;
    case 110 /* n */:
      if (codesAt(text, pos, PACKETS_KEY)) return Stat.Packets;
      return codesAt(text, pos, BYTES_KEY) ? Stat.Bytes : Stat.Ignored;
    default:
      return Stat.Ignored;
  }
}

/** Reads the value `text[v, ve)` of a statistic into `out`; false when it is not plain. */
function readStatValue(
  text: string,
  v: number,
  ve: number,
  stat: Stat,
  out: LeadingStats,
  cache: ParseCache,
): boolean {
  switch (stat) {
    case Stat.Cookie:
      return readCookieAt(text, v, ve, out, cache);
    case Stat.Table:
      out.table = readDecimalAt(text, v, ve, 5);
      return out.table >= 0;
    case Stat.Duration: {
      const d = ve - 1 >= v && text.charCodeAt(ve - 1) === 115 /* s */ ? readSecondsAt(text, v, ve - 1) : NaN;
      // a negative or odd duration (Number() accepts `-1e3`): the general reader says what it is
      if (!(Number.isFinite(d) && d >= 0)) return false;
      out.durationS = d;
      return true;
    }
    default: {
      // n_packets, n_bytes: digits; up to 15 of them are exact as a sum, more go through Number()
      const n =
        ve - v <= 15
          ? readDecimalAt(text, v, ve, 15)
          : DECIMAL.test(text.slice(v, ve))
            ? Number(text.slice(v, ve))
            : -1;
      if (n < 0) return false;
      if (stat === Stat.Packets) out.nPackets = n;
      else out.nBytes = n;
      return true;
    }
  }
}

/**
 * A cookie as normalised ({@link normalizeCookie}), read in place into `out`: `0x` and up to 13
 * hex digits, or up to 15 decimal digits (fake OVS), are an exact number, whose text
 * {@link cookieOf} makes; longer ones go through their text. False when the value is not a cookie.
 */
function readCookieAt(text: string, v: number, ve: number, out: LeadingStats, cache: ParseCache): boolean {
  let n = -1;
  if (ve - v > 2 && ve - v <= 15 && text.charCodeAt(v) === 48 && text.charCodeAt(v + 1) === 120 /* 0x */)
    n = readHexAt(text, v + 2, ve);
  else if (ve - v <= 15) n = readDecimalAt(text, v, ve, 15);
  if (n >= 0) {
    out.cookieValue = n;
    return true;
  }
  const value = text.slice(v, ve);
  let c = cache.cookies.get(value);
  if (c === undefined) {
    c = normalizeCookie(value);
    if (c === undefined) return false;
    cache.cookies.set(value, c);
  }
  out.cookie = c;
  out.cookieValue = -1;
  return true;
}

/** The normalised text of the cookie `n` (made once per segment and cookie: {@link cookieOf}). */
const cookieText = (n: number): string => `0x${n.toString(16)}`;

/** The value of the hex digit `c` (a character code), else -1. */
function hexDigit(c: number): number {
  const lower = c | 0x20; // A-F → a-f (and nothing else lands on a-f)
  return c >= 48 && c <= 57 ? c - 48 : lower >= 97 && lower <= 102 ? lower - 87 : -1;
}

/** Hex digits `s[start, end)` as a number (at most 13 of them: exact), else -1. */
function readHexAt(s: string, start: number, end: number): number {
  if (end <= start || end - start > 13) return -1;
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = hexDigit(s.charCodeAt(i));
    if (d < 0) return -1;
    n = n * 16 + d;
  }
  return n;
}

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * Number(s[start, end)) for a duration (`436762.179`), read in place: digits, an optional dot and
 * digits, at most 15 digits, become one integer divided by a power of ten — a single correctly
 * rounded division of exact numbers, so the same double Number() gives. Anything else is left to
 * Number(), but a value with a blank is NaN (Number() would trim it; a statistic has none).
 */
function readSecondsAt(s: string, start: number, end: number): number {
  let n = 0;
  let digits = 0;
  let dot = -1;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 46 /* . */ && dot < 0 && digits > 0 && i + 1 < end) dot = i;
    else if (c >= 48 && c <= 57 && ++digits <= 15) n = n * 10 + (c - 48);
    else return numberWithoutBlanks(s, start, end);
  }
  if (digits === 0) return numberWithoutBlanks(s, start, end);
  return dot < 0 ? n : n / POW10[end - dot - 1]!;
}

/** Number(s[start, end)), NaN when it holds a blank. */
function numberWithoutBlanks(s: string, start: number, end: number): number {
  for (let i = start; i < end; i++) if (isBlank(s.charCodeAt(i))) return NaN;
  return Number(s.slice(start, end));
}

/** What a token before the match is (see {@link readFlowLine}). */
const enum Stat {
  Segment,
  Ignored,
  Cookie,
  Duration,
  Table,
  Packets,
  Bytes,
}

/** The statistic named by `raw[a, eq)`: only `priority` and match fields start the segment. */
function leadingStat(raw: string, a: number, eq: number): Stat {
  switch (eq - a) {
    case 5:
      if (wordAt(raw, a, 'table')) return Stat.Table;
      break;
    case 6:
      if (wordAt(raw, a, 'cookie')) return Stat.Cookie;
      break;
    case 7:
      if (wordAt(raw, a, 'n_bytes')) return Stat.Bytes;
      break;
    case 8:
      if (wordAt(raw, a, 'priority')) return Stat.Segment;
      if (wordAt(raw, a, 'duration')) return Stat.Duration;
      break;
    case 9:
      if (wordAt(raw, a, 'n_packets')) return Stat.Packets;
      break;
  }
  return STAT_KEYS.has(raw.slice(a, eq)) ? Stat.Ignored : Stat.Segment;
}

/**
 * What follows a flow's statistics — priority, match, actions — read once per table and text, in
 * every dump of this process: the nodes of a cluster repeat each other's flows (each node has the
 * same table 10/50/90 flows for every other node, 39.7.4), so a 1000-node matrix reads 95 % of
 * its 3·10⁶ lines as one lookup. Records are readonly, so they may share these arrays. Texts and
 * values are slices of a copy of the line, never of the dump. Cleared when full.
 */
interface Segment {
  readonly table: number;
  /** The line from `priority=` (or the match) to its end. */
  readonly text: string;
  readonly body: FlowBody;
  /** Lines read from it since it was cached or last kept. */
  hits: number;
  /** The next segment of the same {@link segmentHash}. */
  next: Segment | undefined;
  /** The segment read after this one the last time ({@link followingSegment}). */
  following: Segment | undefined;
  /** The numeric cookie last read with it (-1: none yet) and its text ({@link cookieOf}). */
  cookieValue: number;
  cookieText: string;
}
/**
 * What a segment reads as, shared by the records of its lines (records are readonly). Apart from
 * the segment, which changes as the cache learns and forgets: a record holding its segment
 * would keep every segment chained to it alive.
 */
interface FlowBody {
  readonly table: number;
  readonly priority: number;
  readonly match: readonly FlowMatchField[];
  readonly actions: readonly FlowAction[];
  readonly actionsText: string;
}

/**
 * {@link segmentHash} → segments, chained. Keyed by a hash computed over the dump in place, not by
 * the text: a Map keyed by text needs a slice of the line per lookup, and V8 hashes and compares
 * such a slice through a slow path (a third of the parse, where this costs a tenth).
 */
const segments = new Map<number, Segment>();
let segmentCount = 0;
/** ~2.5 kB each (line copy, match and action objects): at most ~50 MB. */
const SEGMENT_CACHE_MAX = 20_000;

/** FNV-1a of `text[start, end)`, seeded with the table; 30 bits, a small integer for V8's Map. */
function segmentHash(text: string, start: number, end: number, table: number): number {
  let h = 0x811c9dc5 ^ table;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h & 0x3fffffff;
}

/**
 * The cached segment that is exactly `text[start, end)` in `table`. Compared as a slice: V8 compares
 * two strings' characters natively (a third of the time of `startsWith` at a position, which
 * walks them one by one).
 */
function findSegment(
  text: string,
  start: number,
  end: number,
  table: number,
  hash: number,
): Segment | undefined {
  for (let seg = segments.get(hash); seg; seg = seg.next)
    if (seg.table === table && seg.text.length === end - start && text.slice(start, end) === seg.text)
      return seg;
  return undefined;
}

/**
 * Empties the segment cache: the next lines of every text go through the general reader again.
 * For a caller that must read without what earlier dumps taught (the tests compare both readings).
 */
export function forgetFlowSegments(): void {
  segments.clear();
  segmentCount = 0;
}

function rememberSegment(hash: number, seg: Segment): void {
  if (segmentCount >= SEGMENT_CACHE_MAX) keepRepeatedSegments();
  seg.next = segments.get(hash);
  segments.set(hash, seg);
  segmentCount++;
}

/**
 * When the cache is full: keeps the segments read again since the last time (the flows other nodes
 * repeat), drops those read once (a node's own pods and services); everything when even the kept
 * ones fill half of it.
 */
function keepRepeatedSegments(): void {
  let kept = 0;
  for (const [hash, first] of segments) {
    let head: Segment | undefined;
    for (let seg: Segment | undefined = first; seg; ) {
      const next: Segment | undefined = seg.next;
      if (seg.hits > 0) {
        seg.hits = 0;
        // may be one dropped here: relearnt, so that no kept segment holds a dropped one
        seg.following = undefined;
        seg.next = head;
        head = seg;
        kept++;
      }
      seg = next;
    }
    if (head) segments.set(hash, head);
    else segments.delete(hash);
  }
  if (kept > SEGMENT_CACHE_MAX / 2) {
    segments.clear();
    kept = 0;
  }
  segmentCount = kept;
}

/** A copy of `s` that shares no memory with it (V8 keeps a slice's whole parent alive). */
const detach = (s: string): string => Buffer.from(s, 'utf8').toString('utf8');

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The line being read, for warnings (`raw` set only before the general reader: a store per line
 * into this long-lived object costs a write barrier); `valueStats` counts the statistics that set
 * a field.
 */
interface LineState {
  line: number;
  raw: string;
  warned: number;
  valueStats: number;
}

/** The general reader of a trimmed flow line (any order of statistics, warnings). */
function parseFlowLine(
  trimmed: string,
  raw: string,
  state: LineState,
  warn: Warn,
  cache: ParseCache,
): OvsFlowRecord | undefined {
  const line = state.line;
  const at = findActions(trimmed, 0, trimmed.length);
  if (at < 0) {
    warn(msg('not a flow: no "actions=" in the line', 'フロー行ではありません（"actions=" がありません）'));
    return undefined;
  }
  const head = trimmed.slice(0, at);
  let actionsText = trimmed.slice(at + 8).trim();
  const hash = actionsText.indexOf(' #');
  if (hash >= 0) {
    // Hand-annotated dumps (blog posts) append `# comment`; OVS itself never prints `#`.
    warn(msg('trailing "#" comment ignored', '行末の "#" コメントを無視しました'));
    actionsText = actionsText.slice(0, hash).trim();
  }
  if (!actionsText) {
    warn(
      msg(
        'flow with an empty action list (truncated line?)',
        'アクションが空のフロー（行の途中で切れている可能性）',
      ),
    );
    return undefined;
  }

  let cookie = '0x0';
  let table = 0;
  let priority = DEFAULT_PRIORITY;
  let nPackets: number | undefined;
  let nBytes: number | undefined;
  let durationS: number | undefined;
  const match: FlowMatchField[] = [];
  let bad = false;

  // Comma-separated tokens, blanks around them dropped (no split/trim arrays: ~10⁶ lines a second).
  for (let pos = 0; pos < head.length; ) {
    let end = head.indexOf(',', pos);
    if (end < 0) end = head.length;
    let a = pos;
    let b = end;
    pos = end + 1;
    while (a < b && isBlank(head.charCodeAt(a))) a++;
    while (b > a && isBlank(head.charCodeAt(b - 1))) b--;
    if (a === b) continue;
    const t = head.slice(a, b);
    const eq = t.indexOf('=');
    const key = eq < 0 ? t : t.slice(0, eq);
    if (!STAT_KEYS.has(key)) {
      let field = cache.match.get(t);
      if (!field) {
        field = readMatchToken(t, warn);
        if (field) cache.match.set(t, field);
      }
      if (field) match.push(field);
      else bad = true;
      continue;
    }
    const value = eq < 0 ? '' : t.slice(eq + 1);
    switch (key) {
      case 'cookie': {
        state.valueStats++;
        let c = cache.cookies.get(value);
        if (c === undefined) {
          c = normalizeCookie(value);
          if (c !== undefined) cache.cookies.set(value, c);
        }
        if (c === undefined) {
          warn(msg(`bad cookie "${value}"`, `cookie の値が不正です: "${value}"`));
          bad = true;
        } else cookie = c;
        break;
      }
      case 'table':
      case 'priority': {
        if (key === 'table') state.valueStats++;
        const n = readDecimal(value, 5);
        if (n < 0) {
          warn(msg(`bad ${key} "${value}"`, `${key} の値が不正です: "${value}"`));
          bad = true;
        } else if (key === 'table') table = n;
        else priority = n;
        break;
      }
      case 'n_packets':
      case 'n_bytes':
      case 'duration': {
        state.valueStats++;
        const n = readCounter(key, value);
        if (n === undefined) warn(msg(`bad ${key} "${value}"`, `${key} の値が不正です: "${value}"`));
        else if (key === 'n_packets') nPackets = n;
        else if (key === 'n_bytes') nBytes = n;
        else durationS = n;
        break;
      }
      default:
        // idle_age, hard_age, timeouts, flags: not needed by any check.
        break;
    }
  }
  // A flow whose table/priority/match could not be read would be simulated wrongly: drop it (warned).
  if (bad) return undefined;
  let actions = cache.actions.get(actionsText);
  if (!actions) {
    const { parts, balanced } = splitTopLevel(actionsText);
    if (!balanced) {
      // A cut `move:...[0..31` would simulate as a different flow: keep it out (warned).
      warn(unbalancedMsg);
      return undefined;
    }
    let clean = true;
    const warnOnce: Warn = (m) => {
      clean = false;
      warn(m);
    };
    actions = parts.map((a) => readAction(a, warnOnce));
    if (clean) cache.actions.set(actionsText, actions);
  }
  const body = { table, priority, match, actions, actionsText };
  return flowRecord(line, raw, cookie, body, nPackets, nBytes, durationS);
}

/** Index of the `actions=` key in `s[start, end)`: at the start, or after a blank or a comma. */
function findActions(s: string, start: number, end: number): number {
  let from = start;
  for (;;) {
    const at = s.indexOf('actions=', from);
    if (at < 0 || at + 8 > end) return -1;
    if (at === start) return start;
    const prev = s.charCodeAt(at - 1);
    if (prev === 32 || prev === 44 || prev === 9) return at;
    from = at + 1;
  }
}

/** `0x0f46ee1a` → `0xf46ee1a` (dumps print minimal hex); decimal `0` (fake OVS) → `0x0`. */
function normalizeCookie(value: string): string | undefined {
  const m = HEX_COOKIE.exec(value);
  if (m) {
    const digits = (m[1] as string).toLowerCase().replace(/^0+(?=.)/, '');
    return `0x${digits}`;
  }
  if (DECIMAL.test(value) && value.length <= 20) return `0x${BigInt(value).toString(16)}`;
  return undefined;
}

function readMatchToken(t: string, warn: Warn): FlowMatchField | undefined {
  const eq = t.indexOf('=');
  if (eq < 0) {
    if (PROTOCOL_KEYWORDS.has(t)) return { field: t };
    warn(msg(`unknown match keyword "${t}"`, `不明なマッチキーワード "${t}"`));
    return undefined;
  }
  const field = t.slice(0, eq);
  const value = t.slice(eq + 1);
  if (!MATCH_FIELDS.has(field) && !NUMBERED_FIELD.test(field)) {
    warn(msg(`unknown match field "${field}"`, `不明なマッチフィールド "${field}"`));
    return undefined;
  }
  if (value === '' || BLANK.test(value)) {
    warn(msg(`match field "${field}" has no usable value`, `マッチフィールド "${field}" の値が読めません`));
    return undefined;
  }
  return { field, value };
}

const unbalancedMsg = msg(
  'unbalanced brackets in the actions (truncated line?)',
  'アクションの括弧が閉じていません（行の途中で切れている可能性）',
);

function readActions(text: string, warn: Warn): FlowAction[] {
  const { parts, balanced } = splitTopLevel(text);
  if (!balanced) warn(unbalancedMsg);
  return parts.map((a) => readAction(a, warn));
}

function readAction(a: string, warn: Warn): FlowAction {
  if (a === 'drop') return { kind: 'drop' };
  const colon = a.indexOf(':');
  const paren = a.indexOf('(');
  // `name:arg` vs `name(args)`; whichever comes first names the action.
  if (colon > 0 && (paren < 0 || colon < paren)) {
    const name = a.slice(0, colon);
    const arg = a.slice(colon + 1);
    switch (name) {
      case 'goto_table':
        if (DECIMAL.test(arg) && arg.length <= 3) return { kind: 'goto_table', table: Number(arg) };
        return badAction(a, warn);
      case 'resubmit':
        return arg ? { kind: 'resubmit', port: arg } : badAction(a, warn);
      case 'output':
        if (arg.includes('['))
          return FIELD_REF.test(arg) ? { kind: 'output_field', field: arg } : badAction(a, warn);
        return arg ? { kind: 'output', port: arg } : badAction(a, warn);
      case 'load':
      case 'move':
      case 'set_field': {
        const arrow = arg.indexOf('->');
        const left = arrow < 0 ? '' : arg.slice(0, arrow);
        const right = arrow < 0 ? '' : arg.slice(arrow + 2);
        if (!left || !right || !FIELD_REF.test(right)) return badAction(a, warn);
        if (name === 'load') return { kind: 'load', value: left, dst: right };
        if (name === 'move')
          return FIELD_REF.test(left) ? { kind: 'move', src: left, dst: right } : badAction(a, warn);
        return { kind: 'set_field', value: left, field: right };
      }
      case 'note': {
        const bytes = arg.split('.');
        return bytes.every((b) => HEX_BYTE.test(b)) ? { kind: 'note', bytes } : badAction(a, warn);
      }
      case 'group':
        return DECIMAL.test(arg) && arg.length <= 10
          ? { kind: 'group', id: Number(arg) }
          : badAction(a, warn);
      default:
        return { kind: 'other', text: a };
    }
  }
  if (paren > 0) {
    if (!a.endsWith(')')) return badAction(a, warn);
    const name = a.slice(0, paren);
    const inner = a.slice(paren + 1, -1);
    if (name === 'ct') return readCt(inner, a, warn);
    if (name === 'resubmit') {
      // resubmit([port],[table]) — `resubmit(,30)`
      const [port, tableText, ...rest] = inner.split(',');
      if (rest.length || tableText === undefined || (tableText !== '' && !DECIMAL.test(tableText))) {
        return badAction(a, warn);
      }
      const r: { kind: 'resubmit'; port?: string; table?: number } = { kind: 'resubmit' };
      if (port) r.port = port;
      if (tableText) r.table = Number(tableText);
      return r;
    }
    return { kind: 'other', text: a };
  }
  return { kind: 'other', text: a };
}

function readCt(inner: string, whole: string, warn: Warn): FlowAction {
  const { parts, balanced } = splitTopLevel(inner);
  if (!balanced) return badAction(whole, warn);
  const ct: { kind: 'ct'; commit: boolean; table?: number; nat?: string; args: string } = {
    kind: 'ct',
    commit: false,
    args: inner,
  };
  for (const p of parts) {
    if (p === 'commit') ct.commit = true;
    else if (p.startsWith('table=')) {
      const t = p.slice(6);
      if (!DECIMAL.test(t) || t.length > 3) return badAction(whole, warn);
      ct.table = Number(t);
    } else if (p === 'nat') ct.nat = '';
    else if (p.startsWith('nat(') && p.endsWith(')')) ct.nat = p.slice(4, -1);
  }
  return ct;
}

function badAction(a: string, warn: Warn): FlowAction {
  warn(msg(`unreadable action "${a}"`, `読めないアクション "${a}"`));
  return { kind: 'other', text: a };
}
