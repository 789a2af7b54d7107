import { describe, expect, it } from 'vitest';
import { FlowMentions } from '../../src/dataplane/matrix/signatures.js';
import type { Flow } from '../../src/model/types.js';
import { parseIp } from '../../src/net/ipv4.js';
import { parseOvsFlows } from '../../src/parsers/ovs-flows.js';

/** A node's flows as `ovs-ofctl dump-flows br0` prints them (statistics first, as every line of a dump). */
const DUMP = [
  ' cookie=0x0, duration=9.1s, table=20, n_packets=0, n_bytes=0, priority=100,ip,in_port=3,nw_src=10.128.0.5 actions=load:0x1->NXM_NX_REG0[],goto_table:21',
  ' cookie=0x0, duration=9.1s, table=40, n_packets=0, n_bytes=0, priority=100,arp,arp_tpa=10.128.0.5 actions=output:3',
  ' cookie=0x0, duration=9.1s, table=70, n_packets=0, n_bytes=0, priority=100,ip,nw_dst=10.128.0.5 actions=load:0x3->NXM_NX_REG2[],goto_table:80',
  ' cookie=0x0, duration=9.1s, table=90, n_packets=0, n_bytes=0, priority=100,ip,nw_dst=10.129.0.0/23 actions=move:NXM_NX_REG0[]->NXM_NX_TUN_ID[0..31],set_field:192.168.50.12->tun_dst,output:1',
  ' cookie=0x0, duration=9.1s, table=21, n_packets=0, n_bytes=0, priority=100,ip,nw_src=10.128.0.9,nw_dst=10.128.0.9 actions=goto_table:30',
].join('\n');

const ip = (text: string): number => parseIp(text)!;
const tablesOf = (flows: readonly Flow[] | undefined): number[] => (flows ?? []).map((f) => f.table);

describe('FlowMentions', () => {
  it('lists a flow under each exact address it names and under its in_port, never under a subnet', () => {
    const m = new FlowMentions(parseOvsFlows(DUMP).records);
    expect(tablesOf(m.byIp.get(ip('10.128.0.5')))).toEqual([20, 40, 70]);
    expect(tablesOf(m.byPortToken.get('3'))).toEqual([20]);
    // a subnet (table 90's HostSubnet) is no pod's address
    expect(m.byIp.has(ip('10.129.0.0'))).toBe(false);
    // one flow naming an address as source and destination is listed once
    expect(tablesOf(m.byIp.get(ip('10.128.0.9')))).toEqual([21]);
    expect([...m.byIp.keys()].sort((a, b) => a - b)).toEqual([ip('10.128.0.5'), ip('10.128.0.9')]);
  });

  it('reads the same from another node whose lines share their match lists', () => {
    const first = parseOvsFlows(DUMP).records;
    // the same lines again: the parser's segment cache gives them the first reading's match lists
    const again = parseOvsFlows(DUMP).records;
    expect(again[0]!.match).toBe(first[0]!.match);
    const a = new FlowMentions(first);
    const b = new FlowMentions(again);
    expect([...b.byIp.keys()]).toEqual([...a.byIp.keys()]);
    // each node's index lists that node's own flows
    expect(b.byIp.get(ip('10.128.0.5'))).toEqual(again.slice(0, 3));
    expect(b.byIp.get(ip('10.128.0.5'))![0]).toBe(again[0]);
    expect(tablesOf(b.byPortToken.get('3'))).toEqual([20]);
  });
});
