/**
 * Figures of the lab: a 3-node lab up (target < 5 s), down (< 2 s), and the resident
 * memory of every process of the lab together (< 400 MB). `npm run bench -- lab`.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { downLab } from '../src/lab/down.js';
import { run as runArgv } from '../src/lab/exec.js';
import { loadState } from '../src/lab/state.js';
import { upLab } from '../src/lab/up.js';

async function rssKb(pid: number): Promise<number> {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Every process of the lab: the ones it recorded plus anything running in its namespaces. */
async function labPids(name: string): Promise<number[]> {
  const state = await loadState(name);
  const pids = new Set(state?.processes.map((p) => p.pid) ?? []);
  const netns = (await runArgv(['ip', 'netns', 'list'])).stdout
    .split('\n')
    .map((l) => l.split(' ')[0] ?? '')
    .filter((ns) => ns.startsWith(`sdl-${name}-`));
  for (const ns of netns) {
    for (const p of (await runArgv(['ip', 'netns', 'pids', ns])).stdout.split(/\s+/).filter(Boolean))
      pids.add(Number(p));
  }
  return [...pids];
}

/** Brings a 3-node lab up and down once; returns lab_up_s, lab_down_s, lab_rss_mb. */
export async function run(): Promise<Record<string, number>> {
  const name = `bench${randomBytes(2).toString('hex')}`;
  const t0 = performance.now();
  try {
    await upLab({ name, nodes: 3, podsPerNode: 2, plugin: 'subnet' });
    const up = (performance.now() - t0) / 1000;
    let kb = 0;
    for (const pid of await labPids(name)) kb += await rssKb(pid);
    const t1 = performance.now();
    await downLab(name);
    const down = (performance.now() - t1) / 1000;
    return {
      lab_up_s: Number(up.toFixed(2)),
      lab_down_s: Number(down.toFixed(2)),
      lab_rss_mb: Number((kb / 1024).toFixed(1)),
    };
  } finally {
    await downLab(name);
  }
}
