/**
 * The live path ends on its own (README "Security"): against API servers that accept and never
 * answer, stream a body forever, or accept the exec WebSocket upgrade and then say nothing,
 * `collect` and `matrix --kubeconfig` finish their work within their deadlines and the process
 * exits — no socket, timer or child left holding the event loop. Each CLI run is a real child
 * process; a guard kills it after GUARD_MS, and a kill is a failure (the handle leak the issue found).
 */
import { execFile } from 'node:child_process';
import http from 'node:http';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenOnLoopback, loopbackKubeconfig } from '../../testkit/loopback.js';
import { tempDir } from '../bundle/helpers.js';

const ROOT = join(import.meta.dirname, '../..');
/** Far above what the deadlines below allow (--timeout 2 per call): reaching it means a hang. */
const GUARD_MS = 90_000;

interface CliRun {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function cli(args: string[]): Promise<CliRun> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args],
      { cwd: ROOT, env: { ...process.env, LANG: 'C' }, timeout: GUARD_MS, killSignal: 'SIGKILL' },
      (err, stdout, stderr) => {
        const e = err as (Error & { code?: number; signal?: string }) | null;
        resolve({
          code: e ? (typeof e.code === 'number' ? e.code : null) : 0,
          signal: e?.signal ?? null,
          stdout,
          stderr,
          ms: Date.now() - started,
        });
      },
    );
  });
}

const NODE = {
  metadata: { name: 'n1' },
  status: { addresses: [{ type: 'InternalIP', address: '127.0.0.1' }] },
};
const SDN_POD = {
  metadata: { name: 'sdn-n1', namespace: 'openshift-sdn', labels: { app: 'sdn' } },
  spec: { nodeName: 'n1', hostNetwork: true, containers: [{ name: 'sdn' }] },
  status: { phase: 'Running', podIP: '127.0.0.1' },
};

type Behaviour = 'silent' | 'endless' | 'exec-hangs';

/** One misbehaving API server; remembers its sockets so the test can close them all. */
function apiServer(behaviour: Behaviour): { server: http.Server; sockets: Set<Socket> } {
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    if (behaviour === 'silent') return;
    if (behaviour === 'endless') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"kind":"List","items":[');
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = (): void => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname.endsWith('/log')) return; // pods/log: never answers either
    const items = url.pathname === '/api/v1/nodes' ? [NODE] : url.pathname.endsWith('/pods') ? [SDN_POD] : [];
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ kind: 'List', apiVersion: 'v1', metadata: {}, items }));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // exec: the upgrade is accepted at the TCP level and never answered
  server.on('upgrade', (_req, socket: Socket) => sockets.add(socket));
  return { server, sockets };
}

describe('the CLI exits on its own against a hanging API', () => {
  let dir: { path: string; cleanup: () => Promise<void> };
  const servers = new Map<Behaviour, { server: http.Server; sockets: Set<Socket>; kubeconfig: string }>();
  beforeAll(async () => {
    dir = await tempDir();
    for (const b of ['silent', 'endless', 'exec-hangs'] as const) {
      const s = apiServer(b);
      const port = await listenOnLoopback(s.server);
      servers.set(b, { ...s, kubeconfig: await loopbackKubeconfig(dir.path, port, b) });
    }
  });
  afterAll(async () => {
    for (const { server, sockets } of servers.values()) {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    }
    await dir.cleanup();
  });

  for (const b of ['silent', 'endless', 'exec-hangs'] as const) {
    it(
      `collect, API ${b}: writes the bundle and exits`,
      async () => {
        const out = join(dir.path, `collect-${b}`);
        const r = await cli([
          'collect',
          '--kubeconfig',
          servers.get(b)!.kubeconfig,
          '--timeout',
          '2',
          '-q',
          '-o',
          out,
        ]);
        expect(r.signal, `killed after ${r.ms} ms: the process did not exit\n${r.stderr}`).toBeNull();
        // exit 2: the API could not be read, or (exec-hangs) no node command succeeded
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr).not.toMatch(/cannot prepare credentials/);
        if (b === 'exec-hangs') {
          expect(r.stdout).toMatch(/^bundle written: .* \(1 node, \d+ outputs, (\d+) failed/);
          // every node command went through the hanging exec: each one timed out
          const [, outputs, failed] = /(\d+) outputs, (\d+) failed/.exec(r.stdout) ?? [];
          expect(failed).toBe(outputs);
        }
      },
      GUARD_MS + 10_000,
    );

    it(
      `matrix --kubeconfig, API ${b}: answers and exits`,
      async () => {
        const r = await cli(['matrix', '--kubeconfig', servers.get(b)!.kubeconfig, '-o', 'json']);
        expect(r.signal, `killed after ${r.ms} ms: the process did not exit\n${r.stderr}`).toBeNull();
        expect(r.code).not.toBeNull();
        // one clear line on stderr or a JSON report on stdout, never silence
        expect(r.stdout.length + r.stderr.length).toBeGreaterThan(0);
      },
      GUARD_MS + 10_000,
    );
  }
});
