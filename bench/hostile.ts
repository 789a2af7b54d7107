/**
 * Hostile bundles (README "Security"): peak RSS and time of reading each, in a child process.
 * Target: every case under 512 MB and 10 s on the 2-core CI machine.
 *   amplification — 46 levels of folders holding two links to the level below (2^46 paths if copied)
 *   bomb          — a .tar.gz expanding to 5 GiB of zeros (gzip members concatenated)
 *   sparse        — a directory bundle with a 2 GB sparse artifact
 *   files100k     — an archive of 100,000 files and links
 *   endless       — `collect` against an API server whose every answer is a body that never ends
 *                   (the CLI as the user runs it, in a child; it must also exit on its own)
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { gzipSync } from 'node:zlib';
import { Header } from 'tar';
import { amplifierEntries, manyEntries, MANIFEST } from '../testkit/bundle/hostile-archives.js';
import { craftTar, craftTarGz } from '../testkit/bundle/tar-craft.js';
import { loopbackKubeconfig } from '../testkit/loopback.js';
import { runJsonChild } from './lib/json-child.js';

/** 5 GiB of zeros as concatenated gzip members: built in a second, expands to 5 GiB. */
async function writeBomb(path: string, gib: number): Promise<void> {
  const small = craftTar([
    { path: 'manifest.json', data: MANIFEST(['nodes/n1/sysctl.txt']) },
    { path: 'nodes/n1/sysctl.txt', data: 'net.ipv4.ip_forward = 1\n' },
  ]).subarray(0, -1024);
  const size = gib * 1024 ** 3;
  const header = Buffer.alloc(512);
  new Header({ path: 'nodes/n1/huge.txt', size, type: 'File', mode: 0o644, mtime: new Date(0) }).encode(
    header,
    0,
  );
  const out = createWriteStream(path);
  out.write(gzipSync(Buffer.concat([small, header])));
  const mib = gzipSync(Buffer.alloc(1 << 20), { level: 9 });
  for (let i = 0; i < size / (1 << 20); i++) if (!out.write(mib)) await once(out, 'drain');
  out.end(gzipSync(Buffer.alloc(1024)));
  await once(out, 'finish');
}

export async function run(): Promise<Record<string, number | string>> {
  const dir = await mkdtemp(join(tmpdir(), 'sdn-doctor-bench-hostile-'));
  try {
    const cases: Record<string, string> = {
      amplification: join(dir, 'amp.tar.gz'),
      bomb: join(dir, 'bomb.tar.gz'),
      sparse: join(dir, 'sparse'),
      files100k: join(dir, 'many.tar.gz'),
    };
    await writeFile(cases.amplification!, craftTarGz(amplifierEntries(46)));
    await writeBomb(cases.bomb!, 5);
    await mkdir(join(cases.sparse!, 'nodes/n1'), { recursive: true });
    await writeFile(
      join(cases.sparse!, 'manifest.json'),
      MANIFEST(['nodes/n1/sysctl.txt', 'nodes/n1/node-journal.txt']),
    );
    await writeFile(join(cases.sparse!, 'nodes/n1/sysctl.txt'), 'net.ipv4.ip_forward = 1\n');
    await writeFile(join(cases.sparse!, 'nodes/n1/node-journal.txt'), '');
    await truncate(join(cases.sparse!, 'nodes/n1/node-journal.txt'), 2 * 1024 ** 3);
    await writeFile(cases.files100k!, craftTarGz(manyEntries(50_000, 50_000)));

    const figures: Record<string, number | string> = {};
    for (const [name, path] of Object.entries(cases)) {
      const child = runJsonChild<{ ms: number; rssMB: number; outcome: string }>(
        join(import.meta.dirname, '_hostile-child.ts'),
        [path],
      );
      if (!child.ok) {
        figures[`hostile_${name}`] = `failed: ${child.error.slice(0, 200)}`;
        continue;
      }
      const r = child.value;
      figures[`hostile_${name}_ms`] = r.ms;
      figures[`hostile_${name}_peak_rss_mb`] = r.rssMB;
      figures[`hostile_${name}_outcome`] = r.outcome;
    }
    Object.assign(figures, await endlessBody(dir));
    return figures;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A loopback API server that answers every request with 200 and a body that never ends. */
function endlessServer(): http.Server {
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  return http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"kind":"List","items":[');
    const pump = (): void => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once('drain', pump);
    };
    pump();
  });
}

/** Limit on the CLI child: beyond it the process counts as hung (killed, figure says so). */
const ENDLESS_GUARD_MS = 120_000;

async function endlessBody(dir: string): Promise<Record<string, number | string>> {
  const server = endlessServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const kubeconfig = await loopbackKubeconfig(dir, port, 'endless');
  const root = join(import.meta.dirname, '..');
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--import',
      join(import.meta.dirname, 'lib/rss-on-exit.ts'),
      join(root, 'src/cli/main.ts'),
      'collect',
      '--kubeconfig',
      kubeconfig,
      '-q',
      '-o',
      join(dir, 'endless-bundle'),
    ],
    { cwd: root, env: { ...process.env, LANG: 'C' }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const guard = setTimeout(() => child.kill('SIGKILL'), ENDLESS_GUARD_MS);
  const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
  clearTimeout(guard);
  const ms = Math.round(performance.now() - started);
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  const rss = /bench-peak-rss-mb: (\d+)/.exec(stderr);
  if (signal || !rss) return { hostile_endless: `failed: ${signal ?? `exit ${code}`} after ${ms} ms` };
  return {
    hostile_endless_ms: ms,
    hostile_endless_peak_rss_mb: Number(rss[1]),
    hostile_endless_outcome: `exited ${code}`,
  };
}
