/**
 * sosreport directories as sos writes them (sos_commands/<plugin>/<mangled command>, copied files
 * at their path, `hostname` at the top), built from the lab outputs of our example bundles: one
 * report per node, merged with the API objects, they give exactly the findings of the bundle.
 */
import { xz } from '@napi-rs/lzma';
import { stringify } from 'yaml';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArtifactKind, Snapshot } from '../../src/artifacts/types.js';
import { analyzeSnapshot } from '../../src/checks/analyze.js';
import { mergeSnapshots, readBundle } from '../../src/sources/bundle/index.js';
import { tempDir } from '../bundle/helpers.js';

const EXAMPLES = join(import.meta.dirname, '../../examples');

/** Where sos puts the output of the command each kind comes from. */
const SOS_PATH: Partial<Record<ArtifactKind, string>> = {
  'ovs-flows': 'sos_commands/openvswitch/ovs-ofctl_-O_OpenFlow13_dump-flows_br0',
  'ovs-ports': 'sos_commands/openvswitch/ovs-ofctl_-O_OpenFlow13_dump-ports-desc_br0',
  'ovs-show': 'sos_commands/openvswitch/ovs-vsctl_-t_5_show',
  'ovs-list-br': 'sos_commands/openvswitch/ovs-vsctl_-t_5_list-br',
  'ip-route': 'sos_commands/networking/ip_route_show_table_all',
  'ip-addr': 'sos_commands/networking/ip_address',
  'iptables-save': 'sos_commands/networking/iptables-save',
  sysctl: 'sos_commands/kernel/sysctl_-a',
  'node-journal': 'sos_commands/origin/journalctl_--no-pager_--unit_atomic-openshift-node',
  'resolv-conf': 'etc/resolv.conf',
  'node-config': 'etc/origin/node/node-config.yaml',
};

async function filesUnder(root: string, rel = ''): Promise<[string, Buffer][]> {
  const out: [string, Buffer][] = [];
  for (const e of await readdir(join(root, rel), { withFileTypes: true })) {
    const path = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await filesUnder(root, path)));
    else out.push([path, await readFile(join(root, path))]);
  }
  return out;
}

/** A ustar archive of regular files (what tar writes for a report's files). */
function tarOf(files: readonly [string, Buffer][]): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, data] of files) {
    const h = Buffer.alloc(512);
    const slash = name.length > 100 ? name.lastIndexOf('/', 155) : -1;
    h.write(slash > 0 ? name.slice(slash + 1) : name, 0);
    if (slash > 0) h.write(name.slice(0, slash), 345);
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
    h.write('00000000000\0', 136);
    h.write('        ', 148);
    h.write('0', 156);
    h.write('ustar\0' + '00', 257);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(h, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

/** The API objects of a bundle as `oc adm inspect` writes them (one file per cluster-scoped object, a list per namespace). */
async function writeMustGather(root: string, whole: Snapshot): Promise<void> {
  const cluster: Record<string, string> = {
    nodes: 'core/nodes',
    hostsubnets: 'network.openshift.io/hostsubnets',
    clusternetworks: 'network.openshift.io/clusternetworks',
    netnamespaces: 'network.openshift.io/netnamespaces',
  };
  const namespaced: Record<string, string> = {
    pods: 'core/pods',
    services: 'core/services',
    endpoints: 'core/endpoints',
    configmaps: 'core/configmaps',
    routes: 'route.openshift.io/routes',
  };
  const put = async (rel: string, doc: unknown) => {
    await mkdir(dirname(join(root, rel)), { recursive: true });
    await writeFile(join(root, rel), stringify(doc));
  };
  for (const [resource, list] of Object.entries(whole.api)) {
    if (!list?.ok) continue;
    const items = list.items as { metadata: { name: string; namespace?: string } }[];
    if (resource === 'namespaces') {
      for (const o of items) await put(`namespaces/${o.metadata.name}/${o.metadata.name}.yaml`, o);
    } else if (cluster[resource]) {
      for (const o of items)
        await put(`cluster-scoped-resources/${cluster[resource]}/${o.metadata.name}.yaml`, o);
    } else if (namespaced[resource]) {
      const byNs = new Map<string, unknown[]>();
      for (const o of items)
        byNs.set(o.metadata.namespace ?? '', [...(byNs.get(o.metadata.namespace ?? '') ?? []), o]);
      for (const [ns, nsItems] of byNs)
        await put(`namespaces/${ns}/${namespaced[resource]}.yaml`, {
          apiVersion: 'v1',
          kind: 'List',
          items: nsItems,
        });
    }
  }
}

const keys = (s: Snapshot) =>
  analyzeSnapshot(s)
    .findings.map((f) => `${f.check} ${f.severity} ${f.node ?? ''} ${f.fault ?? ''} ${f.message.en}`)
    .sort();

describe('sosreport directories, one per node, with the API from another input', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => (tmp = await tempDir()));
  afterAll(async () => tmp.cleanup());

  for (const example of ['healthy-3node', 'faulty-3node']) {
    it(`${example}: same findings as the bundle; evidence names the sos file`, async () => {
      const whole = await readBundle(join(EXAMPLES, example));
      const nodes = [...new Set(whole.artifacts.flatMap((a) => (a.node ? [a.node] : [])))].sort();
      const reports = [];
      for (const node of nodes) {
        // sos names the report folder sosreport-<host>-<date>; the archive has it as its one top folder
        const root = join(tmp.path, example, `sosreport-${node}-2026-12-04-abcdef`, `sosreport-${node}`);
        await mkdir(join(root, 'sos_reports'), { recursive: true });
        await writeFile(join(root, 'version.txt'), 'sosreport: 4.5.6\n');
        await writeFile(join(root, 'hostname'), `${node}.lab.example.com\n`);
        for (const a of whole.artifacts.filter((x) => x.node === node && x.where === undefined)) {
          const rel = SOS_PATH[a.kind];
          if (!rel) continue;
          await mkdir(dirname(join(root, rel)), { recursive: true });
          await writeFile(join(root, rel), a.text);
        }
        reports.push({ label: `sosreport-${node}`, snapshot: await readBundle(dirname(root)) });
      }
      for (const r of reports) expect(r.snapshot.collector).toBe('sosreport');
      // sos's own archive form: the same report as .tar.xz reads to the same artifacts
      const first = nodes[0] as string;
      const dir = join(tmp.path, example, `sosreport-${first}-2026-12-04-abcdef`);
      const archive = `${dir}.tar.xz`;
      await writeFile(archive, await xz.compress(tarOf(await filesUnder(dir))));
      const packed = await readBundle(archive);
      expect(packed.artifacts.map((a) => [a.id, a.kind, a.node, a.text])).toEqual(
        reports[0]?.snapshot.artifacts.map((a) => [a.id, a.kind, a.node, a.text]),
      );
      const gather = join(
        tmp.path,
        example,
        'must-gather.local.123',
        'quay-io-openshift-must-gather-sha256-abc',
      );
      await writeMustGather(gather, whole);
      const mg = await readBundle(dirname(gather));
      expect(mg.collector).toBe('must-gather');
      expect(mg.warnings).toEqual([]);
      const probes = whole.artifacts.filter((a) => !a.node);
      const api: Snapshot = { ...mg, artifacts: probes };
      const merged = mergeSnapshots([{ label: 'must-gather', snapshot: api }, ...reports]);
      expect(keys(merged)).toEqual(keys(whole));
      const evidence = analyzeSnapshot(merged).findings.flatMap((f) => f.evidence.map((e) => e.artifact));
      for (const e of evidence.filter((x) => x.startsWith('sosreport-')))
        expect(e).toMatch(/^sosreport-node-\d\/(sos_commands\/|etc\/)/);
    });
  }
});
