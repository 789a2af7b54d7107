/**
 * A field a check reads, present with a wrong type or value, is an input warning naming the object
 * and the field, and the dependent checks say `unknown` — never `pass` on input that was not read.
 */
import { describe, expect, it } from 'vitest';
import { analyzeSnapshot } from '../../src/checks/analyze.js';
import { healthyTexts, type ClusterTexts } from '../checks/model-fixtures.js';
import { toSnapshot } from '../checks/snapshot-fixtures.js';

function analyze(mutate: (t: ClusterTexts) => void) {
  const t = healthyTexts();
  mutate(t);
  return analyzeSnapshot(toSnapshot(t));
}
const status = (r: ReturnType<typeof analyze>, check: string) =>
  r.statuses.find((s) => s.check === check)?.status;

describe('invalid API fields', () => {
  it('healthy fixture: the service and pod checks pass (the cases below can fail)', () => {
    const r = analyze(() => {});
    expect(status(r, 'svc-no-endpoints')).toBe('pass');
    expect(status(r, 'flow-pod')).toBe('pass');
  });

  it('clusterIP as a number: warning naming the service and field; service checks unknown', () => {
    const r = analyze((t) => {
      (t.services[0] as { clusterIP: unknown }).clusterIP = 42;
    });
    const w = r.warnings.map((x) => x.message.en).join('\n');
    expect(w).toMatch(/services item \S+\/\S+: spec\.clusterIP is 42, not a valid value/);
    expect(status(r, 'svc-no-endpoints')).toBe('unknown');
    expect(status(r, 'kube-proxy-nat')).toBe('unknown');
    expect(r.findings.filter((f) => f.check === 'kube-proxy-nat')).toEqual([]);
  });

  it('an invalid clusterIP text ("172.30.999.1") is one warning, not three errors', () => {
    const r = analyze((t) => {
      (t.services[0] as { clusterIP: unknown }).clusterIP = '172.30.999.1';
    });
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(r.warnings.some((x) => x.message.en.includes('spec.clusterIP'))).toBe(true);
  });

  it('port "80x80": warning naming spec.ports[].port; service checks unknown', () => {
    const r = analyze((t) => {
      (t.services[0]!.ports[0] as { port: unknown }).port = '80x80';
    });
    expect(r.warnings.some((x) => x.message.en.includes('spec.ports[].port is "80x80"'))).toBe(true);
    expect(status(r, 'svc-no-endpoints')).toBe('unknown');
  });

  it('podIP as a number: warning naming the pod and status.podIP; pod checks unknown', () => {
    const r = analyze((t) => {
      (t.pods[0] as { podIP: unknown }).podIP = 168427522;
    });
    expect(r.warnings.some((x) => /pods item \S+: status\.podIP is 168427522/.test(x.message.en))).toBe(true);
    expect(status(r, 'flow-pod')).toBe('unknown');
  });

  it('a headless service (clusterIP None) is valid', () => {
    const r = analyze((t) => {
      (t.services[0] as { clusterIP: unknown }).clusterIP = 'None';
    });
    expect(r.warnings.some((x) => x.message.en.includes('spec.clusterIP'))).toBe(false);
  });

  it('garbage in ovs-vsctl list-br (an error page) is unreadable, not "no br0"', () => {
    const r = analyze((t) => {
      t.node['node-2']!.listBr = '<html>\n<title>502 Bad Gateway</title>\n</html>\n';
    });
    expect(r.findings.filter((f) => f.message.en.includes('no OVS bridge br0'))).toEqual([]);
    expect(r.warnings.some((w) => w.source.endsWith('ovs-list-br.txt'))).toBe(true);
  });

  it('a real list-br without br0 still says so', () => {
    const r = analyze((t) => {
      t.node['node-2']!.listBr = 'br-ex\n';
    });
    expect(r.findings.some((f) => f.message.en.includes('no OVS bridge br0'))).toBe(true);
  });
});

describe('a node journal that is not a journal', () => {
  it('healthy journal: setup-log passes (the cases below can fail)', () => {
    expect(
      status(
        analyze(() => {}),
        'setup-log',
      ),
    ).toBe('pass');
  });

  for (const [name, text] of [
    [
      'an HTML error page saved as the log',
      '<html><head><title>502 Bad Gateway</title></head>\n<body>nginx</body></html>\n',
    ],
    ['random bytes', '\u0000\u0001PK\u0003\u0004 x9$#@!\n\u00ff\u00fe\n'],
  ] as const) {
    it(`${name}: an input warning naming the file, setup-log unknown (read as bare lines it passed)`, () => {
      const r = analyze((t) => {
        (t.node['node-1'] as { journal?: string }).journal = text;
      });
      const w = r.warnings.map((x) => `${x.source ?? ''} ${x.message.en}`).join('\n');
      expect(w).toMatch(/node-1\/node-journal\.txt.*not a journal/);
      expect(status(r, 'setup-log')).toBe('unknown');
    });
  }
});
