import { describe, expect, it } from 'vitest';
import { parseDigAnswer, parseDigShort } from '../../src/parsers/dig.js';
import { hostFixture, withoutRaw } from './host-fixture.js';

describe('parseDigShort (39.3)', () => {
  it('reads addresses and CNAME targets in order', () => {
    expect(parseDigShort(hostFixture('dig', 'short-a.txt'))).toEqual({
      records: { answers: ['10.99.2.2'] },
      warnings: [],
    });
    expect(parseDigShort(hostFixture('dig', 'short-cname.txt')).records.answers).toEqual([
      'router.example.test.',
      '10.99.2.2',
    ]);
  });

  it('empty output is an empty answer (NXDOMAIN), not an error', () => {
    expect(parseDigShort(hostFixture('dig', 'short-nxdomain.txt'))).toEqual({
      records: { answers: [] },
      warnings: [],
    });
  });

  it('dig 9.18 timeout lines become the error', () => {
    expect(parseDigShort(hostFixture('dig', 'short-timeout.txt'))).toEqual({
      records: {
        answers: [],
        error: 'communications error to 10.99.2.99#53: timed out; no servers could be reached',
      },
      warnings: [],
    });
    // older dig (the wording the guide era printed)
    expect(parseDigShort(';; connection timed out; no servers could be reached\n').records.error).toBe(
      'connection timed out; no servers could be reached',
    );
    expect(parseDigShort("dig: couldn't get address for 'ns.x': not found\n").records.error).toContain(
      'not found',
    );
  });

  it('warns on binary garbage instead of returning it as an answer', () => {
    const r = parseDigShort('10.0.0.1\n\u0000\u0001bad\n10.99.2\n');
    expect(r.records.answers).toEqual(['10.0.0.1']);
    expect(r.warnings.map((w) => w.line)).toEqual([2, 3]);
  });
});

describe('parseDigAnswer (39.9)', () => {
  it('reads answers found through the search list, and CNAME chains', () => {
    expect(withoutRaw(parseDigAnswer(hostFixture('dig', 'answer-search.txt')))).toEqual({
      records: [{ line: 1, name: 'router.example.test.', ttl: 0, class: 'IN', type: 'A', data: '10.99.2.2' }],
      warnings: [],
    });
    expect(withoutRaw(parseDigAnswer(hostFixture('dig', 'answer-cname.txt')).records)).toEqual([
      {
        line: 1,
        name: 'www.example.test.',
        ttl: 0,
        class: 'IN',
        type: 'CNAME',
        data: 'router.example.test.',
      },
      { line: 2, name: 'router.example.test.', ttl: 0, class: 'IN', type: 'A', data: '10.99.2.2' },
    ]);
  });

  it('shows the wildcard hijack: github.com answered as github.com.apps.example.test', () => {
    expect(withoutRaw(parseDigAnswer(hostFixture('dig', 'answer-wildcard.txt')).records)).toEqual([
      { line: 1, name: 'github.com.apps.example.test.', ttl: 0, class: 'IN', type: 'A', data: '10.99.2.2' },
    ]);
  });

  it('no answer is empty; a timeout is warnings with their lines', () => {
    expect(parseDigAnswer(hostFixture('dig', 'answer-nxdomain.txt'))).toEqual({ records: [], warnings: [] });
    const t = parseDigAnswer(hostFixture('dig', 'answer-timeout.txt'));
    expect(t.records).toEqual([]);
    expect(t.warnings.map((w) => [w.line, w.message.en])).toEqual([
      [1, 'dig: communications error to 10.99.2.99#53: timed out'],
      [2, 'dig: no servers could be reached'],
    ]);
  });

  it('warns on lines that are not resource records (truncated, garbage)', () => {
    const r = parseDigAnswer(
      'github.com.\t0\tIN\tA\t140.82.112.3\ngithub.com.\t0\tIN\ngarbage\ngithub.com.\t0\tIN\tA\t140.82.11',
    );
    expect(r.records.map((x) => x.data)).toEqual(['140.82.112.3']);
    expect(r.warnings.map((w) => w.line)).toEqual([2, 3, 4]);
  });
});
