import { describe, expect, it } from 'vitest';
import { parsePing } from '../../src/parsers/ping.js';
import { hostFixture } from './host-fixture.js';

const ping = (f: string) => parsePing(hostFixture('ping', f));

describe('parsePing (iputils 20221126)', () => {
  it('a healthy run: counts, loss, rtt, no errors', () => {
    expect(ping('ok.txt')).toEqual({
      records: {
        target: '10.99.2.2',
        targetIp: '10.99.2.2',
        transmitted: 3,
        received: 3,
        lossPct: 0,
        rttMs: { min: 0.044, avg: 0.054, max: 0.061, mdev: 0.007 },
        errors: [],
      },
      warnings: [],
    });
  });

  it('Destination Host Unreachable lines are errors, with +N errors in the summary', () => {
    const r = ping('host-unreachable.txt');
    expect(r.warnings).toEqual([]);
    expect(r.records).toMatchObject({ target: '10.99.1.77', transmitted: 5, received: 0, lossPct: 100 });
    expect(r.records.errors.map((e) => [e.line, e.raw])).toEqual([
      [2, 'From 10.99.1.2 icmp_seq=1 Destination Host Unreachable'],
      [3, 'From 10.99.1.2 icmp_seq=2 Destination Host Unreachable'],
      [4, 'From 10.99.1.2 icmp_seq=3 Destination Host Unreachable'],
    ]);
    expect(r.records.rttMs).toBeUndefined();
  });

  it('100% loss without any error line (ICMP dropped)', () => {
    expect(ping('loss-100.txt')).toEqual({
      records: {
        target: '10.99.2.2',
        targetIp: '10.99.2.2',
        transmitted: 3,
        received: 0,
        lossPct: 100,
        errors: [],
      },
      warnings: [],
    });
  });

  it('39.8: -M do across the MTU-1450 link: the router says Frag needed, then the kernel refuses locally', () => {
    const frag = ping('frag-needed.txt');
    expect(frag.warnings).toEqual([]);
    expect(frag.records).toMatchObject({ transmitted: 1, received: 0, lossPct: 100, fragNeededMtu: 1450 });
    expect(frag.records.errors.map((e) => e.raw)).toEqual([
      'From 10.99.1.1 icmp_seq=1 Frag needed and DF set (mtu = 1450)',
    ]);
    const local = ping('message-too-long.txt');
    expect(local.records).toMatchObject({ fragNeededMtu: 1450, lossPct: 100 });
    expect(local.records.errors.map((e) => [e.line, e.raw])).toEqual([
      [2, 'ping: local error: message too long, mtu=1450'],
    ]);
    const fits = ping('df-fits.txt');
    expect(fits.records).toMatchObject({ received: 1, lossPct: 0, errors: [] });
    expect(fits.records.fragNeededMtu).toBeUndefined();
  });

  it('errors before any packet: no route, unknown host (no counts at all)', () => {
    expect(ping('net-unreachable.txt')).toEqual({
      records: { errors: [{ line: 1, raw: 'ping: connect: No route to host' }] },
      warnings: [],
    });
    expect(ping('unknown-host.txt').records.errors.map((e) => e.raw)).toEqual([
      'ping: nosuch.example.test.: Name or service not known',
    ]);
  });

  it('warns on garbage and on a truncated summary; keeps what it read', () => {
    const r = parsePing(
      'PING 10.0.0.1 (10.0.0.1) 56(84) bytes of data.\n\u0007garbage\n3 packets transmitted, 3 rec',
    );
    expect(r.records).toMatchObject({ target: '10.0.0.1', errors: [] });
    expect(r.records.transmitted).toBeUndefined();
    expect(r.warnings.map((w) => w.line)).toEqual([2, 3]);
  });
});
