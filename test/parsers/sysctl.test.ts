import { describe, expect, it } from 'vitest';
import { parseSysctl } from '../../src/parsers/sysctl.js';
import { hostFixture, withoutRaw } from './host-fixture.js';

describe('parseSysctl', () => {
  it('reads net.ipv4.ip_forward off (a node namespace) and on (the router), 39.7.3.1', () => {
    expect(withoutRaw(parseSysctl(hostFixture('sysctl', 'ip-forward-off.txt')))).toEqual({
      records: [{ line: 1, key: 'net.ipv4.ip_forward', value: '0' }],
      warnings: [],
    });
    expect(parseSysctl(hostFixture('sysctl', 'ip-forward-on.txt')).records[0]?.value).toBe('1');
  });

  it('reads a `sysctl -a` listing', () => {
    const r = parseSysctl(hostFixture('sysctl', 'conf-eth0-a.txt'));
    expect(r.warnings).toEqual([]);
    expect(r.records).toHaveLength(33);
    expect(withoutRaw(r.records[17])).toEqual({
      line: 18,
      key: 'net.ipv4.conf.eth0.igmpv2_unsolicited_report_interval',
      value: '10000',
    });
    expect(r.records.find((x) => x.key === 'net.ipv4.conf.eth0.forwarding')?.value).toBe('0');
  });

  it('turns `sysctl: cannot stat` into a warning naming the key, never a record', () => {
    const r = parseSysctl(hostFixture('sysctl', 'no-such-key.txt'));
    expect(r.records).toEqual([]);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]?.line).toBe(1);
    expect(r.warnings[0]?.message.en).toContain('/proc/sys/net/ipv4/no_such_key');
    expect(r.warnings[0]?.message.ja).toContain('sysctl');
  });

  it('keeps tab-separated values and empty values; warns on lines without `=`', () => {
    const r = parseSysctl(
      'net.ipv4.tcp_rmem = 4096\t131072\t6291456\nkernel.domainname = \n1\nnet.ipv4.ip_forwa',
    );
    expect(withoutRaw(r.records)).toEqual([
      { line: 1, key: 'net.ipv4.tcp_rmem', value: '4096\t131072\t6291456' },
      { line: 2, key: 'kernel.domainname', value: '' },
    ]);
    expect(r.warnings.map((w) => [w.line, w.excerpt])).toEqual([
      [3, '1'],
      [4, 'net.ipv4.ip_forwa'],
    ]);
  });
});
