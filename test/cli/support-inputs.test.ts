/**
 * The built CLI on what a support engineer receives: a must-gather plus one sosreport
 * per node (testkit/support-inputs.ts, made from the lab outputs of examples/faulty-3node).
 * `analyze PATH...` and `trace` / `matrix` with `--bundle` repeated read the same list and answer
 * as they do on our own bundle of the same lab.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundle } from '../../src/sources/bundle/index.js';
import {
  nodesOf,
  packSosreport,
  sosListings,
  writeMustGather,
  writeSosreport,
} from '../../testkit/support-inputs.js';
import { tempDir } from '../bundle/helpers.js';
import { buildOnce, ROOT, sdnDoctor } from './built.js';

const EXAMPLE = join(ROOT, 'examples/faulty-3node');

interface Finding {
  check: string;
  severity: string;
  node?: string;
  message: { en: string };
  evidence: { artifact: string }[];
}
const findings = (stdout: string) =>
  (JSON.parse(stdout) as { findings: Finding[] }).findings
    .map((f) => `${f.check} ${f.severity} ${f.node ?? ''} ${f.message.en}`)
    .sort();

describe('must-gather + sosreports through the built CLI', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let inputs: string[];
  beforeAll(async () => {
    await buildOnce();
    tmp = await tempDir();
    const whole = await readBundle(EXAMPLE);
    const reports = [];
    for (const node of nodesOf(whole))
      reports.push(await writeSosreport(tmp.path, whole, node, sosListings('faulty-3node')));
    // one report as sos's .tar.xz, the others extracted: both forms in one run
    inputs = [
      await writeMustGather(tmp.path, whole),
      await packSosreport(reports[0] as string),
      ...reports.slice(1),
    ];
  }, 300_000);
  afterAll(async () => tmp?.cleanup());

  it('analyze MUST-GATHER SOSREPORT...: the findings of the bundle, evidence in the sos files', async () => {
    const ours = await sdnDoctor(['analyze', EXAMPLE, '-o', 'json']);
    const theirs = await sdnDoctor(['analyze', ...inputs, '-o', 'json']);
    expect(theirs.stderr).toBe('');
    expect(theirs.code).toBe(ours.code);
    // sos lists iptables (`-nvL`) but never saves them: the iptables checks are unknown, the rest equal
    const iptables = /^(iptables-drop|masquerade|kube-proxy-nat) /;
    expect(findings(theirs.stdout)).toEqual(findings(ours.stdout).filter((f) => !iptables.test(f)));
    expect(findings(theirs.stdout).length).toBe(3);
    const evidence = (JSON.parse(theirs.stdout) as { findings: Finding[] }).findings.flatMap((f) =>
      f.evidence.map((e) => e.artifact),
    );
    for (const e of evidence) expect(e).toMatch(/^sosreport-node-\d-[\w-]+(\.tar\.xz)?\/sos_commands\//);
  });

  it('trace --bundle repeated: the same hops as on the bundle (node-1 → node-2 dropped in table 90)', async () => {
    const args = ['--from', 'pod/demo/web-1-tlg9b', '--to', 'pod/shop/shop-1-gthnq:8080', '-o', 'json'];
    const ours = await sdnDoctor(['trace', '--bundle', EXAMPLE, ...args]);
    const theirs = await sdnDoctor(['trace', ...inputs.flatMap((i) => ['--bundle', i]), ...args]);
    expect(theirs.stderr).toBe('');
    expect(JSON.parse(theirs.stdout)).toEqual(JSON.parse(ours.stdout));
    expect((JSON.parse(theirs.stdout) as { disposition: string }).disposition).toBe('dropped');
    // the must-gather alone has no node facts: the same trace cannot be decided from it
    const apiOnly = await sdnDoctor(['trace', '--bundle', inputs[0] as string, ...args]);
    expect(JSON.parse(apiOnly.stdout)).not.toEqual(JSON.parse(ours.stdout));
  });

  it('matrix --bundle repeated: every pair as on the bundle; pod → service causes need iptables-save', async () => {
    interface Matrix {
      counts: unknown;
      pairs: { from: string; to: string; reachable: boolean; verdict: string }[];
      broken: { cause: string }[];
    }
    const ours = JSON.parse(
      (await sdnDoctor(['matrix', '--bundle', EXAMPLE, '-o', 'json'])).stdout,
    ) as Matrix;
    const run = await sdnDoctor(['matrix', ...inputs.flatMap((i) => ['--bundle', i]), '-o', 'json']);
    expect(run.stderr).toBe('');
    const theirs = JSON.parse(run.stdout) as Matrix;
    // the same 60 pairs with the same verdicts: nothing reachable on the bundle is called broken
    // here, nothing broken is called reachable
    expect(theirs.counts).toEqual(ours.counts);
    const verdicts = (m: Matrix) => m.pairs.map((p) => [p.from, p.to, p.reachable, p.verdict]);
    expect(verdicts(theirs)).toEqual(verdicts(ours));
    // the OpenFlow causes are the bundle's; the others are named as waiting for iptables, which sos
    // did not save (a trace through a node's netfilter stops there: ip_forward is behind it too)
    const causes = (m: Matrix) => m.broken.map((b) => b.cause);
    const unsaved = /^iptables of node node-\d was not collected$/;
    expect(causes(theirs).filter((c) => !unsaved.test(c))).toEqual(
      causes(ours).filter((c) => c.startsWith('dropped by a rule of table')),
    );
    expect(causes(theirs).filter((c) => unsaved.test(c)).length).toBeGreaterThan(0);
  });
});
