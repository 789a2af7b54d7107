import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Bridge } from '../../src/dataplane/engine/bridge.js';
import { parseIp } from '../../src/net/ipv4.js';
import { CT, ETH_IP, F, newPacket, PROTO_TCP, type Packet } from '../../src/dataplane/engine/packet.js';
import { parseOvsFlows } from '../../src/parsers/ovs-flows.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/dataplane');
const multitenant = parseOvsFlows(
  readFileSync(join(FIXTURES, 'synthetic_ovs3.1_dump_flows_br0_multitenant_rv7_nostats_names.txt'), 'utf8'),
).records;

function tcp(inPort: number, src: string, dst: string, dport = 80): Packet {
  const p = newPacket();
  p[F.IN_PORT] = inPort;
  p[F.DL_TYPE] = ETH_IP;
  p[F.NW_PROTO] = PROTO_TCP;
  p[F.NW_SRC] = parseIp(src)!;
  p[F.NW_DST] = parseIp(dst)!;
  p[F.TP_DST] = dport;
  return p;
}

describe('Bridge (one br0)', () => {
  const br = new Bridge(multitenant);

  it('ties port names of a --names dump to numbers through the per-pod flows', () => {
    expect(br.ports.resolve('veth1a2b3c4d')).toBe(3);
    expect(br.ports.resolve('veth5e6f7a8b')).toBe(4);
    expect(br.ports.resolve('vxlan0')).toBe(1);
  });

  it('sends a pod packet for a remote subnet to vxlan0 with that node as tun_dst and the VNID as tun_id', () => {
    const r = br.run(tcp(4, '10.128.2.3', '10.129.0.5'));
    expect(r.outputs.map((o) => [o.port, o.packet[F.TUN_DST], o.packet[F.TUN_ID]])).toEqual([
      [1, parseIp('192.168.50.12'), 0xd2bf9b],
    ]);
    expect(r.steps.map((s) => s.table)).toEqual([0, 20, 21, 30, 90]);
    expect(r.steps.at(-1)?.rule).toContain('table=90, priority=100,ip,nw_dst=10.129.0.0/23');
  });

  it('isolates VNIDs in table 80 (multitenant) and names the dropping rule', () => {
    const r = br.run(tcp(1, '10.128.0.9', '10.128.2.3'));
    // from vxlan0 with tun_id 0 would be global; a foreign VNID is not
    const p = tcp(1, '10.128.0.9', '10.128.2.3');
    p[F.TUN_SRC] = parseIp('192.168.50.11')!;
    p[F.TUN_ID] = 0x123456;
    const isolated = br.run(p);
    expect(r.outputs).toEqual([]); // no tun_src flow for 0.0.0.0: dropped in table 10
    expect(r.end?.table).toBe(10);
    expect(isolated.outputs).toEqual([]);
    expect(isolated.end).toMatchObject({
      disposition: 'dropped',
      table: 80,
      rule: 'table=80, priority=0 actions=drop',
    });
  });

  it('skips output to the input port, as OVS does (tun0 → gateway)', () => {
    const r = br.run(tcp(2, '10.128.2.9', '10.128.2.1'));
    expect(r.outputs).toEqual([]);
    expect(r.steps.some((s) => s.action.startsWith('skipping output to input port'))).toBe(true);
  });

  it('copies a multicast packet to every remote node and stops at the empty local table 120', () => {
    const p = tcp(4, '10.128.2.3', '224.0.0.7');
    const r = br.run(p);
    expect(r.outputs.map((o) => o.packet[F.TUN_DST])).toEqual([
      parseIp('192.168.50.11'),
      parseIp('192.168.50.12'),
    ]);
  });

  it('drops on a table miss and says which table', () => {
    const r = new Bridge(multitenant.filter((f) => f.table !== 90)).run(tcp(4, '10.128.2.3', '10.129.0.5'));
    expect(r.end).toMatchObject({ disposition: 'dropped', table: 90 });
    expect(r.end?.rule).toBeUndefined();
  });

  it('reports a resubmit loop as loop, and an unknown action as insufficient-info', () => {
    const loop = parseOvsFlows(' priority=0 actions=resubmit(,0)').records;
    expect(new Bridge(loop).run(tcp(3, '1.1.1.1', '2.2.2.2')).end?.disposition).toBe('loop');
    const group = parseOvsFlows(' priority=0 actions=group:7').records;
    expect(new Bridge(group).run(tcp(3, '1.1.1.1', '2.2.2.2')).end?.disposition).toBe('insufficient-info');
  });

  it('recirculates after ct(table=N) with ct_state +trk+new (networkpolicy)', () => {
    const np = parseOvsFlows(
      readFileSync(
        join(FIXTURES, 'synthetic_ovs3.1_dump_flows_br0_networkpolicy_rv7_nostats_names.txt'),
        'utf8',
      ),
    ).records;
    const r = new Bridge(np).run(tcp(3, '10.128.2.2', '10.129.0.5'));
    expect(r.steps.filter((s) => s.kind === 'table').map((s) => s.table)).toEqual([0, 0, 20, 21, 30, 90]);
    expect(r.outputs.map((o) => o.port)).toEqual([1]);
  });

  it('takes the conntrack answer of each recirculation in order, like ofproto/trace --ct-next', () => {
    // the reply path of the networkpolicy pipeline (reference §5), cut down; the same flows
    // through OVS 3.1's ofproto/trace: drop, output 3 (est+rpl twice), drop (once, then trk+new)
    const flows = parseOvsFlows(
      [
        ' table=0, priority=300,ct_state=-trk,ip actions=ct(table=0)',
        ' table=0, priority=100,ip actions=goto_table:30',
        ' table=30, priority=300,ct_state=+rpl,ip actions=ct(table=70,nat)',
        ' table=30, priority=0 actions=drop',
        ' table=70, priority=0 actions=goto_table:80',
        ' table=80, priority=200,ct_state=+rpl,ip actions=output:3',
        ' table=80, priority=0 actions=drop',
      ].join('\n'),
    ).records;
    const b = new Bridge(flows);
    const p = tcp(2, '1.1.1.1', '2.2.2.2');
    const reply = CT.trk | CT.est | CT.rpl;
    expect(b.run(p).outputs).toEqual([]);
    const r = b.run(p, true, [reply, reply]);
    expect(r.outputs.map((o) => o.port)).toEqual([3]);
    expect(r.steps.filter((s) => s.kind === 'table').map((s) => s.table)).toEqual([0, 0, 30, 70, 80]);
    expect(JSON.stringify(r.steps)).toContain('ct_state=+trk+est+rpl');
    expect(b.run(p, true, [reply]).outputs).toEqual([]);
  });

  it('leaves out flows it cannot compile, with a warning naming the line, and never guesses past them', () => {
    const bad = parseOvsFlows(
      ' priority=5,tcp_flags=+syn actions=drop\n priority=0 actions=goto_table:1\n table=1, priority=0 actions=output:2',
    ).records;
    const b = new Bridge(bad);
    expect(b.warnings).toHaveLength(1);
    expect(b.warnings[0]?.line).toBe(1);
    // table 0 holds the unreadable flow: it might have matched, so the answer is unknown
    const r = b.run(tcp(3, '1.1.1.1', '2.2.2.2'));
    expect(r.outputs).toEqual([]);
    expect(r.end).toMatchObject({
      disposition: 'insufficient-info',
      table: 0,
      rule: 'priority=5,tcp_flags=+syn actions=drop',
    });
    // a packet that never consults that table is still simulated
    const ok = parseOvsFlows(
      ' priority=0 actions=goto_table:2\n table=1, priority=5,tcp_flags=+syn actions=drop\n table=2, priority=0 actions=output:2',
    ).records;
    expect(new Bridge(ok).run(tcp(3, '1.1.1.1', '2.2.2.2')).outputs.map((o) => o.port)).toEqual([2]);
  });

  it('once released, compiles its tables again and answers as before (warnings, uncertain tables, steps)', () => {
    const bad = parseOvsFlows(
      ' priority=5,tcp_flags=+syn actions=drop\n priority=0 actions=goto_table:1\n table=1, priority=0 actions=output:2',
    ).records;
    const packets = [
      tcp(4, '10.128.2.3', '10.129.0.5'),
      tcp(1, '10.128.0.9', '10.128.2.3'),
      tcp(3, '10.128.2.3', '8.8.8.8'),
    ];
    for (const flows of [multitenant, bad]) {
      const b = new Bridge(flows);
      const before = packets.map((p) => b.run(p));
      const warnings = b.warnings;
      const flowCount = b.flowCount;
      b.release();
      // twice, so that a release before anything was compiled again is covered too
      for (let round = 0; round < 2; round++) {
        expect(packets.map((p) => b.run(p))).toEqual(before);
        expect(b.warnings).toEqual(warnings);
        expect(b.flowCount).toBe(flowCount);
        b.release();
      }
    }
  });
});
