import { describe, expect, it } from 'vitest';
import { parseIpAddr } from '../../src/parsers/ip-addr.js';
import { hostFixture, withoutRaw } from './host-fixture.js';

describe('parseIpAddr', () => {
  it('reads the guide sample (39.8.1): NIC MTU 1500, addresses; the guide ruler is a warning', () => {
    const r = parseIpAddr(hostFixture('ip-addr', 'guide-39.8.1.txt'));
    expect(r.warnings.map((w) => [w.line, w.excerpt])).toEqual([[1, '---']]);
    expect(withoutRaw(r.records)).toEqual([
      {
        line: 2,
        index: 2,
        name: 'eth0',
        flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
        mtu: 1500,
        state: 'UP',
        up: true,
        linkType: 'ether',
        mac: 'fa:16:3e:56:4c:11',
        addresses: [
          { line: 4, family: 'inet', cidr: '172.16.0.0/24', scope: 'global', label: 'eth0' },
          { line: 6, family: 'inet6', cidr: 'fe80::f816:3eff:fe56:4c11/64', scope: 'link' },
        ],
      },
    ]);
  });

  it('reads a real node: veth peers, tun0, a bridge without carrier, master, labels', () => {
    const r = parseIpAddr(hostFixture('ip-addr', 'lab-node-addr.txt'));
    expect(r.warnings).toEqual([]);
    expect(r.records.map((l) => [l.index, l.name, l.peer, l.mtu, l.state, l.master, l.up])).toEqual([
      [1, 'lo', undefined, 65536, 'UNKNOWN', undefined, true],
      [2, 'tun0p', 'tun0', 1450, 'UP', undefined, true],
      [3, 'tun0', 'tun0p', 1450, 'UP', undefined, true],
      [4, 'br-x', undefined, 1500, 'DOWN', undefined, false],
      [5, 'vx1', 'vx0', 1500, 'DOWN', undefined, false],
      [6, 'vx0', 'vx1', 1500, 'LOWERLAYERDOWN', 'br-x', false],
      [21, 'eth0', 'if20', 1500, 'UP', undefined, true],
    ]);
    const eth0 = r.records[6];
    expect(withoutRaw(eth0)).toEqual({
      line: 25,
      index: 21,
      name: 'eth0',
      peer: 'if20',
      flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
      mtu: 1500,
      state: 'UP',
      up: true,
      linkType: 'ether',
      mac: '2a:5f:65:29:e6:d7',
      addresses: [
        { line: 27, family: 'inet', cidr: '10.99.1.2/24', scope: 'global', label: 'eth0' },
        { line: 29, family: 'inet6', cidr: 'fe80::285f:65ff:fe29:e6d7/64', scope: 'link' },
      ],
    });
    expect(r.records[2]?.addresses[0]).toMatchObject({ cidr: '10.128.2.1/23', label: 'tun0', line: 13 });
    expect(r.records[3]?.flags).toEqual(['NO-CARRIER', 'BROADCAST', 'MULTICAST', 'UP']);
    expect(r.records[3]?.addresses[0]?.label).toBe('br-x:gw');
    expect(r.records[0]).toMatchObject({ linkType: 'loopback', mac: '00:00:00:00:00:00' });
  });

  it('reads `ip link` (same heads, no addresses) and `ip addr show dev`', () => {
    const link = parseIpAddr(hostFixture('ip-addr', 'lab-node-link.txt'));
    expect(link.warnings).toEqual([]);
    expect(link.records.map((l) => [l.line, l.name, l.addresses.length])).toEqual([
      [1, 'lo', 0],
      [3, 'tun0p', 0],
      [5, 'tun0', 0],
      [7, 'br-x', 0],
      [9, 'vx1', 0],
      [11, 'vx0', 0],
      [13, 'eth0', 0],
    ]);
    const one = parseIpAddr(hostFixture('ip-addr', 'lab-node-eth0.txt'));
    expect(one.records.map((l) => [l.name, l.addresses.map((a) => a.cidr)])).toEqual([
      ['eth0', ['10.99.1.2/24', 'fe80::285f:65ff:fe29:e6d7/64']],
    ]);
    const rt = parseIpAddr(hostFixture('ip-addr', 'lab-router-addr.txt'));
    expect(rt.records.map((l) => [l.name, l.mtu])).toEqual([
      ['lo', 65536],
      ['r1', 1500],
      ['r2', 1450],
    ]);
  });

  it('reads OpenShift 3.6 node lines (public sample): pod veth on ovs-system, tun0 MTU 1450', () => {
    expect(withoutRaw(parseIpAddr(hostFixture('ip-addr', 'koktlzz-show-veth.txt')))).toEqual({
      records: [
        {
          line: 1,
          index: 559,
          name: 'vethe9f523a9',
          peer: 'if3',
          flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
          mtu: 1450,
          master: 'ovs-system',
          state: 'UP',
          up: true,
          linkType: 'ether',
          mac: 'b2:a1:61:00:dc:3b',
          addresses: [{ line: 3, family: 'inet6', cidr: 'fe80::b0a1:61ff:fe00:dc3b/64', scope: 'link' }],
        },
      ],
      warnings: [],
    });
    const tun0 = parseIpAddr(hostFixture('ip-addr', 'koktlzz-grep-tun0.txt')).records[0];
    expect(tun0).toMatchObject({ index: 16, name: 'tun0', mtu: 1450, state: 'UNKNOWN', up: true });
    expect(tun0?.addresses.map((a) => a.cidr)).toEqual(['10.130.8.1/23']);
    expect(parseIpAddr(hostFixture('ip-addr', 'koktlzz-grep-veth.txt')).records[0]).toMatchObject({
      name: 'vethba48c6de',
      master: 'ovs-system',
    });
  });

  it('is not up without LOWER_UP (administratively up, no carrier)', () => {
    const r = parseIpAddr('7: tun0: <BROADCAST,MULTICAST,UP> mtu 1450 qdisc noqueue state DOWN\n');
    expect(r.records[0]?.up).toBe(false);
  });

  it('warns on error text, orphan detail lines and corrupted addresses', () => {
    expect(parseIpAddr(hostFixture('ip-addr', 'lab-no-such-dev.txt')).warnings.map((w) => w.line)).toEqual([
      1,
    ]);
    const r = parseIpAddr(
      [
        '    inet 10.0.0.1/24 scope global eth0',
        '2: eth0: <UP,LOWER_UP> mtu 1500',
        '    inet 10.0.0.300/24 scope global eth0',
        '3: eth1: <UP',
      ].join('\n'),
    );
    expect(r.records.map((l) => [l.name, l.addresses.length])).toEqual([['eth0', 0]]);
    expect(r.warnings.map((w) => w.line)).toEqual([1, 3, 4]);
  });
});
