/**
 * `route -n` and `netstat -rn`: the net-tools routing table a support engineer often pastes instead
 * of `ip route` (39.7.3.2 reads the same routes). Columns: Destination Gateway Genmask Flags …
 * Iface (route -n: Metric Ref Use; netstat -rn: MSS Window irtt). Read into the same records as
 * `ip route`, so a `10.128.0.0  0.0.0.0  255.252.0.0  U … tun0` line is the route via tun0 it is,
 * not a host route with no device.
 */
import type { IpRouteRecord, ParseResult, ParseWarning } from './types.js';
import { msg } from '../i18n/message.js';
import { formatIp, parseIp } from '../net/ipv4.js';
import { lineWarning, splitLines } from './util/numbered-lines.js';

const HEADER = /^Destination\s+Gateway\s+Genmask\s+Flags\b/;

/** True when the text is a net-tools routing table (its column header is present). */
export function isNetToolsRouteTable(text: string): boolean {
  return splitLines(text).some((l) => HEADER.test(l.trim()));
}

/** `255.252.0.0` → 14; undefined for a non-contiguous mask. */
function maskLength(mask: string): number | undefined {
  const n = parseIp(mask);
  if (n === undefined) return undefined;
  const inverted = ~n >>> 0;
  if ((inverted & (inverted + 1)) !== 0) return undefined;
  return 32 - Math.log2(inverted + 1);
}

const unreadable = (why: string) =>
  msg(
    `unreadable route -n / netstat -rn line: ${why}`,
    `route -n / netstat -rn の行を読み取れません: ${why}`,
  );

export function parseNetToolsRoutes(text: string): ParseResult<IpRouteRecord[]> {
  const records: IpRouteRecord[] = [];
  const warnings: ParseWarning[] = [];
  let columns: string[] | undefined;
  splitLines(text).forEach((raw, idx) => {
    const line = idx + 1;
    const body = raw.trim();
    if (body === '' || /^Kernel IP routing table$/.test(body)) return;
    if (HEADER.test(body)) {
      columns = body.split(/\s+/);
      return;
    }
    const tokens = body.split(/\s+/);
    if (!columns || tokens.length !== columns.length) {
      warnings.push(lineWarning(line, raw, unreadable('not a routing-table row')));
      return;
    }
    const col = (name: string): string | undefined => tokens[columns?.indexOf(name) ?? -1];
    const dst = col('Destination') ?? '';
    const gateway = col('Gateway') ?? '';
    const len = maskLength(col('Genmask') ?? '');
    const flags = col('Flags') ?? '';
    const dev = col('Iface');
    // Without -n, route prints names (`default`, `gateway`, `*`): a name cannot be read as an address.
    const dstIp = dst === 'default' ? 0 : parseIp(dst);
    const gwIp = gateway === '*' ? 0 : parseIp(gateway);
    if (dstIp === undefined || gwIp === undefined || len === undefined || !dev) {
      warnings.push(lineWarning(line, raw, unreadable('names instead of addresses (run it with -n)')));
      return;
    }
    const metric = col('Metric');
    const reject = flags.includes('!');
    records.push({
      line,
      raw,
      type: reject ? 'unreachable' : 'unicast',
      dst: len === 0 && dstIp === 0 ? 'default' : `${formatIp(dstIp)}/${len}`,
      ...(flags.includes('G') && gwIp !== 0 ? { via: formatIp(gwIp) } : {}),
      dev,
      ...(flags.includes('G') ? {} : { scope: 'link' }),
      ...(metric !== undefined && /^\d+$/.test(metric) && metric !== '0' ? { metric: Number(metric) } : {}),
    });
  });
  return { records, warnings };
}
