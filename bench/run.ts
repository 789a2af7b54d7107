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

/**
 * A `<name>_exact[_<suffix>…]` figure with a `<name>_total[_<suffix>…]` beside it is reported as K/N
 * (the total is not printed): `diagnose_exact: 27/27`, `diagnose_exact_4x: 21/21`, `diagnose_exact_4x_np: 24/24`.
 */
function format(figures: Figures): string[] {
  const lines: string[] = [];
  const EXACT = /_exact(?=(?:_[a-z0-9]+)*$)/;
  const TOTAL = /_total(?=(?:_[a-z0-9]+)*$)/;
  for (const [key, value] of Object.entries(figures)) {
    if (TOTAL.test(key) && figures[key.replace(TOTAL, '_exact')] !== undefined) continue;
    const total = EXACT.test(key) ? figures[key.replace(EXACT, '_total')] : undefined;
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
