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

type ViewRoute = ReturnType<typeof clusterView>['routes'][number];

/** The router's backend names: be_tcp (passthrough), be_edge_http (edge), be_http (plain). */
function backendName(r: ViewRoute): string {
  const kind = r.tls === 'passthrough' ? 'tcp' : r.tls === 'edge' ? 'edge_http' : 'http';
  return `be_${kind}:${r.namespace}:${r.name}`;
}

/** The router's backend of one route: its service's ready endpoints (`mode tcp` for passthrough). */
function backendLines(view: ReturnType<typeof clusterView>, r: ViewRoute): string[] {
  // openshift/router haproxy-config.template: passthrough backends balance by source
  // (ROUTER_TCP_BALANCE_SCHEME), the others round robin
  const lines = [
    `backend ${backendName(r)}`,
    ...(r.tls === 'passthrough' ? ['  mode tcp', '  balance source'] : ['  balance roundrobin']),
  ];
  const svc = routeService(view.services, r);
  if (!svc) return lines;
  const port = routeServicePort(svc.ports, r.targetPort);
  for (const e of readyEndpoints(view, svc)) {
    lines.push(
      `  server pod:${e.pod.name}:${svc.name}:${e.pod.ip}:${port?.targetPort} ${e.pod.ip}:${port?.targetPort}`,
    );
  }
  return lines;
}

/**
 * HAProxy configuration for the current routes (pure); `dir` holds its pid file and stats socket.
 * Port 443 is openshift/router's `public_ssl` frontend (haproxy-config.template): `mode tcp`, it
 * waits for the ClientHello and sends a passthrough route's SNI name to that route's `be_tcp`
 * backend (the pods end TLS, 39.13.2); every other name goes to `fe_sni`, which ends TLS with the
 * router's certificate, through `be_sni` (the PROXY protocol keeps the client's address).
 */
export function routerConfig(state: LabState, dir: string): string {
  const view = clusterView(state);
  // most specific first, as the router's maps sort them: host, then longer paths
  const routes = [...view.routes].sort(
    (a, b) => a.host.localeCompare(b.host) || (b.path ?? '').length - (a.path ?? '').length,
  );
  const passthrough = routes.filter((r) => r.tls === 'passthrough');
  const terminated = routes.filter((r) => r.tls !== 'passthrough');
  const acl = (r: ViewRoute) =>
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
  for (const r of terminated) {
    if (r.tls) lines.push(`  http-request redirect scheme https if ${acl(r)}`);
    else lines.push(`  use_backend ${backendName(r)} if ${acl(r)}`);
  }
  lines.push(
    '  default_backend openshift_default',
    'frontend public_ssl',
    '  mode tcp',
    '  option tcplog',
    '  bind :443',
    '  tcp-request inspect-delay 5s',
    '  tcp-request content accept if { req_ssl_hello_type 1 }',
    ...passthrough.map((r) => `  use_backend ${backendName(r)} if { req.ssl_sni,lower -m str ${r.host} }`),
    '  default_backend be_sni',
    'backend be_sni',
    '  mode tcp',
    '  server fe_sni 127.0.0.1:10444 weight 1 send-proxy',
    'frontend fe_sni',
    `  bind 127.0.0.1:10444 ssl crt ${join(certDir, 'router.pem')} accept-proxy`,
  );
  for (const r of terminated) lines.push(`  use_backend ${backendName(r)} if ${acl(r)}`);
  lines.push('  default_backend openshift_default');
  for (const r of routes) lines.push(...backendLines(view, r));
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
