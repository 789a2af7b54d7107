/**
 * `npm run bench -- <name> [<name>…]` runs bench/<name>.ts and prints its figures as
 * `name: value` lines (targets live here, not in timed tests). No name = every benchmark.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

type Figures = Record<string, number | string>;
interface BenchModule {
  run(): Promise<Figures>;
}

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_'))
  .map((f) => f.slice(0, -3))
  .sort();

/** A `<name>_exact` figure with a `<name>_total` beside it is reported as K/N (the total is not printed). */
function format(figures: Figures): string[] {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(figures)) {
    if (key.endsWith('_total') && figures[`${key.slice(0, -'_total'.length)}_exact`] !== undefined) continue;
    const total = key.endsWith('_exact') ? figures[`${key.slice(0, -'_exact'.length)}_total`] : undefined;
    if (total !== undefined) {
      lines.push(`${key}: ${value}/${total}`);
      continue;
    }
    lines.push(`${key}: ${typeof value === 'number' ? Number(value.toFixed(3)) : value}`);
  }
  return lines;
}

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const names = asked.length > 0 ? asked : available;
  for (const name of names) {
    if (!available.includes(name)) {
      console.error(`unknown benchmark "${name}"; available: ${available.join(', ')}`);
      process.exitCode = 2;
      return;
    }
    const mod = (await import(pathToFileURL(join(here, `${name}.ts`)).href)) as BenchModule;
    for (const line of format(await mod.run())) console.log(line);
  }
}

await main();
