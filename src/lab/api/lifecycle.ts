/**
 * Starting and stopping the lab API server process. It runs detached, so that it outlives the
 * `lab up` command; its PID goes to `<runDir>/api-server.pid` and `lab down` stops exactly that
 * process (never by name). Works from the compiled dist/ and from source through tsx.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import http from 'node:http';
import https from 'node:https';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LOG_FILE, PID_FILE, URL_FILE } from './run-files.js';
import { createSelfSignedCert } from './tls-cert.js';
import { alive, readPidFile, spawnDetached, stopProcesses } from '../procs.js';

/** Options of `startLabApiServer`. */
export interface LabApiServerOptions {
  /** Folder of the `<plural>.json` list files (and `_faults.json`). */
  readonly dataDir: string;
  /** The lab's run folder: pid, url and log files go there. */
  readonly runDir: string;
  /** Address to listen on; default 127.0.0.1. */
  readonly host?: string;
  /** Port; default 0 (any free port). */
  readonly port?: number;
  /** Serve HTTPS with a self-signed certificate written to the run folder (default: plain HTTP). */
  readonly tls?: boolean;
  /** Who runs exec and serves logs: `host` (default; this machine is every node) or `lab:NAME`. */
  readonly exec?: string;
  /** Start the server inside this network namespace (it is then checked by its URL file only). */
  readonly netns?: string;
  /** How long to wait for the server to answer `/version`; default 15 s. */
  readonly startTimeoutMs?: number;
}

/** A running lab API server. */
export interface LabApiServer {
  readonly url: string;
  readonly pid: number;
  /** With `tls`: the server's self-signed certificate (PEM file), to trust it. */
  readonly caFile?: string;
}

/**
 * Spawns the server, waits until it answers `/version`, and records its PID. Rejects (after
 * stopping the process) with the server's log when it does not come up.
 */
export async function startLabApiServer(opts: LabApiServerOptions): Promise<LabApiServer> {
  const runDir = resolve(opts.runDir);
  const dataDir = resolve(opts.dataDir);
  mkdirSync(runDir, { recursive: true });
  mkdirSync(dataDir, { recursive: true });
  rmSync(join(runDir, URL_FILE), { force: true });
  const host = opts.host ?? '127.0.0.1';
  const cert = opts.tls ? createSelfSignedCert(runDir, host) : undefined;
  const args = [
    ...serverEntry(),
    ...['--data-dir', dataDir, '--run-dir', runDir],
    ...['--host', host, '--port', String(opts.port ?? 0)],
    ...(cert ? ['--tls-cert', cert.certFile, '--tls-key', cert.keyFile] : []),
    ...(opts.exec ? ['--exec', opts.exec] : []),
  ];
  // `ip netns exec` execs node, so the PID stays the server's
  const argv = opts.netns
    ? ['ip', 'netns', 'exec', opts.netns, process.execPath, ...args]
    : [process.execPath, ...args];
  const pid = spawnDetached(argv, join(runDir, LOG_FILE));
  // Recorded at once: if this process dies while waiting, `lab down` still finds the server.
  writeFileSync(join(runDir, PID_FILE), `${pid}\n`);
  try {
    const url = await waitForUrl(join(runDir, URL_FILE), pid, opts.startTimeoutMs ?? 15_000);
    // from another namespace /version is out of reach; the URL file says it listens
    if (!opts.netns) await waitForVersion(url, cert?.certFile, opts.startTimeoutMs ?? 15_000);
    return { url, pid, ...(cert ? { caFile: cert.certFile } : {}) };
  } catch (e) {
    await stopLabApiServer(runDir);
    const log = readTail(join(runDir, LOG_FILE));
    throw new Error(`the lab API server did not start: ${(e as Error).message}${log ? `\n${log}` : ''}`);
  }
}

/**
 * Stops the server whose PID is recorded in `runDir` (SIGTERM, then SIGKILL after 3 s) and removes
 * its pid and url files. A stale PID (no process, or a process that is not our server) is left alone.
 */
export async function stopLabApiServer(runDir: string): Promise<void> {
  const dir = resolve(runDir);
  const pid = await readPidFile(join(dir, PID_FILE));
  // Guards against a recycled PID: the process must be server-main serving this run folder.
  const ours = (argv: readonly string[]): boolean =>
    argv.some((a) => /server-main\.(js|ts)$/.test(a)) && argv.includes(dir);
  if (pid !== undefined && pid > 1) await stopProcesses([{ pid, match: ours }], 3000);
  rmSync(join(dir, PID_FILE), { force: true });
  rmSync(join(dir, URL_FILE), { force: true });
}

/** The argv (after `node`) that runs server-main: the .js beside us, or the .ts through tsx. */
function serverEntry(): string[] {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    const tsx = createRequire(import.meta.url).resolve('tsx');
    return ['--import', pathToFileURL(tsx).href, join(dirname(here), 'server-main.ts')];
  }
  return [join(dirname(here), 'server-main.js')];
}

async function waitForUrl(file: string, pid: number, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!(await alive(pid))) throw new Error('it exited (see its log)');
    try {
      const url = readFileSync(file, 'utf8').trim();
      if (url) return url;
    } catch {
      // not written yet
    }
    await delay(20);
  }
  throw new Error(`no URL in ${file} after ${timeoutMs} ms`);
}

async function waitForVersion(url: string, caFile: string | undefined, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const ca = caFile ? readFileSync(caFile) : undefined;
  let last = '';
  while (Date.now() < deadline) {
    last = await getStatus(`${url}/version`, ca);
    if (last === 'HTTP 200') return;
    await delay(50);
  }
  throw new Error(`${url}/version did not answer: ${last}`);
}

/** `HTTP <code>` or the error, for one GET (trusting `ca` for https). */
function getStatus(url: string, ca: Buffer | undefined): Promise<string> {
  return new Promise((resolve) => {
    const client = url.startsWith('https:') ? https : http;
    const req = client.get(url, { ca, timeout: 1000 }, (res) => {
      res.resume();
      resolve(`HTTP ${res.statusCode}`);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve(e.message));
  });
}

function readTail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-20).join('\n').trim();
  } catch {
    return '';
  }
}
