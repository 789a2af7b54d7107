/**
 * `sdn-doctor collect -o <bundle dir | .tar.gz>`: a snapshot of a live cluster or a lab — the API
 * lists plus every node's read-only command outputs, in parallel, bounded, redacted — for
 * `sdn-doctor analyze` to read offline. The logic lives in sources/collect.ts and sources/bundle.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { count, msg } from '../../i18n/message.js';
import { NODE_COMMANDS } from '../../artifacts/commands.js';
import { DEFAULT_RATE_LIMIT } from '../../sources/live/rate-limit.js';
import { createCollectProgress } from '../collect-progress.js';
import { terminalSafe } from '../../report/sanitize.js';
import { redrawFor } from '../colour.js';
import { UsageError } from '../errors.js';
import type { Say } from '../help.js';
import { withClusterOptions } from '../model-options.js';
import { chosenNamespaces, withNamespaceOptions, type NamespaceCliOptions } from '../namespaces.js';
import { langOption, positiveNumber, resolveLang } from '../lang.js';

interface CollectCliOptions extends NamespaceCliOptions {
  output?: string;
  lab?: string;
  kubeconfig?: string;
  context?: string;
  nodeShell?: string;
  sshUser?: string;
  nodes?: string[];
  timeout: string;
  concurrency: string;
  qps?: string;
  burst?: string;
  lang?: string;
  quiet?: boolean;
  force?: boolean;
  dns?: boolean;
  nicDetails?: boolean;
}

export function registerCollect(program: Command, say: Say): void {
  withNamespaceOptions(
    withClusterOptions(program.command('collect'), say),
    say,
    msg(
      "only this namespace's pods, services, endpoints, routes and policies (repeat for several; the SDN's own namespaces are always read)",
      'この名前空間の Pod、サービス、エンドポイント、ルート、ポリシーだけ（複数は繰り返し指定。SDN 自身の名前空間は常に読みます）',
    ),
  )
    .description(
      say(
        msg(
          "snapshot a cluster (API objects + every node's command outputs, redacted) into a bundle for analyze",
          'クラスターのスナップショット（API オブジェクトと全ノードのコマンド出力、秘密情報は除去）を analyze 用のバンドルに保存します',
        ),
      ),
    )
    .requiredOption(
      '-o, --output <path>',
      say(
        msg(
          'bundle directory, or a file ending in .tar.gz / .tgz',
          'バンドルのディレクトリ、または .tar.gz / .tgz で終わるファイル',
        ),
      ),
    )
    .option(
      '--lab <name>',
      say(
        msg(
          "a lab's kubeconfig, nodes and node shell (sdn-doctor lab up)",
          'ラボの kubeconfig、ノード、ノードシェルを使います（sdn-doctor lab up）',
        ),
      ),
    )
    .option(
      '--nodes <name...>',
      say(
        msg(
          'only these nodes (default: every node of the API)',
          'これらのノードだけ（既定: API のすべてのノード）',
        ),
      ),
    )
    .option(
      '--timeout <seconds>',
      say(msg('per command and per API list', 'コマンドごと、API の一覧ごとの秒数')),
      '10',
    )
    .option('--concurrency <n>', say(msg('commands in flight at once', '同時に実行するコマンド数')), '32')
    .option(
      '--qps <n>',
      say(
        msg(
          "API requests per second at most (execs, lists), like kubectl's",
          '1 秒あたりの API リクエスト数の上限（exec、一覧）。kubectl と同じ意味です',
        ),
      ),
      String(DEFAULT_RATE_LIMIT.qps),
    )
    .option(
      '--burst <n>',
      say(msg('requests allowed at once above --qps', '--qps を超えて一度に許すリクエスト数')),
      String(DEFAULT_RATE_LIMIT.burst),
    )
    .option(...langOption(say))
    .option('--force', say(msg('replace an existing bundle at -o', '-o にある既存のバンドルを置き換えます')))
    .option('-q, --quiet', say(msg('no progress on stderr', 'stderr に進捗を表示しません')))
    .option(
      '--no-dns',
      say(
        msg(
          "do not resolve the routes' host names from here (39.3 dig +short)",
          'ルートのホスト名をここから名前解決しません（39.3 dig +short）',
        ),
      ),
    )
    .option(
      '--no-nic-details',
      say(
        msg(
          "do not record 39.13.3's veth peers and drivers (ethtool -S in every pod, ethtool -i per device: most of the requests on dense nodes); the veth-peer check then says unknown",
          '39.13.3 の veth ピアとドライバー（全 Pod での ethtool -S、デバイスごとの ethtool -i: Pod の多いノードではリクエストの大半）を記録しません。veth-peer チェックは unknown になります',
        ),
      ),
    )
    .action(async (opts: CollectCliOptions) => {
      process.exitCode = await runCollect(opts);
    });
}

/** Format names `-o` takes elsewhere: here they would name a directory, which is never meant. */
const FORMAT_NAMES = ['text', 'json', 'yaml', 'junit', 'html'];

/** Refuses a format name as the bundle path, and an existing bundle unless --force. */
async function refuseOutput(out: string, force: boolean): Promise<void> {
  if (FORMAT_NAMES.includes(out)) {
    throw new UsageError(
      `-o of collect is the bundle path, not a format: "${out}" (hint: -o cluster.tar.gz)`,
      `collect の -o はバンドルの保存先で、形式ではありません: "${out}"（例: -o cluster.tar.gz）`,
    );
  }
  const { stat } = await import('node:fs/promises');
  const exists = async (p: string): Promise<boolean> =>
    stat(p).then(
      () => true,
      () => false,
    );
  // A bundle of ours: a .tar.gz file, or a directory with its manifest (others are refused later).
  const isBundle =
    (await stat(out).then(
      (s) => s.isFile(),
      () => false,
    )) || (await exists(join(out, 'manifest.json')));
  if (isBundle && !force) {
    throw new UsageError(
      `${terminalSafe(out)} already exists (hint: --force to replace it, or another -o)`,
      `${terminalSafe(out)} は既にあります（置き換えるには --force、または別の -o を指定してください）`,
    );
  }
}

async function runCollect(opts: CollectCliOptions): Promise<number> {
  const lang = resolveLang(opts.lang);
  const out = opts.output as string;
  const timeoutMs = Math.round(positiveNumber(opts.timeout, '--timeout', 600) * 1000);
  const concurrency = Math.round(positiveNumber(opts.concurrency, '--concurrency', 4096));
  await refuseOutput(out, opts.force === true);
  const namespaces = chosenNamespaces(opts);
  const started = Date.now();
  const [{ BundleError, openBundleStream, redactText }, { collectFromSource, resolveClusterSource }] =
    await Promise.all([import('../../sources/bundle/index.js'), import('../sources.js')]);
  const source = await resolveClusterSource(opts);
  const shell = source.shell;
  const progress = opts.quiet
    ? undefined
    : createCollectProgress(
        // progress quotes shell errors (a kubeconfig server URL with credentials): redacted
        (text) => process.stderr.write(redactText(text)),
        redrawFor(process.stderr),
        lang,
        NODE_COMMANDS.length,
      );
  try {
    let nodeCount = 0;
    let outputs = 0;
    let failed = 0;
    // each artifact goes to disk as it arrives: memory does not grow with the cluster
    const bundle = await openBundleStream(out, opts.context ? { context: opts.context } : {});
    const head = await collectFromSource(source, {
      timeoutMs,
      concurrency,
      ...(opts.nodes ? { nodes: opts.nodes } : {}),
      ...(namespaces ? { namespaces } : {}),
      ...(opts.dns === false ? { dns: false } : {}),
      ...(opts.nicDetails === false ? { nicDetails: false } : {}),
      sink: async (artifact) => {
        outputs += 1;
        if (artifact.error) failed += 1;
        await bundle.add(artifact);
      },
      onStart: (nodes) => {
        nodeCount = nodes.length;
        progress?.onStart(nodes);
      },
      ...(progress ? { onProgress: progress.onProgress } : {}),
    });
    await bundle.finish(head);
    for (const line of progress?.finish() ?? []) process.stderr.write(`${terminalSafe(redactText(line))}\n`);
    const apiFailed = Object.values(head.api).filter((l) => l && !l.ok).length;
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    const qps = source.rateLimiter.peakPerSecond();
    process.stdout.write(
      `${
        lang === 'ja'
          ? `バンドルを書きました: ${terminalSafe(out)}（ノード ${nodeCount}、出力 ${outputs}、失敗 ${failed}、読めなかった API ${apiFailed}、${secs} 秒、API 要求 最大 ${qps}/秒）`
          : `bundle written: ${terminalSafe(out)} (${count(nodeCount, 'node')}, ${count(outputs, 'output')}, ${failed} failed, ${count(apiFailed, 'API list')} unreadable, ${secs} s, at most ${qps} API requests/s)`
      }\n`,
    );
    // The bundle is kept (it says what failed), but a run that read nothing is an environment error.
    const apiLists = Object.values(head.api).filter(Boolean).length;
    if (apiLists > 0 && apiFailed === apiLists) {
      process.stderr.write(
        `sdn-doctor: ${lang === 'ja' ? 'API を読めませんでした（kubeconfig、oc login、--lab を確認してください）' : 'the API could not be read (check the kubeconfig, oc login, or --lab)'}\n`,
      );
      return 2;
    }
    if (outputs > 0 && failed === outputs) {
      process.stderr.write(
        `sdn-doctor: ${lang === 'ja' ? 'ノードのコマンドが 1 つも成功しませんでした（--node-shell を確認してください）' : 'no node command succeeded (check --node-shell and access to the nodes)'}\n`,
      );
      return 2;
    }
    return 0;
  } catch (e) {
    if (e instanceof BundleError) throw new UsageError(e.en, e.ja);
    throw e;
  } finally {
    await shell.close?.();
  }
}
