/**
 * Start-up of the built CLI, as a user meets it: a cold `node dist/cli/main.js` process each time
 * (best of 5, wall clock), and the peak memory of `--version` (ru_maxrss of the child).
 * `npm run build` first. Figures: cli_version_s, cli_analyze_example_s, cli_rss_mb_version.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = new URL('../', import.meta.url).pathname;
const MAIN = join(ROOT, 'dist/cli/main.js');

function best(args: string[], runs = 5): number {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [MAIN, ...args], { cwd: ROOT, stdio: 'ignore' });
    if (r.status !== 0 && r.status !== 1) throw new Error(`sdn-doctor ${args.join(' ')} exited ${r.status}`);
    min = Math.min(min, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return min;
}

/** Peak resident memory of one child in MB, from GNU time's %M (kB). */
function rssMb(args: string[]): number {
  const timed = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, MAIN, ...args], {
    encoding: 'utf8',
  });
  const kb = /(\d+)\s*$/.exec(timed.stderr.trim())?.[1];
  if (timed.status !== 0 || !kb) throw new Error(`/usr/bin/time failed: ${timed.stderr}`);
  return Number(kb) / 1024;
}

export async function run(): Promise<Record<string, number>> {
  return {
    cli_version_s: best(['--version']),
    cli_analyze_example_s: best(['analyze', join(ROOT, 'examples/faulty-3node')]),
    cli_rss_mb_version: rssMb(['--version']),
  };
}
