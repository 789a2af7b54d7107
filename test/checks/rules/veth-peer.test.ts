import { readFileSync } from 'node:fs';
import vethPeer from '../../../src/checks/rules/veth-peer.js';
import type { Artifact } from '../../../src/artifacts/types.js';
import { buildNics } from '../../../src/model/build/nics.js';
import { WarningSink } from '../../../src/model/build/warnings.js';
import type { ClusterModel } from '../../../src/model/types.js';
import { modelWith, onNode, PODS, type ClusterTexts } from '../model-fixtures.js';
import { checkTester } from '../tester.js';

/** Real `ethtool -S` of a veth (test/fixtures/ethtool: peer_ifindex 20), with the peer index set. */
const STATS = readFileSync(new URL('../../fixtures/ethtool/veth-stats.txt', import.meta.url), 'utf8');
const NO_DEVICE = readFileSync(new URL('../../fixtures/ethtool/no-such-dev.txt', import.meta.url), 'utf8');

/** Host ifindex of each pod's veth in model-fixtures' `ip addr` (10, 11, … per node, in pod order). */
function hostIndex(pod: string): number {
  const p = PODS.find((x) => `${x.namespace}/${x.name}` === pod)!;
  return 10 + PODS.filter((x) => x.node === p.node).indexOf(p);
}

/** The pods' `ethtool -S eth0` artifacts as collect writes them; `peer` overrides a pod's peer index. */
function statsArtifacts(peer: Record<string, number | 'missing' | 'failed'> = {}): Artifact[] {
  return PODS.flatMap((p): Artifact[] => {
    const key = `${p.namespace}/${p.name}`;
    const want = peer[key] ?? hostIndex(key);
    if (want === 'missing') return [];
    const failed = want === 'failed';
    return [
      {
        id: `nodes/${p.node}/pods/${key}/ethtool-S-eth0.txt`,
        kind: 'ethtool-stats',
        node: p.node,
        where: `pod/${key}`,
        argv: ['ethtool', '-S', 'eth0'],
        text: failed ? NO_DEVICE : STATS.replace('peer_ifindex: 20', `peer_ifindex: ${want}`),
        exitCode: failed ? 1 : 0,
        collectedAt: '2026-12-05T18:00:00Z',
      },
    ];
  });
}

function withNics(
  peer: Record<string, number | 'missing' | 'failed'> = {},
  mutate: (t: ClusterTexts) => void = () => {},
): ClusterModel {
  const nics = buildNics(statsArtifacts(peer), new WarningSink())!;
  return { ...modelWith(mutate), nics };
}

checkTester(vethPeer, {
  valid: [
    {
      name: "healthy: every pod's peer is the veth its flows use (ports by number and by name)",
      model: () => withNics(),
    },
    {
      name: 'a veth that left br0 is ovs-ports’ finding, not a swapped port',
      model: () =>
        withNics(
          {},
          onNode('node-2', (n) => (n.ports = n.ports?.replace(' 4(veth9c0d1e2f):', ' 9(vethzzzz):'))),
        ),
    },
  ],
  invalid: [
    {
      name: "two pods' ports swapped on node-2: each pod's flows use the other's veth",
      model: () => withNics({ 'demo/web-1-d3e4f': 11, 'demo/db-1-g5h6i': 10 }),
      expect: [
        {
          fault: 'veth-peer-mismatch',
          node: 'node-2',
          pod: 'demo/db-1-g5h6i',
          messageIncludes: 'port 4 (veth9c0d1e2f) — the veth of pod demo/web-1-d3e4f',
        },
        {
          fault: 'veth-peer-mismatch',
          node: 'node-2',
          pod: 'demo/web-1-d3e4f',
          messageIncludes: "but the pod's eth0 peer is veth9c0d1e2f (ifindex 11), port 4",
        },
      ],
    },
    {
      name: "node-3 (flows by port name): the pod's flows name a veth that is not its peer",
      model: () =>
        withNics(
          {},
          onNode('node-3', (n) => {
            // the pod was recreated with a new veth (still port 3); its flows name the old veth,
            // whose port 5 now belongs to another interface
            n.flows = n.flows?.replaceAll('in_port=veth3a4b5c6d', 'in_port=veth0b1c2d3e');
            n.ports = n.ports?.replace(
              ' LOCAL(br0):',
              [
                ' 5(veth0b1c2d3e): addr:1e:79:f3:a0:e8:85',
                '     config:     0',
                '     state:      0',
                '     current:    10GB-FD COPPER',
                '     speed: 10000 Mbps now, 0 Mbps max',
                ' LOCAL(br0):',
              ].join('\n'),
            );
          }),
        ),
      expect: [
        {
          fault: 'veth-peer-mismatch',
          node: 'node-3',
          pod: 'demo/web-1-j7k8l',
          messageIncludes: 'port 5 (veth0b1c2d3e)',
        },
      ],
    },
  ],
  unknown: [
    { name: 'no pod was asked for its peer (nics not collected)', model: () => modelWith() },
    {
      name: "one pod's ethtool -S is missing",
      node: 'node-2',
      model: () => withNics({ 'demo/db-1-g5h6i': 'missing' }),
    },
    {
      name: "one pod's ethtool -S failed",
      node: 'node-1',
      model: () => withNics({ 'demo/web-1-a1b2c': 'failed' }),
    },
    {
      name: 'the peer index is not on the node (ip addr from another moment)',
      node: 'node-2',
      model: () => withNics({ 'demo/db-1-g5h6i': 42 }),
    },
    {
      name: 'ip addr not collected on node-2',
      node: 'node-2',
      model: () =>
        withNics(
          {},
          onNode('node-2', (n) => (n.ipAddr = undefined)),
        ),
    },
  ],
});
