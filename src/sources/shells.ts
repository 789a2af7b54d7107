/**
 * Chooses a node shell by its `--node-shell` name (DESIGN.md §2 sources). `collect` and
 * `diagnose` both build their shell here.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { NodeShell } from './node-shell.js';
import { createLabShell } from './lab-shell/index.js';
import { createDebugPodShell } from './live/debug-pod-shell.js';
import { createLocalShell } from './live/local-shell.js';
import { createPodExecShell } from './live/pod-exec-shell.js';
import type { RateLimiter } from './live/rate-limit.js';
import { createSshShell, type SshShellOptions } from './live/ssh-shell.js';

export type NodeShellSpec = 'pod-exec' | 'debug-pod' | 'ssh' | 'local' | `lab:${string}`;

export interface CreateNodeShellOptions {
  /** Needed by pod-exec and debug-pod. */
  readonly kubeConfig?: KubeConfig;
  readonly ssh?: SshShellOptions;
  /** Node name of this machine for `local` (default: host name). */
  readonly localNode?: string;
  /** debug-pod: image and namespace. */
  readonly debugImage?: string;
  readonly debugNamespace?: string;
  /** pod-exec: namespace of the openshift-sdn pods. */
  readonly sdnNamespace?: string;
  /** pod-exec: the client-side API request limit (`--qps`/`--burst`). */
  readonly rateLimiter?: RateLimiter;
}

export const NODE_SHELL_KINDS = ['pod-exec', 'debug-pod', 'ssh', 'local', 'lab:NAME'] as const;

/** Returns true when `s` names a node shell kind. */
export function isNodeShellSpec(s: string): s is NodeShellSpec {
  return (
    s === 'pod-exec' || s === 'debug-pod' || s === 'ssh' || s === 'local' || /^lab:[A-Za-z0-9_.-]+$/.test(s)
  );
}

/** Builds the node shell `spec`; throws a one-line error when it cannot (missing kubeconfig, …). */
export function createNodeShell(spec: NodeShellSpec, opts: CreateNodeShellOptions = {}): NodeShell {
  switch (spec) {
    case 'pod-exec':
      return createPodExecShell({
        kubeConfig: need(opts.kubeConfig, spec),
        ...(opts.sdnNamespace ? { namespace: opts.sdnNamespace } : {}),
        ...(opts.rateLimiter ? { rateLimiter: opts.rateLimiter } : {}),
      });
    case 'debug-pod':
      return createDebugPodShell({
        kubeConfig: need(opts.kubeConfig, spec),
        ...(opts.debugImage ? { image: opts.debugImage } : {}),
        ...(opts.debugNamespace ? { namespace: opts.debugNamespace } : {}),
      });
    case 'ssh':
      return createSshShell(opts.ssh);
    case 'local':
      return createLocalShell(opts.localNode ? { localNode: opts.localNode } : {});
    default:
      if (/^lab:[A-Za-z0-9_.-]+$/.test(spec)) return createLabShell(spec.slice(4));
      throw new Error(
        `unknown node shell ${JSON.stringify(spec)}; expected one of ${NODE_SHELL_KINDS.join(', ')}`,
      );
  }
}

function need(kc: KubeConfig | undefined, spec: string): KubeConfig {
  if (!kc) throw new Error(`node shell ${spec} needs a kubeconfig`);
  return kc;
}
