import { describe, expect, it } from 'vitest';
import { parseOvsListBr, parseOvsShow } from '../../src/parsers/ovs-vsctl.js';
import { parseOvsPortsDesc } from '../../src/parsers/ovs-ports.js';
import { fixture, linesOf } from './ovs-ipt-fixture.js';

describe('parseOvsListBr', () => {
  it('reads the captured list-br', () => {
    expect(parseOvsListBr(fixture('ovs', 'captured-ovs3.1-vsctl-list-br.txt'))).toEqual({
      records: ['br0'],
      warnings: [],
    });
  });
  it('several bridges, blank lines, and a line that is no bridge name', () => {
    const r = parseOvsListBr('br-ex\n\nbr0\nbr 0 ?\n');
    expect(r.records).toEqual(['br-ex', 'br0']);
    expect(r.warnings.map((w) => w.line)).toEqual([4]);
  });
  it('empty output means no bridge (39.7.4: br0 missing), without a warning', () => {
    expect(parseOvsListBr('')).toEqual({ records: [], warnings: [] });
  });
});

describe('parseOvsShow', () => {
  it('captured OVS 3.1: br0 with fail_mode, datapath_type, vxlan0 options, internal tun0, a dead port error', () => {
    const r = parseOvsShow(fixture('ovs', 'captured-ovs3.1-vsctl-show.txt'));
    expect(r.warnings).toEqual([]);
    expect(r.records.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.records.ovsVersion).toBe('3.1.0');
    expect(r.records.bridges).toHaveLength(1);
    const br0 = r.records.bridges[0];
    expect(br0).toMatchObject({ name: 'br0', failMode: 'secure', datapathType: 'netdev', line: 2 });
    expect(br0?.ports.map((p) => p.name).sort()).toEqual([
      'br0',
      'tun0',
      'veth1p2cap',
      'veth2p2cap',
      'vethgone0',
      'vxlan0',
    ]);
    const vx = br0?.ports.find((p) => p.name === 'vxlan0')?.interfaces[0];
    expect(vx).toMatchObject({
      name: 'vxlan0',
      type: 'vxlan',
      options: { dst_port: '4789', key: 'flow', remote_ip: 'flow' },
    });
    expect(br0?.ports.find((p) => p.name === 'tun0')?.interfaces[0]?.type).toBe('internal');
    const gone = br0?.ports.find((p) => p.name === 'vethgone0')?.interfaces[0];
    expect(gone?.error).toBe('could not open network device vethgone0 (No such device)');
    const lines = linesOf(fixture('ovs', 'captured-ovs3.1-vsctl-show.txt'));
    expect(lines[(gone?.line ?? 0) - 1]?.trim()).toBe('Interface vethgone0');
  });

  it('OVS 2.7 (OCP 3.11 blog transcript): quoted names; the elided "..." line is warned', () => {
    const text = linesOf(fixture('ovs', 'ovs_vsctl_ofctl_show_trace_ocp3.11_blog.txt'))
      .slice(19, 32)
      .join('\n');
    const r = parseOvsShow(text);
    expect(r.records.uuid).toBe('db5c9237-3466-4198-b6bb-18d3a522b19d');
    expect(r.records.ovsVersion).toBe('2.7.0');
    const br0 = r.records.bridges[0];
    expect(br0?.name).toBe('br0');
    expect(br0?.failMode).toBe('secure');
    expect(br0?.ports.map((p) => p.name)).toEqual(['vethd83c05d3', 'vxlan0']);
    expect(br0?.ports[1]?.interfaces[0]?.options).toEqual({
      dst_port: '4789',
      key: 'flow',
      remote_ip: 'flow',
    });
    expect(r.warnings.map((w) => w.excerpt.trim())).toEqual(['# ovs-vsctl show', '...']);
  });

  it('reads tag and Controller; warns on misplaced keys and bad options', () => {
    const text = [
      '0d2e8c5f-1b2a-4c3d-9e8f-0a1b2c3d4e5f',
      'fail_mode: secure',
      '    Bridge br1',
      '        Controller "tcp:127.0.0.1:6633"',
      '        Port p1',
      '            tag: 7',
      '            Interface p1',
      '                options: {broken',
      '    ovs_version: "3.1.0"',
    ].join('\n');
    const r = parseOvsShow(text);
    expect(r.records.bridges[0]).toMatchObject({ name: 'br1', controller: 'tcp:127.0.0.1:6633' });
    expect(r.records.bridges[0]?.ports[0]?.tag).toBe(7);
    expect(r.warnings.map((w) => w.line)).toEqual([2, 8]);
  });

  it('garbage: no bridges, warnings, never throws', () => {
    const r = parseOvsShow(
      'ovs-vsctl: unix:/var/run/openvswitch/db.sock: database connection failed (No such file)',
    );
    expect(r.records.bridges).toEqual([]);
    expect(r.warnings.length).toBeGreaterThan(0);
  });
});

describe('parseOvsPortsDesc', () => {
  it('captured dump-ports-desc: vxlan0=1, tun0=2, pod veths, LOCAL(br0) down', () => {
    const r = parseOvsPortsDesc(fixture('ovs', 'captured-ovs3.1-dump-ports-desc.txt'));
    expect(r.warnings).toEqual([]);
    expect(r.records.map((p) => [p.ofport, p.name])).toEqual([
      [1, 'vxlan0'],
      [2, 'tun0'],
      [3, 'veth1p2cap'],
      [4, 'veth2p2cap'],
      ['LOCAL', 'br0'],
    ]);
    expect(r.records[0]).toMatchObject({ config: [], state: ['LIVE'], speedMbps: 0 });
    expect(r.records[2]?.speedMbps).toBe(10000);
    expect(r.records[4]).toMatchObject({ config: ['PORT_DOWN'], state: ['LINK_DOWN'] });
    expect(r.records[0]?.mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    expect(r.records[0]?.line).toBe(2);
  });

  it('captured `ovs-ofctl show br0`: the features/config lines around the port list are skipped', () => {
    const desc = parseOvsPortsDesc(fixture('ovs', 'captured-ovs3.1-dump-ports-desc.txt')).records;
    const show = parseOvsPortsDesc(fixture('ovs', 'captured-ovs3.1-ofctl-show.txt'));
    expect(show.warnings).toEqual([]);
    expect(show.records.map((p) => [p.ofport, p.name, p.mac, p.config, p.state])).toEqual(
      desc.map((p) => [p.ofport, p.name, p.mac, p.config, p.state]),
    );
  });

  it('OCP 3.6 node: port 8381 after churn, "..." elision and the prompt line warned', () => {
    const r = parseOvsPortsDesc(fixture('ovs', 'ovs_ofctl_show_br0_ports_ocp3.6_koktlzz.txt'));
    expect(r.records.map((p) => p.ofport)).toEqual([1, 2, 8381, 'LOCAL']);
    expect(r.records[2]).toMatchObject({
      name: 'vethd040c191',
      mac: '7a:d9:f4:12:94:5f',
      speedMbps: 10000,
      state: [],
    });
    expect(r.warnings.map((w) => w.line)).toEqual([1, 19]);
  });

  it('unreadable flags are warned, and a line outside any port block too', () => {
    const r = parseOvsPortsDesc(
      ' config:     0\n 3(veth1): addr:aa:bb:cc:dd:ee:ff\n     state:      link down?\n',
    );
    expect(r.records).toHaveLength(1);
    expect(r.warnings.map((w) => w.line)).toEqual([1, 3]);
  });
});
