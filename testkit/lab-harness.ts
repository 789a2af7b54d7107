/**
 * Runs `diagnose` against a lab, in process, exactly as `sdn-doctor diagnose <url> --lab NAME`
 * builds its sources: the lab API through its kubeconfig, the lab node shell, and the lab's client
 * namespace as the outside vantage point. Shared by test/e2e/diagnose-*.test.ts and bench/diagnose.ts.
 * It reads the lab's status for the URL and names only — never its record of injected faults.
 */
import { diagnose } from '../src/diagnose/index.js';
import type { DiagnoseResult } from '../src/diagnose/types.js';
import { downLab, faultOff, faultOn, labNames, loadLabStatus, loadState, upLab } from '../src/lab/index.js';
import type { LabStatus } from '../src/lab/types.js';
import type { FaultId } from '../src/model/faults.js';
import { readApiSnapshot } from '../src/sources/live/api.js';
import type { NodeShell } from '../src/sources/node-shell.js';
import { createShellVantage } from '../src/sources/probes/vantage.js';
import { createNodeShell } from '../src/sources/shells.js';

// One answer to "may this run build a lab?" and one lab-name scheme for every lab test.
export { canRunLab, uniqueLabName } from './lab-helpers.js';

export async function startLab(name: string): Promise<LabStatus> {
  await upLab({ name, nodes: 3, podsPerNode: 2, plugin: 'subnet' });
  const status = await loadLabStatus(name);
  if (!status) throw new Error(`lab ${name} did not come up`);
  return status;
}

export async function stopLab(name: string): Promise<void> {
  await downLab(name);
}

export interface LabDiagnoseOptions {
  readonly timeoutMs?: number;
  /** Replace the node shell (e.g. one node that hangs). */
  readonly shell?: (labShell: NodeShell) => NodeShell;
  readonly url?: string;
}

export async function diagnoseLab(name: string, opts: LabDiagnoseOptions = {}): Promise<DiagnoseResult> {
  const status = await loadLabStatus(name);
  const state = await loadState(name);
  if (!status || !state) throw new Error(`lab ${name} is not up`);
  const timeoutMs = opts.timeoutMs ?? 2000;
  const labShell = createNodeShell(`lab:${name}`);
  const shell = opts.shell ? opts.shell(labShell) : labShell;
  const kubeconfig = labNames(name).kubeconfig;
  return diagnose({
    url: opts.url ?? status.routerUrl,
    api: () => readApiSnapshot({ kubeconfig, timeoutMs }),
    shell,
    outside: createShellVantage(shell),
    timeoutMs,
    totalTimeoutMs: 20 * timeoutMs,
    egressName: state.spec.outsideHost,
    collector: `lab:${name}`,
  });
}

/** One fault of the catalogue: where to inject it and what diagnose must conclude. */
export interface FaultCase {
  readonly fault: FaultId;
  readonly target: { node?: string; pod?: string; service?: string; route?: string };
  /** Nodes any of which is a right answer (a pair fault names either end); omitted = no node expected. */
  readonly nodes?: readonly string[];
  readonly pod?: boolean;
  readonly service?: string;
}

/** Every fault of DESIGN.md §5, each on an object of our choosing (node-1 runs the router). */
export function catalogue(status: LabStatus): FaultCase[] {
  const webPod = (node: string): string => {
    const p = status.pods.find((x) => x.node === node && x.namespace === 'demo');
    if (!p) throw new Error(`no demo pod on ${node}`);
    return `${p.namespace}/${p.name}`;
  };
  return [
    { fault: 'dns-missing', target: {} },
    { fault: 'dns-wrong-ip', target: {} },
    { fault: 'router-refused', target: {}, nodes: ['node-1'] },
    { fault: 'router-timeout', target: {}, nodes: ['node-1'] },
    { fault: 'route-missing', target: {} },
    { fault: 'svc-no-endpoints', target: { service: 'demo/web' }, service: 'demo/web' },
    {
      fault: 'endpoint-down',
      target: { pod: webPod('node-2') },
      nodes: ['node-2'],
      pod: true,
      service: 'demo/web',
    },
    {
      fault: 'svc-nat-missing',
      target: { node: 'node-2', service: 'demo/web' },
      nodes: ['node-2'],
      service: 'demo/web',
    },
    { fault: 'hostsubnet-stale', target: { node: 'node-3' }, nodes: ['node-3'] },
    { fault: 'underlay-down', target: { node: 'node-3' }, nodes: ['node-3', 'node-1'] },
    { fault: 'ip-forward-off', target: { node: 'node-2' }, nodes: ['node-2'] },
    { fault: 'cluster-route-missing', target: { node: 'node-3' }, nodes: ['node-3'] },
    { fault: 'ovs-port-missing', target: { pod: webPod('node-3') }, nodes: ['node-3'], pod: true },
    { fault: 'flow-tun-src-missing', target: { node: 'node-2' }, nodes: ['node-2'] },
    { fault: 'flow-tun-dst-missing', target: { node: 'node-1' }, nodes: ['node-1'] },
    { fault: 'flow-pod-missing', target: { pod: webPod('node-2') }, nodes: ['node-2'], pod: true },
    { fault: 'iptables-drop', target: { node: 'node-3' }, nodes: ['node-3'] },
    { fault: 'mtu-mismatch', target: {} },
    { fault: 'egress-dns-wildcard', target: {} },
    { fault: 'sdn-setup-error', target: { node: 'node-2' }, nodes: ['node-2'] },
    { fault: 'svc-masquerade-missing', target: { node: 'node-2' }, nodes: ['node-2'] },
  ];
}

/** Exact: every cause is this fault (several only for cluster-wide faults), on the right object. */
export function isExact(c: FaultCase, r: DiagnoseResult): boolean {
  const causes = r.verdict.causes;
  if (causes.length === 0 || causes.some((x) => x.fault !== c.fault)) return false;
  if (c.nodes && causes.length !== 1) return false;
  return causes.every(
    (x) =>
      (!c.nodes || (x.node !== undefined && c.nodes.includes(x.node))) &&
      (!c.pod || x.pod === c.target.pod) &&
      (!c.service || x.service === c.service),
  );
}

export async function withFault<T>(name: string, c: FaultCase, fn: () => Promise<T>): Promise<T> {
  await faultOn(name, c.fault, c.target);
  try {
    return await fn();
  } finally {
    await faultOff(name, c.fault);
  }
}

/** One line per cause, for assertion messages. */
export function describeCauses(r: DiagnoseResult): string {
  const causes = r.verdict.causes.map(
    (c) => `${c.fault}@${c.node ?? ''}/${c.pod ?? ''}/${c.service ?? ''}: ${c.summary.en}`,
  );
  const unknown = r.verdict.unchecked.map((u) => `?${u.step}: ${u.reason.en}`);
  return [...causes, ...unknown].join('\n') || '(none)';
}
