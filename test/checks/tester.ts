/**
 * Table-driven tester for checks (DESIGN.md §6, after typescript-eslint's RuleTester): every check
 * is run alone over models where it must stay silent (`valid`), must fire with exactly the listed
 * findings (`invalid`), and must answer `unknown` (never `pass`) for lack of data (`unknown`).
 */
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../src/checks/run.js';
import type { CheckDefinition, Finding, Severity } from '../../src/checks/types.js';
import type { FaultId } from '../../src/model/faults.js';
import type { ClusterModel } from '../../src/model/types.js';

type ModelSource = ClusterModel | (() => ClusterModel);

export interface ExpectedFinding {
  readonly fault?: FaultId | null;
  readonly severity?: Severity;
  readonly node?: string;
  readonly pod?: string;
  readonly service?: string;
  readonly route?: string;
  /** `namespace/name` of the NetworkPolicy behind the finding. */
  readonly policy?: string;
  readonly messageIncludes?: string;
}

export interface CheckCases {
  readonly valid: readonly { readonly name: string; readonly model: ModelSource }[];
  readonly invalid: readonly {
    readonly name: string;
    readonly model: ModelSource;
    readonly expect: readonly ExpectedFinding[];
  }[];
  readonly unknown: readonly { readonly name: string; readonly model: ModelSource; readonly node?: string }[];
}

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

function load(m: ModelSource): ClusterModel {
  return typeof m === 'function' ? m() : m;
}

function fits(f: Finding, e: ExpectedFinding): boolean {
  return (
    (e.fault === undefined || (e.fault === null ? f.fault === undefined : f.fault === e.fault)) &&
    (e.severity === undefined || f.severity === e.severity) &&
    (e.node === undefined || f.node === e.node) &&
    (e.pod === undefined || f.pod === e.pod) &&
    (e.service === undefined || f.service === e.service) &&
    (e.route === undefined || f.route === e.route) &&
    (e.policy === undefined || f.policy === e.policy) &&
    (e.messageIncludes === undefined || f.message.en.includes(e.messageIncludes))
  );
}

function describeFindings(fs: readonly Finding[]): string {
  return (
    fs.map((f) => `  [${f.severity}] ${f.fault ?? '-'} ${f.node ?? ''} ${f.message.en}`).join('\n') ||
    '  (none)'
  );
}

/** Checks what every finding must carry: both languages, evidence with an artifact. */
function assertWellFormed(f: Finding): void {
  expect(f.message.en.length, 'English message').toBeGreaterThan(0);
  expect(f.fix.en.length, 'English fix').toBeGreaterThan(0);
  expect(f.message.ja, 'Japanese message').toMatch(JAPANESE);
  expect(f.fix.ja, 'Japanese fix').toMatch(JAPANESE);
  expect(f.evidence.length, 'evidence').toBeGreaterThan(0);
  for (const ev of f.evidence) {
    expect(ev.artifact, 'evidence artifact').not.toBe('');
    expect(ev.excerpt, 'evidence excerpt').not.toBe('');
  }
}

export function checkTester(check: CheckDefinition, cases: CheckCases): void {
  describe(`check ${check.id}`, () => {
    it('has cases of every kind', () => {
      expect(cases.valid.length).toBeGreaterThan(0);
      expect(cases.invalid.length).toBeGreaterThan(0);
      expect(cases.unknown.length).toBeGreaterThan(0);
    });
    for (const c of cases.valid) {
      it(`stays silent: ${c.name}`, () => {
        const r = runChecks(load(c.model), [check]);
        expect(r.findings, describeFindings(r.findings)).toEqual([]);
        expect(r.statuses[0]?.status, JSON.stringify(r.statuses[0]?.unknown)).toBe('pass');
      });
    }
    for (const c of cases.invalid) {
      it(`fires: ${c.name}`, () => {
        const r = runChecks(load(c.model), [check]);
        const left = [...r.findings];
        for (const e of c.expect) {
          const i = left.findIndex((f) => fits(f, e));
          expect(
            i,
            `expected ${JSON.stringify(e)} among:\n${describeFindings(r.findings)}`,
          ).toBeGreaterThanOrEqual(0);
          left.splice(i, 1);
        }
        expect(left, `unexpected findings:\n${describeFindings(left)}`).toEqual([]);
        for (const f of r.findings) {
          assertWellFormed(f);
          expect(f.check).toBe(check.id);
          expect(f.section).toBe(check.section);
        }
        expect(r.statuses[0]?.status).toBe('fail');
      });
    }
    for (const c of cases.unknown) {
      it(`is unknown: ${c.name}`, () => {
        const r = runChecks(load(c.model), [check]);
        expect(r.findings, describeFindings(r.findings)).toEqual([]);
        const st = r.statuses[0];
        expect(st?.status).toBe('unknown');
        expect(st?.unknown.length).toBeGreaterThan(0);
        for (const u of st?.unknown ?? []) expect(u.reason.ja).toMatch(JAPANESE);
        if (c.node !== undefined) expect(st?.unknown.map((u) => u.node)).toContain(c.node);
      });
    }
  });
}
