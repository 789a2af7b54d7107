/**
 * `sdn-doctor diagnose <url>`: parses options, builds the sources (API, node shell,
 * outside vantage point), runs the walk from src/diagnose, prints progress and the verdict, and
 * sets the exit code (0 healthy, 1 causes found or not everything checkable, 2 usage/env error).
 */
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import type { ApiSnapshot } from '../../artifacts/types.js';
import { terminalSafe } from '../../report/sanitize.js';
import { redactText } from '../../sources/bundle/redact.js';
import type { OutsideVantage } from '../../sources/probes/vantage.js';
import { msg } from '../../i18n/message.js';
import { colorFor, noColorOption, redrawFor } from '../colour.js';
import { UsageError } from '../errors.js';
import type { Say } from '../help.js';
import { withClusterOptions } from '../model-options.js';
import { htmlOption, runInfo, writeHtmlFile } from '../html.js';
import { langOption, positiveNumber, resolveLang } from '../lang.js';
import { chooseReporter, withOutputOption } from '../output.js';

interface DiagnoseOptions {
  color: boolean;
  lab?: string;
  kubeconfig?: string;
  context?: string;
  nodeShell?: string;
  timeout: string;
  lang?: string;
  output: string;
  saveBundle?: string;
  dnsServer?: string[];
  egressName?: string;
  sshUser?: string;
  quiet?: boolean;
  html?: string;
  from?: string;
}

export function registerDiagnose(program: Command, say: Say): void {
  withOutputOption(withClusterOptions(program.command('diagnose'), say), 'diagnose', say)
    .description(
      say(
        msg(
          'walk the guide (39.3-39.11) from a URL that does not work down to the broken layer',
          '動かない URL からガイド（39.3〜39.11）をたどり、壊れている層まで絞り込みます',
        ),
      ),
    )
    .argument(
      '<url>',
      say(
        msg(
          'the URL that does not work, e.g. http://www.example.com/test; with --from also host:port, svc/NS/NAME:PORT, pod/NS/NAME:PORT or an outside name',
          '動かない URL（例: http://www.example.com/test）。--from と共に host:port、svc/NS/NAME:PORT、pod/NS/NAME:PORT、外部の名前も指定できます',
        ),
      ),
    )
    .option(
      '--from <source>',
      say(
        msg(
          'pod/NS/NAME or node/NAME: probe from inside that pod (its network namespace) or on that node (services from inside §5, pod egress §9, pod to pod §7)',
          'pod/NS/NAME または node/NAME: その Pod の中（ネットワーク名前空間）またはそのノードから確認します（クラスター内からのサービス §5、Pod の Egress §9、Pod 間 §7）',
        ),
      ),
    )
    .option(
      '--lab <name>',
      say(
        msg(
          "a lab's kubeconfig, node shell and outside vantage point (client namespace and DNS)",
          'ラボの kubeconfig、ノードシェル、外部の観測点（クライアントの名前空間と DNS）を使います',
        ),
      ),
    )
    .option(
      '--timeout <seconds>',
      say(
        msg(
          'per probe; the whole run is bounded by 20x this',
          'プローブごとの秒数。実行全体はこの 20 倍までです',
        ),
      ),
      '2',
    )
    .option(...langOption(say))
    .option(...htmlOption(say))
    .option(
      '--save-bundle <file>',
      say(
        msg(
          'write everything read as a bundle (directory or .tar.gz) for analyze',
          '読み取ったものすべてを analyze 用のバンドル（ディレクトリまたは .tar.gz）に書き出します',
        ),
      ),
    )
    .option(
      '--dns-server <ip...>',
      say(
        msg(
          'resolvers for the outside lookup (default: the system resolver)',
          '外部からの名前解決に使うリゾルバー（既定: システムのリゾルバー）',
        ),
      ),
    )
    .option(
      '--egress-name <host>',
      say(
        msg(
          '39.9: an outside name to resolve from pods (default: the URL host)',
          '39.9: Pod から名前解決する外部の名前（既定: URL のホスト）',
        ),
      ),
    )
    .option(
      '-q, --quiet',
      say(msg('no live progress, only the verdict', '途中経過を表示せず、結論だけを表示します')),
    )
    .option(...noColorOption(say))
    .action(async (url: string, opts: DiagnoseOptions) => {
      process.exitCode = await runDiagnose(url, opts);
    });
}

async function runDiagnose(url: string, opts: DiagnoseOptions): Promise<number> {
  const lang = resolveLang(opts.lang);
  const timeoutS = positiveNumber(opts.timeout, '--timeout', 120);
  const reporter = await chooseReporter('diagnose', opts.output);
  const { assertUrl } = await import('../../artifacts/commands.js');
  if (opts.from !== undefined) {
    const { parseFrom, parseTarget } = await import('../../diagnose/doors.js');
    if (!parseFrom(opts.from))
      throw new UsageError(
        `--from takes pod/NS/NAME or node/NAME, not ${terminalSafe(opts.from)}`,
        `--from には pod/NS/NAME か node/NAME を指定してください（${terminalSafe(opts.from)} は使えません）`,
      );
    if (!parseTarget(url))
      throw new UsageError(
        `not a target: ${terminalSafe(url)} (URL, host:port, svc/NS/NAME:PORT, pod/NS/NAME:PORT or a name)`,
        `対象ではありません: ${terminalSafe(url)}（URL、host:port、svc/NS/NAME:PORT、pod/NS/NAME:PORT、名前）`,
      );
  } else if (!url.includes('://')) {
    throw new UsageError(
      `not a URL: ${terminalSafe(url)} has no scheme; did you mean http://${terminalSafe(url)} ?`,
      `URL ではありません: ${terminalSafe(url)} にスキームがありません。http://${terminalSafe(url)} のことですか？`,
    );
  }
  try {
    if (opts.from === undefined) assertUrl(url);
  } catch (e) {
    throw new UsageError(
      `not a usable http(s) URL: ${terminalSafe(url)} (${(e as Error).message})`,
      `使用できる http(s) の URL ではありません: ${terminalSafe(url)} (${(e as Error).message})`,
    );
  }
  const timeoutMs = Math.round(timeoutS * 1000);
  const [
    { diagnose },
    { createProgress },
    { writeBundle },
    { readApiSnapshot },
    { createNativeVantage, createShellVantage },
    { resolveClusterSource },
    { createPodLogReader },
  ] = await Promise.all([
    import('../../diagnose/index.js'),
    import('../../report/diagnose-progress.js'),
    import('../../sources/bundle/index.js'),
    import('../../sources/live/api.js'),
    import('../../sources/probes/vantage.js'),
    import('../sources.js'),
    import('../../sources/live/pod-log.js'),
  ]);

  const source = await resolveClusterSource(opts);
  const { shell, kubeconfig } = source;
  // The sdn pods' logs (39.10) come through the API, with the same credentials and rate limit.
  const podLogs = createPodLogReader({
    ...(kubeconfig ? { kubeconfig } : {}),
    ...(opts.context ? { context: opts.context } : {}),
    rateLimiter: source.rateLimiter,
  });
  const egressName = opts.egressName ?? source.labOutsideHost;
  // --lab: the outside vantage point is the lab's client namespace (its resolv.conf names the lab DNS).
  const outside: OutsideVantage = opts.lab
    ? createShellVantage(shell)
    : createNativeVantage(opts.dnsServer ? { dnsServers: opts.dnsServer } : {});

  const api = (): Promise<ApiSnapshot> =>
    readApiSnapshot({
      timeoutMs,
      ...(kubeconfig ? { kubeconfig } : {}),
      ...(opts.context ? { context: opts.context } : {}),
    });
  // Live progress only above the text report (the other formats are whole documents).
  const progress =
    opts.output === 'text' && !opts.quiet
      ? createProgress(
          redactingStderr(),
          redrawFor(process.stderr),
          lang,
          true,
          colorFor(process.stderr, opts.color),
        )
      : undefined;
  let result;
  try {
    result = await diagnose(
      {
        url,
        api,
        shell,
        outside,
        timeoutMs,
        totalTimeoutMs: 20 * timeoutMs,
        ...(egressName ? { egressName } : {}),
        ...(opts.from !== undefined ? { from: opts.from } : {}),
        collector: source.collector,
        podLogs,
      },
      progress?.onEvent,
    );
  } finally {
    progress?.stop();
    podLogs.close();
    await shell.close?.();
  }
  const input = { result, steps: !progress && !opts.quiet };
  const what = opts.from !== undefined ? `${opts.from} → ${url}` : url;
  const run = runInfo(opts.lab ? `${what} (lab:${opts.lab})` : what);
  // Evidence quotes command outputs (curl -v headers, logs): redacted like a bundle.
  const print = (text: string): boolean => process.stdout.write(redactText(text));
  const report = reporter(input, { lang, color: colorFor(process.stdout, opts.color), run });
  print(progress ? `\n${report}` : report);
  if (opts.html) {
    const page = (await chooseReporter('diagnose', 'html'))(input, { lang, color: false, run });
    await writeHtmlFile(opts.html, page, lang);
  }
  if (opts.saveBundle) {
    await writeBundle(
      {
        collectedAt: new Date().toISOString(),
        collector: source.collector,
        api: result.api,
        artifacts: result.artifacts,
        warnings: [],
      },
      opts.saveBundle,
      opts.context ? { context: opts.context } : {},
    );
    process.stderr.write(
      `${lang === 'ja' ? 'バンドルを保存しました' : 'bundle written'}: ${opts.saveBundle}\n`,
    );
  }
  return result.verdict.healthy ? 0 : 1;
}

/** stderr through the bundle redactor: progress lines quote evidence (each write is whole lines). */
function redactingStderr(): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      process.stderr.write(redactText(chunk.toString()), () => done());
    },
  });
}
