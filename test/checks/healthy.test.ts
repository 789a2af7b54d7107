import { describe, expect, it } from 'vitest';
import { ALL_CHECKS, runChecks } from '../../src/checks/index.js';
import { SEVERITY_RANK } from '../../src/checks/types.js';
import { modelWith } from './model-fixtures.js';

describe('healthy 3-node cluster across ALL checks', () => {
  const r = runChecks(modelWith());

  it('has no finding at warning or above (DESIGN.md §5: healthy lab)', () => {
    const loud = r.findings.filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK.warning);
    expect(loud.map((f) => `${f.check} ${f.node ?? ''} ${f.message.en}`)).toEqual([]);
  });

  it('has no finding at all, and every check passes', () => {
    expect(r.findings.map((f) => f.message.en)).toEqual([]);
    expect(
      r.statuses.filter((s) => s.status !== 'pass').map((s) => [s.check, s.unknown.map((u) => u.reason.en)]),
    ).toEqual([]);
    expect(r.statuses).toHaveLength(ALL_CHECKS.length);
  });
});
