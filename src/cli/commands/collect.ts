/**
 * `sdn-doctor collect -o <bundle dir | .tar.gz>`: a snapshot of a live cluster or a lab — the API
 * lists plus every node's read-only command outputs, in parallel, bounded, redacted — for
 * `sdn-doctor analyze` to read offline. The logic lives in sources/collect.ts and sources/bundle.
 */
import type { Command } from 'commander';
import type { ApiSnapshot } from '../../artifacts/types.js';
import { BundleError, writeBundle } from '../../sources/bundle/index.js';
import { collectSnapshot, type CollectProgress } from '../../sources/collect.js';
import { readApiSnapshot } from '../../sources/live/api.js';
import { createLocalShell } from '../../sources/live/local-shell.js';
import { NODE_SHELL_KINDS } from '../../sources/shells.js';
import { UsageError } from '../errors.js';
import { positiveNumber, resolveClusterSource, resolveLang, type ClusterSource } from '../sources.js';

interface CollectCliOptions {
  output?: string;
  lab?: string;
  kubeconfig?: string;
  context?: string;
  nodeShell?: string;
  sshUser?: string;
  nodes?: string[];
  timeout: string;
  concurrency: string;
  lang?: string;
  quiet?: boolean;
  dns?: boolean;
}

export function registerCollect(program: Command): void {
  program
    .command('collect')
    .description(
      "snapshot a cluster (API objects + every node's command outputs, redacted) into a bundle for analyze",
    )
    .requiredOption('-o, --output <path>', 'bundle directory, or a file ending in .tar.gz / .tgz')
    .option('--lab <name>', "a lab's kubeconfig, nodes and node shell (sdn-doctor lab up)")
    .option('--kubeconfig <file>', 'kubeconfig file (default: KUBECONFIG, ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context')
    .option('--node-shell <kind>', `how to run commands on nodes: ${NODE_SHELL_KINDS.join(', ')}`, undefined)
    .option('--ssh-user <user>', 'user for --node-shell ssh')
    .option('--nodes <name...>', 'only these nodes (default: every node of the API)')
    .option('--timeout <seconds>', 'per command and per API list', '10')
    .option('--concurrency <n>', 'commands in flight at once', '8')
    .option('--lang <lang>', 'en or ja (default from LANG)')
    .option('-q, --quiet', 'no progress on stderr')
    .option('--no-dns', "do not resolve the routes' host names from here (39.3 dig +short)")
    .action(async (opts: CollectCliOptions) => {
      process.exitCode = await runCollect(opts);
    });
}

/** Nodes to visit: `--nodes`, else the lab's, else every Node the API lists. */
function chooseNodes(opts: CollectCliOptions, source: ClusterSource, api: ApiSnapshot): string[] {
  if (opts.nodes && opts.nodes.length > 0) return opts.nodes.flatMap((n) => n.split(',')).filter(Boolean);
  if (source.labNodes) return [...source.labNodes];
  const list = api.nodes;
  if (!list?.ok) {
    const why = list?.error ?? 'not read';
    throw new UsageError(
      `cannot list the nodes (${why}); pass --nodes NAME... or fix the kubeconfig`,
      `ノードを一覧できません（${why}）。--nodes NAME... を指定するか kubeconfig を直してください`,
    );
  }
  return list.items
    .map((n) => (n as { metadata?: { name?: unknown } }).metadata?.name)
    .filter((n): n is string => typeof n === 'string');
}

async function runCollect(opts: CollectCliOptions): Promise<number> {
  const lang = resolveLang(opts.lang);
  const out = opts.output as string;
  const timeoutMs = Math.round(positiveNumber(opts.timeout, '--timeout', 600) * 1000);
  const concurrency = Math.round(positiveNumber(opts.concurrency, '--concurrency', 256));
  const started = Date.now();
  const source = await resolveClusterSource(opts);
  const shell = source.shell;
  const say = (en: string, ja: string): void =>
    void (opts.quiet || process.stderr.write(`${lang === 'ja' ? ja : en}\n`));
  try {
    // The API first: it names the nodes to visit (and is reused as the bundle's API lists).
    const api = await readApiSnapshot({
      timeoutMs,
      ...(source.kubeconfig ? { kubeconfig: source.kubeconfig } : {}),
      ...(opts.context ? { context: opts.context } : {}),
    });
    const nodes = chooseNodes(opts, source, api);
    say(
      `collecting from ${nodes.length} node(s) with ${shell.name}…`,
      `${nodes.length} 台のノードから ${shell.name} で収集しています…`,
    );
    const onProgress = (p: CollectProgress): void => {
      if (p.error) say(`  ${p.node} ${p.command}: ${p.error}`, `  ${p.node} ${p.command}: ${p.error}`);
    };
    const snapshot = await collectSnapshot({
      api: async () => api,
      shell,
      nodes,
      timeoutMs,
      concurrency,
      collector: source.collector,
      onProgress,
      // 39.3: route host names resolved where a user outside the cluster stands.
      ...(opts.dns === false ? {} : { outside: source.labNodes ? shell : createLocalShell() }),
    });
    await writeBundle(snapshot, out, opts.context ? { context: opts.context } : {});
    const failed = snapshot.artifacts.filter((a) => a.error).length;
    const apiFailed = Object.values(snapshot.api).filter((l) => l && !l.ok).length;
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `${
        lang === 'ja'
          ? `バンドルを書きました: ${out}（ノード ${nodes.length}、出力 ${snapshot.artifacts.length}、失敗 ${failed}、読めなかった API ${apiFailed}、${secs} 秒）`
          : `bundle written: ${out} (${nodes.length} nodes, ${snapshot.artifacts.length} outputs, ${failed} failed, ${apiFailed} API lists unreadable, ${secs} s)`
      }\n`,
    );
    return 0;
  } catch (e) {
    if (e instanceof BundleError) throw new UsageError(e.en, e.ja);
    throw e;
  } finally {
    await shell.close?.();
  }
}
