/**
 * iputils `ping` (39.3 / 39.6 reachability; 39.8 / 39.13.2 `-M do -s <size>` path-MTU test:
 * `Frag needed and DF set (mtu = 1450)` from a router, `message too long, mtu=1450` locally).
 */
import type { Located, ParseResult, ParseWarning, PingRecord } from './types.js';
import { msg } from '../i18n/message.js';
import { lineWarning, nonBlankLines } from './util/numbered-lines.js';

/** `PING 10.99.2.2 (10.99.2.2) 56(84) bytes of data.` */
const HEAD = /^PING (\S+) \(([^)]+)\)/;
/** `64 bytes from 10.99.2.2: icmp_seq=1 ttl=63 time=0.279 ms` (also `from name (ip)`) */
const REPLY = /^\d+ bytes from .*icmp_seq=\d+/;
/** `3 packets transmitted, 0 received, +3 errors, 100% packet loss, time 4080ms` */
const SUMMARY =
  /^(\d+) packets transmitted, (\d+) (?:packets )?received,(?: \+\d+ \w+,)* ([\d.]+)% packet loss/;
/** `rtt min/avg/max/mdev = 0.046/0.127/0.279/0.107 ms` */
const RTT = /^(?:rtt|round-trip) min\/avg\/max\/mdev = ([\d.]+)\/([\d.]+)\/([\d.]+)\/([\d.]+) ms/;
/** `From 10.99.1.2 icmp_seq=1 Destination Host Unreachable`, `From … Frag needed and DF set (mtu = 1450)` */
const FROM = /^From \S+(?: \([^)]*\))?:? icmp_seq=\d+ (.*)$/;
/** `ping: local error: message too long, mtu=1450`, `ping: connect: No route to host`, `connect: Network is unreachable` */
const PING_ERROR = /^(ping: .*|connect: .*|Request timeout for .*)$/;
const MTU = /mtu ?= ?(\d+)/i;
/** Lines that carry nothing for the checks. */
const NOISE = /^(--- .* ping statistics ---|pipe \d+|Warning: .*|PING .*|WARNING: .*)$/;

/**
 * Parses ping output: target, counts and loss, rtt, every error line (unreachable, frag needed,
 * local errors, resolution failures) and the MTU a `-M do` probe learned.
 */
export function parsePing(text: string): ParseResult<PingRecord> {
  const warnings: ParseWarning[] = [];
  const errors: Located[] = [];
  let out: Omit<PingRecord, 'errors'> = {};
  let fragNeededMtu: number | undefined;
  nonBlankLines(text).forEach(({ line, raw, body }) => {
    let m: RegExpExecArray | null;
    if ((m = HEAD.exec(body))) out = { ...out, target: m[1] as string, targetIp: m[2] as string };
    else if (REPLY.test(body)) return;
    else if ((m = SUMMARY.exec(body)))
      out = { ...out, transmitted: Number(m[1]), received: Number(m[2]), lossPct: Number(m[3]) };
    else if ((m = RTT.exec(body)))
      out = {
        ...out,
        rttMs: { min: Number(m[1]), avg: Number(m[2]), max: Number(m[3]), mdev: Number(m[4]) },
      };
    else if ((m = FROM.exec(body)) || PING_ERROR.test(body)) {
      errors.push({ line, raw });
      // 39.8: the MTU of the narrowest link, reported by the router or by the local route cache.
      const mtu = /frag needed|too long|packet too big/i.test(body) ? MTU.exec(body) : null;
      if (mtu) fragNeededMtu ??= Number(mtu[1]);
    } else if (!NOISE.test(body)) {
      warnings.push(lineWarning(line, raw, msg('unreadable ping line', 'ping の行を読み取れません')));
    }
  });
  return { records: { ...out, ...(fragNeededMtu !== undefined ? { fragNeededMtu } : {}), errors }, warnings };
}
