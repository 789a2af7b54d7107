/**
 * Running programs for the lab: always argv arrays through execFile (never a shell), with a
 * timeout that kills the child by PID.
 */
import { execFile } from 'node:child_process';

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

/** Runs argv; never throws (the result says what happened). */
export function run(argv: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const started = Date.now();
  const [file, ...args] = argv;
  return new Promise((resolve) => {
    if (!file) {
      resolve({ stdout: '', stderr: '', code: null, error: 'empty argv', durationMs: 0 });
      return;
    }
    let timedOut = false;
    const child = execFile(
      file,
      args,
      {
        env: options.env ? { ...process.env, ...options.env } : process.env,
        maxBuffer: 64 * 1024 * 1024,
        encoding: 'utf8',
      },
      (err, stdout, stderr) => {
        clearTimeout(timer);
        const durationMs = Date.now() - started;
        if (timedOut) {
          resolve({ stdout, stderr, code: null, error: `timeout after ${options.timeoutMs} ms`, durationMs });
        } else if (err && typeof (err as NodeJS.ErrnoException).code === 'string') {
          resolve({
            stdout,
            stderr,
            code: null,
            error: err.message.split('\n')[0] ?? 'spawn failed',
            durationMs,
          });
        } else {
          const code = err ? ((err as { code?: number }).code ?? 1) : 0;
          resolve({ stdout, stderr, code, durationMs });
        }
      },
    );
    const timer = setTimeout(() => {
      timedOut = true;
      // kill by PID: `ip netns exec` execs the command, so this PID is the command itself
      if (child.pid) {
        try {
          process.kill(child.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
    }, options.timeoutMs ?? 30_000);
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
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
