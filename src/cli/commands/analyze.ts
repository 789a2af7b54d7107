/**
 * `sdn-doctor analyze <bundle>`: every passive check of the guide over a snapshot bundle, offline
 * (a bundle of ours, debug.sh's or NetworkCheck's layout). Exit codes (DESIGN.md §2): 0 healthy,
 * 1 findings at or above --fail-on, 2 usage or environment error (one line, no stack trace).
 */
import type { Command } from 'commander';
import type { Severity } from '../../checks/types.js';
import { msg } from '../../i18n/message.js';
import { colorFor, noColorOption } from '../colour.js';
import { oneOf, UsageError } from '../errors.js';
import type { Say } from '../help.js';
import { htmlOption, runInfo, writeHtmlFile } from '../html.js';
import { langOption, resolveLang } from '../lang.js';
import { chooseReporter, withOutputOption } from '../output.js';

interface AnalyzeCliOptions {
  output: string;
  lang?: string;
  failOn: string;
  color: boolean;
  html?: string;
  check: string[];
  skip: string[];
}

/** `--check a,b --check c` → [a, b, c] (not variadic: the bundle paths follow freely). */
const ids = (value: string, previous: string[]): string[] => [
  ...previous,
  ...value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean),
];

export function registerAnalyze(program: Command, say: Say): void {
  withOutputOption(program.command('analyze'), 'analyze', say)
    .description(
      say(
        msg(
          'run every passive check of the guide over a snapshot bundle (directory or .tar.gz)',
          'スナップショットのバンドル（ディレクトリまたは .tar.gz）にガイドのパッシブチェックをすべて実行します',
        ),
      ),
    )
    .argument(
      '<inputs...>',
      say(
        msg(
          'bundle directories or .tar.gz (sdn-doctor collect, debug.sh, NetworkCheck --network-logdir, must-gather, sosreport); several are merged into one cluster',
          'バンドルのディレクトリまたは .tar.gz（sdn-doctor collect、debug.sh、NetworkCheck --network-logdir、must-gather、sosreport）。複数指定すると 1 つのクラスターに統合します',
        ),
      ),
    )
    .option(...langOption(say))
    .option(
      '--fail-on <severity>',
      say(
        msg(
          'exit 1 when a finding is at or above: error, warning, info (never: always exit 0)',
          'この重大度以上の検出があれば終了コード 1: error、warning、info（never: 常に 0）',
        ),
      ),
      'warning',
    )
    .option(...noColorOption(say))
    .option(
      '--check <ids>',
      say(
        msg(
          'run only these checks: check or fault ids, comma-separated or repeated (see -o json "checks")',
          'これらのチェックだけを実行: チェック ID または障害 ID をカンマ区切りか繰り返しで指定（-o json の "checks" を参照）',
        ),
      ),
      ids,
      [],
    )
    .option(
      '--skip <ids>',
      say(
        msg(
          'skip these checks: check or fault ids, comma-separated or repeated',
          'これらのチェックを省略: チェック ID または障害 ID をカンマ区切りか繰り返しで指定',
        ),
      ),
      ids,
      [],
    )
    .option(...htmlOption(say))
    .action(async (inputs: string[], opts: AnalyzeCliOptions) => {
      process.exitCode = await runAnalyze(inputs, opts);
    });
}

/** Parses the options, reads the bundle, prints the report; returns the exit code. */
export async function runAnalyze(
  inputs: string | readonly string[],
  opts: AnalyzeCliOptions,
): Promise<number> {
  const reporter = await chooseReporter('analyze', opts.output);
  const failOn = oneOf(opts.failOn, ['error', 'warning', 'info', 'never'] as const, '--fail-on');
  const lang = resolveLang(opts.lang);
  const paths = typeof inputs === 'string' ? [inputs] : inputs;
  const bundle = paths.join(' + ');

  const [
    { analyzeModel, selectChecks },
    { SEVERITY_RANK },
    { readInputs },
    { buildModel },
    { nothingChecked },
  ] = await Promise.all([
    import('../../checks/analyze.js'),
    import('../../checks/types.js'),
    import('../../sources/inputs.js'),
    import('../../model/build.js'),
    import('../../report/terminal.js'),
  ]);
  const chosen = selectChecks(opts.check, opts.skip);
  if (chosen.unknown.length)
    throw new UsageError(
      `no check or fault named ${chosen.unknown.join(', ')} (hint: the ids are in -o json "checks")`,
      `${chosen.unknown.join(', ')} という名前のチェックまたは障害 ID はありません（ヒント: -o json の "checks" に ID があります）`,
    );
  if (chosen.checks.length === 0)
    throw new UsageError(
      '--check/--skip leave no check to run',
      '--check/--skip の指定で実行するチェックがありません',
    );
  const snapshot = await readInputs(paths);
  const { model, warnings } = buildModel(snapshot);
  const result = analyzeModel(model, [...snapshot.warnings, ...warnings], chosen.checks);
  const color = colorFor(process.stdout, opts.color);
  const input = { result, model };
  const run = runInfo(bundle);
  process.stdout.write(reporter(input, { lang, color, run }));
  if (opts.html)
    await writeHtmlFile(
      opts.html,
      (await chooseReporter('analyze', 'html'))(input, { lang, color: false, run }),
      lang,
    );
  // `never`: a demo or a report-only run (npm start) shows the findings without failing.
  if (failOn === 'never') return 0;
  // Every check unknown (no API objects, no artifacts): nothing was verified, so not healthy.
  if (nothingChecked(result)) return 1;
  const failing = result.findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn as Severity]);
  return failing ? 1 : 0;
}
