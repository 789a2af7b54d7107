/**
 * A real NodeShell for tests: each "node" is a network namespace this test created, and argv runs
 * in it with `ip netns exec` (no shell). Nodes listed in `hang` run a real `sleep` instead and
 * ignore the deadline, like a node whose exec never returns. Every process is recorded by PID and
 * its process group is killed in close().
 */
import { spawn } from 'node:child_process';
import type { NodeShell, ShellOptions, ShellResult, ShellTarget } from '../../src/sources/node-shell.js';

export class LocalNetnsShell implements NodeShell {
  readonly name = 'test-netns';
  readonly pids = new Set<number>();
  inFlight = 0;
  maxInFlight = 0;

  constructor(
    private readonly netnsOf: Readonly<Record<string, string>>,
    private readonly hang: ReadonlySet<string> = new Set(),
  ) {}

  run(target: ShellTarget, argv: readonly string[], options: ShellOptions): Promise<ShellResult> {
    const started = Date.now();
    if (target.kind !== 'node')
      return Promise.resolve({ stdout: '', stderr: '', exitCode: null, error: 'nodes only', durationMs: 0 });
    const ns = this.netnsOf[target.node];
    if (!ns)
      return Promise.resolve({
        stdout: '',
        stderr: '',
        exitCode: null,
        error: `no such node ${target.node}`,
        durationMs: 0,
      });
    const hangs = this.hang.has(target.node);
    const real = hangs ? ['sleep', '30'] : [...argv];
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    return new Promise((resolve) => {
      let stdout = '';
      let stderr = '';
      const child = spawn('ip', ['netns', 'exec', ns, ...real], {
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      const pid = child.pid;
      if (pid) this.pids.add(pid);
      const timer = hangs ? undefined : setTimeout(() => kill(pid), options.timeoutMs);
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => {
        clearTimeout(timer);
        if (pid) this.pids.delete(pid);
        this.inFlight -= 1;
        resolve({ stdout, stderr, exitCode: code, durationMs: Date.now() - started });
      });
      child.on('error', (e) => {
        this.inFlight -= 1;
        resolve({ stdout, stderr, exitCode: null, error: e.message, durationMs: Date.now() - started });
      });
    });
  }

  async close(): Promise<void> {
    for (const pid of this.pids) kill(pid);
    this.pids.clear();
  }
}

function kill(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
