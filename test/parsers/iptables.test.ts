import { describe, expect, it } from 'vitest';
import { parseIptablesSave } from '../../src/parsers/iptables-save.js';
import { parseIptablesList } from '../../src/parsers/iptables-list.js';
import type { IptablesRuleRecord, IptablesTableRecord } from '../../src/parsers/types.js';
import { fixture, linesOf } from './ovs-ipt-fixture.js';

const table = (tables: readonly IptablesTableRecord[], name: string): IptablesTableRecord => {
  const t = tables.find((x) => x.name === name);
  expect(t).toBeDefined();
  return t as IptablesTableRecord;
};
const chain = (t: IptablesTableRecord, name: string): IptablesRuleRecord[] =>
  t.rules.filter((r) => r.chain === name);

describe('parseIptablesSave on the captured nf_tables output (kube-proxy + openshift-sdn)', () => {
  const text = fixture('iptables', 'captured-iptables-nft-save.txt');
  const r = parseIptablesSave(text);

  it('reads both tables, committed, with declarations and rules counted', () => {
    expect(r.warnings).toEqual([]);
    expect(r.records.map((t) => [t.name, t.chains.length, t.rules.length, t.committed])).toEqual([
      ['filter', 8, 15, true],
      ['nat', 17, 34, true],
    ]);
    const nat = table(r.records, 'nat');
    expect(nat.line).toBe(29);
    expect(nat.chains[0]).toMatchObject({ name: 'PREROUTING', policy: 'ACCEPT', line: 30 });
    expect(nat.chains.find((c) => c.name === 'KUBE-SERVICES')?.policy).toBe('-');
  });

  it('KUBE-SERVICES → KUBE-SVC → KUBE-SEP → DNAT for default/kubernetes:https (39.11)', () => {
    const nat = table(r.records, 'nat');
    const svcRules = chain(nat, 'KUBE-SERVICES').filter(
      (x) => x.comment === 'default/kubernetes:https cluster IP',
    );
    expect(svcRules).toHaveLength(2);
    expect(svcRules[0]).toMatchObject({
      source: '10.128.0.0/14',
      sourceNegated: true,
      destination: '172.30.0.1/32',
      protocol: 'tcp',
      dport: '443',
      modules: ['comment', 'tcp'],
      jump: 'KUBE-MARK-MASQ',
    });
    expect(svcRules[1]).toMatchObject({ destination: '172.30.0.1/32', jump: 'KUBE-SVC-NPX46M4PTMTKRN6Y' });
    expect(svcRules[1]?.sourceNegated).toBeUndefined();
    const lb = chain(nat, 'KUBE-SVC-NPX46M4PTMTKRN6Y');
    // k8s ≥1.17 writes %0.10f; iptables prints round(p·2^31)/2^31 with %.11f
    expect(lb.map((x) => x.probability)).toEqual([0.33333333349, 0.5, undefined]);
    expect(lb.map((x) => x.modules)).toEqual([
      ['comment', 'statistic'],
      ['comment', 'statistic'],
      ['comment'],
    ]);
    const dnat = lb.map((x) => chain(nat, x.jump as string).find((s) => s.jump === 'DNAT')?.toDestination);
    expect(dnat).toEqual(['192.168.50.11:8443', '192.168.50.12:8443', '192.168.50.13:8443']);
    const sep = chain(nat, lb[0]?.jump as string);
    expect(sep[0]).toMatchObject({ source: '192.168.50.11/32', jump: 'KUBE-MARK-MASQ' });
    expect(sep[1]?.targetArgs).toEqual(['--to-destination', '192.168.50.11:8443']);
  });

  it('marks, negated marks, target options, addrtype, SNAT', () => {
    const nat = table(r.records, 'nat');
    const post = chain(nat, 'KUBE-POSTROUTING');
    expect(post[0]).toMatchObject({ mark: '0x1/0x1', markNegated: true, jump: 'RETURN' });
    expect(post[1]).toMatchObject({ jump: 'MARK', targetArgs: ['--set-xmark', '0x1/0x0'] });
    expect(post[2]).toMatchObject({ jump: 'MASQUERADE', targetArgs: ['--random-fully'] });
    const last = chain(nat, 'KUBE-SERVICES').at(-1);
    expect(last).toMatchObject({
      dstType: 'LOCAL',
      jump: 'KUBE-NODEPORTS',
      modules: ['comment', 'addrtype'],
    });
    const masq = chain(nat, 'OPENSHIFT-MASQUERADE');
    expect(masq.map((x) => x.jump)).toEqual(['RETURN', 'SNAT', 'MASQUERADE']);
    expect(masq[1]).toMatchObject({ mark: '0xd2bf9b', toSource: '192.168.50.200' });
    expect(masq[1]?.markNegated).toBeUndefined();
  });

  it('filter: VXLAN accept, ctstate, interface negation, REJECT with its reason (39.7.4.1)', () => {
    const filter = table(r.records, 'filter');
    const input = chain(filter, 'INPUT');
    expect(input[1]).toMatchObject({
      protocol: 'udp',
      dport: '4789',
      ctstate: 'NEW',
      modules: ['state', 'udp'],
      jump: 'ACCEPT',
    });
    const fwd = chain(filter, 'FORWARD')[0];
    expect(fwd).toMatchObject({ inInterface: 'tun0', outInterface: '!tun0' });
    const reject = chain(filter, 'KUBE-SERVICES')[0];
    expect(reject).toMatchObject({
      comment: 'demo/empty:http has no endpoints',
      jump: 'REJECT',
      targetArgs: ['--reject-with', 'icmp-port-unreachable'],
    });
    expect(chain(filter, 'KUBE-FORWARD')[0]).toMatchObject({ ctstate: 'INVALID', jump: 'DROP' });
  });

  it('every rule and declaration points at its line', () => {
    const lines = linesOf(text);
    for (const t of r.records) {
      for (const x of [...t.chains, ...t.rules]) expect(lines[x.line - 1]).toBe(x.raw);
    }
  });

  it('the iptables-legacy capture reads the same rules', () => {
    const legacy = parseIptablesSave(fixture('iptables', 'captured-iptables-legacy-save.txt'));
    expect(legacy.warnings).toEqual([]);
    const key = (t: readonly IptablesTableRecord[]): string[] =>
      t.flatMap((x) => x.rules.map((y) => `${x.name} ${y.chain} ${y.args.join(' ')}`)).sort();
    expect(key(legacy.records)).toEqual(key(r.records));
  });
});

describe('parseIptablesSave on other real and synthetic outputs', () => {
  it('raw/filter/nat of the openshift-sdn 4.x replay: NOTRACK, --tcp-flags with two values, egress-IP SNAT', () => {
    const r = parseIptablesSave(
      fixture('iptables', 'synthetic_iptables_save_openshift_sdn_and_kube_proxy_4.x.txt'),
    );
    expect(r.warnings).toEqual([]);
    expect(r.records.map((t) => [t.name, t.rules.length])).toEqual([
      ['raw', 3],
      ['filter', 13],
      ['nat', 42],
    ]);
    const block = chain(table(r.records, 'filter'), 'OPENSHIFT-BLOCK-OUTPUT')[0];
    expect(block).toMatchObject({ dport: '22623', jump: 'REJECT' });
    expect(block?.args).toContain('FIN,SYN,RST,ACK');
    expect(chain(table(r.records, 'raw'), 'OPENSHIFT-NOTRACK')[0]).toMatchObject({
      dport: '4789',
      jump: 'NOTRACK',
    });
  });

  it('fragments without *table: rules kept under an unnamed uncommitted table, one warning', () => {
    const r = parseIptablesSave(
      fixture('iptables', 'iptables_save_kube_proxy_nat_svc_openshift3.11_fragment.txt'),
    );
    expect(r.records).toHaveLength(1);
    expect(r.records[0]).toMatchObject({ name: '', committed: false });
    expect(r.records[0]?.rules).toHaveLength(10);
    expect(r.warnings.map((w) => w.line)).toEqual([1]);
    const lb = chain(r.records[0] as IptablesTableRecord, 'KUBE-SVC-UNWFIWS7624VL6XI');
    expect(lb.map((x) => [x.probability, x.jump])).toEqual([
      [0.5, 'KUBE-SEP-HKFKWO5PFFO7Z3EC'],
      [undefined, 'KUBE-SEP-N3H7ASEQYKKEG23L'],
    ]);
  });

  it('k8s ≤1.16 probability ladder and ClientIP affinity flags (issue excerpts)', () => {
    const r = parseIptablesSave(fixture('iptables', 'iptables_save_kube_proxy_fragments_issues.txt'));
    const t = r.records[0] as IptablesTableRecord;
    expect(chain(t, 'KUBE-SVC-O4A6SDCC2OYMU5YR').map((x) => x.probability)).toEqual([
      0.20000000019,
      0.25,
      0.33332999982,
      0.5,
      undefined,
    ]);
    const affinity = chain(t, 'KUBE-SVC-NPX46M4PTMTKRN6Y')[0];
    expect(affinity).toMatchObject({ modules: ['comment', 'recent'], jump: 'KUBE-SEP-6FZLAPUAJM6OKK6A' });
    const snat = chain(t, 'KUBE-POSTROUTING').find((x) => x.jump === 'SNAT');
    expect(snat).toMatchObject({ mark: '0x4000/0x4000', jump: 'SNAT', toSource: '10.255.161.226' });
    const docker = chain(t, 'POSTROUTING').find((x) => x.jump === 'MASQUERADE');
    expect(docker).toMatchObject({ source: '172.17.0.0/16', outInterface: '!docker0' });
  });
});

describe('parseIptablesSave: quoting, legacy negation, bad input', () => {
  it('legacy `-s ! x` and `! -s x` are the same; escaped quotes in comments; -g; counters prefix', () => {
    const text = [
      '*filter',
      ':INPUT ACCEPT [10:600]',
      '-A INPUT -s ! 10.0.0.0/8 -p ! tcp -j DROP',
      '-A INPUT ! -d 10.0.0.0/8 -m comment --comment "say \\"hi\\" here" -g OTHER',
      '[5:300] -A INPUT -i eth0 -j ACCEPT',
      'COMMIT',
    ].join('\n');
    const r = parseIptablesSave(text);
    expect(r.warnings).toEqual([]);
    const rules = r.records[0]?.rules ?? [];
    expect(rules[0]).toMatchObject({
      source: '10.0.0.0/8',
      sourceNegated: true,
      protocol: 'tcp',
      protocolNegated: true,
    });
    expect(rules[1]).toMatchObject({ destinationNegated: true, comment: 'say "hi" here', goto: 'OTHER' });
    expect(rules[2]).toMatchObject({ inInterface: 'eth0', jump: 'ACCEPT', line: 5 });
  });

  it('missing COMMIT → committed=false and a warning on the table line', () => {
    const r = parseIptablesSave('*nat\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -j KUBE-SERVICES\n');
    expect(r.records[0]).toMatchObject({ name: 'nat', committed: false });
    expect(r.records[0]?.rules).toHaveLength(1);
    expect(r.warnings.map((w) => w.line)).toEqual([1]);
  });

  it('a truncated last line (open quote, option without value) is warned, not kept', () => {
    const r = parseIptablesSave(
      '*nat\n-A KUBE-SERVICES -d 172.30.0.1/32 -m comment --comment "default/kub\n-A KUBE-SEP-X -j DNAT --to-destination 1.2.3.4:80\n-A X -s\nCOMMIT',
    );
    expect(r.records[0]?.rules.map((x) => x.line)).toEqual([3]);
    expect(r.warnings.map((w) => w.line)).toEqual([2, 4]);
  });

  it('garbage lines are warned with their line numbers', () => {
    const r = parseIptablesSave('hello\n*filter\n:BAD\n-A\nCOMMIT\nCOMMIT\n');
    expect(r.records[0]).toMatchObject({ name: 'filter', committed: true, rules: [], chains: [] });
    expect(r.warnings.map((w) => w.line)).toEqual([1, 3, 4, 6]);
  });
});

describe('parseIptablesList', () => {
  it('captured `iptables -t nat -L -n` (iptables 1.8.9 prints protocol numbers)', () => {
    const text = fixture('iptables', 'captured-iptables-nat-L-n.txt');
    const r = parseIptablesList(text);
    expect(r.warnings).toEqual([]);
    expect(r.records).toHaveLength(17);
    const pre = r.records[0];
    expect(pre).toMatchObject({ name: 'PREROUTING', policy: 'ACCEPT', line: 1 });
    expect(pre?.rules[0]).toMatchObject({
      target: 'KUBE-SERVICES',
      prot: 'all',
      comment: 'kubernetes service portals',
    });
    const svc = r.records.find((c) => c.name === 'KUBE-SERVICES');
    expect(svc?.references).toBe(2);
    const https = svc?.rules.filter((x) => x.comment === 'default/kubernetes:https cluster IP');
    expect(https?.map((x) => [x.target, x.prot, x.source, x.destination, x.dport])).toEqual([
      ['KUBE-MARK-MASQ', 'tcp', '!10.128.0.0/14', '172.30.0.1', '443'],
      ['KUBE-SVC-NPX46M4PTMTKRN6Y', 'tcp', '0.0.0.0/0', '172.30.0.1', '443'],
    ]);
    const lb = r.records.find((c) => c.name === 'KUBE-SVC-NPX46M4PTMTKRN6Y');
    expect(lb?.rules.map((x) => x.extra)).toEqual([
      '/* default/kubernetes:https */ statistic mode random probability 0.33333333349',
      '/* default/kubernetes:https */ statistic mode random probability 0.50000000000',
      '/* default/kubernetes:https */',
    ]);
    const dnat = r.records
      .filter((c) => c.name.startsWith('KUBE-SEP-'))
      .flatMap((c) => c.rules.filter((x) => x.target === 'DNAT').map((x) => x.toDestination))
      .sort();
    expect(dnat).toEqual([
      '10.128.2.2:8080',
      '10.128.2.3:8080',
      '192.168.50.11:8443',
      '192.168.50.12:8443',
      '192.168.50.13:8443',
    ]);
    const lines = linesOf(text);
    for (const c of r.records) {
      expect(lines[c.line - 1]).toBe(c.raw);
      for (const x of c.rules) expect(lines[x.line - 1]).toBe(x.raw);
    }
  });

  it('captured -nvL: counters and in/out columns; same rules as -L -n', () => {
    const plain = parseIptablesList(fixture('iptables', 'captured-iptables-nat-L-n.txt')).records;
    const v = parseIptablesList(fixture('iptables', 'captured-iptables-nat-nvL.txt'));
    expect(v.warnings).toEqual([]);
    const key = (cs: typeof plain): string[] =>
      cs.flatMap((c) =>
        c.rules.map((x) => [c.name, x.target, x.prot, x.source, x.destination, x.extra].join('|')),
      );
    expect(key(v.records)).toEqual(key(plain));
    expect(v.records[0]?.policy).toBe('ACCEPT');
  });

  it('captured filter listing with --line-numbers, a rule row with state and udp dpt', () => {
    const r = parseIptablesList(fixture('iptables', 'captured-iptables-filter-L-n-line-numbers.txt'));
    expect(r.warnings).toEqual([]);
    const input = r.records.find((c) => c.name === 'INPUT');
    expect(input?.rules[1]).toMatchObject({
      target: 'ACCEPT',
      prot: 'udp',
      dport: '4789',
      extra: 'state NEW udp dpt:4789',
    });
  });

  it('OCP 3.6 node transcript -nvL with K/M/G counters; non-listing lines warned', () => {
    const r = parseIptablesList(fixture('iptables', 'host_net_and_iptables_nat_ocp3.6_koktlzz.txt'));
    const sep = r.records.find((c) => c.name === 'KUBE-SEP-AF5DIL6JV3XLLV6G');
    expect(sep?.references).toBe(1);
    expect(sep?.rules[1]).toMatchObject({ target: 'DNAT', prot: 'tcp', toDestination: '10.128.10.57:8080' });
    const out = r.records.find((c) => c.name === 'OUTPUT');
    expect(out?.rules[0]).toMatchObject({ target: 'KUBE-SERVICES', comment: 'kubernetes service portals' });
    expect(r.records.filter((c) => c.name === 'OPENSHIFT-MASQUERADE').map((c) => c.rules[0]?.source)).toEqual(
      ['10.128.0.0/14', '10.128.0.0/14'],
    );
    expect(r.warnings.length).toBeGreaterThan(10);
    expect(r.warnings.some((w) => w.excerpt.startsWith('[root@node1 ~]# oc get svc'))).toBe(true);
  });

  it('a rule without a target, SNAT to: not taken as a destination, garbage warned', () => {
    const text = [
      'Chain X (1 references)',
      'target     prot opt source               destination',
      '           all  --  10.1.2.3             0.0.0.0/0',
      'SNAT       all  --  10.128.0.0/14        0.0.0.0/0            mark match 0x82f8b2 to:192.168.108.200',
      'this is not a rule',
    ].join('\n');
    const r = parseIptablesList(text);
    expect(r.records[0]?.rules.map((x) => x.target)).toEqual(['', 'SNAT']);
    expect(r.records[0]?.rules[1]?.toDestination).toBeUndefined();
    expect(r.warnings.map((w) => w.line)).toEqual([5]);
  });
});
