import { describe, expect, it } from 'vitest';
import { analyzeSnapshot } from '../../src/checks/analyze.js';
import { SEVERITY_RANK } from '../../src/checks/types.js';
import { dropLines, healthyTexts, onNode, replaceOnce, type ClusterTexts } from './model-fixtures.js';
import { toSnapshot } from './snapshot-fixtures.js';

/** The whole pipeline: artifacts → buildModel (real parsers, real normalizers) → every check. */
function analyze(mutate: (t: ClusterTexts) => void = () => {}) {
  const t = healthyTexts();
  mutate(t);
  return analyzeSnapshot(toSnapshot(t));
}

describe('analyzeSnapshot (buildModel + every check)', () => {
  it('healthy snapshot: no finding at warning or above, no input warning', () => {
    const r = analyze();
    const loud = r.findings.filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK.warning);
    expect(loud.map((f) => `${f.check} ${f.node ?? ''} ${f.message.en}`)).toEqual([]);
    expect(r.warnings.map((w) => `${w.source}:${w.line ?? ''} ${w.message.en}`)).toEqual([]);
    expect(r.nodes).toEqual(['node-1', 'node-2', 'node-3']);
  });

  it('several faults at once: each one found, nothing else', () => {
    const r = analyze((t) => {
      onNode('node-1', (n) => (n.sysctl = 'net.ipv4.ip_forward = 0\n'))(t);
      onNode('node-2', (n) => (n.flows = dropLines(n.flows, /table=70, .*nw_dst=10\.128\.2\.2 /)))(t);
      onNode(
        'node-3',
        (n) =>
          (n.iptables = replaceOnce(
            n.iptables,
            /\n(-A INPUT -m comment --comment "firewall overrides")/,
            '\n-A INPUT -p udp -m udp --dport 4789 -j DROP\n$1',
          )),
      )(t);
    });
    const loud = r.findings.filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK.warning);
    expect(loud.map((f) => `${f.fault} ${f.node}`).sort()).toEqual([
      'flow-pod-missing node-2',
      'ip-forward-off node-1',
      'iptables-drop node-3',
    ]);
  });

  it('an unreadable artifact gives a warning and unknown checks, never a pass', () => {
    const r = analyze(
      onNode('node-2', (n) => (n.sysctl = '\u0000\u0001 garbage that is no sysctl output\n')),
    );
    const ipf = r.statuses.find((s) => s.check === 'ip-forward');
    expect(ipf?.status).toBe('unknown');
    expect(ipf?.unknown.map((u) => u.node)).toContain('node-2');
    expect(r.warnings.some((w) => w.source === 'nodes/node-2/sysctl.txt')).toBe(true);
  });
});
