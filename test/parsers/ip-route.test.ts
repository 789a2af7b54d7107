import { describe, expect, it } from 'vitest';
import { parseIpRoute, parseIpRouteGet } from '../../src/parsers/ip-route.js';
import { hostFixture, withoutRaw } from './host-fixture.js';

describe('parseIpRoute', () => {
  it('reads the guide sample (39.7.3.2) with its double spaces and # annotations', () => {
    const r = parseIpRoute(hostFixture('ip-route', 'guide-39.7.3.2.txt'));
    expect(r.warnings).toEqual([]);
    expect(withoutRaw(r.records)).toEqual([
      { line: 1, type: 'unicast', dst: 'default', via: '192.168.122.1', dev: 'ens3' },
      { line: 2, type: 'unicast', dst: '10.128.0.0/14', dev: 'tun0', proto: 'kernel', scope: 'link' },
      {
        line: 3,
        type: 'unicast',
        dst: '10.128.2.0/23',
        dev: 'tun0',
        proto: 'kernel',
        scope: 'link',
        src: '10.128.2.1',
      },
      { line: 4, type: 'unicast', dst: '169.254.0.0/16', dev: 'ens3', scope: 'link', metric: 1002 },
      {
        line: 5,
        type: 'unicast',
        dst: '172.17.0.0/16',
        dev: 'docker0',
        proto: 'kernel',
        scope: 'link',
        src: '172.17.42.1',
      },
      {
        line: 6,
        type: 'unicast',
        dst: '192.168.122.0/24',
        dev: 'ens3',
        proto: 'kernel',
        scope: 'link',
        src: '192.168.122.46',
      },
    ]);
    expect(r.records[1]?.raw).toContain('# This sends all pod traffic into OVS');
  });

  it('reads a real node table: tun0 routes, unreachable/blackhole/prohibit, metric + mtu, linkdown', () => {
    const r = parseIpRoute(hostFixture('ip-route', 'lab-node.txt'));
    expect(r.warnings).toEqual([]);
    expect(withoutRaw(r.records)).toEqual([
      { line: 1, type: 'unicast', dst: 'default', via: '10.99.1.1', dev: 'eth0' },
      {
        line: 2,
        type: 'unicast',
        dst: '10.99.1.0/24',
        dev: 'eth0',
        proto: 'kernel',
        scope: 'link',
        src: '10.99.1.2',
      },
      { line: 3, type: 'unicast', dst: '10.128.0.0/14', dev: 'tun0', proto: 'kernel', scope: 'link' },
      {
        line: 4,
        type: 'unicast',
        dst: '10.128.2.0/23',
        dev: 'tun0',
        proto: 'kernel',
        scope: 'link',
        src: '10.128.2.1',
      },
      { line: 5, type: 'unreachable', dst: '10.200.0.0/16' },
      { line: 6, type: 'blackhole', dst: '10.201.0.0/16' },
      { line: 7, type: 'prohibit', dst: '10.202.0.0/16' },
      {
        line: 8,
        type: 'unicast',
        dst: '10.203.0.0/16',
        via: '10.99.1.1',
        dev: 'eth0',
        metric: 100,
        mtu: 1400,
      },
      { line: 9, type: 'unicast', dst: '172.30.0.0/16', dev: 'tun0', scope: 'link' },
      {
        line: 10,
        type: 'unicast',
        dst: '192.168.77.0/24',
        dev: 'br-x',
        proto: 'kernel',
        scope: 'link',
        src: '192.168.77.1',
        flags: ['linkdown'],
      },
    ]);
  });

  it('reads `table all`: table 100, local/broadcast with /32, IPv6 and multicast', () => {
    const r = parseIpRoute(hostFixture('ip-route', 'lab-node-table-all.txt'));
    expect(r.warnings).toEqual([]);
    expect(r.records).toHaveLength(30);
    expect(withoutRaw(r.records[0])).toEqual({
      line: 1,
      type: 'unicast',
      dst: '10.204.0.0/16',
      via: '10.99.1.1',
      dev: 'eth0',
      table: '100',
    });
    expect(withoutRaw(r.records[11])).toEqual({
      line: 12,
      type: 'local',
      dst: '10.99.1.2/32',
      dev: 'eth0',
      proto: 'kernel',
      scope: 'host',
      src: '10.99.1.2',
      table: 'local',
    });
    expect(r.records.filter((x) => x.type === 'broadcast').map((x) => x.dst)).toEqual([
      '10.99.1.255/32',
      '10.128.3.255/32',
      '127.255.255.255/32',
      '192.168.77.255/32',
    ]);
    expect(withoutRaw(r.records[23])).toEqual({
      line: 24,
      type: 'local',
      dst: '::1/128',
      dev: 'lo',
      proto: 'kernel',
      metric: 0,
      table: 'local',
    });
    expect(r.records[29]).toMatchObject({ type: 'multicast', dst: 'ff00::/8', dev: 'tun0p', table: 'local' });
  });

  it('warns with line numbers on garbage and truncated lines, keeps the good ones', () => {
    const text = [
      'default via 10.0.0.1 dev eth0',
      'garbage here',
      '10.128.0.0/14 dev tun0 metric x',
      '10.128.0.0/1',
    ].join('\n');
    const r = parseIpRoute(text);
    expect(r.records.map((x) => x.dst)).toEqual(['default', '10.128.0.0/1']);
    expect(r.warnings.map((w) => [w.line, w.excerpt])).toEqual([
      [2, 'garbage here'],
      [3, '10.128.0.0/14 dev tun0 metric x'],
    ]);
    expect(r.warnings[0]?.message.ja).toContain('ip route');
  });

  it('refuses a corrupted destination or gateway instead of inventing one', () => {
    const r = parseIpRoute('10.999.0.0/16 dev tun0\n10.1.0.0/16 via 10.0.0 dev eth0\n10.2.0.0/16 dev\n');
    expect(r.records).toEqual([]);
    expect(r.warnings.map((w) => w.line)).toEqual([1, 2, 3]);
  });

  it('is empty and silent on empty output (no routes at all is an answer)', () => {
    expect(parseIpRoute('')).toEqual({ records: [], warnings: [] });
  });
});

describe('parseIpRouteGet', () => {
  it('reads the guide samples (39.6 step 4), indented, with the cache line', () => {
    expect(withoutRaw(parseIpRouteGet(hostFixture('ip-route', 'guide-get-direct.txt')))).toEqual({
      records: [{ line: 1, dst: '192.168.122.202', dev: 'ens3', src: '192.168.122.46' }],
      warnings: [],
    });
    expect(withoutRaw(parseIpRouteGet(hostFixture('ip-route', 'guide-get-via.txt')).records)).toEqual([
      { line: 1, dst: '1.2.3.4', via: '192.168.122.1', dev: 'ens3', src: '192.168.122.46' },
    ]);
    expect(withoutRaw(parseIpRouteGet(hostFixture('ip-route', 'guide36-get-flattened.txt')).records)).toEqual(
      [{ line: 1, dst: '192.168.122.202', dev: 'ens3', src: '192.168.122.46' }],
    );
  });

  it('reads real iproute2 6.1 answers: direct, via, local, uid, learned path MTU', () => {
    const get = (f: string) => withoutRaw(parseIpRouteGet(hostFixture('ip-route', f)));
    expect(get('get-direct.txt')).toEqual({
      records: [{ line: 1, dst: '10.99.1.1', dev: 'eth0', src: '10.99.1.2', uid: 0 }],
      warnings: [],
    });
    expect(get('get-via.txt').records).toEqual([
      { line: 1, dst: '10.99.2.2', via: '10.99.1.1', dev: 'eth0', src: '10.99.1.2', uid: 0 },
    ]);
    expect(get('get-local.txt').records).toEqual([
      { line: 1, dst: '10.99.1.2', type: 'local', dev: 'lo', src: '10.99.1.2', uid: 0 },
    ]);
    expect(get('get-via-pmtu-cache.txt').records).toEqual([
      { line: 1, dst: '10.99.2.2', via: '10.99.1.1', dev: 'eth0', src: '10.99.1.2', uid: 0, cacheMtu: 1450 },
    ]);
  });

  it('turns RTNETLINK errors into records with the error (the route lookup itself failed)', () => {
    expect(withoutRaw(parseIpRouteGet(hostFixture('ip-route', 'get-no-default.txt')))).toEqual({
      records: [{ line: 1, dst: '', error: 'RTNETLINK answers: Network is unreachable' }],
      warnings: [],
    });
    expect(parseIpRouteGet(hostFixture('ip-route', 'get-unreachable.txt')).records[0]?.error).toBe(
      'RTNETLINK answers: No route to host',
    );
  });

  it('warns on garbage and on a cache line with no route above it', () => {
    const r = parseIpRouteGet('    cache expires 10sec mtu 1400\nnot a route\n10.0.0.1 via 10.0.0');
    expect(r.records).toEqual([]);
    expect(r.warnings.map((w) => w.line)).toEqual([1, 2, 3]);
  });
});
