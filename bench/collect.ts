/**
 * `npm run bench -- collect`: sdn-doctor's live path at the scale of real clusters, against the
 * lab API's scale harness (src/lab/api/exec/harness.ts: N emulated nodes whose `sdn` pods answer
 * exec with the lab generators' outputs after a log-normal latency, median 100 ms; 2 % of nodes
 * hang, 0.5 % refuse exec). A load test of the collector, not of a real cluster: nothing runs
 * behind the emulated nodes. The CLI runs as its own process (its peak RSS is sdn-doctor's own,
 * the harness server is another process), exactly as a user runs it:
 *   sdn-doctor collect --kubeconfig K -o DIR --timeout 10 --concurrency 128 --qps 400 --burst 50 --no-dns
 * Figures: collect_500_s, collect_2000_s, collect_2000_peak_mb, collect_2000_hung_pct (nodes whose
 * commands ran out their deadline), collect_api_qps_max (most API requests sent in any 1 s; the
 * token bucket allows at most qps + burst in a window), diagnose_2000_s and diagnose_3_s (one
 * diagnose through --kubeconfig on the harness).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startLabApiServer, stopLabApiServer, writeKubeconfig } from '../src/lab/api/index.js';
import { harnessState, writeHarnessApi, type HarnessOptions } from '../src/lab/api/exec/harness.js';

const CLI = join(import.meta.dirname, '../dist/cli/main.js');
const QPS = 400;
const BURST = 50;

interface Harness {
  readonly dir: string;
  readonly kubeconfig: string;
  stop(): Promise<void>;
}

async function startHarness(nodes: number): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), `sdn-doctor-bench-collect-${nodes}-`));
  const options: HarnessOptions = { nodes, medianMs: 100, sigma: 0.5, hungShare: 0.02, refuseShare: 0.005 };
  writeFileSync(join(dir, 'harness.json'), JSON.stringify(options));
  writeHarnessApi(join(dir, 'api'), harnessState(nodes));
  const api = await startLabApiServer({
    dataDir: join(dir, 'api'),
    runDir: join(dir, 'run'),
    exec: `harness:${join(dir, 'harness.json')}`,
  });
  const kubeconfig = join(dir, 'kubeconfig');
  writeKubeconfig(kubeconfig, api.url, 'scale');
  return {
    dir,
    kubeconfig,
    stop: async () => {
      await stopLabApiServer(join(dir, 'run'));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs the CLI; wall time, its peak RSS (VmHWM, read until it exits) and its stdout. */
async function cli(
  args: readonly string[],
): Promise<{ seconds: number; peakMb: number; stdout: string; code: number | null }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  let peakKb = 0;
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let done = false;
  void exited.then(() => (done = true));
  while (!done) {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) peakKb = Math.max(peakKb, Number(m[1]));
    } catch {
      // gone
    }
    await sleep(100);
  }
  const code = await exited;
  if (code !== 0 && code !== 1) console.error(`sdn-doctor ${args[0]} exited ${code}: ${stderr}`);
  return { seconds: (performance.now() - t0) / 1000, peakMb: peakKb / 1024, stdout, code };
}

async function collectRun(
  nodes: number,
): Promise<{ seconds: number; peakMb: number; hungPct: number; qps: number }> {
  const h = await startHarness(nodes);
  try {
    const out = join(h.dir, 'bundle');
    const args = ['collect', '--kubeconfig', h.kubeconfig, '-o', out, '--timeout', '10', '-q', '--no-dns'];
    const r = await cli([...args, '--concurrency', '128', '--qps', String(QPS), '--burst', String(BURST)]);
    console.log(`collect ${nodes} nodes: ${r.stdout.trim()}`);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
      artifacts: { node?: string; error?: string }[];
    };
    const hung = new Set(
      manifest.artifacts
        .filter((a) => a.node && /^(timeout after|not run: the node did not answer)/.test(a.error ?? ''))
        .map((a) => a.node),
    );
    const qps = Number(/at most (\d+) API requests\/s/.exec(r.stdout)?.[1] ?? NaN);
    return { seconds: r.seconds, peakMb: r.peakMb, hungPct: (hung.size / nodes) * 100, qps };
  } finally {
    await h.stop();
  }
}

async function diagnoseRun(nodes: number): Promise<number> {
  const h = await startHarness(nodes);
  try {
    // the route's host does not resolve from here (no DNS in the harness): the walk goes on
    // from the API and the nodes, which is what is timed
    const r = await cli([
      'diagnose',
      'http://web-demo.apps.example.com/',
      '--kubeconfig',
      h.kubeconfig,
      '-o',
      'json',
      '--timeout',
      '2',
    ]);
    return r.seconds;
  } finally {
    await h.stop();
  }
}

export async function run(): Promise<Record<string, number>> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: npm run build first`);
  const c500 = await collectRun(500);
  const c2000 = await collectRun(2000);
  const d3 = await diagnoseRun(3);
  const d2000 = await diagnoseRun(2000);
  return {
    collect_500_s: c500.seconds,
    collect_2000_s: c2000.seconds,
    collect_2000_peak_mb: c2000.peakMb,
    collect_2000_hung_pct: c2000.hungPct,
    collect_api_qps_max: Math.max(c500.qps, c2000.qps),
    diagnose_3_s: d3,
    diagnose_2000_s: d2000,
  };
}
