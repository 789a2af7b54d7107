import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../src/checks/index.js';
import { buildTestModel, healthyTexts, NODES, type NodeTexts } from './model-fixtures.js';

const KEYS: (keyof NodeTexts)[] = [
  'ipAddr',
  'ipRoute',
  'sysctl',
  'listBr',
  'ports',
  'flows',
  'iptables',
  'resolvConf',
  'nodeConfig',
  'journal',
];

/** One damage to one node output: a line dropped, cut short, or the whole text gone. */
const damage = fc.record({
  node: fc.constantFrom(...NODES.map((n) => n.name)),
  key: fc.constantFrom(...KEYS),
  kind: fc.constantFrom('drop-line', 'cut-line', 'remove', 'truncate'),
  at: fc.nat(),
  cut: fc.nat(),
});

describe('checks on damaged input', () => {
  it('never throw, and a missing facet is never a pass', () => {
    fc.assert(
      fc.property(fc.array(damage, { minLength: 1, maxLength: 6 }), (damages) => {
        const t = healthyTexts();
        for (const d of damages) {
          const n = t.node[d.node] as NodeTexts;
          const text = n[d.key];
          if (text === undefined) continue;
          const lines = text.split('\n');
          const i = d.at % lines.length;
          if (d.kind === 'remove') n[d.key] = undefined;
          else if (d.kind === 'truncate') n[d.key] = text.slice(0, d.cut % (text.length + 1));
          else if (d.kind === 'drop-line')
            n[d.key] = [...lines.slice(0, i), ...lines.slice(i + 1)].join('\n');
          else {
            const line = lines[i] ?? '';
            lines[i] = line.slice(0, d.cut % (line.length + 1));
            n[d.key] = lines.join('\n');
          }
        }
        const r = runChecks(buildTestModel(t));
        for (const s of r.statuses) {
          for (const u of s.unknown) expect(u.reason.en, s.check).not.toMatch(/^the check failed/);
        }
        const removed = damages.filter((d) => d.kind === 'remove');
        const needs: Partial<Record<keyof NodeTexts, string[]>> = {
          sysctl: ['ip-forward'],
          iptables: ['kube-proxy-nat'],
        };
        for (const d of removed) {
          for (const check of needs[d.key] ?? []) {
            expect(r.statuses.find((s) => s.check === check)?.status).not.toBe('pass');
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
