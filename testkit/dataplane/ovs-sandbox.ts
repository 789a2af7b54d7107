/**
 * A private Open vSwitch for tests and the bench: its own ovsdb-server and ovs-vswitchd in a
 * per-run folder (OVS_RUNDIR/OVS_DBDIR), `--enable-dummy=override` so no kernel device or
 * datapath is touched, and br0 laid out like openshift-sdn's (vxlan0 = 1 with remote_ip/key=flow,
 * tun0 = 2, pod ports from 3). `ofproto/trace` requests go over one JSON-RPC connection to the
 * daemon's control socket, many in flight at once (spawning ovs-appctl per packet costs ~10 ms).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface OvsSandbox {
  readonly dir: string;
  /** Runs ovs-vsctl against the private database. */
  vsctl(args: readonly string[]): string;
  ofctl(args: readonly string[], input?: string): string;
  /** Replaces all flows of br0 with these `add-flow` strings. */
  replaceFlows(flows: readonly string[]): void;
  /** `ovs-ofctl -O OpenFlow13 dump-flows br0` text. */
  dumpFlows(extra?: readonly string[]): string;
  /** `ovs-ofctl -O OpenFlow13 dump-ports-desc br0` text. */
  dumpPortsDesc(): string;
  /**
   * `ovs-appctl ofproto/trace br0 <flow>` for every flow, pipelined; results in order. `options[i]`:
   * ofproto/trace options before the bridge of flow i (`--ct-next trk,est`).
   */
  traceMany(
    flows: readonly string[],
    bridge?: string,
    options?: readonly (readonly string[] | undefined)[],
  ): Promise<string[]>;
  stop(): void;
}

/** True when this process can run OVS daemons (root and the binaries present). */
export function ovsAvailable(): { ok: boolean; reason?: string } {
  if (process.getuid?.() !== 0) return { ok: false, reason: 'needs root to run ovs-vswitchd' };
  for (const bin of ['/usr/sbin/ovs-vswitchd', '/usr/sbin/ovsdb-server', '/usr/bin/ovs-ofctl']) {
    if (!existsSync(bin)) return { ok: false, reason: `${bin} not installed` };
  }
  return { ok: true };
}

const SCHEMA = '/usr/share/openvswitch/vswitch.ovsschema';

export function startOvsSandbox(podPorts: readonly { name: string; ofport: number }[]): OvsSandbox {
  const dir = mkdtempSync(join(tmpdir(), `sdd-ovs-${process.pid}-`));
  const env = { ...process.env, OVS_RUNDIR: dir, OVS_LOGDIR: dir, OVS_DBDIR: dir, OVS_SYSCONFDIR: dir };
  const run = (cmd: string, args: readonly string[], input?: string): string =>
    execFileSync(cmd, args, {
      env,
      encoding: 'utf8',
      input,
      maxBuffer: 1 << 30,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  const pids: number[] = [];
  const readPid = (name: string): void => {
    const f = join(dir, `${name}.pid`);
    if (existsSync(f)) pids.push(Number(readFileSync(f, 'utf8').trim()));
  };
  const db = `unix:${join(dir, 'db.sock')}`;
  const stop = (): void => {
    for (const pid of pids.reverse()) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    pids.length = 0;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    run('ovsdb-tool', ['create', join(dir, 'conf.db'), SCHEMA]);
    run('ovsdb-server', [
      join(dir, 'conf.db'),
      `--remote=p${db}`,
      `--pidfile=${join(dir, 'ovsdb-server.pid')}`,
      '--detach',
      '--no-chdir',
      `--log-file=${join(dir, 'ovsdb-server.log')}`,
    ]);
    readPid('ovsdb-server');
    run('ovs-vsctl', [`--db=${db}`, '--no-wait', 'init']);
    run('ovs-vswitchd', [
      db,
      '--enable-dummy=override',
      '--disable-system',
      `--pidfile=${join(dir, 'ovs-vswitchd.pid')}`,
      '--detach',
      '--no-chdir',
      `--log-file=${join(dir, 'ovs-vswitchd.log')}`,
    ]);
    readPid('ovs-vswitchd');
    const args = [
      `--db=${db}`,
      'add-br',
      'br0',
      '--',
      'set',
      'bridge',
      'br0',
      'datapath_type=dummy',
      'protocols=OpenFlow13',
      'fail_mode=secure',
      '--',
      'add-port',
      'br0',
      'vxlan0',
      '--',
      'set',
      'interface',
      'vxlan0',
      'type=vxlan',
      'ofport_request=1',
      'options:remote_ip=flow',
      'options:key=flow',
      'options:dst_port=4789',
      '--',
      'add-port',
      'br0',
      'tun0',
      '--',
      'set',
      'interface',
      'tun0',
      'type=internal',
      'ofport_request=2',
    ];
    for (const p of podPorts) {
      args.push(
        '--',
        'add-port',
        'br0',
        p.name,
        '--',
        'set',
        'interface',
        p.name,
        'type=dummy',
        `ofport_request=${p.ofport}`,
      );
    }
    run('ovs-vsctl', args);
  } catch (e) {
    stop();
    throw e;
  }
  const vswitchdPid = pids[1]!;
  const ctl = join(dir, `ovs-vswitchd.${vswitchdPid}.ctl`);

  return {
    dir,
    vsctl: (a) => run('ovs-vsctl', [`--db=${db}`, ...a]),
    ofctl: (a, input) => run('ovs-ofctl', a, input),
    replaceFlows(flows) {
      const file = join(dir, 'flows.txt');
      writeFileSync(file, flows.join('\n') + '\n');
      run('ovs-ofctl', ['-O', 'OpenFlow13', 'del-flows', 'br0']);
      run('ovs-ofctl', ['-O', 'OpenFlow13', 'add-flows', 'br0', file]);
    },
    dumpFlows: (extra = []) => run('ovs-ofctl', ['-O', 'OpenFlow13', ...extra, 'dump-flows', 'br0']),
    dumpPortsDesc: () => run('ovs-ofctl', ['-O', 'OpenFlow13', 'dump-ports-desc', 'br0']),
    traceMany: (flows, bridge = 'br0', options) =>
      jsonRpcMany(
        ctl,
        'ofproto/trace',
        flows.map((f, i) => [...(options?.[i] ?? []), bridge, f]),
      ),
    stop,
  };
}

/** Sends all requests on one connection and collects the replies by id. */
function jsonRpcMany(
  path: string,
  method: string,
  params: readonly (readonly string[])[],
): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const results = new Array<string>(params.length);
    let pending = params.length;
    if (pending === 0) return resolve(results);
    const sock: Socket = connect(path);
    let buf = '';
    let depth = 0;
    let inString = false;
    let escape = false;
    let start = 0;
    let scanned = 0;
    sock.setEncoding('utf8');
    sock.on('error', reject);
    sock.on('data', (chunk: string) => {
      buf += chunk;
      // Split the stream into top-level JSON objects (the daemon sends them back to back).
      for (let i = scanned; i < buf.length; i++) {
        const c = buf[i];
        if (inString) {
          if (escape) escape = false;
          else if (c === '\\') escape = true;
          else if (c === '"') inString = false;
        } else if (c === '"') inString = true;
        else if (c === '{') {
          if (depth++ === 0) start = i;
        } else if (c === '}' && --depth === 0) {
          const msg = JSON.parse(buf.slice(start, i + 1)) as { id: number; result?: string; error?: unknown };
          results[msg.id] = msg.error ? `error: ${JSON.stringify(msg.error)}` : (msg.result ?? '');
          if (--pending === 0) {
            sock.end();
            resolve(results);
            return;
          }
        }
      }
      if (depth === 0) {
        buf = '';
        scanned = 0;
      } else {
        buf = buf.slice(start);
        scanned = buf.length;
        start = 0;
      }
    });
    for (let id = 0; id < params.length; id++) sock.write(JSON.stringify({ id, method, params: params[id] }));
  });
}
