/**
 * The node shell of a lab (`lab:NAME`): a read-only argv runs inside the node's network namespace
 * (with that node's OVS_RUNDIR, as `oc exec` into the node's ovs pod would), a pod's namespace, or
 * the lab's client namespace. A namespace has no journald, no /etc/origin and no PID namespace of
 * its own, so the commands that read them are answered from what the lab keeps for each node: the
 * node journal and node config files, keepalived's log file (§12), and `ps` as the processes whose
 * network namespace is the node's (what `ps` on that host would list).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NODE_COMMANDS } from '../../artifacts/commands.js';
import { inNetns, LAB_MAX_BYTES, run } from '../../lab/exec.js';
import { argvOf as procArgv } from '../../lab/procs.js';
import { readJournal } from '../../lab/journal.js';
import type { LabNodeSpec, LabState } from '../../lab/model.js';
import { ovsEnv } from '../../lab/ovs.js';
import { labNames } from '../../lab/names.js';
import { loadState } from '../../lab/state.js';
import type { NodeShell, ShellOptions, ShellResult, ShellTarget } from '../node-shell.js';
import { runArgv } from '../live/run-argv.js';
import { isAllowedArgv } from './allowed.js';

const argvOf = (kind: string) => NODE_COMMANDS.find((c) => c.kind === kind)!.argv;
const same = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

function refused(error: string, started: number): ShellResult {
  return { stdout: '', stderr: '', exitCode: null, error, durationMs: Date.now() - started };
}

/** Creates the shell for lab `name` (its state is read on every call, so faults show at once). */
export function createLabShell(name: string): NodeShell {
  return {
    name: `lab:${name}`,
    async run(target: ShellTarget, argv: readonly string[], options: ShellOptions): Promise<ShellResult> {
      const started = Date.now();
      if (!isAllowedArgv(argv))
        return refused(`refused: not a read-only command of sdn-doctor: ${argv.join(' ')}`, started);
      const state = await loadState(name);
      if (!state) return refused(`lab ${name} is not up`, started);
      const where = locate(state, target);
      if ('error' in where) return refused(where.error, started);
      if (where.node && target.kind === 'node') {
        const answered = await fromNodeFiles(where.node, argv, where.netns);
        if (answered !== undefined) return { ...answered, durationMs: Date.now() - started };
      }
      // the one process runner, with the lab's output cap (a whole bridge's flows)
      return runArgv(inNetns(where.netns, argv), {
        timeoutMs: options.timeoutMs,
        maxBytes: LAB_MAX_BYTES,
        ...(where.node ? { env: ovsEnv(where.node) } : {}),
      });
    },
  };
}

function locate(
  state: LabState,
  target: ShellTarget,
): { netns: string; node?: LabNodeSpec } | { error: string } {
  const { spec } = state;
  if (target.kind === 'client') return { netns: labNames(spec.name).client };
  const node = spec.nodes.find((n) => n.name === target.node || n.ip === target.node);
  if (!node) return { error: `node ${target.node} is not in lab ${spec.name}` };
  if (target.kind === 'node') return { netns: node.netns, node };
  const pod = spec.pods.find((p) => p.namespace === target.namespace && p.name === target.name);
  if (!pod || pod.nodeIndex !== node.index) {
    return {
      error: `pod ${target.namespace}/${target.name} is not on node ${target.node} of lab ${spec.name}`,
    };
  }
  return { netns: pod.netns, node };
}

/** journalctl and node-config.yaml, from the node's files (what the node itself would print). */
async function fromNodeFiles(
  node: LabNodeSpec,
  argv: readonly string[],
  netns: string,
): Promise<Omit<ShellResult, 'durationMs'> | undefined> {
  if (same(argv, argvOf('processes'))) return { stdout: await nodeProcesses(netns), stderr: '', exitCode: 0 };
  if (same(argv, argvOf('keepalived-log'))) {
    const text = await readFile(join(node.dir, 'keepalived.log'), 'utf8').catch(() => '');
    const n = Number(argv[argv.indexOf('-n') + 1]);
    const lines = text.split('\n').filter((l) => l !== '');
    return {
      stdout: lines.length ? `${lines.slice(-n).join('\n')}\n` : '-- No entries --\n',
      stderr: '',
      exitCode: 0,
    };
  }
  if (same(argv, argvOf('node-journal'))) {
    const n = Number(argv[argv.indexOf('-n') + 1]);
    return { stdout: await readJournal(node.dir, n), stderr: '', exitCode: 0 };
  }
  if (same(argv, argvOf('node-config'))) {
    try {
      return { stdout: await readFile(join(node.dir, 'node-config.yaml'), 'utf8'), stderr: '', exitCode: 0 };
    } catch {
      return {
        stdout: '',
        stderr: 'cat: /etc/origin/node/node-config.yaml: No such file or directory\n',
        exitCode: 1,
      };
    }
  }
  return undefined;
}

/** `ps -e -o pid=,args=` of one node: the processes in its network namespace, from /proc. */
async function nodeProcesses(netns: string): Promise<string> {
  const r = await run(['ip', 'netns', 'pids', netns]);
  const pids = r.stdout
    .split(/\s+/)
    .filter(Boolean)
    .map(Number)
    .sort((a, b) => a - b);
  const lines: string[] = [];
  for (const pid of pids) {
    const args = await procArgv(pid);
    if (args.length) lines.push(`${String(pid).padStart(5)} ${args.join(' ')}`);
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}
