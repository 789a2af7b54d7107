/**
 * What runs behind `pods/<name>/exec` and `pods/<name>/log` of the lab API: the kubelet's part.
 * - `lab:NAME`: the real lab. A hostNetwork pod (openshift-sdn's `sdn`/`ovs`, the router, a debug
 *   pod) runs the argv in its node's network namespace with that node's OVS, as `oc exec -n
 *   openshift-sdn <pod> -- ovs-ofctl …` does on a node; an application pod runs it in the pod's own
 *   namespace. Logs of an `sdn` pod are the SDN node process's log (the node's journal lines).
 * - `host`: every pod is this machine (for protocol tests on the fixture cluster, no root needed).
 * - a generator (the scale harness, bench/): emulated nodes answering with generated outputs.
 * Only sdn-doctor's read-only commands exist in the lab's containers (src/sources/lab-shell): any
 * other program is "not found", exit 127, as a container without it would answer.
 */
import { readJournal } from '../../journal.js';
import { loadState } from '../../state.js';
import { createLabShell } from '../../../sources/lab-shell/index.js';
import { isAllowedArgv } from '../../../sources/lab-shell/allowed.js';
import { runArgv } from '../../../sources/live/run-argv.js';
import type { ShellResult, ShellTarget } from '../../../sources/node-shell.js';
import type { ApiObject } from '../data-files.js';
import { rec, str } from '../printers/access.js';

/** One line of a container's log, with the time it was written. */
export interface LogLine {
  readonly time: Date;
  readonly text: string;
}

/** The kubelet side of exec and logs for the pods of one API server. */
export interface ExecBackend {
  /** Runs argv in `container` of `pod` (a Running pod of the API); never rejects. */
  exec(pod: ApiObject, container: string, argv: readonly string[], timeoutMs: number): Promise<ShellResult>;
  /** The container's log, oldest first. */
  logs(pod: ApiObject, container: string): Promise<readonly LogLine[]>;
  /** true: exec into this pod is refused as RBAC would (the scale harness's refusing nodes). */
  refuses?(pod: ApiObject): boolean;
}

/**
 * `chroot <mountPath> argv` in a pod that mounts the host's `/` (debug-pod's `chroot /host`) is
 * argv on the host: the lab's containers share the host's file system already.
 */
export function hostArgv(pod: ApiObject, argv: readonly string[]): readonly string[] {
  if (argv[0] !== 'chroot' || argv.length < 3) return argv;
  const spec = rec(pod.spec);
  const rootVolumes = (Array.isArray(spec.volumes) ? spec.volumes.map(rec) : [])
    .filter((v) => str(rec(v.hostPath).path) === '/')
    .map((v) => str(v.name));
  const mounts = (Array.isArray(spec.containers) ? spec.containers.map(rec) : []).flatMap((c) =>
    Array.isArray(c.volumeMounts) ? c.volumeMounts.map(rec) : [],
  );
  const hostRoot = mounts.some((m) => rootVolumes.includes(str(m.name)) && str(m.mountPath) === argv[1]);
  return hostRoot ? argv.slice(2) : argv;
}

function notFound(argv: readonly string[]): ShellResult {
  const program = argv[0] ?? '';
  return {
    stdout: '',
    stderr: `exec: "${program}": executable file not found in $PATH (the lab's containers hold only sdn-doctor's read-only commands)\n`,
    exitCode: 127,
    durationMs: 0,
  };
}

/** Every pod is this machine; argv runs here (read-only commands only). */
export function createHostExecBackend(): ExecBackend {
  return {
    async exec(pod, _container, argv, timeoutMs) {
      const inHost = hostArgv(pod, argv);
      if (!isAllowedArgv(inHost)) return notFound(inHost);
      return runArgv(inHost, { timeoutMs });
    },
    logs: async () => [],
  };
}

/** The real lab `name` (its state is read on every call, so a fault shows at once). */
export function createLabExecBackend(name: string): ExecBackend {
  const shell = createLabShell(name);
  return {
    async exec(pod, _container, argv, timeoutMs) {
      const inHost = hostArgv(pod, argv);
      if (!isAllowedArgv(inHost)) return notFound(inHost);
      return shell.run(targetOf(pod), inHost, { timeoutMs });
    },
    async logs(pod) {
      const meta = rec(pod.metadata);
      // The SDN node process logs to its pod (3.11 runs it in the sdn DaemonSet, 39.10).
      if (str(meta.namespace) !== 'openshift-sdn' || str(rec(meta.labels).app) !== 'sdn') return [];
      const state = await loadState(name);
      const node = state?.spec.nodes.find((n) => n.name === str(rec(pod.spec).nodeName));
      if (!node) return [];
      return journalToLog(await readJournal(node.dir, Number.MAX_SAFE_INTEGER));
    },
  };
}

/** Where a pod's exec lands: its node for a hostNetwork pod, else its own network namespace. */
function targetOf(pod: ApiObject): ShellTarget {
  const spec = rec(pod.spec);
  const meta = rec(pod.metadata);
  const node = str(spec.nodeName);
  if (spec.hostNetwork === true) return { kind: 'node', node };
  return { kind: 'pod', node, namespace: str(meta.namespace), name: str(meta.name) };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * journalctl's short lines (`Nov 21 22:00:00 node-1 atomic-openshift-node[42]: I1121 …`) as the
 * container printed them: the message alone, stamped with the journal's time (this year, UTC).
 */
export function journalToLog(text: string, year = new Date().getUTCFullYear()): LogLine[] {
  const out: LogLine[] = [];
  for (const line of text.split('\n')) {
    const m = /^(\w{3}) (\d{2}) (\d{2}):(\d{2}):(\d{2}) \S+ [^:]+\[\d+\]: (.*)$/.exec(line);
    if (!m) continue;
    const month = MONTHS.indexOf(m[1]!);
    if (month < 0) continue;
    const time = new Date(Date.UTC(year, month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])));
    out.push({ time, text: m[6]! });
  }
  return out;
}
