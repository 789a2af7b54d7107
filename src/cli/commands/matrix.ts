/**
 * `sdn-doctor matrix`: pod → pod, pod → service port and node → pod reachability for
 * every pair, from a bundle or a lab, computed by equivalence classes. JSON (contract):
 * `{ schemaVersion, counts, truncated, maxPairs, pairs: [{ from, to, reachable, cause? }],
 * broken: [{ cause, node?, rule?, pairs, examples }], stats }` — `pairs` lists at most
 * `--max-pairs` pairs; counts and broken groups are always complete. Exit 1 when a pair is broken
 * for a reason other than the plugin's isolation.
 */
import type { Command } from 'commander';
import { msg } from '../../i18n/message.js';
import { colorFor, noColorOption } from '../colour.js';
import { UsageError } from '../errors.js';
import type { Say } from '../help.js';
import { chosenNamespaces, withNamespaceOptions, type NamespaceCliOptions } from '../namespaces.js';
import { htmlOption, modelSourceName, runInfo, writeHtmlFile } from '../html.js';
import { langOption, resolveLang } from '../lang.js';
import { withModelSourceOptions, type ModelSourceOptions } from '../model-options.js';
import { chooseReporter, withOutputOption } from '../output.js';

interface MatrixCliOptions extends ModelSourceOptions, NamespaceCliOptions {
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
  const namespaces = chosenNamespaces(opts);
  if (!Number.isInteger(maxPairs) || maxPairs < 0) {
    throw new UsageError(
      `--max-pairs must be a whole number ≥ 0, but got "${maxPairsText}"`,
      `--max-pairs は 0 以上の整数です（指定値: "${maxPairsText}"）`,
    );
  }
  const [{ computeMatrix }, { loadClusterDataplane }] = await Promise.all([
    import('../../dataplane/index.js'),
    import('../sources.js'),
  ]);
  const dp = await loadClusterDataplane(opts);
  const model = dp.model;
  const wantsHtml = opts.output === 'html' || opts.html !== undefined;
  // the terminal report draws the node grid too; only the JSON has no use for it
  const result = computeMatrix(dp, {
    maxPairs,
    nodeGrid: wantsHtml || opts.output === 'text',
    ...(namespaces ? { namespaces } : {}),
  });
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

export function registerMatrix(program: Command, say: Say): void {
  withNamespaceOptions(
    withOutputOption(withModelSourceOptions(program.command('matrix'), say), 'matrix', say),
    say,
    msg(
      'only the pairs with an end in this namespace: its pods as source or destination, its services (repeat for several)',
      'この名前空間に端点を持つ組だけ: その Pod が送信元か宛先、またはそのサービス（複数は繰り返し指定）',
    ),
  )
    .description(
      say(
        msg(
          'reachability of every pod → pod, pod → service and node → pod pair, broken pairs grouped by cause',
          'すべての Pod → Pod、Pod → サービス、ノード → Pod の組の到達性。到達できない組は原因ごとにまとめます',
        ),
      ),
    )
    .option(...htmlOption(say))
    .option(
      '--max-pairs <n>',
      say(
        msg(
          'list at most this many pairs in JSON (counts and broken groups stay complete; default 100000, 10000 for html only)',
          'JSON に列挙する組の上限（件数と原因別のまとめは常に完全。既定 100000、html のみなら 10000）',
        ),
      ),
    )
    .option(...langOption(say))
    .option(...noColorOption(say))
    .action(async (opts: MatrixCliOptions) => {
      process.exitCode = await runMatrix(opts);
    });
}
