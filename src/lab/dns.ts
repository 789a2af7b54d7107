/**
 * The lab's DNS: dnsmasq on the underlay (the resolver every node, pod and the client use), with
 * the routes' host names (wildcard `*.apps.example.com` + explicit names) and the outside host.
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inNetns, must } from './exec.js';
import type { LabState } from './model.js';
import { labNames } from './names.js';
import { listening, readPidFile, stopProcesses, waitFor } from './procs.js';
import { objectKey } from '../model/object-key.js';
import { routerNodes } from './router.js';

/** dnsmasq configuration for the current state and DNS faults (pure). */
export function dnsConfig(state: LabState, dir: string): string {
  const { spec } = state;
  const routerIp = spec.nodes[spec.routerNode - 1]!.ip;
  // dns-wrong-ip points at a node that runs no router (or, on a 1-node lab, at nobody)
  const routers = routerNodes(state);
  const other = spec.nodes.find((n) => !routers.includes(n.index))?.ip ?? '192.168.122.250';
  // §12: with IP failover the route names point at the VIPs (one A record each), not at a node
  const front = spec.ipfailover ? spec.ipfailover.main.virtualIPs : [routerIp];
  const missing = new Set(state.faults.filter((f) => f.id === 'dns-missing').map((f) => f.route));
  const wrong = new Set(state.faults.filter((f) => f.id === 'dns-wrong-ip').map((f) => f.route));
  const lines = [
    'no-resolv',
    'no-hosts',
    'no-poll',
    'bind-interfaces',
    `listen-address=${spec.dnsServer}`,
    'port=53',
    'user=root',
    'group=root',
    `pid-file=${join(dir, 'dnsmasq.pid')}`,
    `log-facility=${join(dir, 'dnsmasq.log')}`,
    // authoritative "no such name" for the lab's zones, so search-list lookups move on
    'local=/cluster.local/',
    'local=/example.com/',
    'local=/example.org/',
  ];
  let wildcard = true;
  for (const r of spec.routes) {
    const key = objectKey(r);
    if (missing.has(key)) {
      if (r.host.endsWith(`.${spec.appsDomain}`)) wildcard = false;
      continue;
    }
    for (const ip of wrong.has(key) ? [other] : front) lines.push(`address=/${r.host}/${ip}`);
  }
  if (wildcard) for (const ip of front) lines.push(`address=/${spec.appsDomain}/${ip}`);
  lines.push(`address=/${spec.outsideHost}/${spec.outsideIp}`);
  if (state.faults.some((f) => f.id === 'egress-dns-wildcard')) {
    // 39.9: a zone-wide wildcard; with `search example.com` every external name lands here
    lines.push(`address=/example.com/${routerIp}`);
  }
  return `${lines.join('\n')}\n`;
}

/** (Re)starts dnsmasq with the current configuration (it does not re-read `address=` on SIGHUP). */
export async function applyDns(state: LabState): Promise<void> {
  const n = labNames(state.spec.name);
  const conf = join(n.dnsDir, 'dnsmasq.conf');
  await writeFile(conf, dnsConfig(state, n.dnsDir));
  const old = state.processes.filter((p) => p.role === 'dns');
  await stopProcesses(old);
  state.processes = state.processes.filter((p) => p.role !== 'dns');
  const pidFile = join(n.dnsDir, 'dnsmasq.pid');
  await rm(pidFile, { force: true });
  await must(inNetns(n.underlay, ['dnsmasq', `--conf-file=${conf}`]));
  let pid: number | undefined;
  await waitFor(async () => (pid = await readPidFile(pidFile)) !== undefined, 5000);
  if (!pid) throw new Error('dnsmasq did not write its pid file');
  state.processes.push({ pid, match: conf, role: 'dns' });
  // answer only once it is bound (it also listens on TCP 53, which /proc shows)
  await waitFor(() => listening(pid!, 53), 5000);
}
