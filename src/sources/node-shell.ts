/**
 * A node shell runs one read-only argv on a node (or in a pod's network namespace on that node)
 * and returns what it printed. Implementations: pod-exec, debug-pod, ssh, local, lab:NAME.
 * Commands come from `artifacts/commands.ts` only; nothing goes through a shell.
 */
export interface ShellResult {
  readonly stdout: string;
  readonly stderr: string;
  /** null when the command did not finish (timeout, exec refused, node unreachable). */
  readonly exitCode: number | null;
  /** Why there is no result: `timeout after 2000 ms`, `exec forbidden (403)`, … */
  readonly error?: string;
  readonly durationMs: number;
}

export interface ShellOptions {
  readonly timeoutMs: number;
  /** 39.7.4: OVS commands run inside the OVS container on 3.11. */
  readonly inOvsContainer?: boolean;
}

/** Where a command runs: a node's host network, or a pod's network namespace on its node. */
export type ShellTarget =
  | { readonly kind: 'node'; readonly node: string }
  | { readonly kind: 'pod'; readonly node: string; readonly namespace: string; readonly name: string }
  /** The outside vantage point (39.3): where sdn-doctor runs, or the lab's client namespace. */
  | { readonly kind: 'client' };

export interface NodeShell {
  /** `pod-exec`, `ssh`, `local`, `lab:NAME`, … (shown in reports as "where"). */
  readonly name: string;
  run(target: ShellTarget, argv: readonly string[], options: ShellOptions): Promise<ShellResult>;
  /** Releases connections; idempotent. */
  close?(): Promise<void>;
}

/** The `--node-shell` names (a leaf constant: the CLI lists them in help without loading a shell). */
export const NODE_SHELL_KINDS = ['pod-exec', 'debug-pod', 'ssh', 'local', 'lab:NAME'] as const;
