/**
 * `sdn-doctor diagnose <url>` (issue 4): parses options, builds the sources (API, node shell,
 * outside vantage point), runs the walk from src/diagnose, prints progress and the verdict, and
 * sets the exit code (0 healthy, 1 causes found or not everything checkable, 2 usage/env error).
 */
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import type { ApiSnapshot } from '../../artifacts/types.js';
import { assertUrl } from '../../artifacts/commands.js';
import { diagnose } from '../../diagnose/index.js';
import {
  createProgress,
  diagnoseToJson,
  jsonText,
  renderDiagnoseText,
  terminalSafe,
  verdictLines,
} from '../../report/index.js';
import { renderDiagnoseHtml } from '../../report/html/index.js';
import { redactText, writeBundle } from '../../sources/bundle/index.js';
import { readApiSnapshot } from '../../sources/live/api.js';
import {
  createNativeVantage,
  createShellVantage,
  type OutsideVantage,
} from '../../sources/probes/vantage.js';
import { NODE_SHELL_KINDS } from '../../sources/shells.js';
import { oneOf, UsageError } from '../errors.js';
import { HTML_OPTION, runInfo, writeHtmlFile } from '../html.js';
import { positiveNumber, resolveClusterSource, resolveLang } from '../sources.js';

interface DiagnoseOptions {
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
}

export function registerDiagnose(program: Command): void {
  program
    .command('diagnose')
    .description('walk the guide (39.3-39.11) from a URL that does not work down to the broken layer')
    .argument('<url>', 'the URL that does not work, e.g. http://www.example.com/test')
    .option(
      '--lab <name>',
      "a lab's kubeconfig, node shell and outside vantage point (client namespace and DNS)",
    )
    .option('--kubeconfig <file>', 'kubeconfig file (default: KUBECONFIG, ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context')
    .option('--node-shell <kind>', `how to run commands on nodes: ${NODE_SHELL_KINDS.join(', ')}`)
    .option('--timeout <seconds>', 'per probe; the whole run is bounded by 20x this', '2')
    .option('--lang <lang>', 'en or ja (default from LANG)')
    .option('-o, --output <format>', 'text, json or html', 'text')
    .option(...HTML_OPTION)
    .option('--save-bundle <file>', 'write everything read as a bundle (directory or .tar.gz) for analyze')
    .option('--dns-server <ip...>', 'resolver(s) for the outside lookup (default: the system resolver)')
    .option('--egress-name <host>', '39.9: an outside name to resolve from pods (default: the URL host)')
    .option('--ssh-user <user>', 'user for --node-shell ssh')
    .option('-q, --quiet', 'no live progress, only the verdict')
    .action(async (url: string, opts: DiagnoseOptions) => {
      process.exitCode = await runDiagnose(url, opts);
    });
}

async function runDiagnose(url: string, opts: DiagnoseOptions): Promise<number> {
  const lang = resolveLang(opts.lang);
  const timeoutS = positiveNumber(opts.timeout, '--timeout', 120);
  oneOf(opts.output, ['text', 'json', 'html'] as const, '-o/--output');
  try {
    assertUrl(url);
  } catch (e) {
    throw new UsageError(
      `not a usable http(s) URL: ${terminalSafe(url)} (${(e as Error).message})`,
      `使用できる http(s) の URL ではありません: ${terminalSafe(url)} (${(e as Error).message})`,
    );
  }
  const timeoutMs = Math.round(timeoutS * 1000);

  const source = await resolveClusterSource(opts);
  const { shell, kubeconfig } = source;
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
  const json = opts.output === 'json';
  const htmlOut = opts.output === 'html';
  const progress =
    !json && !htmlOut && !opts.quiet
      ? createProgress(redactingStderr(), process.stderr.isTTY === true, lang, true)
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
        collector: source.collector,
      },
      progress?.onEvent,
    );
  } finally {
    progress?.stop();
    await shell.close?.();
  }
  const page = (): string =>
    renderDiagnoseHtml(result, lang, runInfo(opts.lab ? `${url} (lab:${opts.lab})` : url));
  // Evidence quotes command outputs (curl -v headers, logs): redacted like a bundle.
  const print = (text: string): boolean => process.stdout.write(redactText(text));
  if (json) print(`${jsonText(diagnoseToJson(result, lang))}\n`);
  else if (htmlOut) print(page());
  else if (progress) print(`\n${verdictLines(result, lang).join('\n')}\n`);
  else print(opts.quiet ? `${verdictLines(result, lang).join('\n')}\n` : renderDiagnoseText(result, lang));

  if (opts.html) await writeHtmlFile(opts.html, page(), lang);
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
