import { describe, expect, it } from 'vitest';
import { findFlows, tunDstOf, versionNote } from '../../src/checks/lib/flows.js';
import { walkChain } from '../../src/checks/lib/iptables.js';
import { lookupRoute, routeCovering } from '../../src/checks/lib/routes.js';
import { pluginKindOf } from '../../src/checks/lib/plugin.js';
import { parseIptablesSave, parseIpRoute, parseOvsFlows } from '../../src/parsers/index.js';

describe('routes', () => {
  const routes = parseIpRoute(
    'default via 192.168.122.1 dev eth0\n10.128.0.0/14 dev tun0 scope link\n10.128.2.0/23 via 192.168.122.1 dev eth0\nunreachable 10.128.4.0/23\n',
  ).records;
  it('longest prefix wins; non-unicast routes are not taken', () => {
    expect(lookupRoute(routes, '10.128.2.5')?.dev).toBe('eth0');
    expect(lookupRoute(routes, '10.128.0.5')?.dev).toBe('tun0');
    expect(lookupRoute(routes, '10.128.4.5')?.dev).toBe('tun0');
    expect(lookupRoute(routes, '8.8.8.8')?.dst).toBe('default');
    expect(routeCovering(routes, '10.128.2.0/23')?.dev).toBe('eth0');
    expect(routeCovering(routes, '10.128.6.0/23')?.dev).toBe('tun0');
  });
});

describe('flows', () => {
  const flows = parseOvsFlows(
    [
      ' cookie=0x0, table=90, priority=100,ip,nw_dst=10.128.2.0/23 actions=move:NXM_NX_REG0[]->NXM_NX_TUN_ID[0..31],set_field:192.168.122.12->tun_dst,output:1',
      ' table=90, priority=100,ip,nw_dst=10.128.4.0/23 actions=move:NXM_NX_REG0[]->NXM_NX_TUN_ID[0..31],load:0xc0a87a0d->NXM_NX_TUN_IPV4_DST[],output:1',
      ' table=40, priority=100,arp,arp_tpa=10.128.0.2 actions=output:3',
      ' table=253, actions=note:02.07.00.00.00.00',
    ].join('\n'),
  ).records;
  it('finds by table and field, with OVS spellings and /32', () => {
    expect(findFlows(flows, { table: 90, proto: 'ip', fields: { nw_dst: '10.128.2.0/23' } })).toHaveLength(1);
    expect(findFlows(flows, { table: 40, proto: 'arp', fields: { nw_dst: '10.128.0.2/32' } })).toHaveLength(
      1,
    );
    expect(findFlows(flows, { table: 40, proto: 'ip', fields: { nw_dst: '10.128.0.2' } })).toHaveLength(0);
  });
  it('finds by address as a network (mask spelling, other prefix) and in dump order', () => {
    const two = parseOvsFlows(
      [
        ' table=90, priority=100,ip,nw_dst=10.128.2.0/255.255.254.0 actions=output:1',
        ' table=90, priority=50,ip,nw_dst=10.128.2.0/24 actions=output:2',
        ' table=90, priority=10,ip,nw_dst=10.128.2.0/23 actions=drop',
      ].join('\n'),
    ).records;
    const found = findFlows(two, { table: 90, proto: 'ip', fields: { nw_dst: '10.128.2.0/23' } });
    expect(found.map((f) => f.priority)).toEqual([100, 10]);
    expect(findFlows(two, { table: 90, fields: { nw_dst: '10.128.2.0/24' } }).map((f) => f.priority)).toEqual(
      [50],
    );
    expect(findFlows(two, { table: 90, fields: { nw_dst: '10.128.3.0/24' } })).toHaveLength(0);
    expect(findFlows(two, { table: 90, fields: { nw_dst: 'not-an-ip' } })).toHaveLength(0);
  });
  it('reads tun_dst from set_field and from the old load form; reads the note', () => {
    expect(flows.map(tunDstOf)).toEqual(['192.168.122.12', '192.168.122.13', undefined, undefined]);
    expect(versionNote(flows)).toMatchObject({ pluginId: 2, ruleVersion: 7 });
  });
  it('maps plugin names, also the guide example spelling', () => {
    expect(pluginKindOf('redhat/openshift-ovs-multitenant')).toBe('multitenant');
    expect(pluginKindOf('company/openshift-ovs-subnet')).toBe('subnet');
    expect(pluginKindOf('cni')).toBeUndefined();
  });
});

describe('iptables walker', () => {
  const [nat, filter] = parseIptablesSave(`*nat
:POSTROUTING ACCEPT [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-MARK-MASQ - [0:0]
:OPENSHIFT-MASQUERADE - [0:0]
:OPENSHIFT-MASQUERADE-2 - [0:0]
-A POSTROUTING -j KUBE-MARK-MASQ-IF-EXT
-A POSTROUTING -j OPENSHIFT-MASQUERADE
-A POSTROUTING -j KUBE-POSTROUTING
-A KUBE-MARK-MASQ -j MARK --set-xmark 0x1/0x1
-A OPENSHIFT-MASQUERADE -m mark --mark 0x1/0x1 -j RETURN
-A OPENSHIFT-MASQUERADE -s 10.128.0.0/14 -g OPENSHIFT-MASQUERADE-2
-A OPENSHIFT-MASQUERADE-2 -d 10.128.0.0/14 -j RETURN
-A OPENSHIFT-MASQUERADE-2 -j MASQUERADE
-A KUBE-POSTROUTING -m mark --mark 0x1/0x1 -j MASQUERADE
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:X - [0:0]
-A INPUT -m iprange --src-range 192.168.122.1-192.168.122.99 -j DROP
-A INPUT -p udp -m multiport --dports 4000:5000,53 -j X
-A INPUT -i eth+ -p tcp --dport 22 -j REJECT
-A X ! -s 10.0.0.0/8 -j DROP
-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
COMMIT
`).records;
  it('goto, RETURN, policy and marks', () => {
    if (!nat || !filter) throw new Error('parse');
    const egress = walkChain(nat, 'POSTROUTING', {
      proto: 'tcp',
      dport: 443,
      src: '10.128.0.2',
      dst: '192.0.2.1',
    });
    expect(egress.verdict).toBe('MASQUERADE');
    expect(egress.rule?.chain).toBe('OPENSHIFT-MASQUERADE-2');
    const internal = walkChain(nat, 'POSTROUTING', {
      proto: 'tcp',
      dport: 80,
      src: '10.128.0.2',
      dst: '10.128.2.2',
    });
    // -g: falling off OPENSHIFT-MASQUERADE-2 via RETURN returns from OPENSHIFT-MASQUERADE too; no mark → policy.
    expect(internal.verdict).toBe('ACCEPT');
    expect(internal.policy?.name).toBe('POSTROUTING');
    const marked = walkChain(nat, 'POSTROUTING', {
      proto: 'tcp',
      dport: 80,
      src: '192.0.2.9',
      dst: '10.128.2.2',
      mark: 1,
    });
    expect(marked.verdict).toBe('MASQUERADE');
    expect(marked.rule?.chain).toBe('KUBE-POSTROUTING');
  });
  it('multiport ranges, interface wildcards, negation, unknown modules as uncertain', () => {
    if (!filter) throw new Error('parse');
    const vx = walkChain(filter, 'INPUT', {
      proto: 'udp',
      dport: 4789,
      src: '192.168.122.12',
      dst: '192.168.122.11',
      in: 'eth0',
    });
    expect(vx.verdict).toBe('DROP');
    expect(vx.rule?.chain).toBe('X');
    expect(vx.uncertain.map((r) => r.raw)).toEqual([
      '-A INPUT -m iprange --src-range 192.168.122.1-192.168.122.99 -j DROP',
    ]);
    const inside = walkChain(filter, 'INPUT', {
      proto: 'udp',
      dport: 53,
      src: '10.1.1.1',
      dst: '192.168.122.11',
    });
    expect(inside.verdict).toBe('ACCEPT');
    const ssh = walkChain(filter, 'INPUT', {
      proto: 'tcp',
      dport: 22,
      src: '10.1.1.1',
      dst: '192.168.122.11',
      in: 'eth1',
    });
    expect(ssh.verdict).toBe('REJECT');
    const fwd = walkChain(filter, 'FORWARD', {
      proto: 'tcp',
      dport: 80,
      src: '10.128.0.2',
      dst: '10.128.2.2',
    });
    expect(fwd.verdict).toBe('DROP');
    expect(fwd.policy?.name).toBe('FORWARD');
  });
});
