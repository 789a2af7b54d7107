import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Artifact, Snapshot } from '../../src/artifacts/types.js';
import { buildModel } from '../../src/model/index.js';
import { readBundle, writeBundle } from '../../src/sources/bundle/index.js';
import { nodeArtifact, sample, tempDir } from '../bundle/helpers.js';

const SRC = join(import.meta.dirname, '../fixtures/bundles/sources');
const src = (rel: string): Promise<string> => readFile(join(SRC, rel), 'utf8');

const NODE_CONFIG = [
  'kind: NodeConfig',
  'networkConfig:',
  '  mtu: 1450',
  '  networkPluginName: redhat/openshift-ovs-subnet',
  'nodeName: n1',
  '',
].join('\n');

async function samplesSnapshot(): Promise<Snapshot> {
  const artifacts: Artifact[] = [
    nodeArtifact('n1', 'ip-addr', await src('ip-addr/lab-node-addr.txt')),
    nodeArtifact('n1', 'ip-route', await src('ip-route/lab-node.txt')),
    nodeArtifact('n1', 'sysctl', await src('sysctl/ip-forward-on.txt')),
    nodeArtifact('n1', 'ovs-list-br', await src('ovs/captured-ovs3.1-vsctl-list-br.txt')),
    nodeArtifact('n1', 'ovs-show', await src('ovs/captured-ovs3.1-vsctl-show.txt')),
    nodeArtifact('n1', 'ovs-ports', await src('ovs/captured-ovs3.1-dump-ports-desc.txt')),
    nodeArtifact('n1', 'ovs-flows', await src('ovs-flows/captured-ovs3.1-subnet-rv7-stats.txt')),
    nodeArtifact(
      'n1',
      'iptables-save',
      await sample('synthetic_iptables_save_openshift_sdn_and_kube_proxy_4.x.txt'),
    ),
    nodeArtifact('n1', 'resolv-conf', await src('resolv-conf/lab-wildcard-search.txt')),
    nodeArtifact('n1', 'node-config', NODE_CONFIG),
    nodeArtifact('n1', 'node-journal', await src('journal/lab-setup-error.txt')),
    {
      id: 'probes/client/001-dig-short.txt',
      kind: 'dig-short',
      where: 'client',
      argv: ['dig', '+short', '+time=1', '+tries=1', 'router.example.test'],
      text: await src('dig/short-a.txt'),
      exitCode: 0,
      collectedAt: 'x',
    },
    {
      id: 'probes/nodes/n1/002-dig-answer.txt',
      kind: 'dig-answer',
      node: 'n1',
      where: 'node/n1',
      argv: ['dig', '+search', '+noall', '+answer', '+time=1', '+tries=1', 'router'],
      text: await src('dig/answer-search.txt'),
      exitCode: 0,
      collectedAt: 'x',
    },
    {
      id: 'probes/client/003-dig-short.txt',
      kind: 'dig-short',
      where: 'client',
      argv: ['dig', '+short', '+time=1', '+tries=1', 'nowhere.example.test'],
      text: await src('dig/short-timeout.txt'),
      exitCode: 9,
      collectedAt: 'x',
    },
  ];
  return {
    collectedAt: 'x',
    collector: 'test',
    api: {
      nodes: {
        ok: true,
        items: [
          { metadata: { name: 'n1', labels: { 'node-role.kubernetes.io/compute': 'true' } } },
          { metadata: { name: 'n2', labels: { 'node-role.kubernetes.io/infra': 'true' } } },
          { metadata: { name: 'n3', labels: {} } },
        ],
      },
      configmaps: {
        ok: true,
        items: [
          {
            metadata: { name: 'node-config-infra', namespace: 'openshift-node' },
            data: {
              'node-config.yaml': NODE_CONFIG.replace('mtu: 1450', 'mtu: 8950').replace('nodeName: n1\n', ''),
            },
          },
          {
            metadata: { name: 'node-config-compute', namespace: 'openshift-node' },
            data: { 'node-config.yaml': NODE_CONFIG },
          },
          {
            metadata: { name: 'unrelated', namespace: 'openshift-node' },
            data: { 'node-config.yaml': 'mtu: 1' },
          },
        ],
      },
    },
    artifacts,
    warnings: [],
  };
}

describe('buildModel on a bundle of real command outputs', () => {
  let dir: { path: string; cleanup: () => Promise<void> };
  let snap: Snapshot;
  beforeAll(async () => {
    dir = await tempDir();
    const out = join(dir.path, 'samples.tar.gz');
    await writeBundle(await samplesSnapshot(), out);
    snap = await readBundle(out);
  });
  afterAll(async () => dir.cleanup());

  it('every node facet is filled from its artifact', () => {
    const { model } = buildModel(snap);
    const n1 = model.nodeFacts.n1;
    const tun0 = n1?.links?.value.find((l) => l.name === 'tun0');
    expect(tun0).toMatchObject({ mtu: 1450, up: true });
    expect(tun0?.addresses.filter((a) => a.family === 'inet').map((a) => a.cidr)).toEqual(['10.128.2.1/23']);
    expect(n1?.routes?.value.find((r) => r.dst === '10.128.0.0/14')).toMatchObject({ dev: 'tun0' });
    expect(n1?.routes?.value.find((r) => r.dst === 'default')).toMatchObject({
      via: '10.99.1.1',
      dev: 'eth0',
    });
    expect(n1?.sysctls?.value['net.ipv4.ip_forward']).toEqual({ value: '1', line: 1 });
    expect(n1?.ovs.bridges?.value).toEqual(['br0']);
    expect([n1?.ovs.pluginId, n1?.ovs.ruleVersion]).toEqual([0, 7]);
    expect(n1?.resolvConf?.value.search).toEqual(['example.test', 'apps.example.test']);
    expect(n1?.resolvConf?.value.nameservers.map((n) => n.address)).toEqual(['10.99.1.1']);
    expect(n1?.nodeConfig).toEqual({
      artifact: 'nodes/n1/node-config.yaml',
      value: expect.objectContaining({ mtu: 1450, networkPluginName: 'redhat/openshift-ovs-subnet' }),
    });
    expect(n1?.journal?.value.blocks.map((b) => b.kind)).toContain('setup-script');
    expect(n1?.journal?.value.errors.length).toBeGreaterThan(0);
  });

  it('3.11: a node without its own node-config.yaml gets its group config map (39.8.1)', () => {
    const { model } = buildModel(snap);
    expect(model.nodeFacts.n2?.nodeConfig).toEqual({
      artifact: 'api/configmaps.json#openshift-node/node-config-infra',
      value: expect.objectContaining({ mtu: 8950 }),
    });
    // n3 is in no group: unknown, not a guess.
    expect(model.nodeFacts.n3?.nodeConfig).toBeUndefined();
  });

  it('dig probes become DNS lookups (answers with lines; resolver errors kept)', () => {
    const { model } = buildModel(snap);
    expect(model.dnsLookups).toEqual([
      {
        name: 'nowhere.example.test',
        kind: 'dig-short',
        where: 'client',
        search: false,
        answers: [],
        error: expect.stringMatching(/no servers could be reached|timed out/),
        artifact: 'probes/client/003-dig-short.txt',
      },
      {
        name: 'router',
        kind: 'dig-answer',
        node: 'n1',
        where: 'node/n1',
        search: true,
        answers: [
          {
            name: 'router.example.test',
            type: 'A',
            data: '10.99.2.2',
            line: 1,
            raw: 'router.example.test.\t0\tIN\tA\t10.99.2.2',
          },
        ],
        artifact: 'probes/nodes/n1/002-dig-answer.txt',
      },
      {
        name: 'router.example.test',
        kind: 'dig-short',
        where: 'client',
        search: false,
        answers: [{ name: 'router.example.test', type: 'A', data: '10.99.2.2', line: 1, raw: '10.99.2.2' }],
        artifact: 'probes/client/001-dig-short.txt',
      },
    ]);
  });

  it('no input warnings on clean real outputs', () => {
    const { warnings } = buildModel(snap);
    expect(warnings.filter((w) => !w.source.endsWith('ovs-show.txt'))).toEqual([]);
  });
});
