import { describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../src/checks/analyze.js';
import { msg } from '../../src/i18n/message.js';
import { renderText } from '../../src/report/index.js';
import { faultyResult, healthyResult } from './result-fixtures.js';

describe('terminal report', () => {
  const faulty = faultyResult();

  it('groups findings by layer in the guide order (§5 before §7.4 before §7.4.1)', () => {
    const out = renderText(faulty, { lang: 'en' });
    const svc = out.indexOf('== Services and endpoints (§5) ==');
    const ovs = out.indexOf('== Node: Open vSwitch (br0) (§7.4) ==');
    const ipt = out.indexOf('== Node: iptables (§7.4.1) ==');
    expect(svc).toBeGreaterThanOrEqual(0);
    expect(ovs).toBeGreaterThan(svc);
    expect(ipt).toBeGreaterThan(ovs);
  });

  it('shows severity, object, evidence artifact:line excerpt, fix and guide section', () => {
    const out = renderText(faulty, { lang: 'en' });
    expect(out).toContain('ERROR flow-pod-missing  node node-2, pod demo/web-1-d3e4f');
    expect(out).toMatch(/nodes\/node-1\/iptables-save\.txt:\d+ {2}-A FORWARD -d 10\.128\.2\.2\/32 -j DROP/);
    expect(out).toContain('fix: Delete the pod');
    expect(out).toContain('guide: §7.4 (36.7.4 / 39.7.4) · flow-pod');
    expect(out).toMatch(/Summary: \d+ errors?,/);
  });

  it('speaks Japanese with the guide terms', () => {
    const out = renderText(faulty, { lang: 'ja' });
    expect(out).toContain('エラー flow-pod-missing  ノード node-2, Pod demo/web-1-d3e4f');
    expect(out).toContain('証拠:');
    expect(out).toContain('対処:');
    expect(out).toContain('ガイド: §7.4');
    expect(out).toContain('要約:');
  });

  it('colours only when asked', () => {
    expect(renderText(faulty, { lang: 'en' })).not.toContain('\u001b[');
    expect(renderText(faulty, { lang: 'en', color: true })).toContain('\u001b[1m\u001b[31m'); // ERROR: bold red
  });

  it('escapes control characters in excerpts visibly and lists input warnings', () => {
    const r: AnalysisResult = {
      ...faulty,
      findings: [
        {
          check: 'x',
          severity: 'error',
          section: '10',
          message: msg('m', 'メ'),
          fix: msg('f', 'フ'),
          evidence: [{ artifact: 'a.txt', line: 3, excerpt: 'evil\u001b[2Jline\r\u0007' }],
        },
      ],
      warnings: [
        {
          source: 'nodes/n/x.txt',
          node: 'n',
          line: 7,
          message: msg('bad line', '不正な行'),
          excerpt: 'q\u001bz',
        },
      ],
    };
    const out = renderText(r, { lang: 'en' });
    // eslint-disable-next-line no-control-regex
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(out).toContain('a.txt:3  evil\\x1b[2Jline\\r\\x07');
    expect(out).toContain('Input warnings (1):');
    expect(out).toContain('nodes/n/x.txt:7 [n]: bad line — q\\x1bz');
  });

  it('healthy: says so', () => {
    const out = renderText(healthyResult(), { lang: 'en' });
    expect(out).toContain('No problems found.');
    expect(out).toMatch(/Summary: 0 errors, 0 warnings, 0 info/);
  });
});
