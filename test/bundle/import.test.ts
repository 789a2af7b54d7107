import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { create as createTar } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/artifacts/types.js';
import { readBundle } from '../../src/sources/bundle/index.js';
import { tempDir } from './helpers.js';

const FIX = join(import.meta.dirname, '../fixtures');
const DEBUG_SH = join(FIX, 'bundles/debug-sh/openshift-sdn-debug');
const NETWORKCHECK = join(FIX, 'bundles/networkcheck');
const NODE = 'node-3.example.test';

const byId = (s: Snapshot, id: string) => s.artifacts.find((a) => a.id === id);
const count = (s: Snapshot, r: keyof Snapshot['api']): number | string => {
  const l = s.api[r];
  return l?.ok ? l.items.length : (l?.error ?? 'absent');
};

describe('debug.sh layout', () => {
  let dir: { path: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(async () => dir.cleanup());

  const expectDebugSh = async (snap: Snapshot): Promise<void> => {
    expect(snap.collector).toBe('debug.sh');
    expect(snap.warnings).toEqual([]);
    for (const [r, n] of [
      ['nodes', 2],
      ['pods', 1],
      ['services', 1],
      ['endpoints', 1],
      ['routes', 1],
      ['clusternetworks', 1],
      ['hostsubnets', 2],
      ['netnamespaces', 2],
    ] as const) {
      expect(count(snap, r), r).toBe(n);
    }
    const flows = byId(snap, `nodes/${NODE}/flows`);
    expect(flows).toMatchObject({
      kind: 'ovs-flows',
      node: NODE,
      argv: ['ovs-ofctl', '-O', 'OpenFlow13', 'dump-flows', 'br0'],
      exitCode: 0,
    });
    expect(flows?.error).toBeUndefined();
    // The `> command` header is blanked, not removed: line 3 of the file is line 3 of the text.
    const fileText = await readFile(join(DEBUG_SH, `nodes/${NODE}/flows`), 'utf8');
    expect(flows?.text.split('\n')[2]).toBe(fileText.split('\n')[2]);
    expect(flows?.text.split('\n').slice(0, 3)).toEqual(['', '', 'OFPST_FLOW reply (OF1.3) (xid=0x2):']);

    const kinds = Object.fromEntries(
      snap.artifacts.filter((a) => a.node === NODE && !a.where).map((a) => [a.id.split('/').pop(), a.kind]),
    );
    expect(kinds).toEqual({
      'CONFIG-atomic-openshift-node.service': 'node-config',
      addresses: 'ip-addr',
      arp: 'other',
      flows: 'ovs-flows',
      iptables: 'iptables-save',
      'journal-atomic-openshift-node.service': 'node-journal',
      'journal-full': 'other',
      'nmcli-dev': 'other',
      'ovs-show': 'ovs-ports',
      'pod-connectivity': 'other',
      'resolv.conf': 'resolv-conf',
      routes: 'ip-route',
      sysctl: 'sysctl',
      'tc-qdisc': 'other',
    });
    expect(byId(snap, `nodes/${NODE}/journal-atomic-openshift-node.service`)?.argv).toEqual([
      'journalctl',
      '-u',
      'atomic-openshift-node.service',
    ]);
    expect(byId(snap, `nodes/${NODE}/nmcli-dev`)).toMatchObject({
      error: 'bash: nmcli: command not found',
      exitCode: 127,
    });
    expect(byId(snap, `nodes/${NODE}/pods/hello-1-abcde/addresses`)).toMatchObject({
      kind: 'ip-addr',
      node: NODE,
      where: 'pod/demo/hello-1-abcde',
    });
    expect(byId(snap, 'master/routes')).toMatchObject({
      kind: 'ip-route',
      where: 'master',
      argv: ['ip', 'route', 'show'],
    });
    expect(byId(snap, 'meta/podinfo')).toMatchObject({ kind: 'other', where: 'meta' });
    expect(byId(snap, 'log')).toMatchObject({ kind: 'other' });
    // API files are API lists, not artifacts.
    expect(byId(snap, 'master/hostsubnets')).toBeUndefined();
  };

  it('imports the folder', async () => {
    await expectDebugSh(await readBundle(DEBUG_SH));
  });

  it('imports the .tgz debug.sh writes (one top folder openshift-sdn-debug/)', async () => {
    const tgz = join(dir.path, 'openshift-sdn-debug-2018-11-09.tgz');
    await createTar({ gzip: true, file: tgz, cwd: join(DEBUG_SH, '..'), portable: true }, [
      'openshift-sdn-debug',
    ]);
    const snap = await readBundle(tgz);
    await expectDebugSh(snap);
    expect(snap.collectedAt).toBe('2018-11-09T00:00:00Z');
  });

  it('a table or broken YAML where an API list should be → that resource fails, with a warning and line', async () => {
    const copy = join(dir.path, 'dbg-copy');
    await cp(DEBUG_SH, copy, { recursive: true });
    const table = (
      await readFile(
        join(import.meta.dirname, '../fixtures/public-samples/oc_get_hostsubnet_ocp4.3_egressip.txt'),
        'utf8',
      )
    )
      .split('\n')
      .slice(2, 5)
      .join('\n');
    await writeFile(join(copy, 'master/hostsubnets'), `> oc get hostsubnets\n\n${table}\n`);
    const nodes = await readFile(join(copy, 'master/nodes'), 'utf8');
    await writeFile(join(copy, 'master/nodes'), nodes.replace('  metadata:', '  metadata: [unclosed'));
    const snap = await readBundle(copy, { format: 'debug.sh' });
    expect(snap.api.hostsubnets?.ok).toBe(false);
    const w = snap.warnings.find((x) => x.source === 'master/hostsubnets');
    expect(w).toMatchObject({ line: 3, excerpt: expect.stringMatching(/^NAME\s+HOST\s+HOST IP/) });
    expect(w?.message.en).toMatch(/`oc get` table/);
    expect(snap.api.nodes?.ok).toBe(false);
    const yw = snap.warnings.find((x) => x.source === 'master/nodes');
    expect(yw?.line).toBeGreaterThan(3);
    expect(yw?.message.en).toMatch(/^invalid YAML/);
    expect(snap.api.pods?.ok).toBe(true);
  });
});

describe('NetworkCheck --network-logdir layout', () => {
  it('imports the folder: per-node files, master API lists, reversed journal restored', async () => {
    const snap = await readBundle(NETWORKCHECK);
    expect(snap.collector).toBe('networkcheck');
    expect(snap.warnings).toEqual([]);
    expect(count(snap, 'hostsubnets')).toBe(2);
    expect(count(snap, 'clusternetworks')).toBe(1);
    expect(count(snap, 'routes')).toBe(1);
    const journal = byId(snap, `nodes/${NODE}/journal-atomic-openshift-node`);
    expect(journal?.kind).toBe('node-journal');
    expect(journal?.argv).toEqual(['journalctl', '-u', 'atomic-openshift-node', '-r']);
    expect(journal?.text).toBe(
      await readFile(join(FIX, 'bundles/sources/journal/lab-setup-error.txt'), 'utf8'),
    );
    expect(byId(snap, `nodes/${NODE}/config-atomic-openshift-node`)?.kind).toBe('node-config');
    expect(byId(snap, `nodes/${NODE}/flows`)?.text).toBe(
      await readFile(join(FIX, 'bundles/sources/ovs-flows/captured-ovs3.1-subnet-rv7-stats.txt'), 'utf8'),
    );
    expect(byId(snap, `nodes/${NODE}/journal-boot`)?.kind).toBe('other');
    // master/routes holds `ip route show` then `oc get routes -o yaml`: split in two.
    expect(byId(snap, 'master/routes')?.text).toBe(
      await readFile(join(FIX, 'bundles/sources/ip-route/lab-node.txt'), 'utf8'),
    );
    expect(byId(snap, `nodes/${NODE}/pods/network-diag-test-pod-x1/addresses`)?.where).toBe(
      'pod/network-diag-test-pod-x1',
    );
  });
});

describe('oc get -o yaml text → API list', () => {
  it('a YAML alias bomb is refused as invalid YAML, not expanded', async () => {
    const { apiListFromText } = await import('../../src/sources/bundle/import/api-text.js');
    const bomb =
      'a: &a [x, y]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n';
    const r = apiListFromText('master/nodes', bomb);
    expect(r.list).toEqual({
      ok: false,
      error: 'master/nodes: invalid YAML: Excessive alias count indicates a resource exhaustion attack',
    });
    expect(r.warnings).toHaveLength(1);
  });

  it('a single object (`oc get clusternetwork default -o yaml`) becomes a one-item list; errors are kept', async () => {
    const { apiListFromText } = await import('../../src/sources/bundle/import/api-text.js');
    expect(
      apiListFromText('f', 'apiVersion: v1\nkind: ClusterNetwork\nmetadata:\n  name: default\n').list,
    ).toEqual({
      ok: true,
      items: [{ apiVersion: 'v1', kind: 'ClusterNetwork', metadata: { name: 'default' } }],
    });
    const err = apiListFromText(
      'f',
      '\n\nerror: the server doesn\'t have a resource type "clusternetwork"\n',
    );
    expect(err.list.ok).toBe(false);
    expect(err.warnings[0]).toMatchObject({ source: 'f', line: 3 });
    expect(apiListFromText('f', '{"kind":"List","items":[{"a":1}]}').list).toEqual({
      ok: true,
      items: [{ a: 1 }],
    });
  });
});

describe('layout detection edge cases', () => {
  it('a NetworkCheck logdir with only nodes/ (3.4–3.9 copy node data without master/) is still recognised', async () => {
    const { cp } = await import('node:fs/promises');
    const dir = await tempDir();
    try {
      await cp(join(NETWORKCHECK, 'nodes'), join(dir.path, 'logdir', 'nodes'), { recursive: true });
      const snap = await readBundle(join(dir.path, 'logdir'));
      expect(snap.collector).toBe('networkcheck');
      expect(snap.api).toEqual({});
      expect(byId(snap, `nodes/${NODE}/flows`)?.kind).toBe('ovs-flows');
    } finally {
      await dir.cleanup();
    }
  });
});
