/**
 * Live check of the host-command parsers: re-runs test/fixtures/capture-host.sh (private network
 * namespaces, dnsmasq, python3 servers; the script stops them by PID and removes everything) into a
 * temp dir and parses what this machine's iproute2, sysctl, dig, curl, ping, tracepath and ethtool
 * print today. Needs root: runs in CI (CI=true), skips elsewhere without root, saying why.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIpRoute, parseIpRouteGet } from '../../src/parsers/ip-route.js';
import { parseIpAddr } from '../../src/parsers/ip-addr.js';
import { parseSysctl } from '../../src/parsers/sysctl.js';
import { parseResolvConf } from '../../src/parsers/resolv-conf.js';
import { parseNodeJournal } from '../../src/parsers/journal.js';
import { parseDigAnswer, parseDigShort } from '../../src/parsers/dig.js';
import { parseCurlVerbose } from '../../src/parsers/curl.js';
import { parsePing } from '../../src/parsers/ping.js';
import { parseTracepath } from '../../src/parsers/tracepath.js';
import { parseEthtool, parseEthtoolDriver, parseEthtoolStats } from '../../src/parsers/ethtool.js';

const isRoot = process.getuid?.() === 0;
const mustRun = process.env.CI === 'true';
if (!isRoot && !mustRun) console.log('skipping live host-command capture test: needs root (it runs in CI)');

const script = fileURLToPath(new URL('../fixtures/capture-host.sh', import.meta.url));

describe.skipIf(!isRoot && !mustRun)(
  'host parsers on a fresh capture from private network namespaces',
  () => {
    let out = '';
    const read = (dir: string, name: string): string => readFileSync(join(out, dir, name), 'utf8');

    beforeAll(() => {
      out = mkdtempSync(join(tmpdir(), 'p1-host-capture-test-'));
      execFileSync('bash', [script, out], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 });
    }, 150_000);
    afterAll(() => {
      if (out) rmSync(out, { recursive: true, force: true });
    });

    it('routes: the tun0 routes of 39.7.3.2, route types, metric and mtu; route get with the learned PMTU', () => {
      const r = parseIpRoute(read('ip-route', 'lab-node.txt'));
      expect(r.warnings).toEqual([]);
      expect(r.records.filter((x) => x.dev === 'tun0').map((x) => [x.dst, x.src])).toEqual([
        ['10.128.0.0/14', undefined],
        ['10.128.2.0/23', '10.128.2.1'],
        ['172.30.0.0/16', undefined],
      ]);
      expect(r.records.filter((x) => x.type !== 'unicast').map((x) => x.type)).toEqual([
        'unreachable',
        'blackhole',
        'prohibit',
      ]);
      expect(r.records.find((x) => x.dst === '10.203.0.0/16')).toMatchObject({ metric: 100, mtu: 1400 });
      expect(parseIpRoute(read('ip-route', 'lab-node-table-all.txt')).warnings).toEqual([]);
      expect(parseIpRouteGet(read('ip-route', 'get-via-pmtu-cache.txt')).records[0]).toMatchObject({
        dst: '10.99.2.2',
        via: '10.99.1.1',
        dev: 'eth0',
        cacheMtu: 1450,
      });
      expect(parseIpRouteGet(read('ip-route', 'get-no-default.txt')).records[0]?.error).toMatch(
        /^RTNETLINK answers: /,
      );
    });

    it('links: MTUs, veth peers agree with ethtool -S peer_ifindex (39.13.3)', () => {
      const node = parseIpAddr(read('ip-addr', 'lab-node-addr.txt'));
      const router = parseIpAddr(read('ip-addr', 'lab-router-addr.txt'));
      expect(node.warnings).toEqual([]);
      expect(router.warnings).toEqual([]);
      const eth0 = node.records.find((l) => l.name === 'eth0');
      const r1 = router.records.find((l) => l.name === 'r1');
      expect(eth0).toMatchObject({ mtu: 1500, up: true });
      expect(node.records.find((l) => l.name === 'tun0')).toMatchObject({ mtu: 1450 });
      expect(router.records.find((l) => l.name === 'r2')?.mtu).toBe(1450);
      const peer = parseEthtoolStats(read('ethtool', 'veth-stats.txt')).records.peerIfindex;
      expect(peer).toBe(r1?.index);
      expect(eth0?.peer).toBe(`if${peer}`);
    });

    it('sysctl, resolv.conf, journal blocks', () => {
      expect(parseSysctl(read('sysctl', 'ip-forward-off.txt')).records.map((x) => x.value)).toEqual(['0']);
      expect(parseSysctl(read('sysctl', 'ip-forward-on.txt')).records.map((x) => x.value)).toEqual(['1']);
      expect(parseSysctl(read('sysctl', 'no-such-key.txt')).warnings).toHaveLength(1);
      expect(parseResolvConf(read('resolv-conf', 'lab-wildcard-search.txt')).records.search).toContain(
        'apps.example.test',
      );
      const j = parseNodeJournal(read('journal', 'lab-setup-error.txt'));
      expect(j.warnings).toEqual([]);
      expect(j.records.blocks.map((b) => [b.kind, b.errors.length > 0])).toEqual([
        ['setup-script', true],
        ['adding-table0', true],
        ['adding-table0', false],
      ]);
    });

    it('dig: answers, the wildcard hijack of 39.9, timeouts', () => {
      expect(parseDigShort(read('dig', 'short-a.txt')).records).toEqual({ answers: ['10.99.2.2'] });
      expect(parseDigShort(read('dig', 'short-nxdomain.txt')).records).toEqual({ answers: [] });
      expect(parseDigShort(read('dig', 'short-timeout.txt')).records.error).toMatch(
        /no servers could be reached/,
      );
      expect(parseDigAnswer(read('dig', 'answer-wildcard.txt')).records.map((x) => [x.name, x.data])).toEqual(
        [['github.com.apps.example.test.', '10.99.2.2']],
      );
    });

    it('curl: every outcome the decision tree tells apart (39.3, 39.5)', () => {
      const c = (f: string) => parseCurlVerbose(read('curl', f));
      expect(c('ok-200.txt').records).toMatchObject({ connected: true, status: 200 });
      expect(c('http-503.txt').records).toMatchObject({ connected: true, status: 503 });
      expect(c('tls-200.txt').records, read('curl', 'tls-200.txt')).toMatchObject({
        status: 200,
        tls: { version: expect.stringMatching(/^TLS/) },
      });
      expect(c('refused.txt').records).toMatchObject({ connected: false, failure: 'refused' });
      expect(c('timeout.txt').records).toMatchObject({ connected: false, failure: 'timeout' });
      expect(c('reset.txt').records).toMatchObject({ connected: true, failure: 'reset' });
      expect(c('resolve.txt').records).toMatchObject({ connected: false, failure: 'resolve' });
      expect(c('no-route.txt').records).toMatchObject({ connected: false, failure: 'no-route' });
      expect(c('net-unreachable.txt').records).toMatchObject({ connected: false, failure: 'no-route' });
    });

    it('ping and tracepath: loss, unreachable, the 1450 path MTU from both sides (39.8)', () => {
      expect(parsePing(read('ping', 'ok.txt')).records).toMatchObject({
        transmitted: 3,
        received: 3,
        lossPct: 0,
      });
      expect(parsePing(read('ping', 'loss-100.txt')).records).toMatchObject({ lossPct: 100, errors: [] });
      expect(parsePing(read('ping', 'host-unreachable.txt')).records.errors.length).toBeGreaterThan(0);
      expect(parsePing(read('ping', 'frag-needed.txt')).records.fragNeededMtu).toBe(1450);
      expect(parsePing(read('ping', 'message-too-long.txt')).records.fragNeededMtu).toBe(1450);
      const t = parseTracepath(read('tracepath', 'via-router-pmtu.txt'));
      expect(t.warnings).toEqual([]);
      expect(t.records).toMatchObject({ reached: true, pmtu: 1450, hopCount: 2 });
      expect(parseTracepath(read('tracepath', 'no-reply.txt')).records.reached).toBe(false);
    });

    it('ethtool on a veth', () => {
      expect(parseEthtool(read('ethtool', 'veth-settings.txt')).records).toMatchObject({
        iface: 'eth0',
        linkDetected: true,
      });
      expect(parseEthtoolDriver(read('ethtool', 'veth-driver.txt')).records.driver).toBe('veth');
    });
  },
);
