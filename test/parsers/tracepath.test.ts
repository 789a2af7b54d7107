import { describe, expect, it } from 'vitest';
import { parseTracepath } from '../../src/parsers/tracepath.js';
import { hostFixture, withoutRaw } from './host-fixture.js';

const trace = (f: string) => withoutRaw(parseTracepath(hostFixture('tracepath', f)));

describe('parseTracepath (iputils 20221126, -n)', () => {
  it('one hop, reached', () => {
    expect(trace('direct.txt')).toEqual({
      records: {
        hops: [
          { line: 2, ttl: 1, host: '10.99.1.1', rttMs: 0.043, noReply: false, reached: true },
          { line: 3, ttl: 1, host: '10.99.1.1', rttMs: 0.008, noReply: false, reached: true },
        ],
        pmtu: 1500,
        reached: true,
        hopCount: 1,
      },
      warnings: [],
    });
  });

  it('two hops with the path MTU dropping to 1450 at the router (39.8)', () => {
    expect(trace('via-router-pmtu.txt')).toEqual({
      records: {
        hops: [
          { line: 2, ttl: 1, host: '10.99.1.1', rttMs: 0.032, noReply: false, reached: false },
          { line: 3, ttl: 1, host: '10.99.1.1', rttMs: 0.008, noReply: false, reached: false },
          { line: 4, ttl: 2, host: '10.99.1.1', rttMs: 0.009, pmtu: 1450, noReply: false, reached: false },
          { line: 5, ttl: 2, host: '10.99.2.2', rttMs: 0.015, noReply: false, reached: true },
        ],
        pmtu: 1450,
        reached: true,
        hopCount: 2,
      },
      warnings: [],
    });
  });

  it('no reply hops, too many hops, not reached', () => {
    const r = trace('no-reply.txt');
    expect(r.warnings).toEqual([]);
    expect(r.records.reached).toBe(false);
    expect(r.records.pmtu).toBe(1450);
    expect(r.records.hopCount).toBeUndefined();
    expect(r.records.hops.map((h) => [h.line, h.ttl, h.noReply])).toEqual([
      [2, 1, false],
      [3, 1, false],
      [4, 2, true],
      [5, 3, true],
    ]);
  });

  it('reads host names with addresses (without -n) and asymmetric paths', () => {
    const r = parseTracepath(
      ' 1?: [LOCALHOST]     pmtu 1500\n 1:  gateway (192.168.122.1)   0.412ms\n 2:  10.0.0.1  asymm  3   1.204ms reached\n',
    );
    expect(r.records.hops.map((h) => [h.host, h.rttMs, h.reached])).toEqual([
      ['192.168.122.1', 0.412, false],
      ['10.0.0.1', 1.204, true],
    ]);
  });

  it('warns on unreadable hops and foreign lines', () => {
    const r = parseTracepath(' 1:  10.0.0.1   fast\ntracepath: x: Name or service not known\n');
    expect(r.records.hops).toEqual([]);
    expect(r.warnings.map((w) => w.line)).toEqual([1, 2]);
  });
});
