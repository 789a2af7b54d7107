/**
 * `collectSnapshot`: one bounded run that reads the API and runs every read-only node command
 * (artifacts/commands.ts NODE_COMMANDS) on every node, in parallel with a concurrency cap. Each
 * command has its own deadline, enforced here too (a shell that never answers cannot hold the run):
 * a node that hangs yields artifacts with `timeout after N ms`, and the run still ends.
 */
import {
  appliesTo,
  assertHost,
  NODE_COMMANDS,
  probeCommands,
  releaseOfApi,
  type NodeCommand,
} from '../artifacts/commands.js';
import type { ApiSnapshot, Artifact, InputWarning, Snapshot } from '../artifacts/types.js';
import { msg } from '../i18n/message.js';
import type { NodeShell, ShellResult, ShellTarget } from './node-shell.js';
import { readApiWithin } from './live/api.js';
import { podLogArgv, type PodLogReader, type PodLogRequest } from './live/pod-log.js';
import { nicTasks, type NicScope, type NicTask } from './nic-details.js';

export interface CollectProgress {
  readonly node: string;
  /** The command's artifact file name (`ovs-flows.txt`). */
  readonly command: string;
  readonly done: number;
  readonly total: number;
  readonly error?: string;
  /** How long the command took (or was waited for). */
  readonly durationMs: number;
}

export interface CollectOptions {
  /** Reads the API lists (e.g. `() => readApiSnapshot({...})`); never expected to hang for long. */
  readonly api: () => Promise<ApiSnapshot>;
  readonly shell: NodeShell;
  readonly nodes: readonly string[];
  /** Deadline of each command (and of the API read, ×4). */
  readonly timeoutMs: number;
  /** Commands in flight at once across all nodes (default 8). */
  readonly concurrency?: number;
  readonly onProgress?: (p: CollectProgress) => void;
  /** `live`, `lab:NAME` (recorded in the bundle). Default `live`. */
  readonly collector?: string;
  /** Default NODE_COMMANDS; tests and `diagnose` may run a subset. */
  readonly commands?: readonly NodeCommand[];
  readonly now?: () => Date;
  /**
   * The outside vantage point (39.3): where every route's host name is resolved with
   * `dig +short`, so `analyze` can hold DNS answers against the router hosts (39.4). A lab's
   * client namespace, or this machine (local shell, target `client`). Omitted: no lookups.
   */
  readonly outside?: NodeShell;
  /**
   * Where each artifact goes as it arrives (a bundle on disk): the returned snapshot then holds
   * no artifacts, so memory does not grow with the cluster.
   */
  readonly sink?: (artifact: Artifact) => Promise<void>;
  /**
   * A node that let one command run out its deadline is not asked again: its other commands are
   * recorded as not run, so a hung node costs one deadline, not one per command.
   */
  readonly abandonHungNodes?: boolean;
  /** A command's own deadline when it differs from `timeoutMs` (diagnose gives journals twice as long). */
  readonly timeoutOf?: (command: NodeCommand) => number;
  /**
   * Reads pod logs through the API: each node's openshift-sdn `sdn` pod log is collected with it
   * (39.10 on 3.11 and 4.x). Omitted (no API, a node shell only): no pod logs.
   */
  readonly podLogs?: PodLogReader;
  /**
   * 39.13.3: also record each local pod's veth peer (`ethtool -S eth0` in the pod) and the drivers
   * of the node's tunnel, tun0 and veths (`ethtool -i`), after the node's `ip addr show` named them
   * (sources/nic-details.ts). `collect` and the analyses' collection record `all`; diagnose records
   * the `peers` of the nodes on its path (the veth-peer check reads nothing else).
   */
  readonly nics?: NicScope;
}

const DEFAULT_CONCURRENCY = 8;
/** What a command that does not apply to the cluster's release "answered": nothing, and no error. */
const NOT_APPLICABLE: ShellResult = { stdout: '', stderr: '', exitCode: null, durationMs: 0 };

/** One unit of a collection's work queue: a node command, or one of §13.3's outputs. */
type CommandTask = { readonly kind: 'command'; readonly node: string; readonly command: NodeCommand };
type CollectTask = CommandTask | { readonly kind: 'nic'; readonly nic: NicTask };
/** Grace on top of a command's deadline before we stop waiting for the shell to report it. */
const GRACE_MS = 250;

/** Collects a Snapshot; never throws for a node or resource that fails (those become errors/warnings). */
export async function collectSnapshot(opts: CollectOptions): Promise<Snapshot> {
  const now = opts.now ?? (() => new Date());
  const collectedAt = now().toISOString();
  const commands = opts.commands ?? NODE_COMMANDS;
  const nodes = [...new Set(opts.nodes)].sort();
  // Each node answers its first command before the others are sent: a node that hangs then costs
  // one deadline of one lane, and its other commands end at once as not run (with
  // abandonHungNodes), instead of a lane per command it was sent meanwhile (issue 10). Every
  // node's first command is queued first, so every node starts early, whatever the concurrency.
  const [firstCommand, ...otherCommands] = commands;
  const total = commands.length * nodes.length;
  const warnings: InputWarning[] = [];
  let done = 0;

  const apiPromise = readApi(opts.api, opts.timeoutMs * 4, warnings);
  // The sdn pods' logs are read beside the node commands, as soon as the pod list is known.
  // Each log goes to the sink as it arrives: 2000 log tails held to the end would be the run's
  // largest allocation (issue 10, collect_2000_peak_mb).
  const kept: Artifact[] = [];
  const deliver = async (artifact: Artifact): Promise<void> => {
    if (opts.sink) await opts.sink(artifact);
    else kept.push(artifact);
  };
  const logsPromise = opts.podLogs
    ? apiPromise.then((api) =>
        readSdnPodLogs(api, nodes, opts, opts.podLogs as PodLogReader, warnings, deliver),
      )
    : Promise.resolve();
  /** Nodes abandoned after a deadline, with the command that ran it out. */
  const hung = new Map<string, string>();
  /** The command whose output names the devices §13.3 asks about (`ip addr show`). */
  const nicTrigger = commands.find((c) => c.kind === 'ip-addr') ?? firstCommand;
  const firstTasks: CollectTask[] = firstCommand
    ? nodes.map((node) => ({ kind: 'command', node, command: firstCommand }))
    : [];
  const runCommand = async ({ node, command }: CommandTask): Promise<ShellResult> => {
    // A release-specific command waits for the API to say the release: on 4.x, node-config.yaml
    // and the atomic-openshift-node journal do not exist, and reading them would only yield a
    // failure and a warning per node (issue 12 "The 4.x node layout").
    if (command.releases && !appliesTo(command, releaseOfApi(await apiPromise))) {
      done += 1;
      opts.onProgress?.({ node, command: command.file, done, total, durationMs: 0 });
      return NOT_APPLICABLE;
    }
    const startedAt = now().toISOString();
    const options = command.inOvsContainer ? { inOvsContainer: true } : {};
    const target: ShellTarget = { kind: 'node', node };
    const gaveUp = hung.get(node);
    const result: ShellResult = gaveUp
      ? { stdout: '', stderr: '', exitCode: null, error: `not run: ${gaveUp}`, durationMs: 0 }
      : await runBounded(
          opts.shell,
          target,
          command.argv,
          options,
          opts.timeoutOf?.(command) ?? opts.timeoutMs,
        );
    if (opts.abandonHungNodes && !gaveUp && result.error?.startsWith('timeout after'))
      hung.set(node, `the node did not answer ${command.argv.join(' ')} (${result.error})`);
    const artifact = toArtifact(
      { id: `nodes/${node}/${command.file}`, kind: command.kind, node, argv: command.argv },
      result,
      startedAt,
    );
    if (artifact.error) warnings.push(shellFailure(artifact, node));
    done += 1;
    opts.onProgress?.({
      node,
      command: command.file,
      done,
      total,
      durationMs: result.durationMs,
      ...(artifact.error ? { error: artifact.error } : {}),
    });
    await deliver(artifact);
    return result;
  };
  /** One §13.3 output (sources/nic-details.ts); a node abandoned meanwhile is not asked. */
  const runNic = async (t: NicTask): Promise<void> => {
    if (hung.has(t.node)) return;
    const startedAt = now().toISOString();
    const result = await runBounded(opts.shell, t.target, t.argv, {}, opts.timeoutMs);
    const { target: _target, ...what } = t;
    const a = toArtifact(what, result, startedAt);
    // a device or pod that is gone says so in the output (exit code); only a shell failure warns
    if (a.error) warnings.push(shellFailure(a, t.node));
    await deliver(a);
  };
  /**
   * §13.3's outputs of `node`, queued once its `ip addr` answered (it names the veths): beside the
   * node's other commands rather than after every node's, so they add no round of their own.
   * Peers alone are only worth asking of a node that answered: without its links the check cannot
   * place a peer index, and a node that did not answer would cost a deadline more.
   */
  const nicTasksOf = async (node: string, ipAddrOutput: string | undefined): Promise<CollectTask[]> => {
    const scope = opts.nics;
    if (!scope || (scope === 'peers' && ipAddrOutput === undefined)) return [];
    return nicTasks(await apiPromise, node, ipAddrOutput, scope).map((nic) => ({ kind: 'nic', nic }));
  };
  await drain(firstTasks, opts.concurrency ?? DEFAULT_CONCURRENCY, async (task, enqueue) => {
    if (task.kind === 'nic') return runNic(task.nic);
    const result = await runCommand(task);
    if (task.command === firstCommand)
      enqueue(otherCommands.map((command) => ({ kind: 'command', node: task.node, command })));
    if (task.command === nicTrigger) {
      const named = task.command.kind === 'ip-addr' && !result.error && result.exitCode === 0;
      enqueue(await nicTasksOf(task.node, named ? result.stdout : undefined));
    }
  });
  const api = await apiPromise;
  await logsPromise;
  if (opts.outside) {
    const lookups = await pool(routeHosts(api), opts.concurrency ?? DEFAULT_CONCURRENCY, async (host) => {
      const argv = probeCommands.digShort(host);
      const result = await runBounded(
        opts.outside as NodeShell,
        { kind: 'client' },
        argv,
        {},
        opts.timeoutMs,
      );
      return toArtifact(
        { id: `probes/client/dig-${host}.txt`, kind: 'dig-short', where: 'client', argv },
        result,
        now().toISOString(),
      );
    });
    for (const a of lookups) await deliver(a);
  }
  return {
    collectedAt,
    collector: opts.collector ?? 'live',
    api,
    artifacts: sortArtifacts(kept, commands),
    warnings: warnings.sort((a, b) => a.source.localeCompare(b.source)),
  };
}

/** A bundle's artifact order: by node (probes first), then in the order of the command list, then by id. */
export function sortArtifacts<T extends Pick<Artifact, 'id' | 'node'>>(
  artifacts: T[],
  commands: readonly NodeCommand[] = NODE_COMMANDS,
): T[] {
  const order = new Map(commands.map((c, i) => [c.file, i]));
  return artifacts.sort(
    (a, b) =>
      (a.node ?? '').localeCompare(b.node ?? '') ||
      (order.get(a.id.slice(a.id.lastIndexOf('/') + 1)) ?? 0) -
        (order.get(b.id.slice(b.id.lastIndexOf('/') + 1)) ?? 0) ||
      // outputs beside the command list (§13.3's per-pod and per-device ones) arrive in any
      // order: by id, so that two collections of the same cluster list them alike
      a.id.localeCompare(b.id),
  );
}

async function runBounded(
  shell: NodeShell,
  target: ShellTarget,
  argv: readonly string[],
  options: { readonly inOvsContainer?: boolean },
  timeoutMs: number,
): Promise<ShellResult> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<ShellResult>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          stdout: '',
          stderr: '',
          exitCode: null,
          error: `timeout after ${timeoutMs} ms`,
          durationMs: Date.now() - started,
        }),
      timeoutMs + GRACE_MS,
    );
  });
  const run = shell.run(target, argv, { timeoutMs, ...options }).catch(
    (e: unknown): ShellResult => ({
      stdout: '',
      stderr: '',
      exitCode: null,
      error: (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? 'shell failed',
      durationMs: Date.now() - started,
    }),
  );
  try {
    return await Promise.race([run, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The sdn pod log of every node that has an sdn pod, each delivered as soon as it is read; a
 * failed read is an artifact with its error and a warning.
 */
async function readSdnPodLogs(
  api: ApiSnapshot,
  nodes: readonly string[],
  opts: CollectOptions,
  reader: PodLogReader,
  warnings: InputWarning[],
  deliver: (artifact: Artifact) => Promise<void>,
): Promise<void> {
  const now = opts.now ?? (() => new Date());
  // a quarter of the command concurrency: logs are one request per node beside a dozen execs
  const limit = Math.max(1, Math.ceil((opts.concurrency ?? DEFAULT_CONCURRENCY) / 4));
  await pool(sdnPodsOf(api, nodes), limit, async (p) => {
    const startedAt = now().toISOString();
    const result = await reader.read(p, opts.timeoutOf?.(JOURNAL_COMMAND) ?? opts.timeoutMs);
    const a = toArtifact(
      { id: `nodes/${p.node}/${SDN_POD_LOG_FILE}`, kind: 'sdn-pod-log', node: p.node, argv: podLogArgv(p) },
      result,
      startedAt,
    );
    if (a.error) {
      warnings.push({
        source: a.id,
        ...(a.node ? { node: a.node } : {}),
        message: msg(`${a.argv.join(' ')}: ${a.error}`, `${a.argv.join(' ')}: ${a.error}`),
      });
    }
    await deliver(a);
  });
}

/** The input warning of a command the shell could not run on `node` (in a pod of it: `where`). */
function shellFailure(a: Artifact, node: string): InputWarning {
  const on = a.where ?? node;
  return {
    source: a.id,
    node,
    message: msg(`${a.argv.join(' ')} on ${on}: ${a.error}`, `${on} での ${a.argv.join(' ')}: ${a.error}`),
  };
}

/** File name of a node's sdn pod log in a bundle. */
export const SDN_POD_LOG_FILE = 'sdn-pod-log.txt';
const JOURNAL_COMMAND = NODE_COMMANDS.find((c) => c.kind === 'node-journal') as NodeCommand;

/**
 * The openshift-sdn `sdn` pod of each node (DaemonSet `sdn`, label app=sdn, container `sdn`: 3.11
 * and 4.x alike). A node without one (3.x before 3.10, the API unreadable) has no pod log.
 */
function sdnPodsOf(api: ApiSnapshot, nodes: readonly string[]): (PodLogRequest & { node: string })[] {
  const pods = api.pods;
  if (!pods?.ok) return [];
  const wanted = new Set(nodes);
  const byNode = new Map<string, PodLogRequest & { node: string }>();
  for (const item of pods.items) {
    const p = item as {
      metadata?: { name?: unknown; namespace?: unknown; labels?: Record<string, unknown> };
      spec?: { nodeName?: unknown; containers?: { name?: unknown }[] };
    };
    const name = p.metadata?.name;
    const node = p.spec?.nodeName;
    if (p.metadata?.namespace !== 'openshift-sdn' || p.metadata.labels?.app !== 'sdn') continue;
    if (typeof name !== 'string' || typeof node !== 'string' || !wanted.has(node) || byNode.has(node))
      continue;
    if (!(p.spec?.containers ?? []).some((c) => c.name === 'sdn')) continue;
    byNode.set(node, { namespace: 'openshift-sdn', pod: name, container: 'sdn', node });
  }
  return [...byNode.values()].sort((a, b) => a.node.localeCompare(b.node));
}

/** Host names of every Route, sorted, each once (39.4: the names users type). */
function routeHosts(api: ApiSnapshot): string[] {
  const routes = api.routes;
  if (!routes?.ok) return [];
  const hosts = routes.items
    .map((r) => (r as { spec?: { host?: unknown } }).spec?.host)
    .filter((h): h is string => typeof h === 'string' && isSafeHost(h));
  return [...new Set(hosts)].sort();
}

/** Only names that are safe in an argv are looked up (a wildcard route host is not a name). */
function isSafeHost(host: string): boolean {
  try {
    assertHost(host);
    return true;
  } catch {
    return false;
  }
}

function toArtifact(
  what: Pick<Artifact, 'id' | 'kind' | 'argv' | 'node' | 'where'>,
  r: ShellResult,
  collectedAt: string,
): Artifact {
  return {
    ...what,
    text: r.stdout,
    exitCode: r.exitCode,
    collectedAt,
    ...(r.error ? { error: r.error } : {}),
    ...(r.stderr ? { stderr: r.stderr } : {}),
  };
}

async function readApi(
  api: () => Promise<ApiSnapshot>,
  timeoutMs: number,
  warnings: InputWarning[],
): Promise<ApiSnapshot> {
  const r = await readApiWithin(api, timeoutMs);
  if (r.failure) {
    warnings.push({
      source: 'api',
      message: msg(`the API could not be read: ${r.failure}`, `API を読めませんでした: ${r.failure}`),
    });
  }
  return r.api;
}

/** Runs `work` over `items` with at most `limit` in flight; results in input order. */
async function pool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  await drain(
    items.map((item, i) => ({ item, i })),
    limit,
    async ({ item, i }) => {
      results[i] = await work(item);
    },
  );
  return results;
}

/**
 * Runs `work` with at most `limit` in flight over a queue that starts as `initial` and grows by
 * what the work enqueues; resolves when the queue is empty and nothing runs, rejects on the first
 * failure of `work`.
 */
function drain<T>(
  initial: readonly T[],
  limit: number,
  work: (item: T, enqueue: (more: readonly T[]) => void) => Promise<void>,
): Promise<void> {
  const queue = [...initial];
  const enqueue = (more: readonly T[]): void => {
    queue.push(...more);
  };
  return new Promise((resolve, reject) => {
    let head = 0;
    let running = 0;
    const pump = (): void => {
      while (running < Math.max(1, limit) && head < queue.length) {
        const item = queue[head] as T;
        // dropped from the queue: a 2000-node run queues 32 000 tasks
        queue[head++] = undefined as T;
        running++;
        work(item, enqueue).then(() => {
          running--;
          pump();
        }, reject);
      }
      if (running === 0 && head >= queue.length) resolve();
    };
    pump();
  });
}
