/**
 * collect at scale, its parts: the client-side rate limit, a hung node costing one deadline
 * (abandonHungNodes), artifacts streamed to the bundle as they arrive (the same bundle as
 * writeBundle writes), and the progress summary grouping failed nodes by reason.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NODE_COMMANDS } from '../../src/artifacts/commands.js';
import type { ApiSnapshot, Artifact } from '../../src/artifacts/types.js';
import { createCollectProgress } from '../../src/cli/collect-progress.js';
import { openBundleStream, writeBundle } from '../../src/sources/bundle/index.js';
import { collectSnapshot } from '../../src/sources/collect.js';
import { createRateLimiter } from '../../src/sources/live/rate-limit.js';
import type { NodeShell } from '../../src/sources/node-shell.js';

const API: ApiSnapshot = { nodes: { ok: true, items: [] } };
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Answers at once with the argv as output; `hung` nodes never answer. */
function fakeShell(hung: ReadonlySet<string>): NodeShell & { calls: Map<string, number> } {
  const calls = new Map<string, number>();
  return {
    name: 'fake',
    calls,
    run(target, argv) {
      const node = target.kind === 'node' ? target.node : 'client';
      calls.set(node, (calls.get(node) ?? 0) + 1);
      if (hung.has(node)) return new Promise(() => {});
      return Promise.resolve({
        stdout: `${node}: ${argv.join(' ')}\n`,
        stderr: '',
        exitCode: 0,
        durationMs: 1,
      });
    },
  };
}

describe('rate limit', () => {
  it('lets `burst` through at once, then `qps` per second: no 1 s window above qps + burst', async () => {
    const limiter = createRateLimiter({ qps: 40, burst: 5 });
    await Promise.all(Array.from({ length: 60 }, () => limiter.take()));
    expect(limiter.peakPerSecond()).toBeGreaterThanOrEqual(5);
    expect(limiter.peakPerSecond()).toBeLessThanOrEqual(45);
  });

  it('refuses a limit that is not one', () => {
    expect(() => createRateLimiter({ qps: 0, burst: 1 })).toThrow(/bad rate limit/);
  });
});

describe('collect with a hung node and a sink', () => {
  it('a hung node costs one deadline; the rest of its commands are "not run"; artifacts go to the sink', async () => {
    const shell = fakeShell(new Set(['n2']));
    const sunk: Artifact[] = [];
    const snap = await collectSnapshot({
      api: async () => API,
      shell,
      nodes: ['n1', 'n2', 'n3'],
      timeoutMs: 200,
      concurrency: 2,
      abandonHungNodes: true,
      sink: async (a) => void sunk.push(a),
    });
    expect(snap.artifacts).toEqual([]);
    expect(sunk).toHaveLength(3 * NODE_COMMANDS.length);
    const n2 = sunk.filter((a) => a.node === 'n2');
    // a node answers its first command before it is sent the others: the hung one was sent one
    // command, which ran out its deadline; nothing more was sent to it
    const timedOut = n2.filter((a) => a.error === 'timeout after 200 ms').length;
    const notRun = n2.filter((a) => a.error?.startsWith('not run: the node did not answer ')).length;
    expect(timedOut).toBe(1);
    expect(shell.calls.get('n2')).toBe(1);
    expect(notRun).toBe(NODE_COMMANDS.length - 1);
    expect(sunk.filter((a) => a.node !== 'n2' && a.error)).toEqual([]);
  });

  it('without abandonHungNodes every command of a hung node runs out its own deadline', async () => {
    const shell = fakeShell(new Set(['n2']));
    const snap = await collectSnapshot({
      api: async () => API,
      shell,
      nodes: ['n2'],
      timeoutMs: 50,
      concurrency: 12,
    });
    expect(snap.artifacts.every((a) => a.error === 'timeout after 50 ms')).toBe(true);
    expect(shell.calls.get('n2')).toBe(NODE_COMMANDS.length);
  });
});

describe('bundle stream', () => {
  it('writes the same files as writeBundle for the same collection, whatever the arrival order', async () => {
    const snap = await collectSnapshot({
      api: async () => API,
      shell: fakeShell(new Set()),
      nodes: ['n1', 'n2'],
      timeoutMs: 1000,
    });
    const dir = mkdtempSync(join(tmpdir(), 'sdn-doctor-stream-'));
    dirs.push(dir);
    await writeBundle(snap, join(dir, 'whole'));
    const stream = await openBundleStream(join(dir, 'stream'));
    for (const a of [...snap.artifacts].reverse()) await stream.add(a);
    await stream.finish(snap);
    const files = (root: string) => {
      const out: Record<string, string> = {};
      const walk = (rel: string) => {
        for (const e of readdirSync(join(root, rel), { withFileTypes: true })) {
          const r = rel ? `${rel}/${e.name}` : e.name;
          if (e.isDirectory()) walk(r);
          else out[r] = readFileSync(join(root, r), 'utf8');
        }
      };
      walk('');
      return out;
    };
    expect(files(join(dir, 'stream'))).toEqual(files(join(dir, 'whole')));
  });
});

describe('progress and the failed-node summary', () => {
  it('counts finished nodes and groups failures by reason', () => {
    const lines: string[] = [];
    const p = createCollectProgress((t) => lines.push(t), false, 'en', 2);
    p.onStart(['a', 'b', 'c']);
    const at = (node: string, error?: string) =>
      p.onProgress({
        node,
        command: 'x',
        done: 0,
        total: 6,
        durationMs: node === 'c' ? 900 : 10,
        ...(error ? { error } : {}),
      });
    at('a');
    at('a');
    at('b', 'timeout after 10000 ms (the node sent nothing)');
    at('b', 'not run: the node did not answer ip addr show');
    at('c', 'exec in openshift-sdn/sdn-x refused: forbidden by RBAC (create pods/exec) (HTTP 403)');
    at('c');
    const summary = p.finish();
    expect(lines[lines.length - 1]).toBe(
      'collect: 3/3 nodes done (6/6 outputs), 2 failed; slowest: c 0.9s, a 0.0s, b 0.0s\n',
    );
    expect(summary).toEqual([
      'failed nodes (2):',
      '  1 × timeout after 10000 ms (the node sent nothing): b',
      '  1 × exec refused: forbidden by RBAC (create pods/exec) (HTTP 403): c',
    ]);
  });
});
