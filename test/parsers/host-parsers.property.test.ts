/**
 * Parsers never throw (DESIGN.md §2): every host-command parser gets random text and its own real
 * fixtures mutated (lines dropped, duplicated or swapped, text truncated, characters flipped).
 * Invariants: no exception, warning lines within 0..line count, every located record points back
 * at the exact input line it came from.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseIpRoute, parseIpRouteGet } from '../../src/parsers/ip-route.js';
import { parseIpAddr } from '../../src/parsers/ip-addr.js';
import { parseSysctl } from '../../src/parsers/sysctl.js';
import { parseResolvConf } from '../../src/parsers/resolv-conf.js';
import { parseNodeConfig } from '../../src/parsers/node-config.js';
import { parseNodeJournal } from '../../src/parsers/journal.js';
import { parseDigAnswer, parseDigShort } from '../../src/parsers/dig.js';
import { parseCurlVerbose } from '../../src/parsers/curl.js';
import { parsePing } from '../../src/parsers/ping.js';
import { parseTracepath } from '../../src/parsers/tracepath.js';
import { parseEthtool, parseEthtoolDriver, parseEthtoolStats } from '../../src/parsers/ethtool.js';
import type { ParseResult } from '../../src/parsers/types.js';
import { hostFixtures, type HostFixtureDir } from './host-fixture.js';

type Parser = (text: string) => ParseResult<unknown>;

const PARSERS: readonly [string, Parser, HostFixtureDir][] = [
  ['parseIpRoute', parseIpRoute, 'ip-route'],
  ['parseIpRouteGet', parseIpRouteGet, 'ip-route'],
  ['parseIpAddr', parseIpAddr, 'ip-addr'],
  ['parseSysctl', parseSysctl, 'sysctl'],
  ['parseResolvConf', parseResolvConf, 'resolv-conf'],
  ['parseNodeConfig', parseNodeConfig, 'node-config'],
  ['parseNodeJournal', parseNodeJournal, 'journal'],
  ['parseDigShort', parseDigShort, 'dig'],
  ['parseDigAnswer', parseDigAnswer, 'dig'],
  ['parseCurlVerbose', parseCurlVerbose, 'curl'],
  ['parsePing', parsePing, 'ping'],
  ['parseTracepath', parseTracepath, 'tracepath'],
  ['parseEthtool', parseEthtool, 'ethtool'],
  ['parseEthtoolStats', parseEthtoolStats, 'ethtool'],
  ['parseEthtoolDriver', parseEthtoolDriver, 'ethtool'],
];

/** Every `{ line, raw }` object anywhere in the records. */
function located(value: unknown, out: { line: number; raw: string }[] = []): { line: number; raw: string }[] {
  if (Array.isArray(value)) value.forEach((v) => located(v, out));
  else if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o['line'] === 'number' && typeof o['raw'] === 'string')
      out.push({ line: o['line'], raw: o['raw'] });
    Object.values(o).forEach((v) => located(v, out));
  }
  return out;
}

function checkInvariants(parse: Parser, text: string): void {
  const r = parse(text);
  const lines = text.split(/\r?\n/);
  for (const w of r.warnings) {
    expect(Number.isInteger(w.line)).toBe(true);
    expect(w.line).toBeGreaterThanOrEqual(0);
    expect(w.line).toBeLessThanOrEqual(lines.length);
    expect(typeof w.message.en).toBe('string');
    expect(typeof w.message.ja).toBe('string');
  }
  for (const l of located(r.records)) {
    expect(l.line).toBeGreaterThanOrEqual(1);
    expect(l.raw).toBe(lines[l.line - 1]);
  }
}

/** Line-oriented text built from the tokens these outputs are made of, to reach deep code paths. */
const TOKENS = [
  'default',
  'via',
  'dev',
  'src',
  'metric',
  'mtu',
  'lock',
  'table',
  'cache',
  'local',
  'unreachable',
  'proto',
  'scope',
  '10.128.0.0/14',
  '10.0.0.1',
  'fe80::1',
  'tun0',
  'eth0@if3:',
  '2:',
  '<UP,LOWER_UP>',
  'inet',
  'inet6',
  'link/ether',
  'aa:bb:cc:dd:ee:ff',
  'state',
  'UP',
  'master',
  '=',
  'net.ipv4.ip_forward',
  'nameserver',
  'search',
  'options',
  'networkConfig:',
  '  mtu:',
  '1450',
  'node-config.yaml:',
  '----',
  'Events:',
  '...',
  '|',
  '- x',
  '{',
  '}',
  '[',
  ']',
  'Nov 21 10:00:00 h atomic-openshift-node[1]:',
  'I1121 10:00:00.000001    1 x.go:1]',
  'E1121 10:00:00.1 1 y]',
  'Output of setup script:',
  'Output of adding table=0,actions=drop:',
  '(<nil>)',
  '+ true',
  '+ ip link',
  'error',
  ';;',
  'IN',
  'A',
  'CNAME',
  '*   Trying',
  '* Connected to',
  '< HTTP/1.1 503 x',
  '> GET / HTTP/1.1',
  'curl: (7)',
  '* connect to 1.2.3.4 port 80 failed: Connection refused',
  'PING',
  'From',
  'icmp_seq=1',
  'Frag needed and DF set (mtu = 1450)',
  'packets transmitted,',
  'received,',
  '% packet loss',
  'rtt min/avg/max/mdev = 1/2/3/4 ms',
  ' 1?: [LOCALHOST]',
  'pmtu',
  ' 2:',
  'no reply',
  'reached',
  'Resume: pmtu 1450 hops 2 back 2',
  'Settings for eth0:',
  '\tLink detected: yes',
  'NIC statistics:',
  '     peer_ifindex: 5',
  'driver: veth',
  '&a',
  '*a',
  '!!binary',
  '\t',
  '  ',
  '\u0000',
  'é',
];
const tokenLine = fc.array(fc.constantFrom(...TOKENS), { maxLength: 12 }).map((t) => t.join(' '));
const tokenText = fc.array(tokenLine, { maxLength: 30 }).map((l) => l.join('\n'));
const anyText = fc.oneof(
  fc.string({ maxLength: 400 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  tokenText,
);

type Mutation = (text: string, seed: number) => string;
const MUTATIONS: Mutation[] = [
  (t, s) => t.slice(0, s % (t.length + 1)), // truncation
  (t, s) => {
    const l = t.split('\n');
    l.splice(s % Math.max(1, l.length), 1 + (s % 3)); // line drops
    return l.join('\n');
  },
  (t, s) => {
    const l = t.split('\n');
    const i = s % Math.max(1, l.length);
    l.splice(i, 0, l[i] ?? ''); // a duplicated line
    return l.join('\n');
  },
  (t, s) => {
    const l = t.split('\n');
    const i = s % Math.max(1, l.length);
    const j = (s >> 3) % Math.max(1, l.length);
    [l[i], l[j]] = [l[j] as string, l[i] as string]; // swapped lines
    return l.join('\n');
  },
  (t, s) => {
    if (t.length === 0) return t;
    const i = s % t.length; // byte flips
    const c = String.fromCharCode((t.charCodeAt(i) ^ (1 << s % 7)) & 0xffff);
    return t.slice(0, i) + c + t.slice(i + 1);
  },
  (t, s) => t.replace(/\n/g, s % 2 ? '\r\n' : '\n\n'), // line ending changes
];

describe.each(PARSERS)('%s never throws', (_name, parse, dir) => {
  const fixtures = hostFixtures(dir);

  it('on random and token-built text', () => {
    fc.assert(
      fc.property(anyText, (text) => checkInvariants(parse, text)),
      { numRuns: 300 },
    );
  });

  it('on its real fixtures, mutated', () => {
    expect(fixtures.length).toBeGreaterThan(0);
    const mutated = fc.tuple(
      fc.constantFrom(...fixtures),
      fc.array(fc.tuple(fc.constantFrom(...MUTATIONS), fc.nat()), { minLength: 1, maxLength: 4 }),
    );
    fc.assert(
      fc.property(mutated, ([[, text], muts]) => {
        const out = muts.reduce((t, [m, seed]) => m(t, seed), text);
        checkInvariants(parse, out);
      }),
      { numRuns: 300 },
    );
  });

  it('on its real fixtures unchanged', () => {
    for (const [, text] of fixtures) checkInvariants(parse, text);
  });
});
