import { describe, expect, it } from 'vitest';
import { parseEthtool, parseEthtoolDriver, parseEthtoolStats } from '../../src/parsers/ethtool.js';
import { hostFixture } from './host-fixture.js';

describe('parseEthtool (39.6: Link detected, speed, duplex)', () => {
  it('reads a veth: link detected, 10000Mb/s full duplex', () => {
    const r = parseEthtool(hostFixture('ethtool', 'veth-settings.txt'));
    expect(r.warnings).toEqual([]);
    expect(r.records).toMatchObject({
      iface: 'eth0',
      linkDetected: true,
      speed: '10000Mb/s',
      duplex: 'Full',
    });
    expect(Object.keys(r.records.settings)).toHaveLength(17);
    expect(r.records.settings['Port']).toBe('Twisted Pair');
    expect(r.records.settings['Supported ports']).toBe('[  ]');
  });

  it('reads a bridge without carrier: link not detected, unknown speed', () => {
    expect(parseEthtool(hostFixture('ethtool', 'bridge-settings.txt')).records).toMatchObject({
      iface: 'br-x',
      linkDetected: false,
      speed: 'Unknown!',
      duplex: 'Unknown! (255)',
    });
  });

  it('joins wrapped values (a physical NIC prints link modes over several lines)', () => {
    const text = [
      'Settings for ens3:',
      '\tSupported link modes:   10baseT/Half 10baseT/Full',
      '\t                        100baseT/Half 100baseT/Full',
      '\tSpeed: 1000Mb/s',
      '\tCurrent message level: 0x00000007 (7)',
      '\t\t\t       drv probe link',
      '\tLink detected: yes',
    ].join('\n');
    const r = parseEthtool(text);
    expect(r.warnings).toEqual([]);
    expect(r.records.settings['Supported link modes']).toBe(
      '10baseT/Half 10baseT/Full 100baseT/Half 100baseT/Full',
    );
    expect(r.records.settings['Current message level']).toBe('0x00000007 (7) drv probe link');
    expect(r.records.linkDetected).toBe(true);
  });

  it('ethtool errors are warnings; no link state is invented', () => {
    const r = parseEthtool(
      'Cannot get device settings: No such device\nCannot get link status: No such device\n',
    );
    expect(r.records).toEqual({ settings: {} });
    expect(r.warnings.map((w) => w.line)).toEqual([1, 2]);
  });
});

describe('parseEthtoolStats (39.13.3: veth peer)', () => {
  it('reads counters and peer_ifindex', () => {
    const r = parseEthtoolStats(hostFixture('ethtool', 'veth-stats.txt'));
    expect(r.warnings).toEqual([]);
    expect(r.records.peerIfindex).toBe(20);
    expect(Object.keys(r.records.stats)).toHaveLength(10);
    expect(r.records.stats['rx_queue_0_drops']).toBe(0);
  });

  it('a missing device is a warning, never a peer', () => {
    const r = parseEthtoolStats(hostFixture('ethtool', 'no-such-dev.txt'));
    expect(r.records).toEqual({ stats: {} });
    expect(r.warnings.map((w) => [w.line, w.excerpt])).toEqual([
      [1, 'Cannot get stats strings information: No such device'],
    ]);
  });

  it('warns on a counter that is not a number (truncated output)', () => {
    const r = parseEthtoolStats('NIC statistics:\n     peer_ifindex: 5\n     rx_queue_0_drops: 1x\n     tx_');
    expect(r.records).toEqual({ stats: { peer_ifindex: 5 }, peerIfindex: 5 });
    expect(r.warnings.map((w) => w.line)).toEqual([3, 4]);
  });
});

describe('parseEthtoolDriver (39.13.3: driver type)', () => {
  it('reads veth and bridge drivers; empty bus-info stays unset', () => {
    const veth = parseEthtoolDriver(hostFixture('ethtool', 'veth-driver.txt'));
    expect(veth.warnings).toEqual([]);
    expect(veth.records).toMatchObject({ driver: 'veth', version: '1.0' });
    expect(veth.records.busInfo).toBeUndefined();
    expect(veth.records.fields['supports-statistics']).toBe('yes');
    expect(parseEthtoolDriver(hostFixture('ethtool', 'bridge-driver.txt')).records).toMatchObject({
      driver: 'bridge',
      version: '2.3',
      busInfo: 'N/A',
    });
  });

  it('warns on errors and garbage', () => {
    const r = parseEthtoolDriver('Cannot get driver information: No such device\n###\n');
    expect(r.records).toEqual({ fields: {} });
    expect(r.warnings.map((w) => w.line)).toEqual([1, 2]);
  });
});
