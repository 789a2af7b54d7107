/**
 * `lab down`: stops exactly what a lab started (by PID, cmdline checked), deletes its network
 * namespaces, its /etc/netns files and its run folder. `--all` also clears crashed labs' leftovers.
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { stopApiServer } from './api-link.js';
import { run } from './exec.js';
import type { LabProcess } from './model.js';
import { ETC_NETNS, labNames, NETNS_PREFIX, RUN_ROOT } from './names.js';
import { alive, readPidFile, stopProcesses } from './procs.js';
import { loadState } from './state.js';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Namespaces that belong to lab `name` (exact shapes, so lab `a` never matches lab `a-b`'s). */
function labNetnsPattern(name: string): RegExp {
  return new RegExp(`^${escape(NETNS_PREFIX + name)}-(ul|client|ext|n\\d+(-p\\d+)?)$`);
}

async function listNetns(): Promise<string[]> {
  try {
    return (await readdir('/run/netns')).sort();
  } catch {
    return [];
  }
}

/** PID files a lab's daemons write themselves (found even when state.json was never saved). */
async function pidFileProcesses(name: string): Promise<LabProcess[]> {
  const n = labNames(name);
  const files: [string, string][] = [
    [join(n.routerDir, 'haproxy.pid'), join(n.routerDir, 'haproxy.cfg')],
    [join(n.dnsDir, 'dnsmasq.pid'), join(n.dnsDir, 'dnsmasq.conf')],
  ];
  try {
    for (const d of await readdir(n.runDir)) {
      if (!/^n\d+$/.test(d)) continue;
      for (const daemon of ['ovs-vswitchd', 'ovsdb-server']) {
        files.push([join(n.runDir, d, 'run', `${daemon}.pid`), join(n.runDir, d)]);
      }
    }
  } catch {
    /* no run folder */
  }
  const out: LabProcess[] = [];
  for (const [file, match] of files) {
    const pid = await readPidFile(file);
    if (pid) out.push({ pid, match, role: file });
  }
  return out;
}

/** Processes still running inside the lab's namespaces: started by the lab, so stopped too. */
async function netnsProcesses(netns: readonly string[]): Promise<LabProcess[]> {
  const out: LabProcess[] = [];
  for (const ns of netns) {
    const r = await run(['ip', 'netns', 'pids', ns]);
    for (const p of r.stdout.split(/\s+/).filter(Boolean)) out.push({ pid: Number(p), match: '', role: ns });
  }
  return out;
}

export interface DownReport {
  readonly stopped: number;
  readonly netns: readonly string[];
}

/** Tears lab `name` down; idempotent. */
export async function downLab(name: string): Promise<DownReport> {
  const n = labNames(name);
  const state = await loadState(name);
  await stopApiServer(name).catch(() => undefined);
  const procs = [
    ...(state?.processes.filter((p) => p.role !== 'api') ?? []),
    ...(await pidFileProcesses(name)),
  ];
  // the OVS databases last, after everything that may still talk to them
  const first = procs.filter((p) => !p.role.includes('ovsdb-server'));
  const last = procs.filter((p) => p.role.includes('ovsdb-server'));
  let stopped = (await stopProcesses(first)).length + (await stopProcesses(last)).length;
  const pattern = labNetnsPattern(name);
  const known = new Set(
    state
      ? [
          n.underlay,
          n.client,
          n.outside,
          ...state.spec.nodes.map((x) => x.netns),
          ...state.spec.pods.map((p) => p.netns),
        ]
      : [],
  );
  const netns = (await listNetns()).filter((ns) => known.has(ns) || pattern.test(ns));
  const leftovers = (await netnsProcesses(netns)).filter((p) => p.pid !== process.pid);
  const live: LabProcess[] = [];
  for (const p of leftovers) if (await alive(p.pid)) live.push(p);
  stopped += (await stopProcesses(live)).length;
  await Promise.all(netns.map((ns) => run(['ip', 'netns', 'del', ns])));
  const etc = await readdir(ETC_NETNS).catch(() => [] as string[]);
  await Promise.all(
    etc
      .filter((ns) => known.has(ns) || pattern.test(ns))
      .map((ns) => rm(join(ETC_NETNS, ns), { recursive: true, force: true })),
  );
  await rm(n.runDir, { recursive: true, force: true });
  return { stopped, netns };
}

/**
 * `lab down --all`: every lab with a run folder, then any namespace left with the lab prefix (a
 * lab that crashed before writing its run folder). `only` narrows it to some lab names (tests).
 */
export async function downAll(only: (labName: string) => boolean = () => true): Promise<DownReport> {
  let stopped = 0;
  const netns: string[] = [];
  const names = (await readdir(RUN_ROOT).catch(() => [] as string[])).filter(only);
  for (const name of names) {
    const r = await downLab(name);
    stopped += r.stopped;
    netns.push(...r.netns);
  }
  // `sdl-<name>-<part>`: the lab name is everything between the prefix and the last part
  const labOf = (ns: string) => /^sdl-(.+)-(ul|client|ext|n\d+|n\d+-p\d+)$/.exec(ns)?.[1];
  const mine = (ns: string) => ns.startsWith(NETNS_PREFIX) && only(labOf(ns) ?? '');
  const rest = (await listNetns()).filter(mine);
  const procs = (await netnsProcesses(rest)).filter((p) => p.pid !== process.pid);
  stopped += (await stopProcesses(procs)).length;
  await Promise.all(rest.map((ns) => run(['ip', 'netns', 'del', ns])));
  netns.push(...rest);
  const etc = await readdir(ETC_NETNS).catch(() => [] as string[]);
  await Promise.all(etc.filter(mine).map((ns) => rm(join(ETC_NETNS, ns), { recursive: true, force: true })));
  return { stopped, netns };
}
