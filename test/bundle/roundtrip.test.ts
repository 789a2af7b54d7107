import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundle, writeBundle } from '../../src/sources/bundle/index.js';
import { sampleSnapshot, tempDir } from './helpers.js';

describe('bundle round trip', () => {
  let dir: { path: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(async () => dir.cleanup());

  it('directory: write → read gives the same snapshot', async () => {
    const snap = await sampleSnapshot();
    const out = join(dir.path, 'b1');
    await writeBundle(snap, out);
    expect(await readBundle(out)).toEqual(snap);
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.schemaVersion).toBe(1);
    expect(manifest.collector).toEqual({ tool: 'sdn-doctor', version: '0.1.0', source: 'lab:t1' });
    expect(manifest.artifacts[0].file).toBe('nodes/node-1/ovs-flows.txt');
    expect(await readdir(join(out, 'api'))).toEqual(['hostsubnets.json', 'nodes.json']);
  });

  it('tar.gz: write → read gives the same snapshot, and so does .tgz', async () => {
    const snap = await sampleSnapshot();
    for (const name of ['b2.tar.gz', 'b3.tgz']) {
      const out = join(dir.path, name);
      await writeBundle(snap, out);
      const head = (await readFile(out)).subarray(0, 2);
      expect([...head]).toEqual([0x1f, 0x8b]);
      expect(await readBundle(out)).toEqual(snap);
    }
  });

  it('refuses to write into a non-empty folder that is not a bundle', async () => {
    const snap = await sampleSnapshot();
    // An existing bundle folder may be overwritten; a foreign folder may not.
    await writeBundle(snap, join(dir.path, 'b4'));
    const smaller = { ...snap, artifacts: snap.artifacts.slice(0, 1) };
    await writeBundle(smaller, join(dir.path, 'b4'));
    expect(await readBundle(join(dir.path, 'b4'))).toEqual(smaller);
    // No stale outputs of the older bundle are left behind.
    expect(await readdir(join(dir.path, 'b4/nodes/node-1'))).toEqual(['ovs-flows.txt']);
    await expect(writeBundle(snap, dir.path)).rejects.toThrow(/exists and is not an sdn-doctor bundle/);
  });
});
