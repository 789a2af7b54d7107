import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { FAULT_IDS } from '../../src/model/faults.js';

const RULES_DIR = new URL('../../src/checks/rules/', import.meta.url);
const TESTS_DIR = new URL('./rules/', import.meta.url);

describe('check registry', () => {
  const files = readdirSync(RULES_DIR)
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();

  it('lists every file of src/checks/rules, and the id is the file name', () => {
    expect(ALL_CHECKS.map((c) => c.id).sort()).toEqual(files);
  });

  it('has a test file per check', () => {
    const tests = readdirSync(TESTS_DIR).map((f) => f.replace(/\.test\.ts$/, ''));
    for (const id of files) expect(tests).toContain(id);
  });

  it('cites a guide section and uses catalogue fault ids', () => {
    for (const c of ALL_CHECKS) {
      expect(c.section).toMatch(/^\d+(\.\d+)*(, \d+(\.\d+)*)*$/);
      if (c.fault) expect(FAULT_IDS).toContain(c.fault);
      expect(c.title.ja).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    }
  });
});
