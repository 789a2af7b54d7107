/**
 * Runs one argv on this machine with a hard timeout. No shell is involved: the program and its
 * arguments go to spawn() as they are. On timeout the whole process group (we start the child as
 * its own group leader) is killed by the PID we recorded — never by name.
 */
import { spawn } from 'node:child_process';
import type { ShellResult } from '../node-shell.js';

export interface RunArgvOptions {
  readonly timeoutMs: number;
  /** Extra environment (e.g. OVS_RUNDIR); the rest is inherited. */
  readonly env?: Readonly<Record<string, string>>;
  /** Cap on captured output per stream (bytes); the rest is dropped. */
  readonly maxBytes?: number;
  /** Written to the child's stdin, which is then closed (closed at once when absent). */
  readonly input?: string;
}

const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;

/** Runs `argv` (argv[0] looked up in PATH) and resolves with its output; never rejects. */
export function runArgv(argv: readonly string[], options: RunArgvOptions): Promise<ShellResult> {
  const started = Date.now();
  const [file, ...args] = argv;
  if (!file) {
    return Promise.resolve({ stdout: '', stderr: '', exitCode: null, error: 'empty argv', durationMs: 0 });
  }
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let settled = false;
    let timedOut = false;
    const child = spawn(file, args, {
      // stdin is closed at once (the child reads EOF) unless there is input to give
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true, // own process group, so a timeout also ends grandchildren (ssh, ip netns exec …)
      env: options.env ? { ...process.env, ...options.env } : process.env,
    });
    const pid = child.pid;
    const finish = (result: Omit<ShellResult, 'durationMs'>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, durationMs: Date.now() - started });
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(pid);
      // If the child ignores SIGKILL of its group (it cannot) or never reports 'close', still answer.
      setTimeout(
        () => finish({ stdout, stderr, exitCode: null, error: `timeout after ${options.timeoutMs} ms` }),
        200,
      ).unref();
    }, options.timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      if (stdout.length < maxBytes) stdout += d;
    });
    child.stderr.on('data', (d: string) => {
      if (stderr.length < maxBytes) stderr += d;
    });
    // a child that exits without reading its input closes the pipe: not an error of the run
    child.stdin.on('error', () => {});
    child.stdin.end(options.input);
    child.on('error', (err) =>
      finish({ stdout, stderr, exitCode: null, error: `cannot run ${file}: ${err.message}` }),
    );
    child.on('close', (code) => {
      if (timedOut)
        finish({ stdout, stderr, exitCode: null, error: `timeout after ${options.timeoutMs} ms` });
      else finish({ stdout, stderr, exitCode: code });
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
