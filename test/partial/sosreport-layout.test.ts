/**
 * sosreport directories as sos writes them (sos_commands/<plugin>/<mangled command>, copied files
 * at their path, `hostname` at the top) and a must-gather as `oc adm must-gather` writes it, built
 * from the lab outputs of our example bundles (testkit/support-inputs.ts): the must-gather plus one
 * report per node give exactly the findings of the bundle, and every finding's evidence names the
 * file inside the input the person received.
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/artifacts/types.js';
import { analyzeSnapshot } from '../../src/checks/analyze.js';
import { readInputs } from '../../src/sources/inputs.js';
import { readBundle } from '../../src/sources/bundle/index.js';
import {
  asContainerLog,
  nodesOf,
  packSosreport,
  writeMustGather,
  sosListings,
  writeSosreport,
} from '../../testkit/support-inputs.js';
import { tempDir } from '../bundle/helpers.js';

const EXAMPLES = join(import.meta.dirname, '../../examples');

/** Checks that read a node's iptables-save (§7.4.1, §11). */
const IPTABLES_CHECKS = ['iptables-drop', 'masquerade', 'kube-proxy-nat'];

const keys = (s: Snapshot) =>
  analyzeSnapshot(s)
    .findings.map((f) => `${f.check} ${f.severity} ${f.node ?? ''} ${f.fault ?? ''} ${f.message.en}`)
    .sort();

describe('a must-gather and one sosreport per node, as the tools write them', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => (tmp = await tempDir()));
  afterAll(async () => tmp.cleanup());

  for (const example of ['healthy-3node', 'faulty-3node']) {
    it(`${example}: the bundle's findings (iptables ones unknown from sos listings, exact with must-gather network_logs/); evidence names the sos / must-gather file`, async () => {
      const whole = await readBundle(join(EXAMPLES, example));
      const dir = join(tmp.path, example);
      const nodes = nodesOf(whole);
      const reports = [];
      for (const node of nodes) reports.push(await writeSosreport(dir, whole, node, sosListings(example)));
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
      // sos lists iptables but never saves them: the checks that read iptables-save say unknown,
      // each report says why, and every other finding is the bundle's
      expect(merged.warnings).toEqual([]);
      const result = analyzeSnapshot(merged);
      expect(result.warnings.map((w) => w.node).sort()).toEqual(nodes);
      for (const w of result.warnings)
        expect(w.message.en).toMatch(/^node node-\d: only an iptables listing \(`iptables -t nat -nvL`\)/);
      for (const check of IPTABLES_CHECKS)
        expect(result.statuses.find((c) => c.check === check)?.status, check).toBe('unknown');
      const notIptables = (ks: string[]) =>
        ks.filter((k) => !IPTABLES_CHECKS.includes(k.split(' ')[0] as string));
      expect(keys(merged)).toEqual(notIptables(keys(whole)));
      if (example === 'faulty-3node') {
        expect(keys(merged).length).toBe(3);
        // the two iptables faults of the bundle are exactly what the listings leave unjudged
        expect(keys(whole).length - notIptables(keys(whole)).length).toBe(2);
        // and with the node's iptables-save added where sos would put it, all five are found
        for (const [i, node] of nodes.entries()) {
          const save = whole.artifacts.find((a) => a.node === node && a.kind === 'iptables-save');
          const root = join(
            reports[i] as string,
            `sosreport-${node}`,
            'sos_commands/networking/iptables-save',
          );
          await writeFile(root, save?.text ?? '');
        }
        const withSave = await readInputs([gather, ...reports]);
        expect(withSave.warnings).toEqual([]);
        expect(keys(withSave)).toEqual(keys(whole));
      }

      // A must-gather made with gather_network_logs on an openshift-sdn cluster (4.x until 2021-11)
      // holds each node's `iptables-save -c` in network_logs/: with the same sosreports (listings
      // only) the iptables checks are judged again, and the findings are exactly the bundle's.
      const dir2 = join(tmp.path, `${example}-network-logs`);
      const reports2 = [];
      for (const node of nodes) reports2.push(await writeSosreport(dir2, whole, node, sosListings(example)));
      const gather2 = await writeMustGather(dir2, whole, {}, sosListings(example));
      const mg2 = await readBundle(gather2);
      expect(mg2.artifacts.map((a) => [a.id, a.kind, a.node])).toEqual(
        nodes.flatMap((n) => [
          [`network_logs/${n}_iptables`, 'iptables-save', n],
          [`network_logs/${n}_ovs_dump`, 'ovs-show', n],
        ]),
      );
      const full = await readInputs([gather2, ...reports2]);
      // both tools ran `ovs-vsctl show`: the conflict is named, the must-gather's (first) used
      expect(full.warnings.map((w) => w.message.en.replace(/node-\d/g, 'N').slice(0, 60))).toEqual(
        nodes.map(() => 'two inputs give ovs-show of node N: must-gather.local.123/ne'),
      );
      expect(analyzeSnapshot(full).warnings.filter((w) => /iptables listing/.test(w.message.en))).toEqual([]);
      expect(keys(full)).toEqual(keys(whole));
      if (example === 'faulty-3node') {
        expect(keys(full).length).toBe(5);
        const ev = analyzeSnapshot(full).findings.flatMap((f) => f.evidence.map((e) => e.artifact));
        expect(ev).toContain('must-gather.local.123/network_logs/node-1_iptables');
      }

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
    // `oc adm inspect --dest-dir DIR` writes the same tree without the image folder: read alike
    const inspect = await readBundle(image);
    expect(inspect.collector).toBe('must-gather');
    expect(inspect.api).toEqual((await readBundle(gather)).api);
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

  it('the openshift-sdn pod logs of a must-gather (oc logs --timestamps) are the SDN log of their node', async () => {
    const whole = await readBundle(join(EXAMPLES, 'healthy-3node'));
    const dir = join(tmp.path, 'sdn-logs');
    // sosreports without the node journal: the SDN log comes from the must-gather only
    const noJournal = { ...whole, artifacts: whole.artifacts.filter((a) => a.kind !== 'node-journal') };
    const reports = [];
    for (const node of nodesOf(whole)) reports.push(await writeSosreport(dir, noJournal, node));
    const sdnPod: Record<string, string> = {
      'node-1': 'sdn-7aa60',
      'node-2': 'sdn-d0b0a',
      'node-3': 'sdn-dd611',
    };
    const logs = Object.fromEntries(
      whole.artifacts
        .filter((a) => a.kind === 'node-journal' && a.node)
        .map((a) => [sdnPod[a.node as string] as string, asContainerLog(a.text)]),
    );
    // node-2's SDN never got its HostSubnet: openshift/sdn pkg/network/node/subnets.go getLocalSubnet
    // logs this klog warning on every retry, behind the runtime's timestamp in `oc logs --timestamps`.
    const waiting =
      'W1121 22:48:15.000000    9312 subnets.go:156] Could not find an allocated subnet for node: node-2, Waiting...';
    logs['sdn-d0b0a'] = [1, 2, 4].map((s) => `2026-11-21T22:48:1${s}.000000000Z ${waiting}\n`).join('');
    const gather = await writeMustGather(dir, whole, logs);
    const mg = await readBundle(gather);
    expect(mg.artifacts.map((a) => [a.kind, a.node, a.argv.join(' ')])).toEqual([
      ['sdn-pod-log', 'node-1', 'oc logs --timestamps -n openshift-sdn sdn-7aa60 -c sdn'],
      ['sdn-pod-log', 'node-2', 'oc logs --timestamps -n openshift-sdn sdn-d0b0a -c sdn'],
      ['sdn-pod-log', 'node-3', 'oc logs --timestamps -n openshift-sdn sdn-dd611 -c sdn'],
    ]);
    const r = analyzeSnapshot(await readInputs([gather, ...reports]));
    expect(r.warnings).toEqual([]);
    const loud = r.findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
    expect(loud.map((f) => [f.check, f.node])).toEqual([['setup-log', 'node-2']]);
    expect(loud[0]?.evidence.map((e) => `${e.artifact}:${e.line}`)).toEqual(
      [1, 2, 3].map(
        (l) => `must-gather.local.123/namespaces/openshift-sdn/pods/sdn-d0b0a/sdn/sdn/logs/current.log:${l}`,
      ),
    );
    expect(r.statuses.find((c) => c.check === 'setup-log')?.status).toBe('fail');
  });
});
