/**
 * Runs `diagnose` against a lab, in process, exactly as `sdn-doctor diagnose <url> --lab NAME`
 * builds its sources: the lab API through its kubeconfig, the lab node shell, and the lab's client
 * namespace as the outside vantage point. Shared by test/e2e/diagnose-*.test.ts and bench/diagnose.ts.
 * It reads the lab's status for the URL and names only — never its record of injected faults.
 */
import { diagnose } from '../src/diagnose/index.js';
import type { Cause, DiagnoseResult, StepId } from '../src/diagnose/types.js';
import { downLab, faultOff, faultOn, labNames, loadLabStatus, loadState, upLab } from '../src/lab/index.js';
import type { LabPlugin, LabRelease } from '../src/lab/model.js';
import type { LabStatus } from '../src/lab/types.js';
import type { FaultId, IpfFaultId, PlainFaultId } from '../src/model/faults.js';
import { readApiSnapshot } from '../src/sources/live/api.js';
import { createPodLogReader } from '../src/sources/live/pod-log.js';
import type { NodeShell } from '../src/sources/node-shell.js';
import { createShellVantage } from '../src/sources/probes/vantage.js';
import { createNodeShell } from '../src/sources/shells.js';

// One answer to "may this run build a lab?" and one lab-name scheme for every lab test.
export { canRunLab, uniqueLabName } from './lab-helpers.js';

export async function startLab(
  name: string,
  plugin: LabPlugin = 'subnet',
  opts: { readonly ipfailover?: boolean; readonly release?: LabRelease } = {},
): Promise<LabStatus> {
  await upLab({
    name,
    nodes: 3,
    podsPerNode: 2,
    plugin,
    ...(opts.ipfailover ? { ipfailover: true } : {}),
    ...(opts.release ? { release: opts.release } : {}),
  });
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
  /** `diagnose --from` (issue 15): `url` is then the target. */
  readonly from?: string;
}

export async function diagnoseLab(name: string, opts: LabDiagnoseOptions = {}): Promise<DiagnoseResult> {
  const status = await loadLabStatus(name);
  const state = await loadState(name);
  if (!status || !state) throw new Error(`lab ${name} is not up`);
  const timeoutMs = opts.timeoutMs ?? 2000;
  const labShell = createNodeShell(`lab:${name}`);
  const shell = opts.shell ? opts.shell(labShell) : labShell;
  const kubeconfig = labNames(name).kubeconfig;
  const podLogs = createPodLogReader({ kubeconfig });
  try {
    return await diagnose({
      url: opts.url ?? status.routerUrl,
      api: () => readApiSnapshot({ kubeconfig, timeoutMs }),
      shell,
      outside: createShellVantage(shell),
      timeoutMs,
      totalTimeoutMs: 20 * timeoutMs,
      egressName: state.spec.outsideHost,
      ...(opts.from !== undefined ? { from: opts.from } : {}),
      collector: `lab:${name}`,
      podLogs,
    });
  } finally {
    podLogs.close();
  }
}

/** One fault of the catalogue: where to inject it and what diagnose must conclude. */
export interface FaultCase<F extends FaultId = PlainFaultId> {
  readonly fault: F;
  /** The fault diagnose must name when it is not the injected one (a twin, see catalogueBehindVips). */
  readonly expect?: FaultId;
  readonly target: { node?: string; pod?: string; service?: string; route?: string; policy?: string };
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

/**
 * Issue 11: the isolation faults of the networkpolicy lab (`startLab(name, 'networkpolicy')`), each
 * where `diagnose <url>` meets it: policy-flow-missing takes node-2's flow that admits the router's
 * VNID 0 (node-2 hosts an endpoint of the route); policy-flow-stale leaves node-2, an endpoint's
 * node, admitting shop → web:8080 (see test/e2e/diagnose-networkpolicy.test.ts for the door).
 */
export function policyCatalogue(): FaultCase<FaultId>[] {
  return [
    { fault: 'policy-denies-router', target: {} },
    {
      fault: 'policy-flow-missing',
      target: { node: 'node-2', policy: 'demo/allow-from-default-namespace' },
      nodes: ['node-2'],
    },
    { fault: 'policy-flow-stale', target: { node: 'node-2' }, nodes: ['node-2'] },
  ];
}

/**
 * §12: the ipf-* faults of a lab with `--ipfailover` (`lab fault on` puts a per-node one on node-2,
 * the second keepalived node) and the nodes diagnose must name. The interface is one setting of
 * the configuration: one cause naming both keepalived nodes.
 */
export function ipfCatalogue(): FaultCase<IpfFaultId>[] {
  return [
    { fault: 'ipf-vrrp-blocked', target: {}, nodes: ['node-2'] },
    { fault: 'ipf-keepalived-down', target: {}, nodes: ['node-2'] },
    { fault: 'ipf-vip-unheld', target: {} },
    { fault: 'ipf-check-failing', target: {}, nodes: ['node-2'] },
    { fault: 'ipf-interface-missing', target: {}, nodes: ['node-1'] },
    { fault: 'ipf-vrrp-id-conflict', target: {} },
  ];
}

/**
 * The catalogue on a lab whose route names resolve to IP failover VIPs (keepalived on node-1 and
 * node-2, routers on both). One fault changes name there: `router-refused` stops node-1's router,
 * which is exactly how the lab makes `ipf-check-failing` — keepalived's check of port 80 fails on
 * node-1, the VIPs move to node-2 and the URL keeps working — so diagnose must say that.
 */
export function catalogueBehindVips(status: LabStatus): FaultCase[] {
  return catalogue(status).map((c) =>
    c.fault === 'router-refused' ? { ...c, expect: 'ipf-check-failing' } : c,
  );
}

/** Exact: every cause is this fault (several only for cluster-wide faults), on the right object. */
export function isExact(c: FaultCase<FaultId>, r: DiagnoseResult): boolean {
  const causes = r.verdict.causes;
  const fault = c.expect ?? c.fault;
  if (causes.length === 0 || causes.some((x) => x.fault !== fault)) return false;
  if (c.nodes && causes.length !== 1) return false;
  return causes.every(
    (x) =>
      (!c.nodes || (x.node !== undefined && c.nodes.includes(x.node))) &&
      (!c.pod || x.pod === c.target.pod) &&
      (!c.service || x.service === c.service),
  );
}

export async function withFault<T>(name: string, c: FaultCase<FaultId>, fn: () => Promise<T>): Promise<T> {
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

/** Steps of the walk that answer for each fault: a fault is "not checkable" when one of them is unknown. */
export const FAULT_STEPS: Readonly<Record<PlainFaultId, readonly StepId[]>> = {
  'dns-missing': ['external.dns'],
  'dns-wrong-ip': ['external.router-host', 'external.dns'],
  'router-refused': ['external.connect'],
  'router-timeout': ['external.connect', 'external.reach', 'local.iptables'],
  'route-missing': ['router.route'],
  'svc-no-endpoints': ['service.endpoints'],
  'endpoint-down': ['service.each-endpoint'],
  'svc-nat-missing': ['kube-proxy', 'service.ip'],
  'hostsubnet-stale': ['nodes.hostsubnets'],
  'underlay-down': ['nodes.connectivity'],
  'ip-forward-off': ['local.ip-forward'],
  'cluster-route-missing': ['local.routes'],
  'ovs-port-missing': ['local.ovs'],
  'flow-tun-src-missing': ['local.ovs'],
  'flow-tun-dst-missing': ['local.ovs'],
  'flow-pod-missing': ['local.ovs'],
  'iptables-drop': ['local.iptables'],
  'mtu-mismatch': ['mtu'],
  'egress-dns-wildcard': ['egress-dns'],
  'sdn-setup-error': ['logs'],
  'svc-masquerade-missing': ['local.iptables'],
};

/**
 * Nodes a case touches: its node, the pair of a two-node fault, and the remote node of a tunnel
 * flow fault (a stale HostSubnet of that node rewrites the same flow: one would hide the other).
 */
function touched(c: FaultCase, nodeCount: number): string[] {
  const own = c.nodes ? [...c.nodes] : [];
  if (c.fault.startsWith('flow-tun-') && own[0]) {
    // the lab's default remote node for a flow fault (src/lab/fault-targets.ts)
    own.push(`node-${(Number(own[0].replace(/^node-/, '')) % nodeCount) + 1}`);
  }
  return own;
}

/** The same fault placed on another node (node faults) or another node's demo pod (pod faults); undefined when it cannot move. */
function moveTo(status: LabStatus, c: FaultCase, node: string): FaultCase | undefined {
  if (!c.nodes || c.nodes.includes(node) || c.fault.startsWith('router-')) return undefined;
  if (c.pod) {
    const p = status.pods.find((x) => x.node === node && x.namespace === 'demo');
    if (!p) return undefined;
    return { ...c, target: { ...c.target, pod: `${p.namespace}/${p.name}` }, nodes: [node] };
  }
  const i = Number(node.replace(/^node-/, ''));
  const n = status.nodes.length;
  // the lab's defaults for a two-node fault's other end (src/lab/fault-targets.ts)
  const peer =
    c.fault === 'underlay-down'
      ? i === 1
        ? 'node-2'
        : 'node-1'
      : c.fault.startsWith('flow-tun-')
        ? `node-${(i % n) + 1}`
        : undefined;
  return {
    ...c,
    target: { ...c.target, node },
    nodes: peer && c.fault === 'underlay-down' ? [node, peer] : [node],
  };
}

/**
 * Two catalogue faults placed so that neither sits on the other's node (when one can move): the
 * first keeps its catalogue object, the second moves to a node the first does not touch.
 */
export function pairCases(status: LabStatus, a: PlainFaultId, b: PlainFaultId): [FaultCase, FaultCase] {
  const all = catalogue(status);
  const ca = all.find((x) => x.fault === a)!;
  let cb = all.find((x) => x.fault === b)!;
  const n = status.nodes.length;
  const busy = new Set(touched(ca, n));
  if (touched(cb, n).some((x) => busy.has(x))) {
    for (const to of status.nodes
      .map((x) => x.name)
      .filter((x) => x !== 'node-1')
      .concat('node-1')) {
      const moved = busy.has(to) ? undefined : moveTo(status, cb, to);
      if (moved && !touched(moved, n).some((x) => busy.has(x))) {
        cb = moved;
        break;
      }
    }
  }
  return [ca, cb];
}

/** A cause matches a case: its fault, on one of its nodes, its pod and service. */
function matches(c: FaultCase, x: Cause): boolean {
  return (
    x.fault === c.fault &&
    (!c.nodes || (x.node !== undefined && c.nodes.includes(x.node))) &&
    (!c.pod || x.pod === c.target.pod) &&
    (!c.service || x.service === c.service)
  );
}

export interface PairOutcome {
  readonly exact: boolean;
  /** Causes of neither fault. */
  readonly falseCauses: readonly Cause[];
  readonly want: string;
  readonly got: string;
}

/**
 * Exact for a pair: each fault is found once on its object, or (hidden by the other) one of the
 * steps that answer for it is listed as not checkable; and no cause of anything else.
 */
export function pairOutcome(cases: readonly FaultCase[], r: DiagnoseResult): PairOutcome {
  const causes = r.verdict.causes;
  const unchecked = new Set(r.verdict.unchecked.map((u) => u.step));
  const falseCauses = causes.filter((x) => !cases.some((c) => matches(c, x)));
  const each = cases.every((c) => {
    const found = causes.filter((x) => matches(c, x)).length;
    return found === 1 || (found === 0 && FAULT_STEPS[c.fault].some((s) => unchecked.has(s)));
  });
  const want = cases
    .map((c) => `${c.fault}@${(c.nodes ?? []).join('|')}${c.pod ? `/${c.target.pod}` : ''}`)
    .join(' + ');
  const got =
    [
      ...causes.map((x) => `${x.fault}@${x.node ?? ''}${x.pod ? `/${x.pod}` : ''}`),
      ...r.verdict.unchecked.map((u) => `?${u.step}`),
    ].join(' ') || '(none)';
  return { exact: each && falseCauses.length === 0, falseCauses, want, got };
}

/** Injects every case, runs fn, clears them (in reverse). */
export async function withFaults<T>(
  name: string,
  cs: readonly FaultCase[],
  fn: () => Promise<T>,
): Promise<T> {
  const on: FaultCase[] = [];
  try {
    for (const c of cs) {
      await faultOn(name, c.fault, c.target);
      on.push(c);
    }
    return await fn();
  } finally {
    for (const c of on.reverse()) await faultOff(name, c.fault);
  }
}
