import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseOvsGroups } from '../../src/parsers/ovs-groups.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/ovs-groups/${name}`, import.meta.url), 'utf8');

describe('ovs-ofctl dump-groups', () => {
  it('reads the openshift-sdn egress IP group of a rule-version-13 bridge', () => {
    const { records, warnings } = parseOvsGroups(fixture('synthetic_ovs3.1_dump_groups_br0_master_rv13.txt'));
    expect(warnings).toEqual([]);
    expect(records).toHaveLength(1);
    const g = records[0]!;
    expect([g.groupId, g.type, g.line]).toEqual([37, 'select', 2]);
    expect(g.buckets).toHaveLength(1);
    expect(g.buckets[0]!.actions).toEqual([
      { kind: 'move', src: 'NXM_NX_REG0[]', dst: 'NXM_NX_TUN_ID[0..31]' },
      { kind: 'set_field', value: '10.0.12.34', field: 'tun_dst' },
      { kind: 'output', port: '1' },
    ]);
  });

  it('splits buckets with ids and weights', () => {
    const { records, warnings } = parseOvsGroups(fixture('antrea_dump_groups_select_multi_bucket.txt'));
    expect(warnings).toEqual([]);
    expect(
      records.map((r) => [r.groupId, r.buckets.map((b) => [b.bucketId, b.weight, b.actions.length])]),
    ).toEqual([
      [
        1,
        [
          [0, 100, 5],
          [1, 100, 5],
        ],
      ],
      [
        2,
        [
          [0, 100, 5],
          [1, 100, 5],
        ],
      ],
    ]);
  });

  it('reads a header alone as no group, and warns on lines that are not groups', () => {
    expect(parseOvsGroups('OFPST_GROUP_DESC reply (OF1.3) (xid=0x2):\n')).toEqual({
      records: [],
      warnings: [],
    });
    const bad = parseOvsGroups(
      'ovs-ofctl: br0 is not a bridge or a socket\n group_id=5,type=select,bucket=weight:1\n',
    );
    expect(bad.records).toEqual([]);
    expect(bad.warnings.map((w) => w.line)).toEqual([1, 2]);
    expect(bad.warnings[0]!.message.ja).not.toBe('');
  });

  it('keeps a group without buckets (it drops what it is given)', () => {
    const { records } = parseOvsGroups(' group_id=12,type=select\n');
    expect(records[0]).toMatchObject({ groupId: 12, type: 'select', buckets: [] });
  });
});
