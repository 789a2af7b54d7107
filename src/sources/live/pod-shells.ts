/**
 * What the two shells that reach nodes through pods share (`pod-exec` and `debug-pod`): the
 * dispatch of a target to a local run or an exec, and one pod lookup per node shared by
 * concurrent callers.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { NodeShell, ShellOptions } from '../node-shell.js';
import { execInPod, type PodRef } from './pod-exec-run.js';
import type { RateLimiter } from './rate-limit.js';
import { runArgv } from './run-argv.js';

/** What an exec through the API may take beyond the command's own run. */
export const EXEC_OVERHEAD_MS = 2000;

/** The pod that stands for a node, or the reason there is none (said in the result's `error`). */
export type NodePod = PodRef | string;

/**
 * run() of a pod-based shell: the client runs locally, a pod target is exec'd into directly, a node
 * target through the pod `podOf` finds, its argv wrapped by `commandOf` (e.g. `chroot /host`).
 */
export function runThroughPods(
  kubeConfig: KubeConfig,
  limiter: RateLimiter | undefined,
  podOf: (node: string, options: ShellOptions) => Promise<NodePod>,
  commandOf: (argv: readonly string[]) => readonly string[] = (argv) => argv,
): NodeShell['run'] {
  // every exec is one API request: it waits for the rate limit (not counted in its deadline), and
  // its deadline has room for the exec itself (upgrade, process start on the node) on top of the
  // command's own: a probe that runs out its own timeout must come back as that, not as a lost exec
  const exec = async (pod: PodRef, argv: readonly string[], timeoutMs: number) => {
    await limiter?.take();
    return execInPod(kubeConfig, pod, argv, timeoutMs + EXEC_OVERHEAD_MS);
  };
  return async (target, argv, options) => {
    if (target.kind === 'client') return runArgv(argv, { timeoutMs: options.timeoutMs });
    if (target.kind === 'pod') {
      const pod = { namespace: target.namespace, name: target.name };
      return exec(pod, argv, options.timeoutMs);
    }
    const pod = await podOf(target.node, options);
    if (typeof pod === 'string') return { stdout: '', stderr: '', exitCode: null, error: pod, durationMs: 0 };
    return exec(pod, commandOf(argv), options.timeoutMs);
  };
}

/** `find` called once per key; concurrent and later callers share its promise. */
export function oncePerKey<T>(find: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const started = new Map<string, Promise<T>>();
  return (key) => {
    let p = started.get(key);
    if (!p) {
      p = find(key);
      started.set(key, p);
    }
    return p;
  };
}
