/**
 * Look-alike formats of the commands the parsers read: each is read correctly or refused with a
 * warning naming the format, never misread (`route -n` as ip route, `anywhere` as an address,
 * a klog level lost behind a container-log timestamp, a localized journal month unmatched).
 */
import { describe, expect, it } from 'vitest';
import { parseIpRoute } from '../../src/parsers/ip-route.js';
import { parseIptablesList } from '../../src/parsers/iptables-list.js';
import { parseNodeJournal } from '../../src/parsers/journal.js';

describe('routes: route -n and netstat -rn read as the routes they are', () => {
  it('route -n', () => {
    const { records, warnings } = parseIpRoute(
      [
        'Kernel IP routing table',
        'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface',
        '0.0.0.0         10.0.0.1        0.0.0.0         UG    100    0        0 eth0',
        '10.0.0.0        0.0.0.0         255.255.255.0   U     100    0        0 eth0',
        '10.128.0.0      0.0.0.0         255.252.0.0     U     0      0        0 tun0',
        '172.30.0.0      0.0.0.0         255.255.0.0     U     0      0        0 tun0',
        '',
      ].join('\n'),
    );
    expect(warnings).toEqual([]);
    expect(records.map((r) => [r.dst, r.via ?? '-', r.dev])).toEqual([
      ['default', '10.0.0.1', 'eth0'],
      ['10.0.0.0/24', '-', 'eth0'],
      ['10.128.0.0/14', '-', 'tun0'],
      ['172.30.0.0/16', '-', 'tun0'],
    ]);
  });

  it('netstat -rn (MSS Window irtt columns)', () => {
    const { records, warnings } = parseIpRoute(
      [
        'Kernel IP routing table',
        'Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface',
        '0.0.0.0         192.168.122.1   0.0.0.0         UG        0 0          0 eth0',
        '10.128.0.0      0.0.0.0         255.252.0.0     U         0 0          0 tun0',
        '',
      ].join('\n'),
    );
    expect(warnings).toEqual([]);
    expect(records.map((r) => `${r.dst} ${r.dev}`)).toEqual(['default eth0', '10.128.0.0/14 tun0']);
  });

  it('route without -n (names) and a headerless route -n row are refused, not misread', () => {
    const named = parseIpRoute(
      [
        'Kernel IP routing table',
        'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface',
        'default         gateway         0.0.0.0         UG    100    0        0 eth0',
        '',
      ].join('\n'),
    );
    expect(named.records).toEqual([]);
    expect(named.warnings[0]?.message.en).toContain('run it with -n');
    const bare = parseIpRoute(
      '10.128.0.0      0.0.0.0         255.252.0.0     U     0      0        0 tun0\n',
    );
    expect(bare.records).toEqual([]);
    expect(bare.warnings[0]?.message.en).toContain('route -n / netstat -rn row without its header');
  });
});

describe('iptables -L: -v in/out columns and listings without -n', () => {
  it('-nvL keeps the in/out interfaces (an `-i lo` accept is not accept-all)', () => {
    const { records, warnings } = parseIptablesList(
      [
        'Chain INPUT (policy ACCEPT 0 packets, 0 bytes)',
        ' pkts bytes target     prot opt in     out     source               destination',
        ' 120K 9876K ACCEPT     all  --  lo     *       0.0.0.0/0            0.0.0.0/0',
        '   10   600 ACCEPT     udp  --  *      *       0.0.0.0/0            0.0.0.0/0            udp dpt:4789',
        '',
      ].join('\n'),
    );
    expect(warnings).toEqual([]);
    const rules = records[0]?.rules ?? [];
    expect(rules[0]?.inInterface).toBe('lo');
    expect(rules[0]?.outInterface).toBeUndefined();
    expect(rules[1]?.inInterface).toBeUndefined();
    expect(rules[1]?.dport).toBe('4789');
  });

  it('-L without -n: `anywhere` is 0.0.0.0/0, a host name is refused', () => {
    const { records, warnings } = parseIptablesList(
      [
        'Chain KUBE-SERVICES (2 references)',
        'target     prot opt source               destination',
        'KUBE-SVC-NPX46M4PTMTKRN6Y  tcp  --  anywhere             172.30.0.1           /* default/kubernetes:https cluster IP */ tcp dpt:https',
        'ACCEPT     all  --  localhost            anywhere',
        '',
      ].join('\n'),
    );
    const rules = records[0]?.rules ?? [];
    expect(rules.map((r) => `${r.source} ${r.destination}`)).toEqual(['0.0.0.0/0 172.30.0.1']);
    expect(warnings.map((w) => w.line)).toEqual([4]);
    expect(warnings[0]?.message.en).toContain('without -n');
  });
});

describe('journal and container logs', () => {
  it('klog behind `oc logs --timestamps` and a CRI log file keeps its level', () => {
    const { records } = parseNodeJournal(
      [
        '2021-03-04T10:00:01.123456789Z I0304 10:00:01.123000    4242 node.go:338] Starting openshift-sdn network plugin',
        '2021-03-04T10:00:02.000000000+00:00 stderr F E0304 10:00:02.000000    4242 pod.go:232] CNI request failed with status 400',
        '',
      ].join('\n'),
    );
    expect(records.errors.map((e) => e.line)).toEqual([2]);
  });

  it('short-precise, short-full and localized months are journal lines', () => {
    for (const line of [
      'Mar 04 10:00:02.123456 node-1 atomic-openshift-node[4242]: E0304 10:00:02.000000    4242 pod.go:232] boom',
      'Thu 2021-03-04 10:00:02 UTC node-1 atomic-openshift-node[4242]: E0304 10:00:02.000000    4242 pod.go:232] boom',
      'Mär 04 10:00:02 node-1 atomic-openshift-node[4242]: E0304 10:00:02.000000    4242 pod.go:232] boom',
      'déc. 04 10:00:02 node-1 atomic-openshift-node[4242]: E1204 10:00:02.000000    4242 pod.go:232] boom',
      '12月 04 10:00:02 node-1 atomic-openshift-node[4242]: E1204 10:00:02.000000    4242 pod.go:232] boom',
    ]) {
      const { records, warnings } = parseNodeJournal(`${line}\n`);
      expect(warnings, line).toEqual([]);
      expect(records.errors.length, line).toBe(1);
    }
  });

  it('text with no journal, klog or container-log header anywhere is not a journal: one warning, nothing read', () => {
    const r = parseNodeJournal('<html>\n<body>error: upstream failed</body>\n</html>\n');
    expect(r.records).toEqual({ blocks: [], errors: [], setupFailures: [] });
    expect(r.warnings.map((w) => [w.line, w.message.en])).toEqual([
      [1, 'not a journal: no line has a journal, klog or container-log header'],
    ]);
    // headerless klog lines (a container log pasted without runtime prefix) are still a log
    expect(parseNodeJournal('E1121 10:00:02.210400    4242 controller.go:134] boom\n').warnings).toEqual([]);
    expect(parseNodeJournal('-- No entries --\n').warnings).toEqual([]);
  });

  it('journalctl -o json is refused with a warning naming it', () => {
    const { records, warnings } = parseNodeJournal(
      '{"__CURSOR":"s=1","MESSAGE":"E0304 failed","_SYSTEMD_UNIT":"atomic-openshift-node.service"}\n',
    );
    expect(records.errors).toEqual([]);
    expect(warnings[0]?.message.en).toContain('journalctl -o json');
  });

  it('"Could not find an allocated subnet … Waiting" is a setup failure until the node goes on', () => {
    const waiting = [
      'Mar 04 10:00:01 node-1 atomic-openshift-node[4242]: W0304 10:00:01.000000    4242 subnets.go:48] Could not find an allocated subnet for node: node-1, Waiting...',
      'Mar 04 10:00:03 node-1 atomic-openshift-node[4242]: W0304 10:00:03.000000    4242 subnets.go:48] Could not find an allocated subnet for node: node-1, Waiting...',
    ];
    expect(parseNodeJournal(`${waiting.join('\n')}\n`).records.setupFailures.map((l) => l.line)).toEqual([
      1, 2,
    ]);
    const recovered = [
      ...waiting,
      'Mar 04 10:00:05 node-1 atomic-openshift-node[4242]: I0304 10:00:05.000000    4242 node.go:420] Output of setup script:',
    ];
    expect(parseNodeJournal(`${recovered.join('\n')}\n`).records.setupFailures).toEqual([]);
  });
});
