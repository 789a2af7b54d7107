/**
 * Parsers never throw (DEVELOPING.md): random text, near-valid token soup and mutated real
 * fixtures (lines dropped, duplicated, truncated, bytes flipped) must give records + warnings,
 * warnings with a line in range, and records whose `line` points at a line equal to `raw`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFlowActions, parseFlowMatch, parseOvsFlows } from '../../src/parsers/ovs-flows.js';
import { parseOvsListBr, parseOvsShow } from '../../src/parsers/ovs-vsctl.js';
import { parseOvsPortsDesc } from '../../src/parsers/ovs-ports.js';
import { parseIptablesSave } from '../../src/parsers/iptables-save.js';
import { parseIptablesList } from '../../src/parsers/iptables-list.js';
import type { Located, ParseWarning } from '../../src/parsers/types.js';
import { allFixtures, linesOf } from './ovs-ipt-fixture.js';

const RUNS = 300;

function checkWarnings(text: string, warnings: readonly ParseWarning[]): void {
  const n = linesOf(text).length;
  for (const w of warnings) {
    expect(Number.isInteger(w.line)).toBe(true);
    expect(w.line).toBeGreaterThanOrEqual(0);
    expect(w.line).toBeLessThanOrEqual(n);
    expect(w.message.en).toBeTruthy();
    expect(w.message.ja).toBeTruthy();
  }
}

function checkLocated(text: string, records: readonly Located[]): void {
  const lines = linesOf(text);
  for (const r of records) {
    expect(r.line).toBeGreaterThanOrEqual(1);
    expect(lines[r.line - 1]).toBe(r.raw);
  }
}

function checkLineInRange(text: string, line: number, mustContain: string): void {
  const lines = linesOf(text);
  expect(line).toBeGreaterThanOrEqual(1);
  expect(lines[line - 1]).toContain(mustContain);
}

/** Runs every parser of this module on `text` and checks the invariants. */
function checkAll(text: string): void {
  const flows = parseOvsFlows(text);
  checkWarnings(text, flows.warnings);
  checkLocated(text, flows.records);
  for (const f of flows.records) {
    expect(Number.isInteger(f.table) && f.table >= 0 && f.table <= 99999).toBe(true);
    expect(Number.isInteger(f.priority)).toBe(true);
    expect(f.cookie).toMatch(/^0x[0-9a-f]+$/);
  }

  const listBr = parseOvsListBr(text);
  checkWarnings(text, listBr.warnings);

  const show = parseOvsShow(text);
  checkWarnings(text, show.warnings);
  for (const b of show.records.bridges) {
    checkLineInRange(text, b.line, 'Bridge');
    for (const p of b.ports) {
      checkLineInRange(text, p.line, 'Port');
      for (const i of p.interfaces) checkLineInRange(text, i.line, 'Interface');
    }
  }

  const ports = parseOvsPortsDesc(text);
  checkWarnings(text, ports.warnings);
  checkLocated(text, ports.records);

  const save = parseIptablesSave(text);
  checkWarnings(text, save.warnings);
  for (const t of save.records) {
    checkLocated(text, t.chains);
    checkLocated(text, t.rules);
    for (const r of t.rules) expect(r.table).toBe(t.name);
  }

  const list = parseIptablesList(text);
  checkWarnings(text, list.warnings);
  checkLocated(text, list.records);
  for (const c of list.records) checkLocated(text, c.rules);
}

/** Words that put the parsers on their interesting paths. */
const TOKENS = [
  ' ',
  ',',
  ', ',
  '\n',
  '\r\n',
  '\t',
  '=',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '"',
  "'",
  '\\',
  '!',
  ':',
  '->',
  '/',
  '#',
  '.',
  'cookie=0x1a',
  'duration=1.5s',
  'table=0',
  'table=253',
  'n_packets=3',
  'priority=100',
  'ip',
  'arp',
  'tcp',
  'reg0=0xd2bf9b',
  'in_port=vxlan0',
  'nw_dst=10.128.0.0/14',
  'arp_sha=00:00:0a:80:02:02/00:00:ff:ff:ff:ff',
  ' actions=',
  'actions=',
  'goto_table:30',
  'output:NXM_NX_REG2[]',
  'move:NXM_NX_REG0[]->NXM_NX_TUN_ID[0..31]',
  'set_field:1.2.3.4->tun_dst',
  'note:01.07.00.00.00.00',
  'ct(commit,nat(src=0.0.0.0),table=30)',
  'resubmit(,30)',
  'group:37',
  'load:0x3->NXM_NX_REG2[]',
  'OFPST_FLOW reply (OF1.3) (xid=0x2):',
  '*nat',
  '*filter',
  'COMMIT',
  ':KUBE-SERVICES - [0:0]',
  ':INPUT ACCEPT [0:0]',
  '-A',
  'KUBE-SVC-X',
  '-s',
  '-d',
  '-p',
  '-m',
  'comment',
  '--comment',
  '"a b"',
  '-j',
  'DNAT',
  '--to-destination',
  '10.1.2.3:80',
  '--probability',
  '0.5',
  '--mark',
  '0x1/0x1',
  '-g',
  '[1:2]',
  '--tcp-flags',
  'Chain KUBE-SERVICES (2 references)',
  'Chain INPUT (policy ACCEPT)',
  'target     prot opt source destination',
  'pkts bytes target',
  'num',
  '--',
  '0.0.0.0/0',
  '/* c */',
  'dpt:443',
  'to:1.2.3.4:80',
  '2702M',
  'Bridge br0',
  'Port "vxlan0"',
  'Interface vxlan0',
  'type: vxlan',
  'options: {dst_port="4789", key=flow}',
  'error: "x"',
  'tag: 5',
  'fail_mode: secure',
  'ovs_version: "3.1.0"',
  'db5c9237-3466-4198-b6bb-18d3a522b19d',
  ' 1(vxlan0): addr:aa:bb:cc:dd:ee:ff',
  'LOCAL(br0): addr:aa:bb:cc:dd:ee:ff',
  'config:     PORT_DOWN',
  'state:      LINK_DOWN',
  'speed: 10000 Mbps now, 0 Mbps max',
];
const tokenSoup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((t) => t.join(''));

const fixtures = [...allFixtures('ovs-flows'), ...allFixtures('ovs'), ...allFixtures('iptables')].map(
  ([, t]) => t,
);

type Mutation =
  | { op: 'drop'; at: number }
  | { op: 'dup'; at: number }
  | { op: 'truncate'; at: number }
  | { op: 'flip'; at: number; char: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('dup' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    op: fc.constant('flip' as const),
    at: fc.nat(),
    char: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  }),
);

function mutate(text: string, muts: readonly Mutation[]): string {
  let out = text;
  for (const m of muts) {
    if (m.op === 'truncate') {
      out = out.slice(0, m.at % (out.length + 1));
    } else if (m.op === 'flip') {
      if (out.length === 0) continue;
      const i = m.at % out.length;
      out = out.slice(0, i) + m.char + out.slice(i + 1);
    } else {
      const lines = out.split('\n');
      const i = m.at % lines.length;
      if (m.op === 'drop') lines.splice(i, 1);
      else lines.splice(i, 0, lines[i] as string);
      out = lines.join('\n');
    }
  }
  return out;
}

describe('OVS and iptables parsers never throw and keep their line invariants', () => {
  it('on random text (any code points)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => checkAll(s)),
      { numRuns: RUNS },
    );
  });

  it('on near-valid token soup', () => {
    fc.assert(
      fc.property(tokenSoup, (s) => {
        checkAll(s);
        // the single-string entry points too
        checkWarnings(s, parseFlowMatch(s).warnings);
        checkWarnings(s, parseFlowActions(s).warnings);
      }),
      { numRuns: RUNS },
    );
  });

  it('on mutated real fixtures (drop / duplicate / truncate lines, flip bytes)', () => {
    expect(fixtures.length).toBeGreaterThan(20);
    fc.assert(
      fc.property(
        fc.nat({ max: fixtures.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        (i, muts) => {
          checkAll(mutate(fixtures[i] as string, muts));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('on every unmodified fixture', () => {
    for (const f of fixtures) checkAll(f);
  });
});
