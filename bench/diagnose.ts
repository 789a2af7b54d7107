/**
 * `npm run bench -- diagnose`: diagnose over the whole fault catalogue (DESIGN.md §5) in a fresh
 * 3-node lab, one fault at a time. Prints a table (fault, exact?, seconds) and returns the median
 * time to verdict and how many faults were diagnosed exactly (targets: < 5 s, 21/21).
 */
import {
  catalogue,
  describeCauses,
  diagnoseLab,
  isExact,
  startLab,
  stopLab,
  uniqueLabName,
  withFault,
} from '../testkit/lab-harness.js';

export async function run(): Promise<Record<string, number>> {
  const name = uniqueLabName('bd');
  const rows: { fault: string; exact: boolean; seconds: number; got: string }[] = [];
  try {
    const status = await startLab(name);
    for (const c of catalogue(status)) {
      const r = await withFault(name, c, async () => {
        const t0 = performance.now();
        const result = await diagnoseLab(name);
        return { result, seconds: (performance.now() - t0) / 1000 };
      });
      rows.push({
        fault: c.fault,
        exact: isExact(c, r.result),
        seconds: r.seconds,
        got: describeCauses(r.result).split('\n')[0] ?? '',
      });
      const last = rows[rows.length - 1]!;
      console.log(
        `${last.fault.padEnd(24)} ${last.exact ? 'yes' : 'NO '} ${last.seconds.toFixed(2).padStart(6)} s  ${last.exact ? '' : last.got.slice(0, 100)}`,
      );
    }
  } finally {
    await stopLab(name);
  }
  const times = rows.map((r) => r.seconds).sort((a, b) => a - b);
  const median = times.length ? (times[(times.length - 1) >> 1]! + times[times.length >> 1]!) / 2 : NaN;
  return {
    diagnose_median_s: median,
    diagnose_exact: rows.filter((r) => r.exact).length,
    diagnose_total: rows.length,
  };
}
