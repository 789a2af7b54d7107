/**
 * `--node-shell ssh`: `ssh -o BatchMode=yes <host> <words>`. ssh joins the command words into
 * one string for the remote shell, so each argv word is quoted with quoteShellWord() — names
 * never reach a shell unquoted.
 */
import type { NodeShell, ShellOptions, ShellResult, ShellTarget } from '../node-shell.js';
import { runArgv } from './run-argv.js';
import { quoteShellCommand } from './shell-quote.js';

export interface SshShellOptions {
  /** Remote user (`-l`). */
  readonly user?: string;
  /** Address to reach each node at; default: the node name. */
  readonly hostFor?: (node: string) => string;
  /** Extra `-o` options, e.g. `StrictHostKeyChecking=accept-new`. */
  readonly sshOptions?: readonly string[];
  /** ssh binary (tests point it at a wrapper). */
  readonly sshBinary?: string;
}

/** The argv that runs `argv` on `host` through ssh (exported for tests). */
export function sshArgv(
  host: string,
  argv: readonly string[],
  timeoutMs: number,
  opts: SshShellOptions = {},
): string[] {
  if (!/^[A-Za-z0-9_.:@[\]-]+$/.test(host) || host.startsWith('-'))
    throw new Error(`unsafe ssh host ${JSON.stringify(host)}`);
  const out = [
    opts.sshBinary ?? 'ssh',
    '-o',
    'BatchMode=yes',
    '-o',
    `ConnectTimeout=${Math.max(1, Math.ceil(timeoutMs / 1000))}`,
  ];
  for (const o of opts.sshOptions ?? []) out.push('-o', o);
  if (opts.user) out.push('-l', opts.user);
  out.push('--', host, quoteShellCommand(argv));
  return out;
}

export function createSshShell(opts: SshShellOptions = {}): NodeShell {
  return {
    name: 'ssh',
    async run(target: ShellTarget, argv: readonly string[], options: ShellOptions): Promise<ShellResult> {
      if (target.kind === 'client') return runArgv(argv, { timeoutMs: options.timeoutMs });
      if (target.kind === 'pod') {
        return {
          stdout: '',
          stderr: '',
          exitCode: null,
          error: `the ssh shell cannot enter pod ${target.namespace}/${target.name}; use --node-shell pod-exec`,
          durationMs: 0,
        };
      }
      const host = opts.hostFor ? opts.hostFor(target.node) : target.node;
      let full: string[];
      try {
        full = sshArgv(host, argv, options.timeoutMs, opts);
      } catch (e) {
        return { stdout: '', stderr: '', exitCode: null, error: (e as Error).message, durationMs: 0 };
      }
      const r = await runArgv(full, { timeoutMs: options.timeoutMs });
      // ssh itself exits 255 when it could not connect: that is "no result", not the command's answer.
      if (r.exitCode === 255 && !r.error)
        return { ...r, exitCode: null, error: `ssh to ${host} failed: ${lastLine(r.stderr)}` };
      return r;
    },
  };
}

function lastLine(s: string): string {
  return s.trim().split('\n').pop() ?? '';
}
