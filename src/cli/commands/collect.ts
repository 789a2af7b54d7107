/**
 * `sdn-doctor collect -o <bundle dir | .tar.gz>`: a snapshot of a live cluster or a lab — the API
 * lists plus every node's read-only command outputs, in parallel, bounded, redacted — for
 * `sdn-doctor analyze` to read offline. The logic lives in sources/collect.ts and sources/bundle.
 */
import type { Command } from 'commander';
import { BundleError, redactText, writeBundle } from '../../sources/bundle/index.js';
import type { CollectProgress } from '../../sources/collect.js';
import { NODE_SHELL_KINDS } from '../../sources/shells.js';
import { terminalSafe } from '../../report/sanitize.js';
import { UsageError } from '../errors.js';
import { collectFromSource, positiveNumber, resolveClusterSource, resolveLang } from '../sources.js';

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

async function runCollect(opts: CollectCliOptions): Promise<number> {
  const lang = resolveLang(opts.lang);
  const out = opts.output as string;
  const timeoutMs = Math.round(positiveNumber(opts.timeout, '--timeout', 600) * 1000);
  const concurrency = Math.round(positiveNumber(opts.concurrency, '--concurrency', 256));
  const started = Date.now();
  const source = await resolveClusterSource(opts);
  const shell = source.shell;
  const say = (en: string, ja: string): void =>
    void (opts.quiet || process.stderr.write(`${terminalSafe(redactText(lang === 'ja' ? ja : en))}\n`));
  try {
    let nodeCount = 0;
    const snapshot = await collectFromSource(source, {
      timeoutMs,
      concurrency,
      ...(opts.nodes ? { nodes: opts.nodes } : {}),
      ...(opts.dns === false ? { dns: false } : {}),
      onStart: (nodes) => {
        nodeCount = nodes.length;
        say(
          `collecting from ${nodes.length} node(s) with ${shell.name}…`,
          `${nodes.length} 台のノードから ${shell.name} で収集しています…`,
        );
      },
      onProgress: (p: CollectProgress): void => {
        if (p.error) say(`  ${p.node} ${p.command}: ${p.error}`, `  ${p.node} ${p.command}: ${p.error}`);
      },
    });
    await writeBundle(snapshot, out, opts.context ? { context: opts.context } : {});
    const failed = snapshot.artifacts.filter((a) => a.error).length;
    const apiFailed = Object.values(snapshot.api).filter((l) => l && !l.ok).length;
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `${
        lang === 'ja'
          ? `バンドルを書きました: ${terminalSafe(out)}（ノード ${nodeCount}、出力 ${snapshot.artifacts.length}、失敗 ${failed}、読めなかった API ${apiFailed}、${secs} 秒）`
          : `bundle written: ${terminalSafe(out)} (${nodeCount} nodes, ${snapshot.artifacts.length} outputs, ${failed} failed, ${apiFailed} API lists unreadable, ${secs} s)`
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
