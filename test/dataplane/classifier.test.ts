import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Classifier } from '../../src/dataplane/engine/classifier.js';
import type { CompiledMatch } from '../../src/dataplane/engine/match.js';
import { FIELD_COUNT, newPacket } from '../../src/dataplane/engine/packet.js';

function m(fields: [number, number, number][]): CompiledMatch {
  const sorted = [...fields].sort((a, b) => a[0] - b[0]);
  return {
    fields: sorted.map((f) => f[0]),
    values: sorted.map((f) => (f[1] & f[2]) >>> 0),
    masks: sorted.map((f) => f[2]),
  };
}

function linear(
  flows: { match: CompiledMatch; priority: number; id: number }[],
  p: number[],
): number | undefined {
  let best: { priority: number; id: number } | undefined;
  for (const f of flows) {
    const ok = f.match.fields.every((slot, i) => (p[slot]! & f.match.masks[i]!) >>> 0 === f.match.values[i]);
    if (ok && (!best || f.priority > best.priority)) best = f;
  }
  return best?.id;
}

// 0: the tuple index from the first lookup; Infinity: flows compared one by one for ever; 1: a
// switch from one to the other after a few lookups; undefined: the default budget.
describe.each([0, Infinity, 1, undefined])('Classifier (tuple-space search), scan budget %s', (budget) => {
  it('picks the highest-priority matching flow and misses when nothing matches', () => {
    const c = new Classifier<string>(budget);
    c.insert(m([[4, 0x0a800000, 0xfffc0000]]), 100, 'cluster');
    c.insert(m([[4, 0x0a800200, 0xfffffe00]]), 200, 'local');
    c.insert(m([[4, 0x0a800201, 0xffffffff]]), 300, 'gateway');
    const p = newPacket();
    p[4] = 0x0a800201;
    expect(c.lookup(p)).toBe('gateway');
    p[4] = 0x0a800205;
    expect(c.lookup(p)).toBe('local');
    p[4] = 0x0a810005;
    expect(c.lookup(p)).toBe('cluster');
    p[4] = 0x08080808;
    expect(c.lookup(p)).toBeUndefined();
  });

  it('breaks ties between overlapping equal-priority flows by insertion order, every time', () => {
    const c = new Classifier<string>(budget);
    c.insert(m([[10, 0, 0xffffffff]]), 200, 'reg0=0');
    c.insert(m([[11, 0, 0xffffffff]]), 200, 'reg1=0');
    expect(c.lookup(newPacket())).toBe('reg0=0');
  });

  it('agrees with a linear scan on random tables and packets', () => {
    const field = fc.constantFrom(3, 4, 10, 11);
    const mask = fc.constantFrom(0xffffffff, 0xffffff00, 0xffff0000, 0xf0000000, 0);
    const flow = fc.record({
      fields: fc.uniqueArray(fc.tuple(field, fc.integer({ min: 0, max: 7 }), mask), {
        selector: (t) => t[0],
        maxLength: 3,
      }),
      priority: fc.integer({ min: 0, max: 5 }),
    });
    fc.assert(
      fc.property(
        fc.array(flow, { maxLength: 40 }),
        fc.array(fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 4, maxLength: 4 }), { maxLength: 20 }),
        (flows, packets) => {
          const c = new Classifier<number>(budget);
          // distinct priorities so the winner is unique and both sides must agree exactly
          const compiled = flows.map((f, id) => ({
            match: m(
              f.fields.map(
                ([slot, v, msk]) => [slot, (v * 0x01010101) >>> 0, msk] as [number, number, number],
              ),
            ),
            priority: f.priority * 100 + (flows.length - id),
            id,
          }));
          for (const f of compiled) c.insert(f.match, f.priority, f.id);
          for (const vals of packets) {
            const p = new Array<number>(FIELD_COUNT).fill(0);
            [3, 4, 10, 11].forEach((slot, i) => (p[slot] = (vals[i]! * 0x01010101) >>> 0));
            expect(c.lookup(p)).toBe(linear(compiled, p));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('Classifier: flows inserted after the index is built', () => {
  it('are found like the others, ties still by insertion order', () => {
    const c = new Classifier<string>(0);
    c.insert(m([[10, 0, 0xffffffff]]), 100, 'first');
    expect(c.lookup(newPacket())).toBe('first');
    c.insert(m([[11, 0, 0xffffffff]]), 100, 'tie, later');
    c.insert(m([[3, 0, 0xffffffff]]), 300, 'higher');
    expect(c.lookup(newPacket())).toBe('higher');
    const d = new Classifier<string>(Infinity);
    d.insert(m([[10, 0, 0xffffffff]]), 100, 'first');
    expect(d.lookup(newPacket())).toBe('first');
    d.insert(m([[3, 0, 0xffffffff]]), 300, 'higher');
    d.insert(m([[11, 0, 0xffffffff]]), 300, 'tie, later');
    expect(d.lookup(newPacket())).toBe('higher');
    expect(d.size).toBe(3);
  });
});
