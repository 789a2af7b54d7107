/**
 * The router: HAProxy in the host network of the router node, configured from the Routes and the
 * Endpoints the way the 3.11 openshift-router does (backends point straight at pod IPs).
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inNetns, must, run } from './exec.js';
import type { LabState } from './model.js';
import { ipfailoverNodes } from './ipfailover.js';
import { labNames } from './names.js';
import { alive, listening, readPidFile, stopProcesses, waitFor } from './procs.js';
import { clusterView, readyEndpoints } from './view.js';
import { routeService, routeServicePort } from '../model/route-target.js';

/**
 * §12: with IP failover the router runs on every node keepalived runs on (the VIPs' check is its
 * port 80 there); the extra instances keep their pid file and stats socket in `router/<node>/`.
 */
export function routerNodes(state: LabState): number[] {
  return [...new Set([state.spec.routerNode, ...ipfailoverNodes(state)])].sort((a, b) => a - b);
}

/** The run folder of the router on node `i` (the main one: the router folder itself). */
export function routerRunDir(state: LabState, i: number): string {
  const dir = labNames(state.spec.name).routerDir;
  return i === state.spec.routerNode ? dir : join(dir, state.spec.nodes[i - 1]!.name);
}

export const routerRole = (state: LabState, i: number): string =>
  i === state.spec.routerNode ? 'router' : `router/${state.spec.nodes[i - 1]!.name}`;

/** Whether the router of node `i` is kept stopped by a fault (router-refused; ipf-check-failing there). */
export function routerStopped(state: LabState, i: number): boolean {
  return state.faults.some(
    (f) =>
      (f.id === 'router-refused' && i === state.spec.routerNode) ||
      (f.id === 'ipf-check-failing' && f.node === i),
  );
}

/** HAProxy configuration for the current routes (pure); `dir` holds its pid file and stats socket. */
export function routerConfig(state: LabState, dir: string): string {
  const view = clusterView(state);
  // most specific first, as the router's maps sort them: host, then longer paths
  const routes = [...view.routes].sort(
    (a, b) => a.host.localeCompare(b.host) || (b.path ?? '').length - (a.path ?? '').length,
  );
  const be = (r: (typeof routes)[number]) => `be_${r.tls ? 'edge_http' : 'http'}:${r.namespace}:${r.name}`;
  const acl = (r: (typeof routes)[number]) =>
    `{ hdr(host),field(1,:) -i ${r.host} }${r.path ? ` { path_beg ${r.path} }` : ''}`;
  const lines = [
    'global',
    '  daemon',
    `  pidfile ${join(dir, 'haproxy.pid')}`,
    '  maxconn 2000',
    `  stats socket ${join(dir, 'haproxy.sock')} mode 600 level admin`,
    'defaults',
    '  mode http',
    '  option httplog',
    '  timeout connect 5s',
    '  timeout client 30s',
    '  timeout server 30s',
    '  timeout http-request 10s',
    'frontend public',
    '  bind :80',
  ];
  const certDir = labNames(state.spec.name).routerDir;
  for (const r of routes) {
    if (r.tls) lines.push(`  http-request redirect scheme https if ${acl(r)}`);
    else lines.push(`  use_backend ${be(r)} if ${acl(r)}`);
  }
  lines.push(
    '  default_backend openshift_default',
    'frontend fe_sni',
    `  bind :443 ssl crt ${join(certDir, 'router.pem')}`,
  );
  for (const r of routes) lines.push(`  use_backend ${be(r)} if ${acl(r)}`);
  lines.push('  default_backend openshift_default');
  for (const r of routes) {
    const svc = routeService(view.services, r);
    lines.push(`backend ${be(r)}`, '  balance roundrobin');
    if (!svc) continue;
    const port = routeServicePort(svc.ports, r.targetPort);
    for (const e of readyEndpoints(view, svc)) {
      lines.push(
        `  server pod:${e.pod.name}:${svc.name}:${e.pod.ip}:${port?.targetPort} ${e.pod.ip}:${port?.targetPort}`,
      );
    }
  }
  lines.push(
    'backend openshift_default',
    '  http-request return status 503 content-type text/html string "<html><body><h1>Application is not available</h1></body></html>"',
    '',
  );
  return lines.join('\n');
}

/** Self-signed certificate for the edge route(s), made at `lab up` into the run folder. */
export async function makeRouterCert(state: LabState): Promise<void> {
  const dir = labNames(state.spec.name).routerDir;
  await mkdir(dir, { recursive: true });
  const key = join(dir, 'router.key');
  const crt = join(dir, 'router.crt');
  await must([
    'openssl',
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '30',
    '-subj',
    `/CN=*.${state.spec.appsDomain}`,
    '-addext',
    `subjectAltName=DNS:*.${state.spec.appsDomain}`,
    '-keyout',
    key,
    '-out',
    crt,
  ]);
  await writeFile(join(dir, 'router.pem'), (await readFile(crt, 'utf8')) + (await readFile(key, 'utf8')), {
    mode: 0o600,
  });
  await rm(key);
}

/** Every router of the lab (see routerNodes) as applyRouter leaves it. */
export async function applyRouters(state: LabState): Promise<void> {
  for (const i of routerNodes(state)) await applyRouter(state, i);
}

/**
 * Starts, reloads (`-sf`, like the router does on every change) or stops HAProxy on node `i` so it
 * matches the current routes; router-refused keeps it stopped. Returns the running PID (if any).
 */
export async function applyRouter(state: LabState, i = state.spec.routerNode): Promise<number | undefined> {
  const { spec } = state;
  const dir = routerRunDir(state, i);
  const role = routerRole(state, i);
  const netns = spec.nodes[i - 1]!.netns;
  await mkdir(dir, { recursive: true });
  const cfg = join(dir, 'haproxy.cfg');
  const pidFile = join(dir, 'haproxy.pid');
  await writeFile(cfg, routerConfig(state, dir));
  const old = state.processes.find((p) => p.role === role);
  const oldAlive = old && (await alive(old.pid));
  state.processes = state.processes.filter((p) => p.role !== role);
  if (routerStopped(state, i)) {
    if (old && oldAlive) {
      await stopProcesses([old]);
    }
    return undefined;
  }
  await rm(pidFile, { force: true });
  const argv = ['haproxy', '-q', '-f', cfg, ...(old && oldAlive ? ['-sf', String(old.pid)] : [])];
  const r = await run(inNetns(netns, argv));
  if (r.code !== 0) throw new Error(`haproxy: ${r.stderr.trim()}`);
  let pid: number | undefined;
  await waitFor(async () => (pid = await readPidFile(pidFile)) !== undefined, 5000);
  if (!pid) throw new Error('haproxy did not write its pid file');
  state.processes.push({ pid, match: cfg, role });
  await waitFor(() => listening(pid!, 80), 5000);
  return pid;
}
