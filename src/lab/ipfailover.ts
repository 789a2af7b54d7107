/**
 * §12: the lab's IP failover (`lab up --ipfailover`): real keepalived in the host network of each
 * selected node, configured as the ipfailover image configures it (ipfailover-config.ts), speaking
 * VRRP to 224.0.0.18 over the underlay; its DeploymentConfig and pods for the lab API; and the
 * six ipf-* faults, applied to those processes for real.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inNetns, run } from './exec.js';
import { checkScriptOf, keepalivedConfig, vrrpRoles } from './ipfailover-config.js';
import { parseIp } from '../net/ipv4.js';
import { LabError } from './errors.js';
import { parseKeepalivedLog } from '../parsers/keepalived-log.js';
import type { FaultId } from '../model/faults.js';
import type { LabIpFailoverConfig, LabIpFailoverSpec, LabNodeSpec, LabProcess, LabState } from './model.js';
import { spawnDetached, stopProcesses, waitFor } from './procs.js';

/** The VRRP rule the ipfailover image inserts (OPENSHIFT_HA_IPTABLES_CHAIN=INPUT): adverts to 224.0.0.18. */
export const VRRP_ACCEPT_RULE = '-A INPUT -d 224.0.0.18/32 -j ACCEPT';
/** Fault ipf-vrrp-blocked: a rule above it that drops VRRP (IP protocol 112). */
export const VRRP_DROP_RULE = '-A INPUT -p vrrp -j DROP';

export function ipfailoverOf(state: LabState): LabIpFailoverSpec {
  const ipf = state.spec.ipfailover;
  if (!ipf) {
    throw new LabError(
      'this lab has no IP failover (bring it up with: sdn-doctor lab up --ipfailover)',
      'このラボには IP フェイルオーバーがありません（sdn-doctor lab up --ipfailover で起動してください）',
    );
  }
  return ipf;
}

/** The configurations keepalived runs now: main, and the conflicting one while its fault is on. */
export function activeConfigs(state: LabState): LabIpFailoverConfig[] {
  const ipf = state.spec.ipfailover;
  if (!ipf) return [];
  const conflict = state.faults.some((f) => f.id === 'ipf-vrrp-id-conflict');
  return conflict ? [configAsDeployed(state, ipf.main), ipf.conflict] : [configAsDeployed(state, ipf.main)];
}

/** main with the fault ipf-interface-missing applied to its environment (the DC as the API shows it). */
export function configAsDeployed(state: LabState, c: LabIpFailoverConfig): LabIpFailoverConfig {
  const ipf = state.spec.ipfailover;
  if (!ipf || c.name !== ipf.main.name) return c;
  return state.faults.some((f) => f.id === 'ipf-interface-missing')
    ? { ...c, networkInterface: ipf.missingInterface }
    : c;
}

/** Nodes with an ipfailover pod (keepalived's and the router's) of any configuration. */
export function ipfailoverNodes(state: LabState): number[] {
  return [...(state.spec.ipfailover?.main.nodes ?? [])];
}

const role = (c: LabIpFailoverConfig, node: LabNodeSpec) => `keepalived/${c.name}/${node.name}`;

function files(c: LabIpFailoverConfig, node: LabNodeSpec) {
  const base = join(node.dir, 'keepalived', c.name);
  return { dir: base, conf: join(base, 'keepalived.conf'), pid: join(base, 'keepalived.pid') };
}

/**
 * Starts keepalived for `c` on `node` (`-n -l -D --vrrp`, as the image runs it in the foreground),
 * its log appended to the node's keepalived.log (what the lab shell answers `journalctl -t
 * Keepalived_vrrp` from). `networkInterface` is the interface its configuration names.
 */
export async function startKeepalived(
  state: LabState,
  c: LabIpFailoverConfig,
  node: LabNodeSpec,
  networkInterface = c.networkInterface,
): Promise<LabProcess> {
  const f = files(c, node);
  await mkdir(f.dir, { recursive: true });
  await writeFile(
    f.conf,
    keepalivedConfig({
      configName: c.name,
      virtualIPs: c.virtualIPs,
      networkInterface,
      nodeIP: node.ip,
      monitorPort: c.monitorPort,
      vrrpIdOffset: c.vrrpIdOffset,
      replicas: c.replicas,
    }),
  );
  const argv = ['keepalived', '-n', '-l', '-D', '--vrrp', '-f', f.conf, '-p', f.pid, '-r', `${f.pid}.vrrp`];
  const pid = spawnDetached(inNetns(node.netns, argv), join(node.dir, 'keepalived.log'));
  const proc = { pid, match: f.conf, role: role(c, node) };
  state.processes.push(proc);
  return proc;
}

/** Stops keepalived of `c` on `node` (SIGTERM: it removes its VIPs as it goes, like a deleted pod). */
export async function stopKeepalived(
  state: LabState,
  c: LabIpFailoverConfig,
  node: LabNodeSpec,
): Promise<void> {
  const r = role(c, node);
  await stopProcesses(
    state.processes.filter((p) => p.role === r),
    5000,
  );
  state.processes = state.processes.filter((p) => p.role !== r);
}

const running = (state: LabState, c: LabIpFailoverConfig, node: LabNodeSpec) =>
  state.processes.some((p) => p.role === role(c, node));

/** Which nodes of the lab hold `vip` now (`ip -4 -o addr` in each node's namespace). */
export async function vipHolders(
  state: LabState,
  vips: readonly string[],
): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = Object.fromEntries(vips.map((v) => [v, [] as string[]]));
  await Promise.all(
    state.spec.nodes.map(async (n) => {
      const r = await run(['ip', '-n', n.netns, '-4', '-o', 'addr', 'show']);
      for (const v of vips) if (r.stdout.includes(` ${v}/`)) out[v]!.push(n.name);
    }),
  );
  for (const v of vips) out[v]!.sort();
  return out;
}

/** Waits until every VIP of the running configurations has `want(holders)`; false on timeout. */
export async function waitForVips(
  state: LabState,
  want: (holders: readonly string[]) => boolean,
  timeoutMs = 20_000,
): Promise<boolean> {
  const vips = activeConfigs(state).flatMap((c) => c.virtualIPs);
  return waitFor(async () => Object.values(await vipHolders(state, vips)).every(want), timeoutMs, 250);
}

/**
 * Who holds each VIP of the main configuration once VRRP has settled: the selected node with the
 * highest priority (a tie goes to the higher address, RFC 3768 §6.4.3). keepalived clears
 * preempt_delay on the image's `state MASTER` instances (test/lab/ipfailover-config.test.ts), and
 * every home here is one, so a home node that is eligible again (its check passes, its keepalived
 * restarted) takes its VIP back at once: "one holder per VIP" is reached before that takeover.
 */
export function homeHolders(state: LabState): Record<string, string> {
  const c = ipfailoverOf(state).main;
  const candidates = c.nodes.map((i) => {
    const node = state.spec.nodes[i - 1]!;
    return {
      name: node.name,
      ip: parseIp(node.ip) ?? 0,
      roles: vrrpRoles(node.ip, c.replicas, c.virtualIPs.length),
    };
  });
  return Object.fromEntries(
    c.virtualIPs.map((vip, v) => {
      const best = candidates.reduce((a, b) => {
        const pa = a.roles[v]!.priority;
        const pb = b.roles[v]!.priority;
        return pb > pa || (pb === pa && b.ip > a.ip) ? b : a;
      });
      return [vip, best.name];
    }),
  );
}

/** Waits until every VIP of the main configuration is held by its home node alone; false on timeout. */
export async function waitForHomeHolders(state: LabState, timeoutMs: number): Promise<boolean> {
  const home = homeHolders(state);
  const vips = Object.keys(home);
  return waitFor(
    async () => Object.entries(await vipHolders(state, vips)).every(([v, h]) => h.join() === home[v]),
    timeoutMs,
    250,
  );
}

/** `lab up --ipfailover`: keepalived on every selected node; returns once each VIP is held by its home node. */
export async function startIpFailover(state: LabState): Promise<void> {
  const ipf = ipfailoverOf(state);
  await Promise.all(ipf.main.nodes.map((i) => startKeepalived(state, ipf.main, state.spec.nodes[i - 1]!)));
  if (!(await waitForHomeHolders(state, 30_000))) {
    const holders = await vipHolders(state, ipf.main.virtualIPs);
    throw new Error(
      `keepalived did not elect the expected master per VIP: want ${JSON.stringify(homeHolders(state))}, have ${JSON.stringify(holders)}`,
    );
  }
}

/** The faults that change keepalived processes (the iptables and router ones are reconciled). */
export async function ipfailoverFault(
  state: LabState,
  id: FaultId,
  nodeIndex: number,
  on: boolean,
): Promise<void> {
  const ipf = ipfailoverOf(state);
  const node = state.spec.nodes[nodeIndex - 1]!;
  const selected = ipf.main.nodes.map((i) => state.spec.nodes[i - 1]!);
  switch (id) {
    case 'ipf-keepalived-down':
      if (on) await stopKeepalived(state, ipf.main, node);
      else if (!running(state, ipf.main, node)) await startKeepalived(state, ipf.main, node);
      break;
    case 'ipf-vip-unheld':
      for (const n of selected) {
        if (on) await stopKeepalived(state, ipf.main, n);
        else if (!running(state, ipf.main, n)) await startKeepalived(state, ipf.main, n);
      }
      break;
    case 'ipf-interface-missing':
      // the DC's env changed (api-objects), the pod on `node` restarted with it; the other keeps the old one
      await stopKeepalived(state, ipf.main, node);
      await startKeepalived(state, ipf.main, node, on ? ipf.missingInterface : ipf.main.networkInterface);
      break;
    case 'ipf-vrrp-id-conflict':
      for (const n of selected) {
        if (on) await startKeepalived(state, ipf.conflict, n);
        else await stopKeepalived(state, ipf.conflict, n);
      }
      break;
    default:
      return;
  }
}

/** The last result of the main configuration's check script in `node`'s keepalived log (true = passing). */
export async function lastCheckResult(state: LabState, node: LabNodeSpec): Promise<boolean | undefined> {
  const script = checkScriptOf(ipfailoverOf(state).main.name);
  const text = await readFile(join(node.dir, 'keepalived.log'), 'utf8').catch(() => '');
  let last: boolean | undefined;
  for (const e of parseKeepalivedLog(text).records.events)
    if (e.kind === 'script' && e.script === script) last = e.ok;
  return last;
}
