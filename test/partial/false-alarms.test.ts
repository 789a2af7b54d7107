/**
 * Partial and look-alike input on the whole pipeline (artifacts → model → every check): a filtered
 * flow dump, `iptables-save -t nat`, a grep-cut output and `route -n` text never become findings
 * the whole healthy snapshot does not have; the facet is unknown and an input warning says why.
 */
import { describe, expect, it } from 'vitest';
import type { Artifact, Snapshot } from '../../src/artifacts/types.js';
import { analyzeSnapshot } from '../../src/checks/analyze.js';
import { buildModel } from '../../src/model/index.js';
import { SEVERITY_RANK } from '../../src/checks/types.js';
import { healthyTexts } from '../checks/model-fixtures.js';
import { toSnapshot } from '../checks/snapshot-fixtures.js';

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
