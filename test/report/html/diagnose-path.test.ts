import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HOPS } from '../../../src/report/html/diagnose.js';

describe('diagnose path hops', () => {
  it('every step of the walk sits on exactly one hop of the guide path', () => {
    // the StepId union, read from its declaration so a new step cannot be forgotten here
    const src = readFileSync(new URL('../../../src/diagnose/types.ts', import.meta.url), 'utf8');
    const union = /export type StepId =([^;]+);/.exec(src)![1]!;
    const ids = [...union.matchAll(/'([^']+)'/g)].map((m) => m[1]);
    const onHops = HOPS.flatMap((h) => h.steps);
    expect([...onHops].sort()).toEqual([...ids].sort());
    expect(new Set(onHops).size).toBe(onHops.length);
  });
});
