/**
 * Partial and look-alike input on the whole pipeline (artifacts → model → every check): a filtered
 * flow dump, `iptables-save -t nat`, a grep-cut output and `route -n` text never become findings
 * the whole healthy snapshot does not have; the facet is unknown and an input warning says why.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Artifact, Snapshot } from '../../src/artifacts/types.js';
import { analyzeSnapshot } from '../../src/checks/analyze.js';
import { buildModel } from '../../src/model/index.js';
import { SEVERITY_RANK } from '../../src/checks/types.js';
import { healthyTexts } from '../checks/model-fixtures.js';
import { toSnapshot } from '../checks/snapshot-fixtures.js';
import { readBundle } from '../../src/sources/bundle/index.js';

const healthy = (): Snapshot => toSnapshot(healthyTexts());

function withArtifact(s: Snapshot, id: string, change: (a: Artifact) => Artifact): Snapshot {
  let hit = false;
  const artifacts = s.artifacts.map((a) => {
    if (a.id !== id) return a;
    hit = true;
    return change(a);
  });
  if (!hit) throw new Error(`no artifact ${id}`);
  return { ...s, artifacts };
}

const loud = (s: Snapshot) =>
  analyzeSnapshot(s)
    .findings.filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK.warning)
    .map((f) => `${f.check} ${f.node ?? ''} ${f.message.en}`);

const keepLines = (text: string, keep: (l: string) => boolean) =>
  text
    .split('\n')
    .filter((l, i) => i === 0 || l === '' || keep(l))
    .join('\n');

describe('partial input: unknown with a warning naming what was dumped, never a finding', () => {
  it('the healthy snapshot has no loud finding (the baseline the others are held to)', () => {
    expect(loud(healthy())).toEqual([]);
  });

  it('dump-flows br0 table=100: flows unknown, "only table 100 was dumped"', () => {
    const s = withArtifact(healthy(), 'nodes/node-1/ovs-flows.txt', (a) => ({
      ...a,
      argv: [...a.argv, 'table=100'],
      text: keepLines(a.text, (l) => /table=100\b/.test(l)),
    }));
    expect(loud(s)).toEqual([]);
    const r = analyzeSnapshot(s);
    expect(r.warnings.map((w) => w.message.en)).toContainEqual(
      expect.stringContaining('only table 100 was dumped'),
    );
    const flowChecks = r.statuses.filter((c) => c.check.startsWith('flow-'));
    expect(flowChecks.length).toBeGreaterThan(0);
    for (const c of flowChecks) expect(c.status, c.check).toBe('unknown');
  });

  it('a pasted dump of one table with no command line: the content says it is partial', () => {
    const s = withArtifact(healthy(), 'nodes/node-2/ovs-flows.txt', (a) => ({
      ...a,
      text: keepLines(a.text, (l) => /table=70\b/.test(l)),
    }));
    expect(loud(s)).toEqual([]);
    expect(analyzeSnapshot(s).warnings.map((w) => w.message.en)).toContainEqual(
      expect.stringContaining('only table 70 is in the dump'),
    );
  });

  it('iptables-save -t nat and a `| grep KUBE` cut: no filter-table finding', () => {
    const nat = withArtifact(healthy(), 'nodes/node-3/iptables-save.txt', (a) => ({
      ...a,
      argv: ['iptables-save', '-t', 'nat'],
      text: a.text.slice(a.text.indexOf('*nat')),
    }));
    expect(loud(nat)).toEqual([]);
    expect(analyzeSnapshot(nat).warnings.map((w) => w.message.en)).toContainEqual(
      expect.stringContaining('only the nat table was saved'),
    );
    const cut = withArtifact(healthy(), 'nodes/node-3/iptables-save.txt', (a) => ({
      ...a,
      argv: ['iptables-save', '|', 'grep', 'KUBE'],
      text: keepLines(a.text, (l) => l.includes('KUBE')),
    }));
    expect(loud(cut)).toEqual([]);
    expect(analyzeSnapshot(cut).warnings.map((w) => w.message.en)).toContainEqual(
      expect.stringContaining('only the lines `grep KUBE` kept were captured'),
    );
  });

  it('route -n text where ip route was expected: read as the same routes, no "no route via tun0"', () => {
    const routeN = [
      'Kernel IP routing table',
      'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface',
      '0.0.0.0         192.168.50.1    0.0.0.0         UG    100    0        0 eth0',
      '10.128.0.0      0.0.0.0         255.252.0.0     U     0      0        0 tun0',
      '172.30.0.0      0.0.0.0         255.255.0.0     U     0      0        0 tun0',
      '192.168.50.0    0.0.0.0         255.255.255.0   U     100    0        0 eth0',
      '',
    ].join('\n');
    const s = withArtifact(healthy(), 'nodes/node-1/ip-route.txt', (a) => ({ ...a, text: routeN }));
    expect(loud(s)).toEqual([]);
    const routes = buildModel(s).model.nodeFacts['node-1']?.routes?.value ?? [];
    expect(routes.find((x) => x.dst === '10.128.0.0/14')?.dev).toBe('tun0');
  });
});

/**
 * The false alarms (and false passes) of issue 13, reproduced on the example lab bundle with the
 * look-alike text in place of the node's own output: none adds a finding at warning or above;
 * where the text cannot be read the facet is unknown with a warning naming the form, and where it
 * can, a real problem in it is still found.
 */
describe('issue 13 look-alikes on the lab bundle', () => {
  let lab: Snapshot;
  beforeAll(async () => {
    lab = await readBundle(join(import.meta.dirname, '../../examples/healthy-3node'));
  });
  const journalOf = (s: Snapshot, node: string) =>
    s.artifacts.find((a) => a.node === node && a.kind === 'node-journal') as Artifact;
  const SHORT = /^(\w{3}) (\d\d) (\d\d:\d\d:\d\d) (\S+) ([^:]+): (.*)$/;
  const statusOf = (s: Snapshot, check: string) => analyzeSnapshot(s).statuses.find((c) => c.check === check);

  it('the lab bundle is the baseline: no loud finding', () => {
    expect(loud(lab)).toEqual([]);
  });

  it('klog behind `oc logs --timestamps` keeps its level: healthy stays silent, an E line is seen', () => {
    const j = journalOf(lab, 'node-1');
    const podLog = j.text
      .split('\n')
      .filter((l) => / atomic-openshift-node\[\d+\]: /.test(l))
      .map((l) => l.replace(SHORT, '2026-11-21T$3.123456789Z $6'));
    const asPodLog = (lines: string[]): Snapshot =>
      withArtifact(lab, j.id, (a) => ({
        ...a,
        kind: 'sdn-pod-log',
        argv: ['oc', 'logs', '--timestamps', '-n', 'openshift-sdn', 'sdn-7aa60', '-c', 'sdn'],
        text: `${lines.join('\n')}\n`,
      }));
    const healthyLog = asPodLog(podLog);
    expect(loud(healthyLog)).toEqual([]);
    expect(analyzeSnapshot(healthyLog).warnings).toEqual([]);
    // an error-level klog line whose text has no "error"/"failed" word: only its level says so
    const e =
      '2026-11-21T22:48:15.123456789Z E1121 22:48:15.000000    9312 vnids.go:120] could not get the VNID of namespace demo from the SDN master';
    expect(loud(asPodLog([...podLog, e]))).toEqual([
      'setup-log node-1 The node service on node-1 logged 1 SDN-related error line, first: E1121 22:48:15.000000    9312 vnids.go:120] could not get the VNID of namespace demo from the SDN master',
    ]);
  });

  it('a journal with localized month names is read: healthy stays silent, a stuck node fails setup-log', () => {
    const j = journalOf(lab, 'node-2');
    for (const month of ['11月', 'Nov.', 'нояб.']) {
      const localized = j.text.replace(/^Nov /gm, `${month} `);
      const s = withArtifact(lab, j.id, (a) => ({ ...a, text: localized }));
      expect(loud(s), month).toEqual([]);
      expect(analyzeSnapshot(s).warnings, month).toEqual([]);
      const stuck = `${month} 21 22:48:20 node-2 atomic-openshift-node[9312]: W1121 22:48:20.000000    9312 subnets.go:156] Could not find an allocated subnet for node: node-2, Waiting...\n`;
      const s2 = withArtifact(lab, j.id, (a) => ({ ...a, text: localized + stuck }));
      expect(statusOf(s2, 'setup-log')?.status, month).toBe('fail');
    }
  });

  it('a node stuck on "Could not find an allocated subnet … Waiting" (openshift/sdn subnets.go) fails setup-log', () => {
    const j = journalOf(lab, 'node-3');
    // getLocalSubnet's retries, then the error Start() returns when its backoff ends (cmd.go: klog.Fatalf)
    const lines = [
      ...[20, 21, 23, 26].map(
        (s) =>
          `Nov 21 22:48:${s} node-3 atomic-openshift-node[9312]: W1121 22:48:${s}.000000    9312 subnets.go:156] Could not find an allocated subnet for node: node-3, Waiting...`,
      ),
      'Nov 21 22:50:30 node-3 atomic-openshift-node[9312]: F1121 22:50:30.000000    9312 cmd.go:119] Failed to start sdn: failed to get subnet for this host: node-3, error: timed out waiting for the condition',
    ];
    const s = withArtifact(lab, j.id, (a) => ({ ...a, text: `${a.text}${lines.join('\n')}\n` }));
    expect(statusOf(s, 'setup-log')?.status).toBe('fail');
    const f = analyzeSnapshot(s).findings.find((x) => x.check === 'setup-log' && x.severity === 'error');
    expect(f?.node).toBe('node-3');
    expect(f?.evidence.length).toBe(5);
    // a wait that ended (the HostSubnet came and the setup ran) is not the node's state
    const recovered = [
      ...lines.slice(0, 2),
      'Nov 21 22:48:24 node-3 atomic-openshift-node[9312]: I1121 22:48:24.000000    9312 node.go:420] Output of setup script:',
    ];
    const ok = withArtifact(lab, j.id, (a) => ({ ...a, text: `${a.text}${recovered.join('\n')}\n` }));
    expect(loud(ok)).toEqual([]);
  });

  it('iptables -L listings where iptables-save was expected: unknown, the form named, no finding', () => {
    const fixtures = join(import.meta.dirname, '../fixtures/iptables');
    for (const [file, form] of [
      ['captured-lab-filter-L-v.txt', 'iptables -L -v'],
      ['captured-lab-filter-L.txt', 'iptables -L'],
      ['captured-lab-nat-L.txt', 'iptables -L'],
      ['captured-lab-filter-nvL.txt', 'iptables -L -n -v'],
    ] as const) {
      const s = withArtifact(lab, 'nodes/node-1/iptables-save.txt', (a) => ({
        ...a,
        text: readFileSync(join(fixtures, file), 'utf8'),
      }));
      expect(loud(s), file).toEqual([]);
      const r = analyzeSnapshot(s);
      expect(r.warnings.map((w) => w.message.en)).toContainEqual(
        `this is \`${form}\` output (a rule listing), not iptables-save; it is not read (capture \`iptables-save\`)`,
      );
      for (const check of ['iptables-drop', 'masquerade', 'kube-proxy-nat'])
        expect(statusOf(s, check)?.status, `${file} ${check}`).toBe('unknown');
    }
  });
});
