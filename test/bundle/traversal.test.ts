import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleError, readBundle, writeBundle } from '../../src/sources/bundle/index.js';
import { craftTarGz, type CraftEntry } from '../../testkit/bundle/tar-craft.js';
import { sampleSnapshot, tempDir } from './helpers.js';

const MANIFEST = JSON.stringify({
  schemaVersion: 1,
  collectedAt: '2026-11-21T22:00:00Z',
  collector: { tool: 'sdn-doctor', version: '0.1.0', source: 'live' },
  api: [],
  artifacts: [],
});

describe('path traversal is refused', () => {
  let dir: { path: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(async () => dir.cleanup());

  const archive = async (name: string, entries: CraftEntry[]): Promise<string> => {
    const p = join(dir.path, `${name}.tar.gz`);
    await writeFile(p, craftTarGz([{ path: 'manifest.json', data: MANIFEST }, ...entries]));
    return p;
  };

  const cases: [string, CraftEntry[], RegExp][] = [
    [
      'dotdot',
      [{ path: '../evil.txt', data: 'x' }],
      /refused: entry "\.\.\/evil\.txt" points outside the bundle \(`\.\.` component\)/,
    ],
    ['nested-dotdot', [{ path: 'nodes/a/../../../etc/x', data: 'x' }], /`\.\.` component/],
    [
      'absolute',
      [{ path: '/etc/cron.d/evil', data: 'x' }],
      /refused: entry "\/etc\/cron\.d\/evil".*absolute path/,
    ],
    [
      'symlink-out',
      [{ path: 'nodes/n1/flows', type: '2', linkpath: '../../../../etc/shadow' }],
      /symbolic link out of the bundle/,
    ],
    [
      'symlink-abs',
      [{ path: 'nodes/n1/flows', type: '2', linkpath: '/etc/shadow' }],
      /symbolic link out of the bundle/,
    ],
    ['hardlink-out', [{ path: 'x', type: '1', linkpath: '../outside' }], /hard link out of the bundle/],
    ['device', [{ path: 'dev', type: '3' }], /is a CharacterDevice, not a file/],
  ];
  for (const [name, entries, expected] of cases) {
    it(`${name}: one-line BundleError`, async () => {
      const p = await archive(name, entries);
      const err = await readBundle(p).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BundleError);
      expect((err as Error).message).toMatch(expected);
      expect((err as Error).message).not.toContain('\n');
      expect((err as BundleError).ja).toMatch(/拒否しました|通常ファイル/);
    });
  }

  it('a symlink that stays inside the bundle is followed', async () => {
    const snap = await sampleSnapshot();
    const out = join(dir.path, 'inside');
    await writeBundle(snap, out);
    const tarPath = join(dir.path, 'inside-link.tar.gz');
    const manifest = JSON.stringify({
      schemaVersion: 1,
      collectedAt: 'x',
      collector: { tool: 'sdn-doctor', version: '0.1.0', source: 'live' },
      api: [],
      artifacts: [
        {
          id: 'nodes/n1/sysctl.txt',
          kind: 'sysctl',
          node: 'n1',
          argv: ['sysctl'],
          exitCode: 0,
          file: 'nodes/n1/sysctl.txt',
          collectedAt: 'x',
        },
      ],
    });
    await writeFile(
      tarPath,
      craftTarGz([
        { path: 'manifest.json', data: manifest },
        { path: 'data/sysctl', data: 'net.ipv4.ip_forward = 1\n' },
        { path: 'nodes/n1/sysctl.txt', type: '2', linkpath: '../../data/sysctl' },
      ]),
    );
    const read = await readBundle(tarPath);
    expect(read.artifacts[0]?.text).toBe('net.ipv4.ip_forward = 1\n');
    expect(read.warnings).toEqual([]);
  });

  it('a manifest entry pointing outside the bundle is refused', async () => {
    const manifest = JSON.stringify({
      schemaVersion: 1,
      collectedAt: 'x',
      collector: { tool: 'sdn-doctor', version: '0.1.0', source: 'live' },
      api: [],
      artifacts: [
        { id: 'a', kind: 'other', argv: [], exitCode: 0, file: '../../../../etc/passwd', collectedAt: 'x' },
      ],
    });
    const d = join(dir.path, 'bad-manifest');
    await mkdir(d);
    await writeFile(join(d, 'manifest.json'), manifest);
    await expect(readBundle(d)).rejects.toThrow(
      /manifest\.json: refused: entry "\.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd" points outside/,
    );
    const abs = manifest.replace('../../../../etc/passwd', '/etc/passwd');
    await writeFile(join(d, 'manifest.json'), abs);
    await expect(readBundle(d)).rejects.toThrow(/absolute path/);
  });

  it('a directory bundle with a symlink leaving it is refused', async () => {
    const d = join(dir.path, 'dir-link');
    await mkdir(join(d, 'nodes', 'n1'), { recursive: true });
    await writeFile(join(d, 'manifest.json'), MANIFEST);
    await symlink('/etc/hostname', join(d, 'nodes', 'n1', 'flows'));
    await expect(readBundle(d)).rejects.toThrow(
      /refused: entry "nodes\/n1\/flows" points outside the bundle \(symbolic link/,
    );
  });
});
