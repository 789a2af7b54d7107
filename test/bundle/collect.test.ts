import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODE_COMMANDS } from '../../src/artifacts/commands.js';
import type { ApiSnapshot } from '../../src/artifacts/types.js';
import { buildModel } from '../../src/model/index.js';
import { collectSnapshot, type CollectProgress } from '../../src/sources/collect.js';
import { readBundle, writeBundle } from '../../src/sources/bundle/index.js';
import { tempDir } from './helpers.js';
import { LocalNetnsShell } from './netns-shell.js';

const isRoot = process.getuid?.() === 0;
const runIt = isRoot || process.env.CI === 'true';
if (!runIt)
  console.log(
    'collect tests skipped: they create network namespaces and need root (they always run with CI=true)',
  );

const PREFIX = `sdnc${process.pid}${Math.random().toString(36).slice(2, 6)}`;
const NS = { a: `${PREFIX}-a`, b: `${PREFIX}-b`, stuck: `${PREFIX}-s` };
const ip = (...args: string[]): string => execFileSync('ip', args, { encoding: 'utf8' });

const API: ApiSnapshot = {
  nodes: {
    ok: true,
    items: [
      { metadata: { name: 'node-a' }, status: { addresses: [{ type: 'InternalIP', address: '10.77.1.1' }] } },
      { metadata: { name: 'node-b' }, status: { addresses: [{ type: 'InternalIP', address: '10.77.2.1' }] } },
    ],
  },
};

describe.skipIf(!runIt)('collectSnapshot with a real shell in network namespaces', () => {
  let dir: { path: string; cleanup: () => Promise<void> };
  const shells: LocalNetnsShell[] = [];
  beforeAll(async () => {
    dir = await tempDir();
    for (const ns of Object.values(NS)) ip('netns', 'add', ns);
    // node-a: a veth with an address (this kernel has no dummy driver), ip_forward on; node-b: off.
    ip('-n', NS.a, 'link', 'add', 'sdnd0', 'type', 'veth', 'peer', 'name', 'sdnd1');
    ip('-n', NS.a, 'link', 'set', 'sdnd1', 'up');
    ip('-n', NS.a, 'addr', 'add', '10.77.1.1/24', 'dev', 'sdnd0');
    ip('-n', NS.a, 'link', 'set', 'sdnd0', 'up');
    execFileSync('ip', ['netns', 'exec', NS.a, 'sysctl', '-qw', 'net.ipv4.ip_forward=1']);
    execFileSync('ip', ['netns', 'exec', NS.b, 'sysctl', '-qw', 'net.ipv4.ip_forward=0']);
    // `ip netns exec` bind-mounts /etc/netns/<ns>/resolv.conf over /etc/resolv.conf.
    mkdirSync(`/etc/netns/${NS.a}`, { recursive: true });
    writeFileSync(`/etc/netns/${NS.a}/resolv.conf`, 'search a.example.test\nnameserver 10.77.1.53\n');
  });
  afterAll(async () => {
    for (const s of shells) await s.close();
    for (const ns of Object.values(NS)) {
      try {
        ip('netns', 'del', ns);
      } catch {
        // not created
      }
    }
    rmSync(`/etc/netns/${NS.a}`, { recursive: true, force: true });
    await dir?.cleanup();
  });

  it('runs every NODE_COMMAND on every node, bounded concurrency, real outputs', async () => {
    const shell = new LocalNetnsShell({ 'node-a': NS.a, 'node-b': NS.b });
    shells.push(shell);
    const progress: CollectProgress[] = [];
    const snap = await collectSnapshot({
      api: async () => API,
      shell,
      nodes: ['node-b', 'node-a'],
      timeoutMs: 5000,
      concurrency: 3,
      collector: 'test',
      onProgress: (p) => progress.push(p),
    });
    expect(snap.collector).toBe('test');
    expect(snap.api).toEqual(API);
    expect(snap.artifacts).toHaveLength(NODE_COMMANDS.length * 2);
    expect(snap.artifacts.map((a) => a.id).slice(0, 3)).toEqual([
      'nodes/node-a/ip-addr.txt',
      'nodes/node-a/ip-route.txt',
      'nodes/node-a/sysctl.txt',
    ]);
    expect(shell.maxInFlight).toBeLessThanOrEqual(3);
    expect(shell.maxInFlight).toBeGreaterThan(1);
    expect(progress).toHaveLength(NODE_COMMANDS.length * 2);
    expect(progress.at(-1)).toMatchObject({
      done: NODE_COMMANDS.length * 2,
      total: NODE_COMMANDS.length * 2,
    });

    const get = (id: string) => snap.artifacts.find((a) => a.id === id);
    expect(get('nodes/node-a/ip-addr.txt')?.text).toMatch(
      /sdnd0@sdnd1: <BROADCAST,MULTICAST,UP,LOWER_UP>[\s\S]*inet 10\.77\.1\.1\/24/,
    );
    expect(get('nodes/node-a/sysctl.txt')).toMatchObject({ text: 'net.ipv4.ip_forward = 1\n', exitCode: 0 });
    expect(get('nodes/node-b/sysctl.txt')?.text).toBe('net.ipv4.ip_forward = 0\n');
    expect(get('nodes/node-a/resolv.conf')?.text).toBe('search a.example.test\nnameserver 10.77.1.53\n');
    expect(get('nodes/node-a/ip-route.txt')?.text).toContain(
      '10.77.1.0/24 dev sdnd0 proto kernel scope link src 10.77.1.1',
    );
    // No OVS runs in these namespaces: the command ran and failed, which is not a collection error.
    const listBr = get('nodes/node-a/ovs-list-br.txt');
    expect(listBr?.exitCode).not.toBe(0);
    expect(listBr?.error).toBeUndefined();
    expect(listBr?.stderr).toMatch(/database connection failed|No such file/);
    expect(get('nodes/node-a/node-config.yaml')?.exitCode).toBe(1);
    expect(snap.warnings).toEqual([]);

    // Through a bundle and into the model: facets from real outputs; failed commands stay undefined.
    const out = join(dir.path, 'collected.tar.gz');
    await writeBundle(snap, out);
    const back = await readBundle(out);
    expect(back).toEqual(snap);
    const { model, warnings } = buildModel(back);
    expect(Object.keys(model.nodeFacts)).toEqual(['node-a', 'node-b']);
    expect(model.nodeFacts['node-a']?.ovs.bridges).toBeUndefined();
    expect(model.nodeFacts['node-a']?.nodeConfig).toBeUndefined();
    expect(warnings).toContainEqual(
      expect.objectContaining({
        source: 'nodes/node-a/ovs-list-br.txt',
        node: 'node-a',
        message: expect.objectContaining({ en: expect.stringMatching(/exit code 1/) }),
      }),
    );
  });

  it('a node that hangs: its artifacts say `timeout after N ms`, the run ends in bounded time', async () => {
    const shell = new LocalNetnsShell({ 'node-a': NS.a, stuck: NS.stuck }, new Set(['stuck']));
    shells.push(shell);
    const timeoutMs = 400;
    const started = Date.now();
    const snap = await collectSnapshot({
      api: async () => API,
      shell,
      nodes: ['stuck', 'node-a'],
      timeoutMs,
      concurrency: 8,
    });
    const elapsed = Date.now() - started;
    // 12 stuck commands at 8 in flight = 2 rounds of (400 ms + 250 ms grace); generous bound for CI.
    expect(elapsed).toBeLessThan(4000);
    const stuck = snap.artifacts.filter((a) => a.node === 'stuck');
    expect(stuck).toHaveLength(NODE_COMMANDS.length);
    for (const a of stuck)
      expect(a).toMatchObject({ exitCode: null, error: 'timeout after 400 ms', text: '' });
    expect(snap.artifacts.filter((a) => a.node === 'node-a' && a.error)).toEqual([]);
    expect(snap.warnings.filter((w) => w.node === 'stuck')).toHaveLength(NODE_COMMANDS.length);
    expect(shell.pids.size).toBeGreaterThan(0); // the sleeps are still running: killed by PID in afterAll
    const { model } = buildModel(snap);
    const facts = model.nodeFacts.stuck;
    expect(facts).toEqual({ name: 'stuck', ovs: {} });
    console.log(`collect: hung node bounded, elapsed ${elapsed} ms for ${snap.artifacts.length} commands`);
  });

  it('an API that fails or never answers: every resource ok:false with a warning, node commands still collected', async () => {
    const shell = new LocalNetnsShell({ 'node-a': NS.a });
    shells.push(shell);
    const failing = await collectSnapshot({
      api: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:1')),
      shell,
      nodes: ['node-a'],
      timeoutMs: 2000,
      commands: NODE_COMMANDS.slice(0, 2),
    });
    expect(failing.api.nodes).toEqual({ ok: false, error: 'connect ECONNREFUSED 127.0.0.1:1' });
    expect(failing.warnings.map((w) => w.source)).toEqual(['api']);
    expect(failing.artifacts).toHaveLength(2);
    const started = Date.now();
    const silent = await collectSnapshot({
      api: () => new Promise(() => {}),
      shell,
      nodes: ['node-a'],
      timeoutMs: 100,
      commands: NODE_COMMANDS.slice(0, 1),
    });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(silent.api.pods).toEqual({ ok: false, error: 'timeout after 400 ms' });
  });
});
