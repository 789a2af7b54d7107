import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleError, readBundle, writeBundle } from '../../src/sources/bundle/index.js';
import { sampleSnapshot, tempDir } from './helpers.js';
import { craftTar } from '../../testkit/bundle/tar-craft.js';

describe('corrupt bundles: one line naming the file, or per-file warnings', () => {
  let dir: { path: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(async () => dir.cleanup());

  const expectOneLine = async (p: Promise<unknown>, re: RegExp): Promise<BundleError> => {
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BundleError);
    const message = (err as Error).message;
    expect(message).toMatch(re);
    expect(message).not.toMatch(/\n|\bat .*\.ts:\d+/);
    return err as BundleError;
  };

  it('truncated gzip', async () => {
    const good = join(dir.path, 'good.tar.gz');
    await writeBundle(await sampleSnapshot(), good);
    const bytes = await readFile(good);
    const cut = join(dir.path, 'cut.tar.gz');
    await writeFile(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const err = await expectOneLine(
      readBundle(cut),
      /^cut\.tar\.gz: corrupt or truncated gzip data \(unexpected end of file\) \(hint: /,
    );
    expect(err.ja).toContain('gzip データが壊れているか途中で切れています');
  });

  it('gzip of a truncated tar', async () => {
    const { gzipSync } = await import('node:zlib');
    const tar = craftTar([{ path: 'manifest.json', data: 'x'.repeat(2000) }]);
    const p = join(dir.path, 'short-tar.tar.gz');
    await writeFile(p, gzipSync(tar.subarray(0, 1024)));
    await expectOneLine(readBundle(p), /^short-tar\.tar\.gz: corrupt tar archive \(.*\)/);
  });

  it('binary garbage with a .tar.gz name: a corrupt archive', async () => {
    const p = join(dir.path, 'garbage.tar.gz');
    await writeFile(p, Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 37 + 11) % 256)));
    await expectOneLine(readBundle(p), /^garbage\.tar\.gz: corrupt tar archive/);
  });

  it('a text file (a command output, whatever its name): not a bundle, not "copy it again"', async () => {
    for (const name of ['ovs-flows.txt', 'pasted.tar.gz']) {
      const p = join(dir.path, name);
      await writeFile(p, 'cookie=0x0, duration=1.0s, table=0, priority=0 actions=drop\n'.repeat(40));
      const err = await expectOneLine(readBundle(p), /: not a bundle: a text file/);
      expect(err.message).not.toMatch(/copy it again/);
      expect(err.ja).toContain('バンドルではありません');
    }
  });

  it('garbage manifest: invalid JSON with line and column', async () => {
    const d = join(dir.path, 'badjson');
    await writeBundle(await sampleSnapshot(), d);
    const text = await readFile(join(d, 'manifest.json'), 'utf8');
    // Break line 4 (`"collector": {`) by removing its colon.
    const lines = text.split('\n');
    lines[3] = (lines[3] ?? '').replace(':', '');
    await writeFile(join(d, 'manifest.json'), lines.join('\n'));
    const err = await expectOneLine(readBundle(d), /^manifest\.json:4:\d+: invalid JSON: /);
    expect(err.line).toBe(4);
  });

  it('manifest that is valid JSON but not ours', async () => {
    const d = join(dir.path, 'wrongschema');
    await mkdir(d);
    await writeFile(join(d, 'manifest.json'), JSON.stringify({ schemaVersion: 2, files: [] }));
    await expectOneLine(readBundle(d), /^manifest\.json: not an sdn-doctor bundle manifest: schemaVersion: /);
    await writeFile(
      join(d, 'manifest.json'),
      JSON.stringify({
        schemaVersion: 1,
        collectedAt: 'x',
        collector: { tool: 'sdn-doctor', version: '1', source: 'live' },
        api: [],
        artifacts: [{ id: 'a' }],
      }),
    );
    await expectOneLine(readBundle(d), /not an sdn-doctor bundle manifest: artifacts\[0\]\.kind: /);
  });

  it('no manifest and no known layout', async () => {
    const d = join(dir.path, 'empty');
    await mkdir(d);
    await writeFile(join(d, 'notes.txt'), 'hello');
    await expectOneLine(readBundle(d), /^empty\/manifest\.json: not found: this is not an sdn-doctor bundle/);
    await expectOneLine(
      readBundle(join(dir.path, 'does-not-exist')),
      /^does-not-exist: cannot open bundle: ENOENT/,
    );
  });

  it('manifest naming a missing artifact file → warning, artifact marked with error', async () => {
    const d = join(dir.path, 'missing');
    await writeBundle(await sampleSnapshot(), d);
    await rm(join(d, 'nodes/node-1/ovs-flows.txt'));
    const snap = await readBundle(d);
    const flows = snap.artifacts.find((a) => a.id === 'nodes/node-1/ovs-flows.txt');
    expect(flows?.text).toBe('');
    expect(flows?.error).toMatch(/nodes\/node-1\/ovs-flows\.txt: file not found in bundle/);
    const w = snap.warnings.find((x) => x.source === 'nodes/node-1/ovs-flows.txt');
    expect(w?.node).toBe('node-1');
    expect(w?.message.en).toMatch(/cannot read nodes\/node-1\/ovs-flows\.txt/);
    expect(w?.message.ja).toContain('読めません');
    // The other artifacts are untouched.
    expect(snap.artifacts.find((a) => a.kind === 'sysctl')?.error).toBeUndefined();
  });

  it('API list with bad JSON → that resource ok:false + warning with line', async () => {
    const d = join(dir.path, 'badapi');
    await writeBundle(await sampleSnapshot(), d);
    const file = join(d, 'api/hostsubnets.json');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.slice(0, text.length - 20));
    const snap = await readBundle(d);
    expect(snap.api.hostsubnets?.ok).toBe(false);
    expect(snap.api.nodes?.ok).toBe(true);
    const w = snap.warnings.find((x) => x.source === 'api/hostsubnets.json');
    expect(w?.line).toBeGreaterThan(1);
    expect(w?.message.en).toMatch(/^invalid JSON at line \d+ column \d+/);
    await writeFile(file, '{"kind": "List", "metadata": {}}');
    const snap2 = await readBundle(d);
    expect(snap2.api.hostsubnets).toEqual({ ok: false, error: 'api/hostsubnets.json: not an API list' });
  });
});
