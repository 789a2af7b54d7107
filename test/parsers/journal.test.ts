import { describe, expect, it } from 'vitest';
import { parseNodeJournal } from '../../src/parsers/journal.js';
import { hostFixture } from './host-fixture.js';

describe('parseNodeJournal (39.10)', () => {
  const lab = parseNodeJournal(hostFixture('journal', 'lab-setup-error.txt'));

  it('finds the setup-script block and the two `Output of adding` blocks', () => {
    expect(lab.warnings).toEqual([]);
    expect(lab.records.blocks.map((b) => [b.kind, b.line, b.lines.length])).toEqual([
      ['setup-script', 3, 12],
      ['adding-table0', 16, 2],
      ['adding-table0', 18, 1],
    ]);
    expect(lab.records.blocks[0]?.lines[1]?.text).toBe('+ ip link set lbr0 down');
  });

  it('reports the failing step output, not the failures the script tolerates with `|| true`', () => {
    const setup = lab.records.blocks[0];
    expect(setup?.errors.map((e) => [e.line, e.text])).toEqual([[14, 'RTNETLINK answers: File exists']]);
  });

  it('an OVS rule that failed is an error; one that returned (<nil>) with no output is not', () => {
    const [failed, ok] = lab.records.blocks.slice(1);
    expect(failed?.errors.map((e) => e.line)).toEqual([16, 17]);
    expect(failed?.errors[0]?.text).toContain('is not a bridge or a socket');
    expect(ok?.errors).toEqual([]);
  });

  it('collects error lines anywhere: klog E lines, `failed`, `error`', () => {
    expect(lab.records.errors.map((e) => e.line)).toEqual([15, 19]);
    expect(lab.records.errors[0]?.raw).toContain('Error executing setup script: exit status 1');
  });

  it('opens a headerless block when `journalctl -n` cut the header off (public sample, origin 1.0.7)', () => {
    const r = parseNodeJournal(hostFixture('journal', 'openshift-ansible-780-origin-node.txt'));
    expect(r.warnings).toEqual([]);
    expect(r.records.blocks.map((b) => [b.kind, b.line, b.lines.length])).toEqual([['setup-script', 2, 13]]);
    // every failing step there is followed by `+ true`: tolerated, so no setup error
    expect(r.records.blocks[0]?.errors).toEqual([]);
    expect(r.records.errors.map((e) => e.text)).toEqual(['Unit origin-node.service entered failed state.']);
  });

  it('reads pasted excerpts without time and host (public sample, origin #13318)', () => {
    const r = parseNodeJournal(hostFixture('journal', 'origin-13318-ovs-db-missing.txt'));
    expect(r.warnings).toEqual([]);
    expect(r.records.blocks).toEqual([]);
    expect(r.records.errors.map((e) => e.line)).toEqual([2, 6, 7]);
  });

  it('reads bare glog lines (a container log) and a healthy setup with no errors', () => {
    const text = [
      'I1121 10:00:02.200300    4242 controller.go:120] Output of setup script:',
      '+ ovs-vsctl --if-exists del-br br0',
      '+ ovs-vsctl add-br br0 -- set Bridge br0 fail-mode=secure protocols=OpenFlow13',
      'I1121 10:00:03.300500    4242 controller.go:200] Output of adding table=0,priority=100,ip,actions=goto_table:1:  (<nil>)',
    ].join('\n');
    const r = parseNodeJournal(text);
    expect(r).toMatchObject({ warnings: [], records: { errors: [] } });
    expect(r.records.blocks.map((b) => [b.kind, b.line, b.errors.length])).toEqual([
      ['setup-script', 1, 0],
      ['adding-table0', 4, 0],
    ]);
  });

  it('warns on lines that are not journal lines (a truncated entry), keeps reading', () => {
    const text = [
      'Nov 01 21:55:20 c.bdf.io origin-node[26898]: + ip link set lbr0 up',
      'Nov 01 21:55:20 c.bdf.io origin-node[26',
      'Nov 01 21:55:21 c.bdf.io origin-node[26898]: E1101 21:55:21.000001   26898 node.go:1] boom',
    ].join('\n');
    const r = parseNodeJournal(text);
    expect(r.warnings.map((w) => w.line)).toEqual([2]);
    expect(r.records.errors.map((e) => e.line)).toEqual([3]);
  });
});
