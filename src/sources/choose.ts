/**
 * Where a command reads a cluster from, as library code: a bundle, a lab (its kubeconfig,
 * `lab:NAME` node shell, nodes and outside host) or a live cluster (`--kubeconfig`, `--context`,
 * `--node-shell`). The options mean the same for collect, diagnose, trace and matrix; src/cli only
 * declares them and calls this.
 */
import type { ApiSnapshot, Artifact, Snapshot } from '../artifacts/types.js';
import { labStatus, loadState } from '../lab/index.js';
import { collectSnapshot, type CollectProgress } from './collect.js';
import { readApiSnapshot } from './live/api.js';
import { createPodLogReader } from './live/pod-log.js';
import { loadKubeConfig } from './live/kube-config.js';
import { createLocalShell } from './live/local-shell.js';
import type { NodeShell } from './node-shell.js';
import { createRateLimiter, DEFAULT_RATE_LIMIT, type RateLimiter } from './live/rate-limit.js';
import { createNodeShell, isNodeShellSpec, NODE_SHELL_KINDS } from './shells.js';
import { readInputs } from './inputs.js';
import { positiveNumber, SourceError } from './source-error.js';

// The CLI imports these from the light module at start-up; here for the callers of choose.ts.
export { positiveNumber, SourceError };
export { readInputs };

export interface ClusterSourceOptions {
  lab?: string;
  kubeconfig?: string;
  context?: string;
  nodeShell?: string;
  sshUser?: string;
  /** Client-side API request limit (`--qps`, `--burst`); default DEFAULT_RATE_LIMIT. */
  qps?: string;
  burst?: string;
}

export interface ClusterSource {
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly shell: NodeShell;
  /** `live` or `lab:NAME`, recorded in bundles. */
  readonly collector: string;
  /** The lab's nodes (a live cluster's come from the API). */
  readonly labNodes?: readonly string[];
  /** The lab's outside host name (39.9 egress probe), when a lab. */
  readonly labOutsideHost?: string;
  /** The request limit of the pod shells (what it let through, for reports). */
  readonly rateLimiter: RateLimiter;
}

/**
 * Resolves the API and node shell of a lab or a live cluster. The caller closes `shell`;
 * `onShell` sees it as soon as it exists (the CLI closes it on Ctrl-C).
 */
export async function resolveClusterSource(
  opts: ClusterSourceOptions,
  onShell?: (shell: NodeShell) => void,
): Promise<ClusterSource> {
  let kubeconfig = opts.kubeconfig;
  let shellSpec = opts.nodeShell ?? 'pod-exec';
  let labNodes: string[] | undefined;
  let labOutsideHost: string | undefined;
  if (opts.lab) {
    const state = await loadState(opts.lab);
    if (!state) {
      throw new SourceError(
        `no lab named "${opts.lab}" is up (sdn-doctor lab up --name ${opts.lab})`,
        `ラボ "${opts.lab}" は起動していません (sdn-doctor lab up --name ${opts.lab})`,
      );
    }
    const status = labStatus(state);
    kubeconfig ??= status.kubeconfig;
    shellSpec = opts.nodeShell ?? `lab:${opts.lab}`;
    labNodes = status.nodes.map((n) => n.name);
    labOutsideHost = state.spec.outsideHost;
  }
  if (!isNodeShellSpec(shellSpec)) {
    throw new SourceError(
      `--node-shell must be one of ${NODE_SHELL_KINDS.join(', ')}, got ${shellSpec}`,
      `--node-shell は ${NODE_SHELL_KINDS.join(', ')} のいずれかです: ${shellSpec}`,
    );
  }
  // pod-exec and debug-pod reach nodes through the Kubernetes API: they need the kubeconfig now.
  const needsKubeConfig = shellSpec === 'pod-exec' || shellSpec === 'debug-pod';
  const loaded = needsKubeConfig
    ? loadKubeConfig({
        ...(kubeconfig ? { kubeconfig } : {}),
        ...(opts.context ? { context: opts.context } : {}),
      })
    : undefined;
  if (loaded && !loaded.ok) throw new SourceError(loaded.error.en, loaded.error.ja);
  const rateLimiter = createRateLimiter({
    qps: opts.qps ? positiveNumber(opts.qps, '--qps', 10_000) : DEFAULT_RATE_LIMIT.qps,
    burst: opts.burst
      ? Math.max(1, Math.round(positiveNumber(opts.burst, '--burst', 10_000)))
      : DEFAULT_RATE_LIMIT.burst,
  });
  let shell: NodeShell;
  try {
    shell = createNodeShell(shellSpec, {
      rateLimiter,
      ...(loaded?.ok ? { kubeConfig: loaded.kc } : {}),
      ...(opts.sshUser ? { ssh: { user: opts.sshUser } } : {}),
    });
  } catch (e) {
    const why = (e as Error).message.split('\n')[0] ?? '';
    throw new SourceError(why, `ノードシェルを作成できません: ${why}`);
  }
  onShell?.(shell);
  return {
    ...(kubeconfig ? { kubeconfig } : {}),
    ...(opts.context ? { context: opts.context } : {}),
    shell,
    collector: opts.lab ? `lab:${opts.lab}` : 'live',
    ...(labNodes ? { labNodes } : {}),
    ...(labOutsideHost ? { labOutsideHost } : {}),
    rateLimiter,
  };
}

/** Nodes to visit: `--nodes`, else the lab's, else every Node the API lists. */
export function chooseNodes(
  requested: readonly string[] | undefined,
  source: ClusterSource,
  api: ApiSnapshot,
): string[] {
  if (requested && requested.length > 0) return requested.flatMap((n) => n.split(',')).filter(Boolean);
  if (source.labNodes) return [...source.labNodes];
  const list = api.nodes;
  if (!list?.ok) {
    const why = list?.error ?? 'not read';
    throw new SourceError(
      `cannot list the nodes (${why}); pass --nodes NAME... or fix the kubeconfig`,
      `ノードを一覧できません（${why}）。--nodes NAME... を指定するか kubeconfig を直してください`,
    );
  }
  return list.items
    .map((n) => (n as { metadata?: { name?: unknown } }).metadata?.name)
    .filter((n): n is string => typeof n === 'string');
}

/** Reads the API of `source`, then collects every chosen node's command outputs (sources/collect.ts). */
export async function collectFromSource(
  source: ClusterSource,
  opts: {
    readonly timeoutMs: number;
    readonly nodes?: readonly string[];
    /** `-n`: namespaced API objects of these namespaces only (and the SDN's own). */
    readonly namespaces?: readonly string[];
    readonly concurrency?: number;
    readonly onStart?: (nodes: readonly string[]) => void;
    readonly onProgress?: (p: CollectProgress) => void;
    /** 39.3: resolve the routes' host names from the outside vantage point (default true). */
    readonly dns?: boolean;
    /** 39.13.3: each pod's veth peer and the devices' drivers (default true). */
    readonly nicDetails?: boolean;
    /** Artifacts go here as they arrive (the returned snapshot then holds none). */
    readonly sink?: (artifact: Artifact) => Promise<void>;
  },
): Promise<Snapshot> {
  // The API first: it names the nodes to visit (and is reused as the snapshot's API lists).
  const api = await readApiSnapshot({
    timeoutMs: opts.timeoutMs,
    ...(source.kubeconfig ? { kubeconfig: source.kubeconfig } : {}),
    ...(source.context ? { context: source.context } : {}),
    ...(opts.namespaces?.length ? { namespaces: opts.namespaces } : {}),
  });
  const nodes = chooseNodes(opts.nodes, source, api);
  opts.onStart?.(nodes);
  const podLogs = createPodLogReader({
    ...(source.kubeconfig ? { kubeconfig: source.kubeconfig } : {}),
    ...(source.context ? { context: source.context } : {}),
    rateLimiter: source.rateLimiter,
  });
  try {
    return await collectSnapshot({
      api: async () => api,
      podLogs,
      shell: source.shell,
      nodes,
      timeoutMs: opts.timeoutMs,
      collector: source.collector,
      ...(opts.nicDetails === false ? {} : { nics: 'all' as const }), // 39.13.3: veth peers and drivers
      ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      ...(opts.sink ? { sink: opts.sink, abandonHungNodes: true } : {}),
      // A lab's outside vantage point is its client namespace; a live cluster's is this machine.
      ...(opts.dns === false ? {} : { outside: source.labNodes ? source.shell : createLocalShell() }),
    });
  } finally {
    podLogs.close();
  }
}

/** What loadClusterModel and loadClusterDataplane read: one or more bundles, or a cluster to collect from first. */
export interface ModelSourceOptions extends ClusterSourceOptions {
  /** One path (library callers) or every `--bundle` given. */
  bundle?: string | readonly string[];
}

/**
 * The snapshot trace and matrix work on: bundles (`bundle`, merged), or a lab / live cluster
 * collected first through its node shell (closed before returning).
 */
export async function loadSnapshot(
  opts: ModelSourceOptions & { timeoutMs?: number },
  onShell?: (shell: NodeShell) => void,
): Promise<Snapshot> {
  const bundles = typeof opts.bundle === 'string' ? [opts.bundle] : (opts.bundle ?? []);
  if (bundles.length) {
    if (opts.lab || opts.kubeconfig || opts.nodeShell) {
      throw new SourceError(
        'give either --bundle <path> or a cluster (--lab, --kubeconfig, --node-shell), not both',
        '--bundle <path> とクラスター指定（--lab, --kubeconfig, --node-shell）は同時に使えません',
      );
    }
    return readInputs(bundles);
  }
  const source = await resolveClusterSource(opts, onShell);
  try {
    return await collectFromSource(source, { timeoutMs: opts.timeoutMs ?? 10_000, dns: false });
  } finally {
    await source.shell.close?.();
  }
}
