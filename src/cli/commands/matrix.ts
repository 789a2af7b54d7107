/**
 * `sdn-doctor matrix` (issue 5): pod → pod, pod → service port and node → pod reachability for
 * every pair, from a bundle or a lab, computed by equivalence classes. JSON (contract):
 * `{ schemaVersion, counts, truncated, maxPairs, pairs: [{ from, to, reachable, cause? }],
 * broken: [{ cause, node?, rule?, pairs, examples }], stats }` — `pairs` lists at most
 * `--max-pairs` pairs; counts and broken groups are always complete. Exit 1 when a pair is broken
 * for a reason other than the plugin's isolation.
 */
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { resolveLang } from '../lang.js';
import { withModelSourceOptions, type ModelSourceOptions } from '../model-options.js';
import { chooseReporter, withOutputOption } from '../output.js';

interface MatrixCliOptions extends ModelSourceOptions {
  output: string;
  maxPairs: string;
  lang?: string;
}

async function runMatrix(opts: MatrixCliOptions): Promise<number> {
  const lang = resolveLang(opts.lang);
  const reporter = await chooseReporter('matrix', opts.output);
  const maxPairs = Number(opts.maxPairs);
  if (!Number.isInteger(maxPairs) || maxPairs < 0) {
    throw new UsageError(
      `--max-pairs must be a whole number ≥ 0, but got "${opts.maxPairs}"`,
      `--max-pairs は 0 以上の整数です（指定値: "${opts.maxPairs}"）`,
    );
  }
  const [{ ClusterDataplane, computeMatrix }, { loadClusterModel }] = await Promise.all([
    import('../../dataplane/index.js'),
    import('../sources.js'),
  ]);
  const model = await loadClusterModel(opts);
  const result = computeMatrix(new ClusterDataplane(model), { maxPairs });
  process.stdout.write(reporter(result, { lang, color: false }));
  return result.broken.some((b) => !b.isolation) ? 1 : 0;
}

export function registerMatrix(program: Command): void {
  withOutputOption(withModelSourceOptions(program.command('matrix')), 'matrix')
    .description(
      'reachability of every pod → pod, pod → service and node → pod pair, broken pairs grouped by cause',
    )
    .option(
      '--max-pairs <n>',
      'list at most this many pairs in JSON (counts and broken groups stay complete)',
      '100000',
    )
    .option('--lang <lang>', 'en or ja (default from LANG)')
    .action(async (opts: MatrixCliOptions) => {
      process.exitCode = await runMatrix(opts);
    });
}
