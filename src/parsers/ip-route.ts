/**
 * `ip route [show]` (39.7.3.2: the cluster-network and local-subnet routes via tun0) and
 * `ip route get <ip>` (39.6 step 4: which interface and source address reach a node).
 */
import type { IpRouteGetRecord, IpRouteRecord, ParseResult, ParseWarning } from './types.js';
import { msg } from '../i18n/message.js';
import { lineWarning, nonBlankLines, splitLines } from './util/numbered-lines.js';
import { isCidrOrIp, isIp, withPrefix } from './util/addresses.js';
import { isNetToolsRouteTable, parseNetToolsRoutes } from './route-table.js';

/** Route types of ip-route(8); a line starting with none of them is `unicast`. */
const ROUTE_TYPES = new Set([
  'unicast',
  'local',
  'broadcast',
  'multicast',
  'unreachable',
  'blackhole',
  'prohibit',
  'throw',
  'nat',
  'anycast',
]);
/** Keywords followed by one value. */
const VALUED = new Set([
  'via',
  'dev',
  'proto',
  'scope',
  'src',
  'metric',
  'table',
  'pref',
  'expires',
  'uid',
  'realm',
  'realms',
  'advmss',
  'hoplimit',
  'initcwnd',
  'initrwnd',
  'rtt',
  'rttvar',
  'weight',
  'error',
  'tos',
  'dsfield',
  'from',
  'iif',
  'oif',
  'mark',
  'congctl',
  'features',
  'quickack',
  'ssthresh',
  'cwnd',
  'window',
  'fastopen_no_cookie',
  'nhid',
  'encap',
  'ttl-propagate',
]);
/** Bare flags after the destination. */
const FLAGS = new Set([
  'linkdown',
  'onlink',
  'dead',
  'pervasive',
  'notify',
  'offload',
  'trap',
  'rt_offload',
  'rt_trap',
]);

const unreadable = msg('unreadable ip route line', 'ip route の行を読み取れません');

/** Fields of one route line after the destination, keyword by keyword. */
interface RouteFields {
  readonly values: Map<string, string>;
  readonly flags: string[];
  mtu?: number;
  cache: boolean;
  readonly problems: string[];
}

function readFields(tokens: readonly string[], start: number): RouteFields {
  const f: RouteFields = { values: new Map(), flags: [], cache: false, problems: [] };
  for (let i = start; i < tokens.length; i++) {
    const t = tokens[i] as string;
    if (t === 'cache') {
      f.cache = true; // `ip route get` prints the cache line; the 36.x guide flattened it onto one line
      continue;
    }
    if (t === 'mtu') {
      // `mtu 1400` or `mtu lock 1400`
      let v = tokens[i + 1];
      if (v === 'lock') v = tokens[++i + 1];
      i++;
      if (v === undefined || !/^\d+$/.test(v)) f.problems.push(`mtu ${v ?? ''}`.trim());
      else f.mtu = Number(v);
    } else if (VALUED.has(t)) {
      const v = tokens[++i];
      if (v === undefined) f.problems.push(`${t} without value`);
      else f.values.set(t, v);
    } else if (FLAGS.has(t)) f.flags.push(t);
    else if (t.startsWith('<') && t.endsWith('>')) continue; // `cache <local>`
    // Anything else is a newer iproute2 keyword: kept in raw, never guessed at.
  }
  return f;
}

const numberOf = (s: string | undefined): number | undefined =>
  s !== undefined && /^\d+$/.test(s) ? Number(s) : undefined;

/** Removes the annotations the guide puts after routes (`# This sends all pod traffic into OVS`). */
function stripComment(line: string): string {
  const hash = line.indexOf('#');
  return hash >= 0 ? line.slice(0, hash) : line;
}

function parseRouteLine(raw: string, line: number): IpRouteRecord | string {
  const tokens = stripComment(raw).trim().split(/\s+/);
  let i = 0;
  let type = 'unicast';
  if (ROUTE_TYPES.has(tokens[0] as string)) type = tokens[i++] as string;
  const dst = tokens[i++];
  if (dst === undefined || (dst !== 'default' && !isCidrOrIp(dst))) return `bad destination ${dst ?? ''}`;
  // `10.128.0.0  0.0.0.0  255.252.0.0  U …`: a route -n row pasted without its header. Read as
  // ip route it would be a /32 with no device; it is refused instead.
  if (tokens[i] !== undefined && isIp(tokens[i] as string))
    return 'looks like a route -n / netstat -rn row without its header';
  const f = readFields(tokens, i);
  if (f.problems.length > 0) return f.problems.join(', ');
  const via = f.values.get('via');
  if (via !== undefined && !isIp(via)) return `bad gateway ${via}`;
  const metric = f.values.get('metric');
  if (metric !== undefined && numberOf(metric) === undefined) return `bad metric ${metric}`;
  const opt = <K extends string>(k: K, v: string | undefined) => (v === undefined ? {} : { [k]: v });
  return {
    line,
    raw,
    type,
    dst: dst === 'default' ? 'default' : withPrefix(dst),
    ...opt('via', via),
    ...opt('dev', f.values.get('dev')),
    ...opt('proto', f.values.get('proto')),
    ...opt('scope', f.values.get('scope')),
    ...opt('src', f.values.get('src')),
    ...(metric !== undefined ? { metric: Number(metric) } : {}),
    ...(f.mtu !== undefined ? { mtu: f.mtu } : {}),
    ...opt('table', f.values.get('table')),
    ...(f.flags.length > 0 ? { flags: f.flags } : {}),
  };
}

/**
 * Parses `ip route`, `ip route show [table all]` and `ip -6 route` output. Route types
 * (local, broadcast, unreachable, …), `proto kernel scope link src`, metric, mtu, table and the
 * guide's double-space separators are understood; a line that is not a route is a warning.
 */
export function parseIpRoute(text: string): ParseResult<IpRouteRecord[]> {
  if (isNetToolsRouteTable(text)) return parseNetToolsRoutes(text);
  const records: IpRouteRecord[] = [];
  const warnings: ParseWarning[] = [];
  splitLines(text).forEach((raw, idx) => {
    const line = idx + 1;
    const body = stripComment(raw).trim();
    if (body === '') return;
    // Multipath next hops (`nexthop via … dev … weight 1`) and cache lines belong to the route above.
    if (/^\s/.test(raw) && /^(nexthop|cache)\b/.test(body)) return;
    const r = parseRouteLine(raw, line);
    if (typeof r === 'string') warnings.push(lineWarning(line, raw, unreadableWith(r)));
    else records.push(r);
  });
  return { records, warnings };
}

const unreadableWith = (why: string) => msg(`${unreadable.en}: ${why}`, `${unreadable.ja}: ${why}`);

/** `RTNETLINK answers: Network is unreachable`, `Error: any valid prefix is expected …` */
const GET_ERROR = /^(RTNETLINK answers: .+|Error: .+)$/;

/**
 * Parses `ip route get <ip>`: the route line (optionally `local`/`unreachable` typed), its indented
 * `cache …` line (with the learned path MTU), or the error iproute2 prints instead.
 */
export function parseIpRouteGet(text: string): ParseResult<IpRouteGetRecord[]> {
  const records: IpRouteGetRecord[] = [];
  const warnings: ParseWarning[] = [];
  let last: IpRouteGetRecord | undefined;
  nonBlankLines(text).forEach(({ line, raw, body }) => {
    const err = GET_ERROR.exec(body);
    if (err) {
      last = undefined;
      records.push({ line, raw, dst: '', error: err[1] as string });
      return;
    }
    if (/^cache\b/.test(body)) {
      // `cache expires 598sec mtu 1450`: 39.8 path MTU learned from "Frag needed".
      const f = readFields(body.split(/\s+/), 1);
      if (last && f.mtu !== undefined) {
        const withMtu = { ...last, cacheMtu: f.mtu };
        records[records.length - 1] = withMtu;
        last = withMtu;
      } else if (!last)
        warnings.push(lineWarning(line, raw, msg('cache line without a route', '経路のない cache 行')));
      return;
    }
    const r = parseGetLine(raw, line);
    if (typeof r === 'string') {
      last = undefined;
      warnings.push(lineWarning(line, raw, unreadableWith(r)));
    } else {
      records.push(r);
      last = r;
    }
  });
  return { records, warnings };
}

function parseGetLine(raw: string, line: number): IpRouteGetRecord | string {
  const tokens = raw.trim().split(/\s+/);
  let i = 0;
  let type: string | undefined;
  if (ROUTE_TYPES.has(tokens[0] as string)) type = tokens[i++];
  const dst = tokens[i++];
  if (dst === undefined || !isIp(dst)) return `bad destination ${dst ?? ''}`;
  const f = readFields(tokens, i);
  if (f.problems.length > 0) return f.problems.join(', ');
  const via = f.values.get('via');
  if (via !== undefined && !isIp(via)) return `bad gateway ${via}`;
  const src = f.values.get('src');
  const uid = numberOf(f.values.get('uid'));
  const dev = f.values.get('dev');
  return {
    line,
    raw,
    dst,
    ...(type !== undefined ? { type } : {}),
    ...(via !== undefined ? { via } : {}),
    ...(dev !== undefined ? { dev } : {}),
    ...(src !== undefined ? { src } : {}),
    ...(uid !== undefined ? { uid } : {}),
    ...(f.mtu !== undefined ? { cacheMtu: f.mtu } : {}),
  };
}
