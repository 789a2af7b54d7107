/**
 * The router: HAProxy in the host network of the router node, configured from the Routes and the
 * Endpoints the way the 3.11 openshift-router does (backends point straight at pod IPs).
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inNetns, must, run } from './exec.js';
import type { LabState } from './model.js';
import { labNames } from './names.js';
import { alive, listening, readPidFile, stopProcesses, waitFor } from './procs.js';
import { clusterView, readyEndpoints } from './view.js';
import { routeService, routeServicePort } from '../model/route-target.js';

/** HAProxy configuration for the current routes (pure). */
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
  for (const r of routes) {
    if (r.tls) lines.push(`  http-request redirect scheme https if ${acl(r)}`);
    else lines.push(`  use_backend ${be(r)} if ${acl(r)}`);
  }
  lines.push(
    '  default_backend openshift_default',
    'frontend fe_sni',
    `  bind :443 ssl crt ${join(dir, 'router.pem')}`,
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

/**
 * Starts, reloads (`-sf`, like the router does on every change) or stops HAProxy so it matches the
 * current routes; router-refused keeps it stopped. Returns the running PID (if any).
 */
export async function applyRouter(state: LabState): Promise<number | undefined> {
  const { spec } = state;
  const dir = labNames(spec.name).routerDir;
  const netns = spec.nodes[spec.routerNode - 1]!.netns;
  const cfg = join(dir, 'haproxy.cfg');
  const pidFile = join(dir, 'haproxy.pid');
  await writeFile(cfg, routerConfig(state, dir));
  const old = state.processes.find((p) => p.role === 'router');
  const oldAlive = old && (await alive(old.pid));
  state.processes = state.processes.filter((p) => p.role !== 'router');
  if (state.faults.some((f) => f.id === 'router-refused')) {
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
  state.processes.push({ pid, match: cfg, role: 'router' });
  await waitFor(() => listening(pid!, 80), 5000);
  return pid;
}
