/**
 * One Open vSwitch per node: its own ovsdb-server + ovs-vswitchd (userspace datapath), with every
 * socket, pid file and log under the node's folder (OVS_RUNDIR), started inside the node's netns.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { inNetns, must } from './exec.js';
import type { LabNodeSpec, LabProcess } from './model.js';
import { readPidFile } from './procs.js';

const SCHEMA = '/usr/share/openvswitch/vswitch.ovsschema';

/** Environment every OVS tool needs to talk to this node's daemons. */
export function ovsEnv(node: LabNodeSpec): Record<string, string> {
  return {
    OVS_RUNDIR: node.ovsRundir,
    OVS_LOGDIR: join(node.dir, 'log'),
    OVS_DBDIR: node.dir,
    OVS_SYSCONFDIR: join(node.dir, 'etc'),
  };
}

export const vsctl = (node: LabNodeSpec, args: readonly string[]) =>
  must(inNetns(node.netns, ['ovs-vsctl', '--timeout=10', ...args]), { env: ovsEnv(node) });

/** Starts ovsdb-server and ovs-vswitchd for a node; returns their PIDs. */
export async function startOvs(node: LabNodeSpec): Promise<LabProcess[]> {
  const env = ovsEnv(node);
  const db = join(node.dir, 'conf.db');
  await Promise.all(['run', 'log', 'etc'].map((d) => mkdir(join(node.dir, d), { recursive: true })));
  await rm(db, { force: true });
  await must(['ovsdb-tool', 'create', db, SCHEMA]);
  await must(
    inNetns(node.netns, [
      'ovsdb-server',
      db,
      `--remote=punix:${join(node.ovsRundir, 'db.sock')}`,
      `--pidfile=${join(node.ovsRundir, 'ovsdb-server.pid')}`,
      '--detach',
      '--no-chdir',
      `--log-file=${join(node.dir, 'log', 'ovsdb-server.log')}`,
      '-vconsole:off',
    ]),
    { env },
  );
  // memory: one handler and one revalidator thread are plenty for a lab node
  await vsctl(node, [
    '--no-wait',
    'init',
    '--',
    'set',
    'Open_vSwitch',
    '.',
    'other_config:n-handler-threads=1',
    'other_config:n-revalidator-threads=1',
  ]);
  await must(
    inNetns(node.netns, [
      'ovs-vswitchd',
      `unix:${join(node.ovsRundir, 'db.sock')}`,
      `--pidfile=${join(node.ovsRundir, 'ovs-vswitchd.pid')}`,
      '--detach',
      '--no-chdir',
      `--log-file=${join(node.dir, 'log', 'ovs-vswitchd.log')}`,
      '-vconsole:off',
    ]),
    { env },
  );
  const out: LabProcess[] = [];
  for (const [role, match] of [
    ['ovsdb-server', 'ovsdb-server'],
    ['ovs-vswitchd', 'ovs-vswitchd'],
  ] as const) {
    const pid = await readPidFile(join(node.ovsRundir, `${role}.pid`));
    if (pid) out.push({ pid, match: node.dir, role: `${node.name}/${match}` });
  }
  return out;
}
