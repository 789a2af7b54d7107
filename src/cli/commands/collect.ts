/**
 * `sdn-doctor collect -o <bundle dir | .tar.gz>`: a snapshot of a live cluster or a lab — the API
 * lists plus every node's read-only command outputs, in parallel, bounded, redacted — for
 * `sdn-doctor analyze` to read offline. The logic lives in sources/collect.ts and sources/bundle.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import type { ApiSnapshot } from '../../artifacts/types.js';
import { langFromLocale, type Lang } from '../../i18n/message.js';
import { loadLabStatus } from '../../lab/index.js';
import { BundleError, writeBundle } from '../../sources/bundle/index.js';
import { collectSnapshot, type CollectProgress } from '../../sources/collect.js';
import { readApiSnapshot } from '../../sources/live/api.js';
import { loadKubeConfig } from '../../sources/live/kube-config.js';
import type { NodeShell } from '../../sources/node-shell.js';
import { createNodeShell, isNodeShellSpec, NODE_SHELL_KINDS } from '../../sources/shells.js';
import { UsageError } from '../errors.js';

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
    .action(async (opts: CollectCliOptions) => {
      process.exitCode = await runCollect(opts);
    });
}

function positive(value: string, flag: string, max: number): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > max) {
    throw new UsageError(
      `${flag} must be 0 < n <= ${max}, got ${value}`,
      `${flag} は 0 より大きく ${max} 以下です: ${value}`,
    );
  }
  return n;
}

interface Source {
  readonly kubeconfig?: string;
  readonly shellSpec: string;
  readonly collector: string;
  readonly labNodes?: readonly string[];
}

/** `--lab NAME` → the lab's kubeconfig (`<runDir>/kubeconfig`), nodes and `lab:NAME` shell; else live. */
async function resolveSource(opts: CollectCliOptions): Promise<Source> {
  if (!opts.lab) {
    return {
      ...(opts.kubeconfig ? { kubeconfig: opts.kubeconfig } : {}),
      shellSpec: opts.nodeShell ?? 'pod-exec',
      collector: 'live',
    };
  }
  const status = await loadLabStatus(opts.lab);
  if (!status) {
    throw new UsageError(
      `no lab named "${opts.lab}" is up (sdn-doctor lab up --name ${opts.lab})`,
      `ラボ "${opts.lab}" は起動していません (sdn-doctor lab up --name ${opts.lab})`,
    );
  }
  return {
    kubeconfig: opts.kubeconfig ?? join(status.runDir, 'kubeconfig'),
    shellSpec: opts.nodeShell ?? `lab:${opts.lab}`,
    collector: `lab:${opts.lab}`,
    labNodes: status.nodes.map((n) => n.name),
  };
}

function makeShell(source: Source, opts: CollectCliOptions): NodeShell {
  const spec = source.shellSpec;
  if (!isNodeShellSpec(spec)) {
    throw new UsageError(
      `--node-shell must be one of ${NODE_SHELL_KINDS.join(', ')}, got ${spec}`,
      `--node-shell は ${NODE_SHELL_KINDS.join(', ')} のいずれかです: ${spec}`,
    );
  }
  const needsKc = spec === 'pod-exec' || spec === 'debug-pod';
  const loaded = needsKc
    ? loadKubeConfig({
        ...(source.kubeconfig ? { kubeconfig: source.kubeconfig } : {}),
        ...(opts.context ? { context: opts.context } : {}),
      })
    : undefined;
  if (loaded && !loaded.ok) throw new UsageError(loaded.error.en, loaded.error.ja);
  try {
    return createNodeShell(spec, {
      ...(loaded?.ok ? { kubeConfig: loaded.kc } : {}),
      ...(opts.sshUser ? { ssh: { user: opts.sshUser } } : {}),
    });
  } catch (e) {
    const why = (e as Error).message.split('\n')[0] ?? '';
    throw new UsageError(why, `ノードシェルを作成できません: ${why}`);
  }
}

/** Nodes to visit: `--nodes`, else the lab's, else every Node the API lists. */
function chooseNodes(opts: CollectCliOptions, source: Source, api: ApiSnapshot): string[] {
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
  const lang: Lang =
    opts.lang === 'ja' || opts.lang === 'en'
      ? opts.lang
      : langFromLocale(process.env.LC_ALL ?? process.env.LANG);
  const out = opts.output as string;
  const timeoutMs = Math.round(positive(opts.timeout, '--timeout', 600) * 1000);
  const concurrency = Math.round(positive(opts.concurrency, '--concurrency', 256));
  const started = Date.now();
  const source = await resolveSource(opts);
  const shell = makeShell(source, opts);
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
