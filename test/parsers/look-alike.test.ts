/**
 * Look-alike formats of the commands the parsers read: each is read correctly or refused with a
 * warning naming the format, never misread (`route -n` as ip route, `anywhere` as an address,
 * a klog level lost behind a container-log timestamp, a localized journal month unmatched).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseIpRoute } from '../../src/parsers/ip-route.js';
import { parseIptablesList } from '../../src/parsers/iptables-list.js';
import { parseIptablesSave } from '../../src/parsers/iptables-save.js';
import { parseNodeJournal } from '../../src/parsers/journal.js';

const FIXTURES = join(import.meta.dirname, '../fixtures');

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

  it('-L without -n: `anywhere` is 0.0.0.0/0, a host name or a port name is refused', () => {
    const { records, warnings } = parseIptablesList(
      [
        'Chain KUBE-SERVICES (2 references)',
        'target     prot opt source               destination',
        'KUBE-SVC-NPX46M4PTMTKRN6Y  tcp  --  anywhere             172.30.0.1           /* default/kubernetes:https cluster IP */ tcp dpt:https',
        'ACCEPT     all  --  localhost            anywhere',
        'KUBE-SVC-GFKXGTL3BC4KUVTH  tcp  --  anywhere             anywhere             /* shop/shop:8080-tcp */ tcp dpt:30080',
        '',
      ].join('\n'),
    );
    const rules = records[0]?.rules ?? [];
    expect(rules.map((r) => `${r.source} ${r.destination} ${r.dport}`)).toEqual([
      '0.0.0.0/0 0.0.0.0/0 30080',
    ]);
    expect(warnings.map((w) => w.line)).toEqual([3, 4]);
    expect(warnings[0]?.message.en).toContain('without -n');
  });

  // Lab captures (test/fixtures/iptables/SOURCES.md): node-1's rules listed in every form.
  const captured = (name: string) => readFileSync(join(FIXTURES, 'iptables', name), 'utf8');
  const shape = (text: string) =>
    parseIptablesList(text).records.map((c) => ({
      chain: c.name,
      rules: c.rules.map((r) => [r.target, r.prot, r.source, r.destination, r.inInterface, r.outInterface]),
    }));

  it('-L -v, -L -v --line-numbers and -nvL of the same rules read the same (`any` = no interface)', () => {
    const numeric = shape(captured('captured-lab-filter-nvL.txt'));
    expect(shape(captured('captured-lab-filter-L-v.txt'))).toEqual(numeric);
    expect(shape(captured('captured-lab-filter-L-v-line-numbers.txt'))).toEqual(numeric);
    for (const f of [
      'captured-lab-filter-nvL.txt',
      'captured-lab-filter-L-v.txt',
      'captured-lab-filter-L-v-line-numbers.txt',
    ])
      expect(parseIptablesList(captured(f)).warnings, f).toEqual([]);
    const forward = numeric.find((c) => c.chain === 'FORWARD')?.rules ?? [];
    // `-i tun0 ! -o tun0` of the FORWARD chain, and no interface where the column says `any`/`*`
    expect(forward[1]).toEqual([
      'OPENSHIFT-ADMIN-OUTPUT-RULES',
      'all',
      '0.0.0.0/0',
      '0.0.0.0/0',
      'tun0',
      '!tun0',
    ]);
    expect(forward[0]?.slice(4)).toEqual([undefined, undefined]);
    const allow = numeric.find((c) => c.chain === 'OPENSHIFT-FIREWALL-ALLOW')?.rules ?? [];
    expect(allow.map((r) => r[4])).toEqual([undefined, 'tun0', 'docker0']);
  });

  it('-L (no -n, no -v) of the filter table equals -nvL without the interface columns', () => {
    const plain = shape(captured('captured-lab-filter-L.txt'));
    const numeric = shape(captured('captured-lab-filter-nvL.txt')).map((c) => ({
      chain: c.chain,
      rules: c.rules.map((r) => [...r.slice(0, 4), undefined, undefined]),
    }));
    expect(plain).toEqual(numeric);
  });

  it('iptables -t nat -L: rows with service names (`dpt:http`) are refused by line, the rest read', () => {
    const text = captured('captured-lab-nat-L.txt');
    const { records, warnings } = parseIptablesList(text);
    const named = text.split('\n').flatMap((l, i) => (/dpt:[a-z]/.test(l) ? [i + 1] : []));
    expect(named.length).toBeGreaterThan(0);
    expect(warnings.map((w) => w.line)).toEqual(named);
    expect(records.flatMap((c) => c.rules).some((r) => r.dport === '30080')).toBe(true);
  });

  it('an iptables -L listing where iptables-save was expected is refused, naming its form', () => {
    for (const [file, form] of [
      ['captured-lab-filter-L-v.txt', 'iptables -L -v'],
      ['captured-lab-filter-nvL.txt', 'iptables -L -n -v'],
      ['captured-lab-filter-L.txt', 'iptables -L'],
      ['captured-lab-filter-L-v-line-numbers.txt', 'iptables -L -v --line-numbers'],
      ['captured-iptables-filter-L-n-line-numbers.txt', 'iptables -L -n --line-numbers'],
    ] as const) {
      const { records, warnings } = parseIptablesSave(captured(file));
      expect(records, file).toEqual([]);
      expect(warnings.map((w) => w.message.en)).toEqual([
        `this is \`${form}\` output (a rule listing), not iptables-save; it is not read (capture \`iptables-save\`)`,
      ]);
    }
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

  /**
   * The same node log in every form it reaches us: journalctl short / short-iso (old `+0000` and
   * new `+00:00`) / short-precise / localized months, and the sdn container's own output as
   * `oc logs --timestamps`, `docker logs` / `crictl logs` (bare), `docker logs -t` /
   * `crictl logs --timestamps` and the CRI log file (`stdout F`). Each reads to the same blocks,
   * errors and setup failures, with no warning.
   */
  it('one node log in every journal and container-log form reads the same', () => {
    const MONTHS_JA: Record<string, string> = { Nov: '11月', Dec: '12月' };
    const SHORT = /^(\w{3}) (\d\d) (\d\d:\d\d:\d\d) (\S+) ([^:]+): (.*)$/;
    const forms: Record<string, (l: string) => string | undefined> = {
      short: (l) => l,
      'short-iso (+0000)': (l) => l.replace(SHORT, '2026-11-$2T$3+0000 $4 $5: $6'),
      'short-iso (+00:00)': (l) => l.replace(SHORT, '2026-11-$2T$3+00:00 $4 $5: $6'),
      'short-precise': (l) => l.replace(SHORT, '$1 $2 $3.123456 $4 $5: $6'),
      'localized months (ja_JP)': (l) =>
        l.replace(
          SHORT,
          (_m, mon: string, d, t, h, u, rest) => `${MONTHS_JA[mon] ?? mon} ${d} ${t} ${h} ${u}: ${rest}`,
        ),
      'localized months (de_DE)': (l) => l.replace(/^Nov /, 'Nov ').replace(/^Dec /, 'Dez '),
      'oc logs --timestamps / docker logs -t / crictl logs --timestamps': (l) =>
        SHORT.exec(l) ? l.replace(SHORT, '2026-11-$2T$3.123456789Z $6') : undefined,
      'docker logs / crictl logs': (l) => SHORT.exec(l)?.[6],
      'CRI log file': (l) =>
        SHORT.exec(l) ? l.replace(SHORT, '2026-11-$2T$3.123456789+00:00 stdout F $6') : undefined,
    };
    const texts = [
      readFileSync(join(FIXTURES, 'journal/lab-setup-error.txt'), 'utf8'),
      readFileSync(
        join(import.meta.dirname, '../../examples/healthy-3node/nodes/node-1/node-journal.txt'),
        'utf8',
      ),
    ];
    for (const text of texts) {
      // the node process's own lines: what its container's log holds (no kernel or ovs-vsctl lines)
      const body = text.split('\n').filter((l) => / atomic-openshift-node\[\d+\]: /.test(l));
      const read = (form: string) => {
        const conv = forms[form] as (l: string) => string | undefined;
        const { records, warnings } = parseNodeJournal(`${body.flatMap((l) => conv(l) ?? []).join('\n')}\n`);
        expect(warnings, form).toEqual([]);
        return {
          blocks: records.blocks.map((b) => [b.kind, b.errors.map((e) => e.text)]),
          errors: records.errors.map((e) => e.text),
          setupFailures: records.setupFailures.map((e) => e.text),
        };
      };
      const reference = read('short');
      expect(reference.blocks.length).toBeGreaterThan(0);
      for (const form of Object.keys(forms)) expect(read(form), form).toEqual(reference);
    }
    // the error lines of the lab capture are seen in every form
    expect(parseNodeJournal(texts[0] as string).records.errors.length).toBeGreaterThan(0);
  });

  it('journalctl -o json is refused with a warning naming it', () => {
    const { records, warnings } = parseNodeJournal(
      '{"__CURSOR":"s=1","MESSAGE":"E0304 failed","_SYSTEMD_UNIT":"atomic-openshift-node.service"}\n',
    );
    expect(records.errors).toEqual([]);
    expect(warnings[0]?.message.en).toContain('journalctl -o json');
  });

  it('every start-up failure line of openshift/sdn node code is a setup failure', () => {
    for (const text of [
      'W0304 10:00:01.000000    4242 subnets.go:151] HostIP "10.0.0.9" for local subnet does not match with nodeIP "10.0.0.5", Waiting for master to update subnet for node "node-1" ...',
      'F0304 10:02:01.000000    4242 cmd.go:119] Failed to start sdn: failed to get subnet for this host: node-1, error: timed out waiting for the condition',
      'F0304 10:02:01.000000    4242 cmd.go:119] Failed to start sdn: failed to validate own HostSubnet: node IP 10.0.0.5 conflicts with cluster network 10.0.0.0/16',
      'F0304 10:02:01.000000    4242 cmd.go:119] Failed to start sdn: node SDN setup failed: exit status 1',
      'F0304 10:02:01.000000    4242 cmd.go:119] Failed to start sdn: could not complete SDN setup: exit status 1',
      'F0304 10:00:01.000000    4242 cmd.go:114] Failed to initialize sdn: could not get ClusterNetwork resource: clusternetworks.network.openshift.io "default" not found',
      'F0304 10:00:01.000000    4242 network.go:40] SDN node startup failed: failed to get subnet for this host: node-1',
    ])
      expect(parseNodeJournal(`${text}\n`).records.setupFailures.length, text).toBe(1);
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

/**
 * What a terminal adds to a copied output, on every node command of the lab bundle: the prompt and
 * command line pasted before it become a warning on line 1, and a copy wrapped at the terminal's
 * width warns on the continuation lines (the model then names the wrap and leaves the facet
 * unknown: test/partial/filter.property.test.ts).
 */
describe('pasted prompts and terminal-wrapped lines become warnings', () => {
  it('every node command of the lab bundle', async () => {
    const { readBundle } = await import('../../src/sources/bundle/index.js');
    const { rowsForKind } = await import('../../src/model/build/node-facet-table.js');
    const lab = await readBundle(join(import.meta.dirname, '../../examples/healthy-3node'));
    let wrappedKinds = 0;
    for (const a of lab.artifacts.filter((x) => x.node === 'node-1' && !x.where)) {
      const row = rowsForKind(a.kind)[0];
      if (!row) continue; // iptables-nat-list: no facet reads it
      const prompted = row.read(`[root@node-1 ~]# ${a.argv.join(' ')}\n${a.text}`);
      expect(
        prompted.warnings.map((w) => w.line),
        a.kind,
      ).toContain(1);
      const lines = a.text.replace(/\n$/, '').split('\n');
      if (!lines.some((l) => l.length > 80)) continue;
      wrappedKinds++;
      const out: string[] = [];
      const continuations: number[] = [];
      for (const l of lines) {
        if (l.length <= 80) out.push(l);
        else {
          out.push(l.slice(0, 80), l.slice(80));
          continuations.push(out.length);
        }
      }
      const warned = new Set(row.read(`${out.join('\n')}\n`).warnings.map((w) => w.line));
      // each wrapped line is flagged on its continuation (or, when the tail reads as a line, its head)
      for (const n of continuations)
        expect(warned.has(n) || warned.has(n - 1), `${a.kind} line ${n}`).toBe(true);
    }
    expect(wrappedKinds).toBeGreaterThanOrEqual(4); // ip addr, flows, iptables-save, journal
  });
});
