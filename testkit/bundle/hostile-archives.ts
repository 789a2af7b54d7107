/**
 * Hostile archives for the cap tests and the `hostile` bench: link amplifiers, gzip bombs, huge
 * and sparse files, archives with 100k entries. Streamed to disk, so building them is bounded too.
 */
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGzip, constants } from 'node:zlib';
import { Header } from 'tar';
import { craftTar, type CraftEntry } from './tar-craft.js';

export const MANIFEST = (files: string[]): string =>
  JSON.stringify({
    schemaVersion: 1,
    collectedAt: 'x',
    collector: { tool: 'sdn-doctor', version: '0.1.0', source: 'live' },
    api: [],
    artifacts: files.map((file) => ({
      id: file,
      kind: file.endsWith('sysctl.txt') ? 'sysctl' : 'node-journal',
      node: 'n1',
      argv: ['x'],
      exitCode: 0,
      file,
      collectedAt: 'x',
    })),
  });

function fileHeader(path: string, size: number): Buffer {
  const h = new Header({ path, size, type: 'File', mode: 0o644, mtime: new Date(0), uid: 0, gid: 0 });
  const block = Buffer.alloc(512);
  h.encode(block, 0);
  return block;
}

/** A .tar.gz whose small entries come first, then one file of `hugeBytes` zeros (a bomb when large). */
export async function writeZerosArchive(
  path: string,
  small: readonly CraftEntry[],
  hugePath: string,
  hugeBytes: number,
): Promise<void> {
  const head = craftTar(small).subarray(0, -1024); // drop the end-of-archive blocks
  async function* body(): AsyncGenerator<Buffer> {
    yield head;
    yield fileHeader(hugePath, hugeBytes);
    const zeros = Buffer.alloc(1 << 20);
    let left = hugeBytes;
    while (left > 0) {
      const n = Math.min(left, zeros.length);
      yield zeros.subarray(0, n);
      left -= n;
    }
    yield Buffer.alloc((512 - (hugeBytes % 512)) % 512);
    yield Buffer.alloc(1024);
  }
  await pipeline(
    Readable.from(body()),
    createGzip({ level: constants.Z_BEST_SPEED }),
    createWriteStream(path),
  );
}

/** 46 levels, each a folder of two links to the level below: 2^46 paths if links were copied. */
export function amplifierEntries(levels = 46): CraftEntry[] {
  const entries: CraftEntry[] = [
    { path: 'manifest.json', data: MANIFEST(['nodes/n1/sysctl.txt']) },
    { path: 'nodes/n1/sysctl.txt', data: 'net.ipv4.ip_forward = 1\n' },
    { path: 'l0/', type: '5' },
    { path: 'l0/f', data: 'x' },
  ];
  for (let i = 1; i <= levels; i++) {
    entries.push({ path: `l${i}/`, type: '5' });
    entries.push({ path: `l${i}/a`, type: '2', linkpath: `../l${i - 1}` });
    entries.push({ path: `l${i}/b`, type: '2', linkpath: `../l${i - 1}` });
  }
  return entries;
}

/** `files` small files plus as many dangling links. */
export function manyEntries(files: number, danglingLinks: number): CraftEntry[] {
  const entries: CraftEntry[] = [{ path: 'manifest.json', data: MANIFEST(['nodes/n1/sysctl.txt']) }];
  entries.push({ path: 'nodes/n1/sysctl.txt', data: 'net.ipv4.ip_forward = 1\n' });
  for (let i = 0; i < files; i++) entries.push({ path: `junk/${i}`, data: 'x' });
  for (let i = 0; i < danglingLinks; i++)
    entries.push({ path: `dangle/${i}`, type: '2', linkpath: `../none/${i}` });
  return entries;
}
