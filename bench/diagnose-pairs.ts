/**
 * `npm run bench -- diagnose-pairs`: every unordered pair of catalogue faults (DESIGN.md §5),
 * injected together on objects chosen so that neither sits on the other's node, diagnosed and
 * cleared — on one 3-node lab per plugin. Prints one line per miss (want, got) and, per plugin,
 * `diagnose_pairs_exact_<plugin>: K/N`; `diagnose_pairs_false_causes` counts causes of neither
 * fault over all plugins (the goal is 0). A pair the lab cannot hold at once is listed, not counted.
 * DIAGNOSE_PAIRS_PLUGINS=subnet and DIAGNOSE_PAIRS_ONLY=<fault>|<a>+<b>,… narrow a run while iterating.
 */
import type { LabPlugin } from '../src/lab/model.js';
import { PLAIN_FAULT_IDS } from '../src/model/faults.js';
import {
  diagnoseLab,
  pairCases,
  pairOutcome,
  startLab,
  stopLab,
  uniqueLabName,
  withFaults,
} from '../testkit/lab-harness.js';

const PLUGINS: readonly LabPlugin[] = ['subnet', 'multitenant'];

export async function run(): Promise<Record<string, number | string>> {
  const plugins = (process.env.DIAGNOSE_PAIRS_PLUGINS?.split(',') ?? PLUGINS) as LabPlugin[];
  const only = process.env.DIAGNOSE_PAIRS_ONLY;
  const figures: Record<string, number | string> = {};
  let falseCauses = 0;
  for (const plugin of plugins) {
    const name = uniqueLabName('bp');
    let exact = 0;
    let total = 0;
    try {
      const status = await startLab(name, plugin);
      for (let i = 0; i < PLAIN_FAULT_IDS.length; i++) {
        for (let j = i + 1; j < PLAIN_FAULT_IDS.length; j++) {
          const [a, b] = [PLAIN_FAULT_IDS[i]!, PLAIN_FAULT_IDS[j]!];
          if (only && !only.split(',').some((o) => o === a || o === b || o === `${a}+${b}`)) continue;
          const cases = pairCases(status, a, b);
          let r;
          try {
            r = await withFaults(name, cases, () => diagnoseLab(name, { timeoutMs: 3000 }));
          } catch (e) {
            console.log(`${plugin} ${a} + ${b}: not on at once (${(e as Error).message.split('\n')[0]})`);
            continue;
          }
          const o = pairOutcome(cases, r);
          total++;
          if (o.exact) exact++;
          falseCauses += o.falseCauses.length;
          if (!o.exact)
            console.log(`MISS ${plugin} want: ${o.want}\n     ${' '.repeat(plugin.length)} got:  ${o.got}`);
        }
      }
    } finally {
      await stopLab(name);
    }
    figures[`diagnose_pairs_exact_${plugin}`] = `${exact}/${total}`;
    console.log(`diagnose_pairs_exact: ${exact}/${total} (${plugin})`);
  }
  figures.diagnose_pairs_false_causes = falseCauses;
  return figures;
}
