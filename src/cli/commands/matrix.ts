/**
 * `sdn-doctor matrix` (issue 5): pod → pod, pod → service port and node → pod reachability for
 * every pair, from a bundle or a lab, computed by equivalence classes. JSON (contract):
 * `{ schemaVersion, counts, truncated, maxPairs, pairs: [{ from, to, reachable, cause? }],
 * broken: [{ cause, node?, rule?, pairs, examples }], stats }` — `pairs` lists at most
 * `--max-pairs` pairs; counts and broken groups are always complete. Exit 1 when a pair is broken
 * for a reason other than the plugin's isolation.
 */
import type { Command } from 'commander';
import { colorFor, NO_COLOR_OPTION } from '../colour.js';
import { UsageError } from '../errors.js';
import { HTML_OPTION, modelSourceName, runInfo, writeHtmlFile } from '../html.js';
import { resolveLang } from '../lang.js';
import { withModelSourceOptions, type ModelSourceOptions } from '../model-options.js';
import { chooseReporter, withOutputOption } from '../output.js';

interface MatrixCliOptions extends ModelSourceOptions {
  output: string;
  maxPairs?: string;
  lang?: string;
  html?: string;
  color: boolean;
}

/** The page embeds the JSON: fewer listed pairs by default keeps 2000 nodes under 15 MB. */
const HTML_MAX_PAIRS = 10_000;

async function runMatrix(opts: MatrixCliOptions): Promise<number> {
  const lang = resolveLang(opts.lang);
  const reporter = await chooseReporter('matrix', opts.output);
  const htmlOnly = opts.output === 'html' || (opts.html !== undefined && opts.output === 'text');
  const maxPairsText = opts.maxPairs ?? String(htmlOnly ? HTML_MAX_PAIRS : 100_000);
  const maxPairs = Number(maxPairsText);
  if (!Number.isInteger(maxPairs) || maxPairs < 0) {
    throw new UsageError(
      `--max-pairs must be a whole number ≥ 0, but got "${maxPairsText}"`,
      `--max-pairs は 0 以上の整数です（指定値: "${maxPairsText}"）`,
    );
  }
  const [{ ClusterDataplane, computeMatrix }, { loadClusterModel }] = await Promise.all([
    import('../../dataplane/index.js'),
    import('../sources.js'),
  ]);
  const model = await loadClusterModel(opts);
  const wantsHtml = opts.output === 'html' || opts.html !== undefined;
  const dp = new ClusterDataplane(model);
  // the terminal report draws the node grid too; only the JSON has no use for it
  const result = computeMatrix(dp, { maxPairs, nodeGrid: wantsHtml || opts.output === 'text' });
  const input = { result, model, dataplane: dp };
  const run = runInfo(modelSourceName(opts));
  const color = colorFor(process.stdout, opts.color);
  process.stdout.write(reporter(input, { lang, color, run }));
  if (opts.html)
    await writeHtmlFile(
      opts.html,
      (await chooseReporter('matrix', 'html'))(input, { lang, color: false, run }),
      lang,
    );
  return result.broken.some((b) => !b.isolation) ? 1 : 0;
}

export function registerMatrix(program: Command): void {
  withOutputOption(withModelSourceOptions(program.command('matrix')), 'matrix')
    .description(
      'reachability of every pod → pod, pod → service and node → pod pair, broken pairs grouped by cause',
    )
    .option(...HTML_OPTION)
    .option(
      '--max-pairs <n>',
      'list at most this many pairs in JSON (counts and broken groups stay complete; default 100000, 10000 for html only)',
    )
    .option('--lang <lang>', 'en or ja (default from LANG)')
    .option(...NO_COLOR_OPTION)
    .action(async (opts: MatrixCliOptions) => {
      process.exitCode = await runMatrix(opts);
    });
}
