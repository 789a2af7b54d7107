/**
 * Processes of the lab: started detached, recorded by PID, stopped by PID after checking
 * /proc/<pid>/cmdline (never by name), SIGKILL after a grace period; zombies count as gone.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

/** true while the process exists and is not a zombie. */
export async function alive(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** The process's argv from /proc (empty when it is gone). */
export async function argvOf(pid: number): Promise<string[]> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').filter((a) => a !== '');
  } catch {
    return [];
  }
}

export async function cmdline(pid: number): Promise<string> {
  return (await argvOf(pid)).join(' ');
}

/** Starts argv detached (own process group), output to `logFile`; returns its PID. */
export function spawnDetached(
  argv: readonly string[],
  logFile: string,
  env?: Record<string, string>,
): number {
  const [file, ...args] = argv;
  const fd = openSync(logFile, 'a');
  try {
    const child = spawn(file!, args, {
      detached: true,
      stdio: ['ignore', fd, fd],
      env: env ? { ...process.env, ...env } : process.env,
    });
    child.on('error', () => undefined);
    child.unref();
    if (!child.pid) throw new Error(`could not start ${argv.join(' ')}`);
    return child.pid;
  } finally {
    closeSync(fd);
  }
}

/**
 * How a recorded PID is recognised as still ours: its cmdline contains the string, or its argv
 * satisfies the test (a PID reused by someone else is left alone).
 */
export type ProcessMatch = string | ((argv: readonly string[]) => boolean);

async function isOurs(pid: number, match: ProcessMatch): Promise<boolean> {
  const argv = await argvOf(pid);
  return typeof match === 'string' ? argv.join(' ').includes(match) : match(argv);
}

/**
 * Stops the processes that are still ours (SIGTERM, SIGKILL after `graceMs`, then waits a little
 * for them to be gone, so their ports are free); returns the PIDs signalled.
 */
export async function stopProcesses(
  procs: readonly { pid: number; match: ProcessMatch }[],
  graceMs = 1500,
): Promise<number[]> {
  const signalled: number[] = [];
  for (const p of procs) {
    if (!(await alive(p.pid))) continue;
    if (!(await isOurs(p.pid, p.match))) continue;
    try {
      process.kill(p.pid, 'SIGTERM');
      signalled.push(p.pid);
    } catch {
      /* gone */
    }
  }
  const deadline = Date.now() + graceMs;
  let left = signalled;
  while (left.length > 0 && Date.now() < deadline) {
    await sleep(20);
    const still: number[] = [];
    for (const pid of left) if (await alive(pid)) still.push(pid);
    left = still;
  }
  for (const pid of left) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  if (left.length > 0) {
    await waitFor(async () => {
      for (const pid of left) if (await alive(pid)) return false;
      return true;
    }, 2000);
  }
  return signalled;
}

/** Polls `check` every `intervalMs` until it is true or `timeoutMs` passed. */
export async function waitFor(
  check: () => Promise<boolean>,
  timeoutMs: number,
  intervalMs = 25,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(intervalMs);
  }
}

/** true when the process (in its own netns) has a TCP socket listening on `port`. */
export async function listening(pid: number, port: number): Promise<boolean> {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  for (const f of ['tcp', 'tcp6']) {
    try {
      const text = await readFile(`/proc/${pid}/net/${f}`, 'utf8');
      for (const line of text.split('\n')) {
        const cols = line.trim().split(/\s+/);
        if (cols[1]?.endsWith(`:${hex}`) && cols[3] === '0A') return true;
      }
    } catch {
      return false;
    }
  }
  return false;
}

export async function readPidFile(path: string): Promise<number | undefined> {
  try {
    const n = Number((await readFile(path, 'utf8')).trim());
    return Number.isInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}
