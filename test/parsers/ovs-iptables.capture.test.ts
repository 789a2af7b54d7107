/**
 * Live check of the OVS / iptables parsers: re-runs test/fixtures/capture-ovs-iptables.sh (private
 * netns + ovsdb-server/ovs-vswitchd + iptables-restore, all torn down by the script) into a temp
 * dir and parses what this machine's OVS and iptables print today. Needs root: runs in CI
 * (CI=true), skips elsewhere without root, saying why.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOvsFlows } from '../../src/parsers/ovs-flows.js';
import { parseOvsListBr, parseOvsShow } from '../../src/parsers/ovs-vsctl.js';
import { parseOvsPortsDesc } from '../../src/parsers/ovs-ports.js';
import { parseIptablesSave } from '../../src/parsers/iptables-save.js';
import { parseIptablesList } from '../../src/parsers/iptables-list.js';

const isRoot = process.getuid?.() === 0;
const mustRun = process.env.CI === 'true';
if (!isRoot && !mustRun) console.log('skipping live OVS/iptables capture test: needs root (it runs in CI)');

const script = fileURLToPath(new URL('../fixtures/capture-ovs-iptables.sh', import.meta.url));

describe.skipIf(!isRoot && !mustRun)('parsers on a fresh capture from a private OVS + iptables netns', () => {
  let out = '';
  const read = (dir: string, name: string): string => readFileSync(join(out, dir, name), 'utf8');

  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'p2-capture-test-'));
    execFileSync('bash', [script], {
      env: { ...process.env, CAPTURE_OUT: out },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  });
  afterAll(() => {
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it('every captured file parses without a warning', () => {
    const flows = readdirSync(join(out, 'ovs-flows'));
    expect(flows).toHaveLength(8);
    for (const f of flows) expect(parseOvsFlows(read('ovs-flows', f)).warnings).toEqual([]);
    expect(parseOvsShow(read('ovs', 'captured-ovs3.1-vsctl-show.txt')).warnings).toEqual([]);
    expect(parseOvsListBr(read('ovs', 'captured-ovs3.1-vsctl-list-br.txt'))).toEqual({
      records: ['br0'],
      warnings: [],
    });
    for (const f of ['captured-ovs3.1-dump-ports-desc.txt', 'captured-ovs3.1-ofctl-show.txt']) {
      expect(parseOvsPortsDesc(read('ovs', f)).warnings).toEqual([]);
    }
    expect(parseIptablesSave(read('iptables', 'captured-iptables-nft-save.txt')).warnings).toEqual([]);
    for (const f of ['captured-iptables-nat-L-n.txt', 'captured-iptables-nat-nvL.txt']) {
      expect(parseIptablesList(read('iptables', f)).warnings).toEqual([]);
    }
  });

  it('the facts the checks rely on are read back (39.7.4, 39.11)', () => {
    const ports = parseOvsPortsDesc(read('ovs', 'captured-ovs3.1-dump-ports-desc.txt')).records;
    expect(ports.slice(0, 2).map((p) => [p.ofport, p.name])).toEqual([
      [1, 'vxlan0'],
      [2, 'tun0'],
    ]);
    const flows = parseOvsFlows(read('ovs-flows', 'captured-ovs3.1-multitenant-rv7-stats.txt')).records;
    expect(flows).toHaveLength(67);
    expect(flows.find((f) => f.table === 253)?.actions).toEqual([
      { kind: 'note', bytes: ['01', '07', '00', '00', '00', '00'] },
    ]);
    const show = parseOvsShow(read('ovs', 'captured-ovs3.1-vsctl-show.txt')).records;
    expect(show.bridges[0]?.ports.find((p) => p.name === 'vxlan0')?.interfaces[0]?.options).toEqual({
      dst_port: '4789',
      key: 'flow',
      remote_ip: 'flow',
    });
    const nat = parseIptablesSave(read('iptables', 'captured-iptables-nft-save.txt')).records.find(
      (t) => t.name === 'nat',
    );
    const dnat = nat?.rules.filter((r) => r.jump === 'DNAT').map((r) => r.toDestination);
    expect(dnat).toHaveLength(5);
  });
});
