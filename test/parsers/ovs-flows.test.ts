import { describe, expect, it, vi } from 'vitest';
import {
  forgetFlowSegments,
  parseFlowActions,
  parseFlowMatch,
  parseOvsFlows,
} from '../../src/parsers/ovs-flows.js';
import type { OvsFlowRecord } from '../../src/parsers/types.js';
import { allFixtures, fixture, linesOf } from './ovs-ipt-fixture.js';
import { syntheticDump } from '../../bench/parsers.js';
import { textPieces } from '../../src/parsers/util/numbered-lines.js';

const perTable = (flows: readonly OvsFlowRecord[]): Record<number, number> => {
  const out: Record<number, number> = {};
  for (const f of flows) out[f.table] = (out[f.table] ?? 0) + 1;
  return out;
};
/** The records' lines (a record keeps where its line is privately: toStrictEqual does not see it). */
const raws = (r: { records: readonly OvsFlowRecord[] }): string[] => r.records.map((f) => f.raw);
const fieldOf = (f: OvsFlowRecord, name: string): string | undefined =>
  f.match.find((m) => m.field === name)?.value;
const find = (
  flows: readonly OvsFlowRecord[],
  table: number,
  pred: (f: OvsFlowRecord) => boolean,
): OvsFlowRecord => {
  const hit = flows.filter((f) => f.table === table && pred(f));
  expect(hit).toHaveLength(1);
  return hit[0] as OvsFlowRecord;
};

describe('parseOvsFlows on captured OVS 3.1 dumps (ruleVersion 7)', () => {
  const subnet = parseOvsFlows(fixture('ovs-flows', 'captured-ovs3.1-subnet-rv7-stats.txt'));
  const multi = parseOvsFlows(fixture('ovs-flows', 'captured-ovs3.1-multitenant-rv7-stats.txt'));

  it('reads every flow of the subnet dump, header skipped, no warnings', () => {
    expect(subnet.warnings).toEqual([]);
    expect(subnet.records).toHaveLength(60);
    expect(perTable(subnet.records)).toEqual({
      0: 11,
      10: 3,
      20: 5,
      21: 1,
      30: 11,
      40: 3,
      50: 3,
      60: 6,
      70: 3,
      80: 3,
      90: 3,
      100: 3,
      101: 1,
      110: 1,
      111: 1,
      120: 1,
      253: 1,
    });
  });

  it('reads the multitenant extras: VNID table-80 rules, egress IP, ENP, multicast', () => {
    expect(multi.warnings).toEqual([]);
    expect(multi.records).toHaveLength(67);
    const vnid = find(multi.records, 80, (f) => f.priority === 100);
    expect(vnid.match).toEqual([
      { field: 'reg0', value: '0xd2bf9b' },
      { field: 'reg1', value: '0xd2bf9b' },
    ]);
    expect(vnid.actions).toEqual([{ kind: 'output_field', field: 'NXM_NX_REG2[]' }]);
    // table 110 VNID flow was added without priority → OpenFlow default 32768, not printed
    const mc = find(multi.records, 110, (f) => fieldOf(f, 'reg0') === '0xd2bf9b');
    expect(mc.priority).toBe(32768);
    expect(mc.raw).not.toContain('priority=');
    const egress = find(multi.records, 100, (f) => f.priority === 100);
    expect(egress.actions).toEqual([
      { kind: 'set_field', value: 'aa:55:aa:55:00:10', field: 'eth_dst' },
      { kind: 'set_field', value: '0xd2bf9b', field: 'pkt_mark' },
      { kind: 'goto_table', table: 101 },
    ]);
  });

  it('table 253 note: plugin byte and rule version, padded to 6 bytes', () => {
    const s = find(subnet.records, 253, () => true);
    const m = find(multi.records, 253, () => true);
    expect(s.actions).toEqual([{ kind: 'note', bytes: ['00', '07', '00', '00', '00', '00'] }]);
    expect(m.actions).toEqual([{ kind: 'note', bytes: ['01', '07', '00', '00', '00', '00'] }]);
    expect(m.priority).toBe(32768);
    expect(m.match).toEqual([]);
  });

  it('per remote node: table 10 tun_src, table 50/90 set_field tun_dst, with HostSubnet cookies (39.7.4)', () => {
    const t10 = find(subnet.records, 10, (f) => fieldOf(f, 'tun_src') === '192.168.50.12');
    // written as cookie=0x0acc15fc, dumped as minimal hex
    expect(t10.cookie).toBe('0xacc15fc');
    expect(t10.priority).toBe(100);
    expect(t10.actions).toEqual([{ kind: 'goto_table', table: 30 }]);
    const t90 = find(subnet.records, 90, (f) => fieldOf(f, 'nw_dst') === '10.128.0.0/23');
    expect(t90.cookie).toBe('0x5cf8bea3');
    expect(t90.actions).toEqual([
      { kind: 'move', src: 'NXM_NX_REG0[]', dst: 'NXM_NX_TUN_ID[0..31]' },
      { kind: 'set_field', value: '192.168.50.11', field: 'tun_dst' },
      { kind: 'output', port: '1' },
    ]);
    const t50 = find(subnet.records, 50, (f) => fieldOf(f, 'arp_tpa') === '10.129.0.0/23');
    expect(t50.match[0]).toEqual({ field: 'arp' });
  });

  it('per local pod: arp_spa/arp_sha with mask (table 20), arp_tpa (40), nw_dst with reg loads (70)', () => {
    const arp = find(multi.records, 20, (f) => fieldOf(f, 'arp_spa') === '10.128.2.3');
    expect(arp.match).toEqual([
      { field: 'arp' },
      { field: 'in_port', value: '4' },
      { field: 'arp_spa', value: '10.128.2.3' },
      { field: 'arp_sha', value: '00:00:0a:80:02:03/00:00:ff:ff:ff:ff' },
    ]);
    expect(arp.actions).toEqual([
      { kind: 'load', value: '0xd2bf9b', dst: 'NXM_NX_REG0[]' },
      { kind: 'goto_table', table: 21 },
    ]);
    const t70 = find(multi.records, 70, (f) => fieldOf(f, 'nw_dst') === '10.128.2.2');
    expect(t70.actions).toEqual([
      { kind: 'load', value: '0', dst: 'NXM_NX_REG1[]' },
      { kind: 'load', value: '0x3', dst: 'NXM_NX_REG2[]' },
      { kind: 'goto_table', table: 80 },
    ]);
    // ip_frag=later / tcp_dst= as written by AddServiceRules are dumped normalized
    const frag = find(multi.records, 60, (f) => fieldOf(f, 'nw_frag') === 'later');
    expect(fieldOf(frag, 'nw_dst')).toBe('172.30.0.1');
    const svc = find(multi.records, 60, (f) => fieldOf(f, 'tp_dst') === '8080');
    expect(svc.match.map((m) => m.field)).toEqual(['tcp', 'nw_dst', 'tp_dst']);
  });

  it('keeps the counters of real traffic (ping pod1 → pod2) and durations', () => {
    const arpIn = find(subnet.records, 0, (f) => f.priority === 100 && f.match[0]?.field === 'arp');
    expect(arpIn.nPackets).toBe(2);
    expect(arpIn.nBytes).toBe(84);
    expect(arpIn.durationS).toBeGreaterThan(0);
    expect(subnet.records.every((f) => f.nPackets !== undefined && f.nBytes !== undefined)).toBe(true);
  });

  it('every record points at its own line', () => {
    const lines = linesOf(fixture('ovs-flows', 'captured-ovs3.1-subnet-rv7-stats.txt'));
    expect(lines[0]).toBe('OFPST_FLOW reply (OF1.3) (xid=0x2):');
    for (const f of subnet.records) expect(lines[f.line - 1]).toBe(f.raw);
    expect(subnet.records[0]?.line).toBe(2);
  });

  it('a record serialises as the fields of its own line, never the whole text it was read from', () => {
    const text = fixture('ovs-flows', 'captured-ovs3.1-subnet-rv7-stats.txt');
    for (const f of parseOvsFlows(text).records) {
      const json = JSON.parse(JSON.stringify(f)) as Record<string, unknown>;
      expect(Object.keys(json).sort()).toEqual([
        'actions',
        'actionsText',
        'cookie',
        'durationS',
        'line',
        'match',
        'nBytes',
        'nPackets',
        'priority',
        'raw',
        'table',
      ]);
      expect(json).toMatchObject({ line: f.line, raw: f.raw, table: f.table, priority: f.priority });
      expect(JSON.stringify(f).length).toBeLessThan(f.raw.length * 4 + 2000);
    }
  });
});

describe('parseOvsFlows: --no-stats and --names renderings of the same bridge', () => {
  const stats = parseOvsFlows(fixture('ovs-flows', 'captured-ovs3.1-multitenant-rv7-stats.txt')).records;
  const noStats = parseOvsFlows(fixture('ovs-flows', 'captured-ovs3.1-multitenant-rv7-nostats.txt'));
  const names = parseOvsFlows(fixture('ovs-flows', 'captured-ovs3.1-multitenant-rv7-nostats-names.txt'));

  it('no-stats: cookie 0 and table=0 omitted, still read as 0x0 / table 0, no counters', () => {
    expect(noStats.warnings).toEqual([]);
    const key = (f: OvsFlowRecord): string =>
      `${f.cookie} ${f.table} ${f.priority} ${JSON.stringify(f.match)} ${f.actionsText}`;
    expect(noStats.records.map(key).sort()).toEqual(stats.map(key).sort());
    expect(noStats.records[0]?.raw).toMatch(/^ priority=/);
    expect(noStats.records.every((f) => f.nPackets === undefined && f.durationS === undefined)).toBe(true);
  });

  it('--names: ports by name in in_port and output', () => {
    expect(names.warnings).toEqual([]);
    const t0 = names.records.filter((f) => f.table === 0 && fieldOf(f, 'in_port') === 'vxlan0');
    expect(t0).toHaveLength(4);
    const t40 = find(names.records, 40, (f) => fieldOf(f, 'arp_tpa') === '10.128.2.2');
    expect(t40.actions).toEqual([{ kind: 'output', port: 'veth1p2cap' }]);
    const t90 = names.records.filter((f) => f.table === 90 && f.priority === 100);
    expect(t90.map((f) => f.actions.at(-1))).toEqual([
      { kind: 'output', port: 'vxlan0' },
      { kind: 'output', port: 'vxlan0' },
    ]);
  });
});

describe('parseOvsFlows on real dumps from clusters', () => {
  it('3.6 multitenant (origin test dump): no leading blank, pod ARP flow with a sandbox note (ruleVersion 3)', () => {
    const r = parseOvsFlows(fixture('ovs-flows', 'ovs_dump_flows_br0_multitenant_ocp3.6_full_sdn_test.txt'));
    expect(r.warnings).toEqual([]);
    expect(r.records).toHaveLength(54);
    const note = find(r.records, 253, () => true);
    expect(note.actions).toEqual([{ kind: 'note', bytes: ['01', '03', '00', '00', '00', '00'] }]);
    const arp = find(r.records, 20, (f) => fieldOf(f, 'arp_spa') === '10.130.0.2');
    expect(arp.actions[0]).toEqual({ kind: 'load', value: '0', dst: 'NXM_NX_REG0[]' });
    const sandbox = arp.actions[1];
    expect(sandbox?.kind).toBe('note');
    if (sandbox?.kind === 'note') expect(sandbox.bytes.slice(0, 3)).toEqual(['bc', 'b5', 'd8']);
    expect(arp.actions.at(-1)).toEqual({ kind: 'goto_table', table: 21 });
    const dropped = find(r.records, 0, (f) => f.priority === 150 && fieldOf(f, 'in_port') === '2');
    expect(dropped.nPackets).toBe(7);
  });

  it('4.6 networkpolicy --no-stats --names: conntrack flows, decimal registers, note 02.08', () => {
    const r = parseOvsFlows(
      fixture('ovs-flows', 'ovs_dump_flows_br0_networkpolicy_ocp4.6_nostats_names_full.txt'),
    );
    expect(r.warnings).toEqual([]);
    expect(r.records).toHaveLength(190);
    const ct0 = find(r.records, 0, (f) => f.priority === 1000);
    expect(ct0.match).toEqual([{ field: 'ct_state', value: '-trk' }, { field: 'ip' }]);
    expect(ct0.actions).toEqual([{ kind: 'ct', commit: false, table: 0, args: 'table=0' }]);
    const rpl = find(r.records, 30, (f) => fieldOf(f, 'ct_state') === '+rpl');
    expect(rpl.actions).toEqual([{ kind: 'ct', commit: false, table: 70, nat: '', args: 'table=70,nat' }]);
    const commit = r.records.filter((f) => f.table === 21 && f.priority === 200);
    expect(commit.length).toBeGreaterThan(0);
    const ctc = commit[0]?.actions[0];
    expect(ctc?.kind === 'ct' && ctc.commit && ctc.table === 30).toBe(true);
    expect(find(r.records, 253, () => true).actions).toEqual([
      { kind: 'note', bytes: ['02', '08', '00', '00', '00', '00'] },
    ]);
    const t80 = r.records.filter((f) => f.table === 80 && fieldOf(f, 'reg1') === '12446308');
    expect(t80.length).toBeGreaterThan(0);
  });

  it('master ruleVersion 13: dl_dst match, resubmit:10, load into ETH_DST bits, ct(commit),group', () => {
    const r = parseOvsFlows(fixture('ovs-flows', 'synthetic_ovs3.1_dump_flows_br0_master_rv13.txt'));
    // the section titles and the dump-groups part of the sample are not flows
    expect(r.warnings.map((w) => w.line)).toEqual([1, 68, 134, 135, 136]);
    const t10 = r.records.find((f) => f.table === 10 && f.priority === 200);
    expect(fieldOf(t10 as OvsFlowRecord, 'dl_dst')).toBe('00:09:dc:a4:5e:a3');
    expect(t10?.actions).toEqual([
      { kind: 'move', src: 'NXM_OF_IP_DST[]', dst: 'NXM_OF_ETH_DST[0..31]' },
      { kind: 'load', value: '0xa58', dst: 'NXM_OF_ETH_DST[32..47]' },
      { kind: 'resubmit', port: '10' },
    ]);
    const egress = r.records.find((f) => f.table === 101 && f.priority === 100);
    expect(egress?.actions).toEqual([
      { kind: 'ct', commit: true, args: 'commit' },
      { kind: 'group', id: 37 },
    ]);
    expect(r.records.find((f) => f.table === 253)?.actions).toEqual([
      { kind: 'note', bytes: ['00', '0d', '00', '00', '00', '00'] },
    ]);
  });

  it("openshift-sdn's fake-OVS canonical form (comma-space, cookie=0, actions after a comma)", () => {
    const r = parseOvsFlows(fixture('ovs-flows', 'synthetic_fake_ovs_expectedFlows_sdn_master.txt'));
    expect(r.warnings).toEqual([]);
    expect(r.records).toHaveLength(65);
    const tun = find(r.records, 10, (f) => fieldOf(f, 'tun_src') === '10.0.123.45');
    expect(tun.cookie).toBe('0xf46ee1a');
    const first = r.records[0] as OvsFlowRecord;
    expect(first.cookie).toBe('0x0');
    expect(first.match).toEqual([{ field: 'ip' }, { field: 'ct_state', value: '-trk' }]);
  });

  it('OCP 4 table 90 with stats and names: big counters', () => {
    const r = parseOvsFlows(fixture('ovs-flows', 'ovs_dump_flows_br0_table90_ocp4_stats_names.txt'));
    // two transcript lines (the command and the prompt) are warned, not parsed
    expect(r.warnings.map((w) => w.line)).toEqual([1, 2]);
    expect(r.records).toHaveLength(5);
    expect(r.records[0]).toMatchObject({
      cookie: '0xaf3f4223',
      table: 90,
      nPackets: 6981944,
      nBytes: 2875111192,
    });
    expect(r.records[0]?.durationS).toBeCloseTo(436762.179);
  });

  it('hand-trimmed lines (cookie/duration removed) still parse; annotations are warned', () => {
    const r = parseOvsFlows(fixture('ovs-flows', 'ovs_flows_trimmed_subnet_ocp3.6_koktlzz.txt'));
    expect(r.records).toHaveLength(32);
    expect(r.records.every((f) => f.cookie === '0x0')).toBe(true);
    const big = r.records.find((f) => f.table === 0 && fieldOf(f, 'nw_dst') === '10.130.8.0/23');
    expect(big?.nPackets).toBe(62751550874);
    expect(
      r.warnings.every((w) =>
        linesOf(fixture('ovs-flows', 'ovs_flows_trimmed_subnet_ocp3.6_koktlzz.txt'))[w.line - 1]?.startsWith(
          '##',
        ),
      ),
    ).toBe(true);
  });
});

describe('parseOvsFlows: bad input gives warnings with line numbers, never a wrong flow', () => {
  it('tolerates blank lines, trailing blanks, CRLF and the OF1.0 NXST_FLOW header with idle_age', () => {
    const text =
      'NXST_FLOW reply (xid=0x4):\r\n\r\n cookie=0x0, duration=5.1s, table=0, n_packets=3, n_bytes=180, idle_age=2, priority=100,ip actions=goto_table:20   \r\n';
    const r = parseOvsFlows(text);
    expect(r.warnings).toEqual([]);
    expect(r.records).toHaveLength(1);
    expect(r.records[0]).toMatchObject({
      line: 3,
      table: 0,
      priority: 100,
      nPackets: 3,
      actionsText: 'goto_table:20',
    });
  });

  it('warns on garbage and on truncated lines, keeps the good flows', () => {
    const text = [
      ' cookie=0x0, duration=1.0s, table=10, n_packets=0, n_bytes=0, priority=0 actions=drop',
      'hello world',
      ' cookie=0x0, duration=1.0s, table=90, n_packets=0, n_bytes=0, priority=100,ip,nw_dst=10.129.0.0/23 actions=move:NXM_NX_REG0[]->NXM_NX_TUN_ID[0..31',
      ' cookie=0x0, duration=1.0s, table=90, n_packets=0, n_bytes=0, priority=100,ip,nw_d',
    ].join('\n');
    const r = parseOvsFlows(text);
    // a flow cut inside `[...]` is not kept: simulated, it would be a different flow
    expect(r.records.map((f) => f.line)).toEqual([1]);
    expect(r.warnings.map((w) => w.line)).toEqual([2, 3, 4]);
    expect(r.warnings[0]?.message.ja).toBeTruthy();
  });

  it('drops a flow whose table, priority, cookie or match field is unreadable', () => {
    const bad = [
      ' table=x1, priority=0 actions=drop',
      ' table=10, priority=1o0 actions=drop',
      ' cookie=0xZZ, table=10, priority=0 actions=drop',
      ' table=10, priority=100,tun_srx=1.2.3.4 actions=goto_table:30',
      ' table=10, priority=100,bogus actions=goto_table:30',
    ];
    const r = parseOvsFlows(bad.join('\n'));
    expect(r.records).toEqual([]);
    expect(r.warnings.map((w) => w.line)).toEqual([1, 2, 3, 4, 5]);
  });

  it('bad actions are kept as `other` with a warning (goto_table without a number, note with a bad byte)', () => {
    const r = parseOvsFlows(' table=0, priority=0 actions=goto_table:x,note:0g.01');
    expect(r.records[0]?.actions).toEqual([
      { kind: 'other', text: 'goto_table:x' },
      { kind: 'other', text: 'note:0g.01' },
    ]);
    expect(r.warnings).toHaveLength(2);
  });

  it('a bad line repeated is warned every time (results of good lines are shared, bad ones are not)', () => {
    const line = ' table=0, priority=0,bogus=1 actions=goto_table:x';
    const r = parseOvsFlows(
      [
        line,
        line,
        ' table=1, priority=0 actions=goto_table:x',
        ' table=1, priority=1 actions=goto_table:x',
      ].join('\n'),
    );
    expect(r.warnings.map((w) => w.line)).toEqual([1, 2, 3, 4]);
    expect(r.records.map((f) => f.line)).toEqual([3, 4]);
  });

  it('empty text: no flows, no warnings', () => {
    expect(parseOvsFlows('')).toEqual({ records: [], warnings: [] });
  });
});

describe('parseFlowMatch / parseFlowActions', () => {
  it('splits actions only outside brackets and parentheses', () => {
    const r = parseFlowActions(
      'ct(commit,nat(src=0.0.0.0),table=30),move:NXM_NX_REG0[]->NXM_NX_TUN_ID[0..31],output:NXM_NX_REG2[]',
    );
    expect(r.warnings).toEqual([]);
    expect(r.records).toEqual([
      { kind: 'ct', commit: true, table: 30, nat: 'src=0.0.0.0', args: 'commit,nat(src=0.0.0.0),table=30' },
      { kind: 'move', src: 'NXM_NX_REG0[]', dst: 'NXM_NX_TUN_ID[0..31]' },
      { kind: 'output_field', field: 'NXM_NX_REG2[]' },
    ]);
  });

  it('reads resubmit in both syntaxes, drop, group, output by name and unknown actions', () => {
    expect(parseFlowActions('resubmit(,30),resubmit:10,resubmit(3,40),drop').records).toEqual([
      { kind: 'resubmit', table: 30 },
      { kind: 'resubmit', port: '10' },
      { kind: 'resubmit', port: '3', table: 40 },
      { kind: 'drop' },
    ]);
    expect(parseFlowActions('group:37, output:tun0, NORMAL').records).toEqual([
      { kind: 'group', id: 37 },
      { kind: 'output', port: 'tun0' },
      { kind: 'other', text: 'NORMAL' },
    ]);
  });

  it('warns on unbalanced brackets', () => {
    const r = parseFlowActions('ct(commit,table=30');
    expect(r.warnings.length).toBeGreaterThan(0);
    expect(r.warnings[0]?.line).toBe(1);
  });

  it('reads a match string with hex or decimal registers, masks and protocol keywords', () => {
    const r = parseFlowMatch('priority=150,tcp,reg0=0,reg1=12446308,nw_src=10.128.0.0/14,tp_dst=8080');
    expect(r.warnings).toEqual([]);
    expect(r.records).toEqual([
      { field: 'priority', value: '150' },
      { field: 'tcp' },
      { field: 'reg0', value: '0' },
      { field: 'reg1', value: '12446308' },
      { field: 'nw_src', value: '10.128.0.0/14' },
      { field: 'tp_dst', value: '8080' },
    ]);
    expect(parseFlowMatch('in_port=3, ip, nosuch=1').warnings).toHaveLength(1);
  });
});

describe('parseOvsFlows: lines read from the process-wide segment cache', () => {
  it('give the records and warnings of their first reading, on every fixture', async () => {
    for (const [name, text] of allFixtures('ovs-flows')) {
      // a fresh module: an empty cache, so the first reading goes through the general reader
      vi.resetModules();
      const fresh = await import('../../src/parsers/ovs-flows.js');
      const first = fresh.parseOvsFlows(text);
      const again = fresh.parseOvsFlows(text);
      expect(again, name).toStrictEqual(first);
      expect(raws(again), name).toStrictEqual(raws(first));
    }
  });

  it('found as the segment that followed the previous one, or by hash, with the statistics read in one pass: the records of the general reader', async () => {
    const dump = syntheticDump().split('\n');
    // a shuffle (the sequence learnt from the dump misses) and statistics the one-pass reader leaves
    // to the token loop or to the general reader; every text's segments are distinct within it
    const shuffled = dump.map((l, i) => dump[(i * 7919) % dump.length] ?? l);
    const odd = [
      (l: string) => l.replace('436762.179s', '28.5404s'), // one rounding of exact numbers
      (l: string) => l.replace('436762.179s', '436762s'),
      (l: string) => l.replace('436762.179s', '436762.s'),
      (l: string) => l.replace('436762.179s', '1234567890123.456s'),
      (l: string) => l.replace('436762.179s', '.5s'),
      (l: string) => l.replace('436762.179s', '1.2.3s'),
      (l: string) => l.replace('436762.179s', '436762.179'),
      (l: string) => l.replace('n_packets=6981944', 'n_packets=123456789012345'),
      (l: string) => l.replace('n_packets=6981944', 'n_packets=1234567890123456'),
      (l: string) => l.replace(/cookie=0x\w+/, 'cookie=0x'),
      (l: string) => l.replace(/cookie=0x\w+/, 'cookie=0x1fffffffffffff'),
      (l: string) => l.replace('n_packets=6981944', 'n_packets=12345678901234567'),
      (l: string) => l.replace('n_bytes=2875111192', 'n_bytes=2875111192 '),
      (l: string) => l.replace(/cookie=0x(\w+)/, 'cookie=0x000000000000$1'),
      (l: string) => l.replace(/cookie=0x\w+/, 'cookie=12'),
      (l: string) => l.replace(/cookie=0x\w+/, 'cookie=0xff9d9cb0'), // above 2³¹, as openshift-sdn's hashes
      (l: string) => l.replace(/cookie=0x\w+/, 'cookie=0xFF84C01B'),
      (l: string) => l.replace('table=', 'table=0000'),
      (l: string) => l.replace(/table=(\d+)/, 'table=$1x'),
      (l: string) => l.replace(/n_bytes=(\d+)/, 'n_bytes=$1 '),
      (l: string) => l.replace(', table=', ',table='),
      (l: string) => l.replace('priority=', 'idle_age=5, priority='),
      (l: string) => l.replace(' actions=', ',n_packets=1 actions='),
      (l: string) => l.replace('duration=', 'duration=-'),
      (l: string) => l,
    ];
    const oddStats = dump.map((l, i) => odd[i % odd.length]!(l));
    const texts = [dump, shuffled, oddStats, dump, oddStats, shuffled].map((lines) => lines.join('\n'));
    // one module (its records' class is its own): the warm cache is rebuilt by reading the texts
    // before this one again, the fresh one by forgetting
    const warmReading = (i: number): ReturnType<typeof parseOvsFlows> => {
      forgetFlowSegments();
      for (const before of texts.slice(0, i)) parseOvsFlows(before);
      return parseOvsFlows(texts[i]!);
    };
    for (const [i, text] of texts.entries()) {
      const warm = warmReading(i);
      forgetFlowSegments();
      const fresh = parseOvsFlows(text);
      expect(warm, `text ${i}`).toStrictEqual(fresh);
      expect(raws(warm), `text ${i}`).toStrictEqual(raws(fresh));
    }
  });

  it('read the statistics of each line, not those of the line that was cached', async () => {
    vi.resetModules();
    const fresh = await import('../../src/parsers/ovs-flows.js');
    const line = (stats: string): string => `${stats}priority=100,ip,nw_dst=10.129.0.0/23 actions=output:1`;
    fresh.parseOvsFlows(line(' cookie=0x1f, duration=1.5s, table=90, n_packets=3, n_bytes=180, '));
    const r = fresh.parseOvsFlows(
      [
        line(' cookie=0x0A, duration=7s, table=90, n_packets=4, n_bytes=2875111192, idle_age=2, '),
        line(' cookie=12, table=90, '),
        line(' table=91, '),
        line(' cookie=0x00000000000000ff, duration=-1s, table=90, n_packets=12345678901234567, n_bytes=0, '),
      ].join('\n'),
    );
    expect(r.warnings).toEqual([]);
    expect(
      r.records.map(({ cookie, table, nPackets, nBytes, durationS, priority }) => ({
        cookie,
        table,
        nPackets,
        nBytes,
        durationS,
        priority,
      })),
    ).toStrictEqual([
      { cookie: '0xa', table: 90, nPackets: 4, nBytes: 2875111192, durationS: 7, priority: 100 },
      {
        cookie: '0xc',
        table: 90,
        nPackets: undefined,
        nBytes: undefined,
        durationS: undefined,
        priority: 100,
      },
      {
        cookie: '0x0',
        table: 91,
        nPackets: undefined,
        nBytes: undefined,
        durationS: undefined,
        priority: 100,
      },
      {
        cookie: '0xff',
        table: 90,
        nPackets: Number('12345678901234567'),
        nBytes: 0,
        durationS: -1,
        priority: 100,
      },
    ]);
    expect('nPackets' in r.records[1]!).toBe(false);
    // the two table 90 lines in the plain form share the cached reading; another table does not
    expect(r.records[1]!.match).toBe(r.records[0]!.match);
    expect(r.records[2]!.match).not.toBe(r.records[0]!.match);
  });

  it('read a counter the general reader read after the match, the last one when repeated', () => {
    const r = parseOvsFlows(
      [
        ' cookie=0x0, duration=1.5s, table=0, n_packets=3, n_bytes=180, priority=100,ip,n_packets=9 actions=drop',
        ' cookie=0x0, table=0, priority=100,ip, duration=2.5s, n_bytes=7,n_packets=1 actions=drop',
        ' cookie=0x0, table=0, n_packets=4, priority=100,ip actions=drop',
      ].join('\n'),
    );
    expect(r.warnings).toEqual([]);
    expect(r.records.map(({ nPackets, nBytes, durationS }) => [nPackets, nBytes, durationS])).toStrictEqual([
      [9, 180, 1.5],
      [1, 7, 2.5],
      [4, undefined, undefined],
    ]);
    expect(r.records.map((f) => 'nBytes' in f)).toEqual([true, true, false]);
  });
});

describe('parseOvsFlows: a dump read in pieces of lines (textPieces)', () => {
  it('gives the records and warnings of the whole text, line numbers running on across the pieces', () => {
    const bad = [
      'OFPST_FLOW reply (OF1.3) (xid=0x2):',
      ' cookie=0x0, duration=1.0s, table=0, n_packets=0, n_bytes=0, priority=100,ip actions=goto_table:20',
      '',
      ' cookie=0xff9d9cb0, duration=2s, table=90, n_packets=1, n_bytes=2, priority=100,ip,nw_dst=10.129.0.0/23 actions=output:1',
      'garbage line',
      ' cookie=0x1, table=0, priority=100,nosuch=1 actions=drop\r',
      '',
    ].join('\n');
    const texts = [...allFixtures('ovs-flows').map(([, text]) => text), bad, syntheticDump()];
    for (const text of texts) {
      const whole = parseOvsFlows(text);
      for (const size of [1, 64, 4096]) {
        const pieces = textPieces(Buffer.from(text), size);
        expect(pieces.join('\n')).toBe(text);
        const read = parseOvsFlows(pieces);
        expect(read).toStrictEqual(whole);
        expect(raws(read)).toStrictEqual(raws(whole));
      }
    }
  });

  it('pieces are whole lines of at most the size asked (a longer line is one piece), UTF-8 kept', () => {
    const text = ['ab', 'c'.repeat(10), 'ü€😀 x', '', 'end', ''].join('\n');
    const pieces = textPieces(Buffer.from(text), 8);
    expect(pieces.join('\n')).toBe(text);
    expect(pieces).toContain('c'.repeat(10));
    expect(pieces).toContain('ü€😀 x');
    // a piece over the size is one line
    for (const p of pieces) expect(!p.includes('\n') || Buffer.byteLength(p) <= 8).toBe(true);
    expect(textPieces(Buffer.from(''))).toEqual(['']);
    expect(textPieces(Buffer.from('one\n'))).toEqual(['one\n']);
    expect(textPieces(Buffer.from('one\ntwo'), 4)).toEqual(['one', 'two']);
  });
});
