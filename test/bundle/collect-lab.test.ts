/**
 * `sdn-doctor collect --lab NAME` end to end against a real lab (root: namespaces + OVS): every
 * node facet comes out of the bundle, with no input warnings; a fault injected for real shows in
 * the next collection. Runs in CI; skipped elsewhere without root with a printed reason.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODE_COMMANDS } from '../../src/artifacts/commands.js';
import { downLab } from '../../src/lab/down.js';
import { faultOn } from '../../src/lab/faults.js';
import { loadLabStatus } from '../../src/lab/status.js';
import type { LabStatus } from '../../src/lab/types.js';
import { upLab } from '../../src/lab/up.js';
import { buildModel } from '../../src/model/index.js';
import { readBundle } from '../../src/sources/bundle/index.js';
import { canRunLab, uniqueLabName } from '../../testkit/lab-helpers.js';
import { tempDir } from './helpers.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../..');
const name = uniqueLabName('cb');

const collect = async (out: string) => {
  const t0 = Date.now();
  const r = await run(
    'node',
    ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'collect', '--lab', name, '-q', '-o', out],
    {
      cwd: ROOT,
      env: { ...process.env, LANG: 'C' },
    },
  );
  return { ...r, ms: Date.now() - t0 };
};

describe.skipIf(!canRunLab)('collect --lab (e2e)', () => {
  let status: LabStatus;
  let dir: { path: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    dir = await tempDir();
    await upLab({ name, nodes: 3, podsPerNode: 2, plugin: 'subnet' });
    status = (await loadLabStatus(name)) as LabStatus;
  }, 120_000);
  afterAll(async () => {
    await downLab(name);
    await dir?.cleanup();
  }, 60_000);

  it('a healthy lab: every API and node facet, no input warnings', async () => {
    const out = join(dir.path, 'healthy.tar.gz');
    const r = await collect(out);
    console.log(`collect --lab: ${r.ms} ms (3 nodes, incl. node startup)`);
    // every node command × 3 nodes, each node's sdn pod log (pods/log, 39.10), one outside
    // `dig +short` per route host (39.3: web, web-test, shop, and the passthrough web-tls), and
    // 39.13.3 per node: `ethtool -i` of tun0 and of its two veths (the userspace datapath has no
    // vxlan_sys_4789) and `ethtool -S eth0` in its two pods.
    const outputs = NODE_COMMANDS.length * 3 + 3 + 4 + 3 * (1 + 2 + 2);
    expect(r.stdout).toMatch(
      new RegExp(`^bundle written: .* \\(3 nodes, ${outputs} outputs, 0 failed, 0 API lists unreadable`),
    );
    const snap = await readBundle(out);
    // the SDN's log comes from its pod, and the setup log is read from it (preferred to the journal)
    for (const node of status.nodes) {
      const log = snap.artifacts.find((a) => a.id === `nodes/${node.name}/sdn-pod-log.txt`);
      expect(log?.kind, node.name).toBe('sdn-pod-log');
      expect(log?.text).toMatch(/^\d{4}-\d\d-\d\dT\S+ Output of setup script:$/m);
    }
    expect(snap.collector).toBe(`lab:${name}`);
    const { model, warnings } = buildModel(snap);
    expect(warnings).toEqual([]);
    expect(model.hostSubnets?.value.map((h) => [h.host, h.hostIP, h.subnet])).toEqual(
      status.nodes.map((n) => [n.name, n.ip, n.subnet]),
    );
    expect(model.clusterNetwork?.value.pluginName).toBe('redhat/openshift-ovs-subnet');
    const routerHosts = new Set(status.nodes.filter((n) => n.name === 'node-1').map((n) => n.ip));
    const lookups = model.dnsLookups ?? [];
    expect(lookups.map((l) => l.name).sort()).toEqual([...new Set(status.routes.map((r) => r.host))].sort());
    for (const l of lookups)
      expect(l.answers.map((a) => a.data).filter((ip) => routerHosts.has(ip))).not.toEqual([]);
    for (const node of status.nodes) {
      const f = model.nodeFacts[node.name];
      const defined = Object.entries({ ...f, ...f?.ovs })
        .filter(([, v]) => v !== undefined)
        .map(([k]) => k)
        .sort();
      expect(defined, node.name).toEqual(
        [
          'bridges',
          'flows',
          'groups',
          'iptables',
          'journal',
          'keepalivedLog',
          'links',
          'name',
          'nodeConfig',
          'nodeJournal',
          'ovs',
          'pluginId',
          'ports',
          'processes',
          'resolvConf',
          'routes',
          'ruleVersion',
          'show',
          'sysctls',
        ].sort(),
      );
      expect(f?.sysctls?.value['net.ipv4.ip_forward']?.value).toBe('1');
      expect(f?.ovs.pluginId).toBe(0);
      expect(f?.links?.value.some((l) => l.addresses.some((a) => a.cidr.startsWith(`${node.ip}/`)))).toBe(
        true,
      );
    }
  }, 60_000);

  it('a fault injected for real (ip_forward off on node-2) is in the next bundle', async () => {
    await faultOn(name, 'ip-forward-off', { node: 'node-2' });
    const out = join(dir.path, 'faulty');
    await collect(out);
    const { model } = buildModel(await readBundle(out));
    expect(model.nodeFacts['node-2']?.sysctls?.value['net.ipv4.ip_forward']).toEqual({ value: '0', line: 1 });
    expect(model.nodeFacts['node-1']?.sysctls?.value['net.ipv4.ip_forward']?.value).toBe('1');
  }, 60_000);
});
