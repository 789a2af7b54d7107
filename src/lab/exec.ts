/**
 * Running programs for the lab: always argv arrays (never a shell), with a timeout that kills the
 * child's process group by PID. The one process runner is sources/live/run-argv.ts; this is the
 * lab's view of its result (`code`), with the lab's larger output cap (a whole bridge's flows).
 */
import { runArgv } from '../sources/live/run-argv.js';

export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
  /** null when killed (timeout) or not started. */
  readonly code: number | null;
  readonly error?: string;
  readonly durationMs: number;
}

export interface RunOptions {
  readonly input?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
}

/** Output kept per stream: `ovs-ofctl dump-flows` of a large lab bridge is megabytes. */
export const LAB_MAX_BYTES = 64 * 1024 * 1024;

/** Runs argv; never throws (the result says what happened). */
export async function run(argv: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const r = await runArgv(argv, {
    timeoutMs: options.timeoutMs ?? 30_000,
    maxBytes: LAB_MAX_BYTES,
    ...(options.env ? { env: options.env } : {}),
    ...(options.input !== undefined ? { input: options.input } : {}),
  });
  return {
    stdout: r.stdout,
    stderr: r.stderr,
    code: r.exitCode,
    ...(r.error !== undefined ? { error: r.error } : {}),
    durationMs: r.durationMs,
  };
}

/** Runs argv and throws with its stderr when it fails (for set-up steps that must succeed). */
export async function must(argv: readonly string[], options: RunOptions = {}): Promise<string> {
  const r = await run(argv, options);
  if (r.code !== 0) {
    throw new Error(`${argv.join(' ')}: ${(r.error ?? r.stderr.trim()) || `exit ${r.code}`}`);
  }
  return r.stdout;
}

/** argv prefixed to run inside a network namespace. */
export function inNetns(netns: string, argv: readonly string[]): string[] {
  return ['ip', 'netns', 'exec', netns, ...argv];
}
