/**
 * Issue 15, §13.3 on the lab: `collect --lab` records every local pod's `ethtool -S eth0`
 * (peer_ifindex) and the `ethtool -i` drivers; the healthy lab passes the `veth-peer` check; with
 * `veth-peer-mismatch` (two pods of node-2 get each other's br0 port in their flows) the pods on
 * node-2 really stop answering, and `analyze` finds exactly that fault, on both pods; `diagnose` of
 * the route whose endpoint is one of them finds exactly that fault on that pod (its local.ovs step
 * reads the pods' `ethtool -S eth0`), the other pod of the swap being the same cause.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { faultOff, faultOn } from '../../src/lab/index.js';
import { canRunLab, diagnoseLab } from '../../testkit/lab-harness.js';
import { curl } from '../../testkit/lab-helpers.js';
import { sharedLab } from '../../testkit/lab-suite.js';
import { runCli as cli } from '../checks/run-cli.js';

interface JsonDoc {
  findings: { fault: string | null; severity: string; node?: string; pod?: string; check: string }[];
  checks: { check: string; status: string }[];
}

describe.skipIf(!canRunLab)('§13.3 veth peers on the lab (issue 15)', () => {
  const lab = sharedLab('vpm');
  const dir = mkdtempSync(join(tmpdir(), 'sdn-doctor-vpm-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function analyzeNow(
    tag: string,
    ...flags: string[]
  ): Promise<{ code: number | null; doc: JsonDoc; bundle: string }> {
    const bundle = join(dir, tag);
    const c = await cli(['collect', '--lab', lab.name, '-o', bundle, '-q', ...flags]);
    expect(c.code, c.stderr).toBe(0);
    const a = await cli(['analyze', bundle, '-o', 'json']);
    return { code: a.code, doc: JSON.parse(a.stdout) as JsonDoc, bundle };
  }
  const node2 = () => lab.status.pods.filter((p) => p.node === 'node-2');
  const client = () => lab.status.pods.find((p) => p.node === 'node-1')!;

  it('healthy: peers and drivers collected, veth-peer passes, nothing loud', async () => {
    const r = await analyzeNow('healthy');
    const [first] = node2();
    const stats = readFileSync(
      join(r.bundle, `nodes/node-2/pods/${first!.namespace}/${first!.name}/ethtool-S-eth0.txt`),
      'utf8',
    );
    expect(stats).toMatch(/peer_ifindex: \d+/);
    expect(readFileSync(join(r.bundle, 'nodes/node-2/ethtool-i/tun0.txt'), 'utf8')).toContain('driver:');
    expect(r.doc.checks.find((c) => c.check === 'veth-peer')?.status).toBe('pass');
    expect(r.doc.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    // --no-nic-details: none of §13.3's outputs, and the check says it could not decide
    const skipped = await analyzeNow('no-nic-details', '--no-nic-details');
    expect(existsSync(join(skipped.bundle, 'nodes/node-2/ethtool-i'))).toBe(false);
    expect(existsSync(join(skipped.bundle, 'nodes/node-2/pods'))).toBe(false);
    expect(skipped.doc.checks.find((c) => c.check === 'veth-peer')?.status).toBe('unknown');
  }, 180_000);

  it('veth-peer-mismatch on node-2: the pods stop answering, analyze finds it on both pods, diagnose on the reached one', async () => {
    const [a, b] = node2();
    const url = `http://${a!.ip}:8080/`;
    expect((await curl(client().netns, url)).http, 'before the fault').toBe('200');
    const f = await faultOn(lab.name, 'veth-peer-mismatch', { pod: `${a!.namespace}/${a!.name}` });
    try {
      expect(f.peerPod).toBe(`${b!.namespace}/${b!.name}`);
      expect((await curl(client().netns, url, 2)).http).not.toBe('200');
      const r = await analyzeNow('veth-peer-mismatch');
      const loud = r.doc.findings.filter((x) => x.severity !== 'info');
      expect(r.code).toBe(1);
      expect(loud.map((x) => `${x.fault}@${x.node}/${x.pod}`).sort()).toEqual(
        [a!, b!].map((p) => `veth-peer-mismatch@node-2/${p.namespace}/${p.name}`).sort(),
      );
      // diagnose of the route: the endpoint on node-2 does not answer, local.ovs says why
      const d = await diagnoseLab(lab.name, { timeoutMs: 3000 });
      expect(d.verdict.causes.map((c) => `${c.fault}@${c.node}/${c.pod}`)).toEqual([
        `veth-peer-mismatch@node-2/${a!.namespace}/${a!.name}`,
      ]);
      const ovs = d.steps.find((s) => s.id === 'local.ovs')!;
      expect(ovs.status).toBe('fail');
      expect(ovs.ran.some((r) => r.where === `pod/${a!.namespace}/${a!.name}` && r.argv.includes('-S'))).toBe(
        true,
      );
    } finally {
      await faultOff(lab.name, 'veth-peer-mismatch');
    }
    // healthy again: asked up to three times, as the guide's curl would be retried once the flows
    // are back (a SYN sent into the swapped ports meanwhile can leave the first attempt waiting)
    let after = '';
    for (let attempt = 0; attempt < 3 && after !== '200'; attempt++)
      after = (await curl(client().netns, url)).http;
    expect(after, 'after the fault is off').toBe('200');
    const healthy = await diagnoseLab(lab.name, { timeoutMs: 3000 });
    expect(healthy.verdict.healthy).toBe(true);
    expect(healthy.steps.find((s) => s.id === 'local.ovs')?.status).toBe('pass');
  }, 300_000);
});
