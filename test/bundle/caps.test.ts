/**
 * Bounded reading of bundles: per-file cap (the rest still analyzed, the message names the file
 * and the cap), expanded-size cap (a bomb is called a bomb, not "corrupt gzip"), entry cap, links
 * that copy nothing and cannot amplify.
 */
import { spawnSync } from 'node:child_process';
import { truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleError, readBundle } from '../../src/sources/bundle/index.js';
import { MAX_ENTRIES, MAX_EXPANDED_BYTES, MAX_FILE_BYTES } from '../../src/sources/bundle/files.js';
import { tempDir } from './helpers.js';
import {
  amplifierEntries,
  manyEntries,
  MANIFEST,
  writeZerosArchive,
} from '../../testkit/bundle/hostile-archives.js';
import { craftTarGz } from '../../testkit/bundle/tar-craft.js';
import { mkdir } from 'node:fs/promises';

const SMALL = [
  { path: 'manifest.json', data: MANIFEST(['nodes/n1/sysctl.txt', 'nodes/n1/node-journal.txt']) },
  { path: 'nodes/n1/sysctl.txt', data: 'net.ipv4.ip_forward = 1\n' },
];

describe('bundle caps', () => {
  let dir: { path: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(async () => dir.cleanup());

  it('an artifact over the per-file cap is reported by name and cap; the rest is read', async () => {
    const p = join(dir.path, 'big.tar.gz');
    await writeZerosArchive(p, SMALL, 'nodes/n1/node-journal.txt', MAX_FILE_BYTES + 1024);
    const snap = await readBundle(p);
    expect(snap.artifacts.find((a) => a.kind === 'sysctl')?.text).toBe('net.ipv4.ip_forward = 1\n');
    const w = snap.warnings.find((x) => x.source === 'nodes/n1/node-journal.txt');
    expect(w?.message.en).toContain('64 MiB cap per file');
  });

  it('an archive expanding beyond the cap is refused as a bomb, not as corrupt gzip', async () => {
    const p = join(dir.path, 'bomb.tar.gz');
    await writeZerosArchive(p, SMALL, 'nodes/n1/node-journal.txt', MAX_EXPANDED_BYTES + (8 << 20));
    const err = await readBundle(p).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BundleError);
    expect((err as Error).message).toMatch(/expands to more than 256 MiB.*bomb/);
    expect((err as Error).message).not.toMatch(/corrupt/);
  });

  it('46 levels of doubled folder links: read once, no amplification', async () => {
    const p = join(dir.path, 'amp.tar.gz');
    await writeFile(p, craftTarGz(amplifierEntries()));
    const snap = await readBundle(p);
    expect(snap.artifacts[0]?.text).toBe('net.ipv4.ip_forward = 1\n');
  });

  it('20k files and 20k dangling links are read (linear, not quadratic)', async () => {
    const p = join(dir.path, 'many.tar.gz');
    await writeFile(p, craftTarGz(manyEntries(20_000, 20_000)));
    const snap = await readBundle(p);
    expect(snap.artifacts[0]?.text).toBe('net.ipv4.ip_forward = 1\n');
  });

  it('more entries than the cap: refused naming the cap', async () => {
    const p = join(dir.path, 'toomany.tar.gz');
    await writeFile(p, craftTarGz(manyEntries(MAX_ENTRIES + 1, 0)));
    await expect(readBundle(p)).rejects.toThrow(`more than ${MAX_ENTRIES} files and links`);
  });

  it('a 2 GB sparse artifact in a directory bundle: that file reported, the rest analyzed', async () => {
    const d = join(dir.path, 'sparse');
    await mkdir(join(d, 'nodes', 'n1'), { recursive: true });
    for (const e of SMALL) await writeFile(join(d, e.path), e.data);
    await writeFile(join(d, 'nodes/n1/node-journal.txt'), '');
    await truncate(join(d, 'nodes/n1/node-journal.txt'), 2 * 1024 ** 3);
    const snap = await readBundle(d);
    expect(snap.artifacts.find((a) => a.kind === 'sysctl')?.text).toBe('net.ipv4.ip_forward = 1\n');
    expect(snap.warnings.map((w) => w.message.en).join('\n')).toMatch(
      /node-journal\.txt.*2048\.0 MiB, over the 64 MiB cap/,
    );
  });

  it('a 3000-level folder in a directory bundle (paths past PATH_MAX): skipped, the rest read', async () => {
    const d = join(dir.path, 'deep');
    await mkdir(join(d, 'nodes', 'n1'), { recursive: true });
    for (const e of SMALL) await writeFile(join(d, e.path), e.data);
    await writeFile(join(d, 'nodes/n1/node-journal.txt'), '');
    // built one level at a time from inside (a full path that long cannot be given to mkdir)
    const made = spawnSync(
      process.execPath,
      [
        '-e',
        "const fs=require('fs');for(let i=0;i<3000;i++){fs.mkdirSync('d');process.chdir('d')}fs.writeFileSync('x','x')",
      ],
      { cwd: d },
    );
    expect(made.status, made.stderr.toString()).toBe(0);
    try {
      const snap = await readBundle(d);
      expect(snap.artifacts.find((a) => a.kind === 'sysctl')?.text).toBe('net.ipv4.ip_forward = 1\n');
    } finally {
      // coreutils' rm walks by file descriptor: fine past PATH_MAX, where fs.rm is not
      spawnSync('rm', ['-rf', join(d, 'd')]);
    }
  });
});
