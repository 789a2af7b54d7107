import { describe, expect, it } from 'vitest';
import { ALL_CHECKS, compareSections, defineCheck, runChecks } from '../../src/checks/index.js';
import { msg } from '../../src/i18n/message.js';
import { modelWith, onNode } from './model-fixtures.js';

const model = () => modelWith();

describe('runChecks', () => {
  it('turns a missing cluster facet into unknown without running the check', () => {
    let ran = false;
    const c = defineCheck({
      id: 'needs-routes',
      section: '4',
      severity: 'error',
      title: msg('t', 'テスト'),
      requires: { cluster: ['routes'] },
      run: () => {
        ran = true;
      },
    });
    const r = runChecks({ ...model(), routes: undefined }, [c]);
    expect(ran).toBe(false);
    expect(r.statuses[0]?.status).toBe('unknown');
    expect(r.statuses[0]?.unknown[0]?.reason.en).toContain('Routes');
    expect(r.statuses[0]?.unknown[0]?.reason.ja).toContain('判定できません');
  });

  it('runs on the nodes that have the node facets and reports the others unknown', () => {
    let seen: readonly string[] = [];
    const c = defineCheck({
      id: 'needs-sysctl',
      section: '7.3.1',
      severity: 'error',
      title: msg('t', 'テスト'),
      requires: { node: ['sysctls'] },
      run: (ctx) => {
        seen = ctx.nodes;
      },
    });
    const r = runChecks(modelWith(onNode('node-2', (n) => (n.sysctl = undefined))), [c]);
    expect(seen).toEqual(['node-1', 'node-3']);
    expect(r.statuses[0]?.status).toBe('unknown');
    expect(r.statuses[0]?.unknown.map((u) => u.node)).toEqual(['node-2']);
  });

  it('survives a check that throws: unknown with the error message', () => {
    const c = defineCheck({
      id: 'throws',
      section: '9',
      severity: 'error',
      title: msg('t', 'テスト'),
      requires: {},
      run: () => {
        throw new Error('boom');
      },
    });
    const r = runChecks(model(), [c]);
    expect(r.statuses[0]?.status).toBe('unknown');
    expect(r.statuses[0]?.unknown[0]?.reason.en).toContain('boom');
  });

  it('fills check, section, severity and fault from the definition; findings make it fail', () => {
    const c = defineCheck({
      id: 'fires',
      section: '7.4',
      severity: 'warning',
      fault: 'flow-pod-missing',
      title: msg('t', 'テスト'),
      requires: {},
      run: (ctx) => {
        ctx.report({ node: 'b', message: msg('two', '二'), fix: msg('f', '修正'), evidence: [] });
        ctx.report({
          node: 'a',
          severity: 'error',
          message: msg('one', '一'),
          fix: msg('f', '修正'),
          evidence: [],
        });
        ctx.unknown(msg('partly', '一部'));
      },
    });
    const r = runChecks(model(), [c]);
    expect(r.statuses[0]?.status).toBe('fail');
    expect(r.findings.map((f) => [f.node, f.severity, f.fault, f.check, f.section])).toEqual([
      ['a', 'error', 'flow-pod-missing', 'fires', '7.4'],
      ['b', 'warning', 'flow-pod-missing', 'fires', '7.4'],
    ]);
  });

  it('orders statuses by guide section whatever the order given', () => {
    const r = runChecks(model(), [...ALL_CHECKS].reverse());
    const sections = r.statuses.map((s) => s.section);
    expect([...sections].sort(compareSections)).toEqual(sections);
    expect(sections[0]).toBe('4');
    expect(sections[sections.length - 1]).toBe('13.3'); // veth-peer (§13.3) is the last
  });

  it('compares sections numerically', () => {
    expect(['10', '7.4.1', '8, 13.2', '7.4', '3, 4', '11'].sort(compareSections)).toEqual([
      '3, 4',
      '7.4',
      '7.4.1',
      '8, 13.2',
      '10',
      '11',
    ]);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(runChecks(model()))).toBe(JSON.stringify(runChecks(model())));
  });
});
