import { describe, expect, it } from 'vitest';
import { renderJson, renderJunit } from '../../src/report/index.js';
import { faultyResult } from './result-fixtures.js';

describe('JSON report (contract)', () => {
  const r = faultyResult();
  const doc = JSON.parse(renderJson(r, 'en')) as {
    schemaVersion: number;
    findings: Record<string, unknown>[];
    checks: { check: string; status: string }[];
    warnings: unknown[];
  };

  it('has schemaVersion, findings, checks, warnings', () => {
    expect(Object.keys(doc)).toEqual(['schemaVersion', 'findings', 'checks', 'warnings']);
    expect(doc.schemaVersion).toBe(1);
    expect(doc.checks.length).toBe(r.statuses.length);
  });

  it('findings carry the contract fields, texts rendered in one language', () => {
    const f = doc.findings.find((x) => x.fault === 'flow-pod-missing');
    expect(f).toMatchObject({
      check: 'flow-pod',
      severity: 'error',
      section: '7.4',
      node: 'node-2',
      pod: 'demo/web-1-d3e4f',
    });
    expect(typeof f?.message).toBe('string');
    expect(typeof f?.fix).toBe('string');
    const ev = f?.evidence as { artifact: string; line?: number; excerpt: string }[];
    expect(ev.some((e) => e.artifact === 'nodes/node-2/ovs-flows.txt')).toBe(true);
    for (const x of doc.findings) {
      for (const k of Object.keys(x)) {
        expect([
          'check',
          'fault',
          'severity',
          'section',
          'node',
          'pod',
          'service',
          'route',
          'message',
          'fix',
          'evidence',
        ]).toContain(k);
      }
    }
  });

  it('Japanese rendering', () => {
    const ja = JSON.parse(renderJson(r, 'ja')) as { findings: { message: string }[] };
    expect(ja.findings[0]?.message).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
  });
});

describe('JUnit report', () => {
  it('one testcase per check, failures and skips counted, XML escaped', () => {
    const r = faultyResult();
    const xml = renderJunit(r, 'en');
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect((xml.match(/<testcase /g) ?? []).length).toBe(r.statuses.length);
    const failures = r.statuses.filter((s) => s.status === 'fail').length;
    expect(xml).toContain(`failures="${failures}"`);
    expect((xml.match(/<failure /g) ?? []).length).toBe(failures);
    for (const m of xml.matchAll(/ (?:message|name|type)="([^"]*)"/g))
      expect(m[1]).not.toMatch(/[<>&](?!amp;|lt;|gt;|quot;|apos;)/);
  });
});
