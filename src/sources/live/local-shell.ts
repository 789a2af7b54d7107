/**
 * `--node-shell local`: runs argv on this machine. Only valid for the node sdn-doctor itself runs
 * on (and for the outside vantage point, which is this machine too).
 */
import { hostname } from 'node:os';
import type { NodeShell, ShellOptions, ShellResult, ShellTarget } from '../node-shell.js';
import { runArgv } from './run-argv.js';

export interface LocalShellOptions {
  /** Node name of this machine; defaults to the host name. */
  readonly localNode?: string;
}

export function createLocalShell(opts: LocalShellOptions = {}): NodeShell {
  const localNode = opts.localNode ?? hostname();
  return {
    name: 'local',
    run(target: ShellTarget, argv: readonly string[], options: ShellOptions): Promise<ShellResult> {
      if (target.kind === 'pod') {
        return Promise.resolve(refuse(`the local shell cannot enter pod ${target.namespace}/${target.name}`));
      }
      if (target.kind === 'node' && target.node !== localNode) {
        return Promise.resolve(refuse(`the local shell runs only on node ${localNode}, not ${target.node}`));
      }
      return runArgv(argv, { timeoutMs: options.timeoutMs });
    },
  };
}

function refuse(error: string): ShellResult {
  return { stdout: '', stderr: '', exitCode: null, error, durationMs: 0 };
}
