import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FAILOVER_STEP_IDS } from '../../../src/diagnose/steps-failover.js';
import type { DiagnoseResult, StepId, StepResult } from '../../../src/diagnose/types.js';
import { msg } from '../../../src/i18n/message.js';
import { HOPS, pathView } from '../../../src/report/html/diagnose.js';

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

describe('the VIP hop (§12) is drawn only for a URL on an IP failover VIP', () => {
  const step = (id: StepId): StepResult => ({
    id,
    section: id.startsWith('failover.') ? '12' : '3',
    title: msg(id, id),
    status: 'pass',
    ran: [],
    evidence: [],
    verdict: msg('ok', 'ok'),
    durationMs: 1,
  });
  const result = (ids: readonly StepId[]): DiagnoseResult => ({
    url: 'http://web.example.com/',
    verdict: { healthy: true, causes: [], unchecked: [] },
    steps: ids.map(step),
    durationMs: 1,
    api: {},
    artifacts: [],
  });
  const hopsOf = (r: DiagnoseResult): string[] =>
    [...pathView(r, 'en').html.matchAll(/data-hop="([^"]+)"/g)].map((m) => m[1]!);

  it('absent when no failover step ran, drawn between DNS and the router host when they did', () => {
    expect(hopsOf(result(['external.dns', 'external.router-host']))).not.toContain('vip');
    const withVip = hopsOf(result(['external.dns', ...FAILOVER_STEP_IDS, 'external.router-host']));
    expect(withVip.slice(0, 3)).toEqual(['dns', 'vip', 'router-host']);
  });
});
