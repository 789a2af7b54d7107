/**
 * Parser throughput. The dataplane simulator parses `dump-flows br0` of every node of a
 * synthetic 1000-node cluster, so parseOvsFlows must stay linear and fast. Figures:
 * parse_flows_lines_per_s and parse_flows_mb_per_s (the best of 3 parses of ~300 000 lines, the
 * records kept), parse_flows_record_floor_per_s (bench/lib/record-floor.ts: as many records kept,
 * nothing read, in a process of its own: the ceiling on this machine, see docs/dataplane.md),
 * parse_iptables_save_lines_per_s.
 * The dump is built in the exact OVS 3.1 stats rendering of the captured fixtures: per remote node
 * the table 10/50/90 flows (39.7.4), per pod the table 20/40/70 flows, per service table 60 flows.
 * Run alone: `npx tsx bench/parsers.ts`, or through `npm run bench -- parsers`.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseOvsFlows } from '../src/parsers/ovs-flows.js';
import { parseIptablesSave } from '../src/parsers/iptables-save.js';
import { runJsonChild } from './lib/json-child.js';

const NODES = 1000;
const PODS = 100;
const SERVICES = 2000;

const ip = (n: number): string => `${10 + ((n >> 16) & 3)}.${(n >> 8) & 255}.${n & 255}`;
const stats = (table: number, cookie = '0x0'): string =>
  ` cookie=${cookie}, duration=436762.179s, table=${table}, n_packets=6981944, n_bytes=2875111192, `;

/** A dump-flows text of one node of a NODES-node cluster, ~ 3·NODES + 5·PODS + 2·SERVICES lines. */
export function syntheticDump(): string {
  const out: string[] = ['OFPST_FLOW reply (OF1.3) (xid=0x2):'];
  for (let n = 1; n < NODES; n++) {
    const c = `0x${(0x10000000 + n * 7919).toString(16)}`;
    const host = `192.168.${n >> 8}.${n & 255}`;
    const sub = `10.${128 + (n >> 7)}.${(n & 127) * 2}.0/23`;
    const tun = `move:NXM_NX_REG0[]->NXM_NX_TUN_ID[0..31],set_field:${host}->tun_dst,output:1`;
    out.push(`${stats(10, c)}priority=100,tun_src=${host} actions=goto_table:30`);
    out.push(`${stats(50, c)}priority=100,arp,arp_tpa=${sub} actions=${tun}`);
    out.push(`${stats(90, c)}priority=100,ip,nw_dst=${sub} actions=${tun}`);
  }
  for (let p = 0; p < PODS; p++) {
    const podIp = `10.128.2.${p + 2}`;
    const port = p + 3;
    const vnid = `0x${(0xd2bf9b + p).toString(16)}`;
    const mac = `00:00:0a:80:02:${(p + 2).toString(16).padStart(2, '0')}/00:00:ff:ff:ff:ff`;
    out.push(
      `${stats(20)}priority=100,arp,in_port=${port},arp_spa=${podIp},arp_sha=${mac} actions=load:${vnid}->NXM_NX_REG0[],goto_table:21`,
    );
    out.push(
      `${stats(20)}priority=100,ip,in_port=${port},nw_src=${podIp} actions=load:${vnid}->NXM_NX_REG0[],goto_table:21`,
    );
    out.push(`${stats(25)}priority=100,ip,nw_src=${podIp} actions=load:${vnid}->NXM_NX_REG0[],goto_table:30`);
    out.push(`${stats(40)}priority=100,arp,arp_tpa=${podIp} actions=output:${port}`);
    out.push(
      `${stats(70)}priority=100,ip,nw_dst=${podIp} actions=load:${vnid}->NXM_NX_REG1[],load:0x${port.toString(16)}->NXM_NX_REG2[],goto_table:80`,
    );
  }
  for (let s = 0; s < SERVICES; s++) {
    const vip = `172.30.${ip(s).split('.').slice(1).join('.')}`;
    out.push(
      `${stats(60)}priority=100,ip,nw_dst=${vip},nw_frag=later actions=load:0->NXM_NX_REG1[],load:0x2->NXM_NX_REG2[],goto_table:80`,
    );
    out.push(
      `${stats(60)}priority=100,tcp,nw_dst=${vip},tp_dst=8080 actions=load:0->NXM_NX_REG1[],load:0x2->NXM_NX_REG2[],goto_table:80`,
    );
  }
  out.push(`${stats(21)}priority=200,ip,nw_dst=10.128.0.0/14 actions=ct(commit,nat(src=0.0.0.0),table=30)`);
  out.push(' cookie=0x0, duration=0.801s, table=253, n_packets=0, n_bytes=0, actions=note:01.07.00.00.00.00');
  return out.join('\n');
}

/** kube-proxy nat rules for SERVICES services with 3 endpoints each. */
function syntheticIptables(): string {
  const out = ['*nat', ':KUBE-SERVICES - [0:0]'];
  for (let s = 0; s < SERVICES; s++) {
    const svc = `KUBE-SVC-${s.toString(36).toUpperCase().padStart(16, 'A')}`;
    out.push(
      `-A KUBE-SERVICES -d 172.30.${(s >> 8) & 255}.${s & 255}/32 -p tcp -m comment --comment "ns${s}/svc:http cluster IP" -m tcp --dport 8080 -j ${svc}`,
    );
    for (let e = 0; e < 3; e++) {
      const sep = `KUBE-SEP-${(s * 3 + e).toString(36).toUpperCase().padStart(16, 'B')}`;
      const prob =
        e === 0
          ? ' -m statistic --mode random --probability 0.33333333349'
          : e === 1
            ? ' -m statistic --mode random --probability 0.50000000000'
            : '';
      out.push(`-A ${svc} -m comment --comment "ns${s}/svc:http"${prob} -j ${sep}`);
      out.push(
        `-A ${sep} -p tcp -m comment --comment "ns${s}/svc:http" -m tcp -j DNAT --to-destination 10.128.${e}.${s & 255}:8080`,
      );
    }
  }
  out.push('COMMIT');
  return out.join('\n');
}

/** Lines per second of the best of `rounds` runs (first run warms the JIT). */
function linesPerSecond(
  text: string,
  parse: (t: string) => { records: unknown },
  rounds: number,
): { perS: number; lines: number; mbPerS: number } {
  const lines = text.split('\n').length;
  const mb = Buffer.byteLength(text) / (1024 * 1024);
  let best = Infinity;
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    parse(text);
    best = Math.min(best, performance.now() - t0);
  }
  return { perS: Math.round((lines / best) * 1000), lines, mbPerS: (mb / best) * 1000 };
}

/** Lines per second of bench/lib/record-floor.ts (keeping the records, reading nothing), in its own process. */
function recordFloor(): number | undefined {
  const child = runJsonChild<{ perS: number }>(join(import.meta.dirname, 'lib', 'record-floor.ts'), []);
  if (child.ok) return child.value.perS;
  console.error(`parsers bench: record floor failed: ${child.error}`);
  return undefined;
}

/** The dump the flow figures read: 40 nodes' dumps in one text, ~300k flow lines. */
export function benchFlowDump(): string {
  const one = syntheticDump();
  return Array.from({ length: 40 }, () => one).join('\n');
}

/** Figures for bench/run.ts. */
export async function run(): Promise<Record<string, number>> {
  // ~300k flow lines, the order of magnitude the simulator sees
  const dump = benchFlowDump();
  const flows = linesPerSecond(dump, parseOvsFlows, 3);
  const ipt = linesPerSecond(syntheticIptables(), parseIptablesSave, 5);
  const floor = recordFloor();
  return {
    parse_flows_lines_per_s: flows.perS,
    parse_flows_mb_per_s: Number(flows.mbPerS.toFixed(1)),
    parse_flows_lines: flows.lines,
    ...(floor !== undefined ? { parse_flows_record_floor_per_s: floor } : {}),
    parse_iptables_save_lines_per_s: ipt.perS,
  };
}

// Plain `tsx bench/parsers.ts`: print the figures (bench/run.ts imports run() instead).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const [k, v] of Object.entries(await run())) console.log(`${k}: ${v}`);
}
