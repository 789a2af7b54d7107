/**
 * Starting and stopping the lab API server process: from source (tsx) and from compiled
 * JavaScript (as `lab up` runs from dist/), stopped by its recorded PID only.
 */
import { execFile, execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PID_FILE, startLabApiServer, stopLabApiServer, URL_FILE } from '../../src/lab/api/index.js';
import { listenOnLoopback } from '../../testkit/loopback.js';

const ROOT = resolve(import.meta.dirname, '../..');
const dirs: string[] = [];
const runDirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sdn-doctor-labapi-life-'));
  dirs.push(dir);
  return dir;
}

afterAll(async () => {
  for (const runDir of runDirs) await stopLabApiServer(runDir);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function alive(pid: number): boolean {
  return existsSync(`/proc/${pid}`) && !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
}

describe('startLabApiServer / stopLabApiServer', () => {
  it('from source: records the PID, answers, and stop ends exactly that process', async () => {
    const dir = tempDir();
    const runDir = join(dir, 'run');
    runDirs.push(runDir);
    const { url, pid } = await startLabApiServer({ dataDir: join(dir, 'api'), runDir });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(readFileSync(join(runDir, PID_FILE), 'utf8').trim()).toBe(String(pid));
    expect(readFileSync(join(runDir, URL_FILE), 'utf8').trim()).toBe(url);
    expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8')).toContain('server-main.ts');
    // An empty data folder is a cluster without objects, not an error.
    const res = await fetch(`${url}/api/v1/pods`);
    expect(((await res.json()) as { items: unknown[] }).items).toEqual([]);
    await stopLabApiServer(runDir);
    expect(alive(pid)).toBe(false);
    expect(existsSync(join(runDir, PID_FILE))).toBe(false);
    await expect(fetch(`${url}/version`)).rejects.toThrow();
    await stopLabApiServer(runDir); // idempotent
  });

  it('a stale PID file naming another process is left alone', async () => {
    const dir = tempDir();
    const runDir = join(dir, 'run');
    mkdirSync(runDir, { recursive: true });
    writeFileSync(join(runDir, PID_FILE), `${process.pid}\n`);
    await stopLabApiServer(runDir);
    expect(alive(process.pid)).toBe(true);
    expect(existsSync(join(runDir, PID_FILE))).toBe(false);
  });

  it('a port already in use: rejects with the reason and leaves no process behind', async () => {
    const blocker = createServer();
    const port = await listenOnLoopback(blocker);
    const dir = tempDir();
    const runDir = join(dir, 'run');
    try {
      await expect(startLabApiServer({ dataDir: join(dir, 'api'), runDir, port })).rejects.toThrow(
        /EADDRINUSE/,
      );
      expect(existsSync(join(runDir, PID_FILE))).toBe(false);
    } finally {
      await new Promise<void>((r) => blocker.close(() => r()));
    }
  });

  it('from compiled JavaScript (dist/ layout): spawns server-main.js', async () => {
    const dir = tempDir();
    const outDir = join(dir, 'pkg', 'dist');
    // A package beside the repo's node_modules, as an installed sdn-doctor would be.
    mkdirSync(join(dir, 'pkg'), { recursive: true });
    writeFileSync(join(dir, 'pkg', 'package.json'), JSON.stringify({ type: 'module' }));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'pkg', 'node_modules'));
    execFileSync(
      join(ROOT, 'node_modules/.bin/tsc'),
      [
        ...['--outDir', outDir, '--rootDir', join(ROOT, 'src')],
        ...['--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022'],
        // Type checking is npm run typecheck's job; here only the emitted layout matters.
        ...['--types', 'node', '--skipLibCheck', '--noCheck'],
        join(ROOT, 'src/lab/api/index.ts'),
        join(ROOT, 'src/lab/api/server-main.ts'),
      ],
      { cwd: ROOT, stdio: 'pipe' },
    );
    const runDir = join(dir, 'run');
    runDirs.push(runDir);
    const script = `import { startLabApiServer } from ${JSON.stringify(join(outDir, 'lab/api/index.js'))};
      const r = await startLabApiServer({ dataDir: ${JSON.stringify(join(dir, 'api'))}, runDir: ${JSON.stringify(runDir)} });
      console.log(JSON.stringify(r));`;
    const stdout = await new Promise<string>((res, rej) =>
      execFile(process.execPath, ['--input-type=module', '-e', script], { timeout: 30_000 }, (e, out, err) =>
        e ? rej(new Error(`${e.message}\n${err}`)) : res(out),
      ),
    );
    const { url, pid } = JSON.parse(stdout) as { url: string; pid: number };
    // The starter has exited; the detached server lives on until stopped.
    expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8')).toContain(join(outDir, 'lab/api/server-main.js'));
    expect((await fetch(`${url}/version`)).status).toBe(200);
    await stopLabApiServer(runDir);
    expect(alive(pid)).toBe(false);
  });
});
