import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Artifact, Snapshot } from '../../src/artifacts/types.js';
import { buildModel } from '../../src/model/index.js';
import { nodeArtifact, sample } from '../bundle/helpers.js';

const FIX = join(import.meta.dirname, '../fixtures');
const fixture = (rel: string): Promise<string> => readFile(join(FIX, 'bundles/sources', rel), 'utf8');
const snap = (artifacts: Artifact[], api: Snapshot['api'] = {}): Snapshot => ({
  collectedAt: 'x',
  collector: 'test',
  api,
  artifacts,
  warnings: [],
});

describe('buildModel: node facts from real command outputs', () => {
  it('OVS facets and the table 253 note (plugin id, rule version) for every plugin and era', async () => {
    const cases: [string, number, number][] = [
      ['synthetic_ovs3.1_dump_flows_br0_subnet_rv7_stats.txt', 0, 7],
      ['synthetic_ovs3.1_dump_flows_br0_multitenant_rv7_nostats_names.txt', 1, 7],
      ['synthetic_ovs3.1_dump_flows_br0_networkpolicy_rv7_stats.txt', 2, 7],
      ['ovs_dump_flows_br0_networkpolicy_ocp4.6_nostats_names_full.txt', 2, 8],
      ['ovs_dump_flows_br0_multitenant_ocp3.6_full_sdn_test.txt', 1, 3],
      ['synthetic_ovs3.1_dump_flows_br0_master_rv13.txt', 0, 13],
    ];
    for (const [file, pluginId, ruleVersion] of cases) {
      // the rv13 sample holds three commands' outputs: its first, the plain dump-flows, is the dump
      const whole = await sample(file);
      const text = whole.startsWith('## dump-flows\n')
        ? `${(whole.split(/\n(?=## --no-stats)/)[0] as string).replace(/^## dump-flows\n/, '')}\n`
        : whole;
      const { model } = buildModel(snap([nodeArtifact('n1', 'ovs-flows', text)]));
      const ovs = model.nodeFacts.n1?.ovs;
      expect(ovs?.flows?.artifact, file).toBe('nodes/n1/ovs-flows.txt');
      expect(ovs?.flows?.value.length, file).toBeGreaterThan(20);
      expect([ovs?.pluginId, ovs?.ruleVersion], file).toEqual([pluginId, ruleVersion]);
    }
  });

  it('flows without a table 253 note: flows kept, plugin/version undefined (half-set-up bridge)', async () => {
    const text = (await sample('synthetic_ovs3.1_dump_flows_br0_subnet_rv7_stats.txt'))
      .split('\n')
      .filter((l) => !l.includes('table=253'))
      .join('\n');
    const { model } = buildModel(snap([nodeArtifact('n1', 'ovs-flows', text)]));
    expect(model.nodeFacts.n1?.ovs.flows?.value.length).toBeGreaterThan(20);
    expect(model.nodeFacts.n1?.ovs.pluginId).toBeUndefined();
    expect(model.nodeFacts.n1?.ovs.ruleVersion).toBeUndefined();
  });

  it('bridges, ovs-vsctl show, ports, iptables from captured outputs', async () => {
    const { model, warnings } = buildModel(
      snap([
        nodeArtifact('n1', 'ovs-list-br', await fixture('ovs/captured-ovs3.1-vsctl-list-br.txt')),
        nodeArtifact('n1', 'ovs-show', await fixture('ovs/captured-ovs3.1-vsctl-show.txt')),
        nodeArtifact('n1', 'ovs-ports', await fixture('ovs/captured-ovs3.1-dump-ports-desc.txt')),
        nodeArtifact('n1', 'iptables-save', await fixture('iptables/captured-iptables-nft-save.txt')),
      ]),
    );
    const n1 = model.nodeFacts.n1;
    expect(n1?.ovs.bridges?.value).toEqual(['br0']);
    expect(n1?.ovs.show?.value.bridges.map((b) => b.name)).toEqual(['br0']);
    expect(n1?.ovs.ports?.value.map((p) => [p.ofport, p.name]).slice(0, 2)).toEqual([
      [1, 'vxlan0'],
      [2, 'tun0'],
    ]);
    expect(n1?.iptables?.value.map((t) => t.name).sort()).toEqual(expect.arrayContaining(['filter', 'nat']));
    expect(n1?.iptables?.artifact).toBe('nodes/n1/iptables-save.txt');
    // No flows were collected: the facet is undefined, not empty.
    expect(n1?.ovs.flows).toBeUndefined();
    expect(n1?.routes).toBeUndefined();
    expect(warnings.filter((w) => w.source !== 'nodes/n1/ovs-show.txt')).toEqual([]);
  });

  it('parser warnings become input warnings with artifact, node, line and excerpt', async () => {
    const text = `${await sample('synthetic_ovs3.1_dump_flows_br0_subnet_rv7_stats.txt')}\nthis is not a flow at all\n`;
    const line = text.split('\n').indexOf('this is not a flow at all') + 1;
    const { model, warnings } = buildModel(snap([nodeArtifact('n1', 'ovs-flows', text)]));
    // a line that is not a flow makes the dump an excerpt, which need not hold every flow: the flows are not judged
    expect(model.nodeFacts.n1?.ovs.flows).toBeUndefined();
    expect(warnings).toContainEqual(
      expect.objectContaining({
        source: 'nodes/n1/ovs-flows.txt',
        node: 'n1',
        line,
        excerpt: 'this is not a flow at all',
      }),
    );
  });

  it('an output cut mid-line (no final newline, last line unreadable) leaves the facet unknown', async () => {
    const full = await sample('synthetic_ovs3.1_dump_flows_br0_subnet_rv7_stats.txt');
    const cut = full.slice(0, full.indexOf('table=30') + 20); // stops inside a table 30 flow
    const { model, warnings } = buildModel(snap([nodeArtifact('n1', 'ovs-flows', cut)]));
    // Missing flows after the cut must not read as "flow missing": the facet is unknown.
    expect(model.nodeFacts.n1?.ovs.flows).toBeUndefined();
    const last = cut.split('\n').length;
    expect(warnings.map((w) => w.message.en)).toContainEqual(
      expect.stringContaining(`cut off at line ${last}`),
    );
    // The same text ending at a line boundary is a complete (if short) dump: kept.
    const whole = cut.slice(0, cut.lastIndexOf('\n') + 1);
    expect(
      buildModel(snap([nodeArtifact('n1', 'ovs-flows', whole)])).model.nodeFacts.n1?.ovs.flows,
    ).toBeDefined();
  });

  it('a file cut mid-line whose last line still reads as a value (nodeIP …122.1 of …122.11) is unknown, not a wrong address', () => {
    const config = 'kind: NodeConfig\nnodeName: n1\nnodeIP: 192.168.122.11\n';
    const cut = config.slice(0, config.indexOf('122.11') + 5); // `nodeIP: 192.168.122.1`
    const { model, warnings } = buildModel(snap([nodeArtifact('n1', 'node-config', cut)]));
    expect(model.nodeFacts.n1?.nodeConfig).toBeUndefined();
    expect(warnings.map((w) => w.message.en)).toContainEqual(expect.stringContaining('cut off at line 3'));
    expect(
      buildModel(snap([nodeArtifact('n1', 'node-config', config)])).model.nodeFacts.n1?.nodeConfig,
    ).toBeDefined();
  });

  it('unreadable artifacts leave the facet undefined with a warning (never an empty facet)', () => {
    const cases: [string, Partial<Artifact>, string, RegExp][] = [
      [
        'error',
        { text: '', exitCode: null, error: 'timeout after 2000 ms' },
        'ovs-flows',
        /timeout after 2000 ms/,
      ],
      [
        'no exit code',
        { text: 'OFPST_FLOW reply (OF1.3) (xid=0x2):\n', exitCode: null },
        'ovs-flows',
        /did not finish/,
      ],
      [
        'exit 1',
        { text: '', exitCode: 1, stderr: 'ovs-ofctl: br0 is not a bridge or a socket\n' },
        'ovs-flows',
        /exit code 1: ovs-ofctl: br0 is not a bridge/,
      ],
      ['empty output', { text: '\n' }, 'iptables-save', /empty output/],
      ['garbage only', { text: 'garbage\nmore garbage\n' }, 'ovs-flows', /nothing could be read/],
    ];
    for (const [name, extra, kind, why] of cases) {
      const { model, warnings } = buildModel(snap([nodeArtifact('n1', kind as Artifact['kind'], '', extra)]));
      const facts = model.nodeFacts.n1;
      expect(facts?.ovs.flows, name).toBeUndefined();
      expect(facts?.iptables, name).toBeUndefined();
      expect(
        warnings.some((w) => w.node === 'n1' && w.source.startsWith('nodes/n1/') && why.test(w.message.en)),
        `${name}: ${JSON.stringify(warnings)}`,
      ).toBe(true);
    }
  });

  it('empty `ovs-vsctl list-br` is an answer (no bridge, 39.7.4), not an unreadable artifact', () => {
    const { model, warnings } = buildModel(snap([nodeArtifact('n1', 'ovs-list-br', '')]));
    expect(model.nodeFacts.n1?.ovs.bridges?.value).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('pod-netns and client artifacts do not become node facts', async () => {
    const flows = await sample('synthetic_ovs3.1_dump_flows_br0_subnet_rv7_stats.txt');
    const { model } = buildModel(
      snap([nodeArtifact('n1', 'ovs-flows', flows, { where: 'pod/ns/p', id: 'nodes/n1/pods/p/flows' })]),
    );
    expect(model.nodeFacts).toEqual({});
  });

  it('deterministic: input order does not change the model or the warnings', async () => {
    const flows = await sample('synthetic_ovs3.1_dump_flows_br0_subnet_rv7_stats.txt');
    const artifacts = [
      nodeArtifact('n2', 'ovs-flows', flows),
      nodeArtifact('n1', 'ovs-flows', `${flows}\nbad line\n`),
      nodeArtifact('n1', 'iptables-save', '', { error: 'x' }),
      nodeArtifact('n3', 'ovs-list-br', 'br0\n'),
    ];
    const a = buildModel(snap(artifacts));
    const b = buildModel(snap([...artifacts].reverse()));
    expect(b).toEqual(a);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(Object.keys(a.model.nodeFacts)).toEqual(['n1', 'n2', 'n3']);
  });

  it('the first usable alternative wins (ip addr before ip link); a failed one does not block the next', () => {
    const { model } = buildModel(
      snap([
        nodeArtifact('n1', 'ovs-flows', '', { error: 'timeout after 2000 ms', id: 'nodes/n1/a-flows.txt' }),
        nodeArtifact(
          'n1',
          'ovs-flows',
          'OFPST_FLOW reply (OF1.3) (xid=0x2):\n table=253, actions=note:00.07.00.00.00.00\n',
          {
            id: 'nodes/n1/b-flows.txt',
          },
        ),
      ]),
    );
    expect(model.nodeFacts.n1?.ovs.flows?.artifact).toBe('nodes/n1/b-flows.txt');
    expect(model.nodeFacts.n1?.ovs.ruleVersion).toBe(7);
  });

  it('an artifact the snapshot already warned about (collect timeout, missing file) is not warned about twice', () => {
    const art = nodeArtifact('n1', 'ovs-flows', '', { exitCode: null, error: 'timeout after 400 ms' });
    const warned = {
      source: art.id,
      node: 'n1',
      message: { en: 'ovs-ofctl on n1: timeout after 400 ms', ja: 'x' },
    };
    const { model, warnings } = buildModel({ ...snap([art]), warnings: [warned] });
    expect(model.nodeFacts.n1?.ovs.flows).toBeUndefined();
    expect(warnings).toEqual([]);
    expect(buildModel(snap([art])).warnings).toHaveLength(1);
  });
});
