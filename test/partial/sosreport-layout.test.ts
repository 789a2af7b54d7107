/**
 * sosreport directories as sos writes them (sos_commands/<plugin>/<mangled command>, copied files
 * at their path, `hostname` at the top) and a must-gather as `oc adm must-gather` writes it, built
 * from the lab outputs of our example bundles (testkit/support-inputs.ts): the must-gather plus one
 * report per node give exactly the findings of the bundle, and every finding's evidence names the
 * file inside the input the person received.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/artifacts/types.js';
import { analyzeSnapshot } from '../../src/checks/analyze.js';
import { readInputs } from '../../src/sources/inputs.js';
import { readBundle } from '../../src/sources/bundle/index.js';
import { nodesOf, packSosreport, writeMustGather, writeSosreport } from '../../testkit/support-inputs.js';
import { tempDir } from '../bundle/helpers.js';

const EXAMPLES = join(import.meta.dirname, '../../examples');

const keys = (s: Snapshot) =>
  analyzeSnapshot(s)
    .findings.map((f) => `${f.check} ${f.severity} ${f.node ?? ''} ${f.fault ?? ''} ${f.message.en}`)
    .sort();

describe('a must-gather and one sosreport per node, as the tools write them', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => (tmp = await tempDir()));
  afterAll(async () => tmp.cleanup());

  for (const example of ['healthy-3node', 'faulty-3node']) {
    it(`${example}: exactly the bundle's findings; evidence names the sos / must-gather file`, async () => {
      const whole = await readBundle(join(EXAMPLES, example));
      const dir = join(tmp.path, example);
      const nodes = nodesOf(whole);
      const reports = [];
      for (const node of nodes) reports.push(await writeSosreport(dir, whole, node));
      for (const r of reports) expect((await readBundle(r)).collector).toBe('sosreport');
      // sos's own archive form: the same report as .tar.xz reads to the same artifacts
      const packed = await readBundle(await packSosreport(reports[0] as string));
      const unpacked = await readBundle(reports[0] as string);
      expect(packed.artifacts.map((a) => [a.id, a.kind, a.node, a.text])).toEqual(
        unpacked.artifacts.map((a) => [a.id, a.kind, a.node, a.text]),
      );
      expect(packed.artifacts.length).toBeGreaterThanOrEqual(10);

      const gather = await writeMustGather(dir, whole);
      const mg = await readBundle(gather);
      expect(mg.collector).toBe('must-gather');
      expect(mg.warnings).toEqual([]);

      // What `analyze must-gather.local.123 sosreport-… …` reads: nothing of our bundle is carried
      // over (not even the client's dig probes, which neither tool has).
      const merged = await readInputs([
        gather,
        ...reports.slice(1),
        await packSosreport(reports[0] as string),
      ]);
      expect(merged.warnings).toEqual([]);
      expect(keys(merged)).toEqual(keys(whole));
      if (example === 'faulty-3node') expect(keys(merged).length).toBe(5);

      const evidence = analyzeSnapshot(merged).findings.flatMap((f) => f.evidence.map((e) => e.artifact));
      if (example === 'faulty-3node') {
        expect(evidence.filter((e) => e.startsWith('sosreport-')).length).toBeGreaterThan(0);
        expect(
          evidence.some((e) => e.includes('sos_commands/openvswitch/ovs-ofctl_-O_OpenFlow13_dump-flows_br0')),
        ).toBe(true);
      }
      for (const e of evidence)
        expect(e).toMatch(
          /^(sosreport-node-\d-2026-12-04-abcdef(\.tar\.xz)?\/(sos_commands\/|etc\/)|must-gather\.local\.123\/)/,
        );
    });
  }

  it('an API object missing from the must-gather: the evidence names the must-gather files it was read from', async () => {
    const whole = await readBundle(join(EXAMPLES, 'healthy-3node'));
    const dir = join(tmp.path, 'api-evidence');
    const reports = [];
    for (const node of nodesOf(whole)) reports.push(await writeSosreport(dir, whole, node));
    const gather = await writeMustGather(dir, whole);
    const image = join(gather, 'quay-io-openshift-must-gather-sha256-abc');
    await rm(join(image, 'cluster-scoped-resources/network.openshift.io/hostsubnets/node-2.yaml'));
    const merged = await readInputs([gather, ...reports]);
    // a list read from several namespaces' files is cited by the glob of its files
    expect(merged.api.pods?.ok && merged.api.pods.source).toBe(
      'must-gather.local.123/namespaces/*/core/pods.yaml',
    );
    const hs = analyzeSnapshot(merged).findings.filter(
      (f) => f.check === 'hostsubnet' && f.node === 'node-2',
    );
    expect(hs.length).toBe(1);
    expect(hs[0]?.evidence.map((e) => e.artifact)).toEqual([
      // the tree inside the gather image's folder, as the importer reads it
      'must-gather.local.123/cluster-scoped-resources/network.openshift.io/hostsubnets/*.yaml',
    ]);
  });
});
