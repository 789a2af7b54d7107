import { describe, expect, it } from 'vitest';
import vethPeer from '../../../src/checks/rules/veth-peer.js';
import { runChecks } from '../../../src/checks/run.js';
import { render } from '../../../src/i18n/message.js';
import { modelWith, onNode, vethStatsText, type ClusterTexts } from '../model-fixtures.js';
import { checkTester } from '../tester.js';

/** Real `ethtool -S nosuch0` output (test/fixtures/ethtool/no-such-dev.txt). */
const NO_DEVICE = 'Cannot get stats strings information: No such device\n';

const WEB2 = 'demo/web-1-d3e4f'; // node-2, veth5e6f7a8b, ifindex 10, port 3
const DB2 = 'demo/db-1-g5h6i'; // node-2, veth9c0d1e2f, ifindex 11, port 4

const stats =
  (key: string, text: string | undefined) =>
  (t: ClusterTexts): void => {
    if (text === undefined) delete t.podStats![key];
    else t.podStats![key] = text;
  };

checkTester(vethPeer, {
  valid: [
    {
      name: "healthy: every pod's peer is the veth its flows use (ports by number and by name)",
      model: () => modelWith(),
    },
    {
      name: 'a veth that left br0 is ovs-ports’ finding, not a swapped port',
      model: () =>
        modelWith(
          onNode('node-2', (n) => (n.ports = n.ports?.replace(' 4(veth9c0d1e2f):', ' 9(vethzzzz):'))),
        ),
    },
  ],
  invalid: [
    {
      name: "two pods' ports swapped on node-2: each pod's flows use the other's veth",
      model: () =>
        modelWith((t) => {
          stats(WEB2, vethStatsText(11))(t);
          stats(DB2, vethStatsText(10))(t);
        }),
      expect: [
        {
          fault: 'veth-peer-mismatch',
          node: 'node-2',
          pod: DB2,
          messageIncludes: 'port 4 (veth9c0d1e2f) — the veth of pod demo/web-1-d3e4f',
        },
        {
          fault: 'veth-peer-mismatch',
          node: 'node-2',
          pod: WEB2,
          messageIncludes: "but the pod's eth0 peer is veth9c0d1e2f (ifindex 11), port 4",
        },
      ],
    },
    {
      name: "node-3 (flows by port name): the pod's flows name a veth that is not its peer",
      model: () =>
        modelWith(
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
    {
      name: 'no pod was asked for its peer (not collected)',
      model: () => modelWith((t) => delete t.podStats),
    },
    {
      name: "one pod's ethtool -S is missing",
      node: 'node-2',
      model: () => modelWith(stats(DB2, undefined)),
    },
    {
      name: "one pod's ethtool -S failed (No such device)",
      node: 'node-2',
      model: () => modelWith(stats(WEB2, NO_DEVICE)),
    },
    {
      name: 'the peer index is not on the node (ip addr from another moment)',
      node: 'node-2',
      model: () => modelWith(stats(DB2, vethStatsText(42))),
    },
    {
      name: 'ip addr not collected on node-2',
      node: 'node-2',
      model: () => modelWith(onNode('node-2', (n) => (n.ipAddr = undefined))),
    },
  ],
});

describe('veth-peer evidence', () => {
  it("cites the peer's ethtool -i driver when it was collected (39.13.3)", () => {
    const m = modelWith((t) => {
      t.podStats![WEB2] = vethStatsText(11);
      t.podStats![DB2] = vethStatsText(10);
    });
    const artifact = 'nodes/node-2/ethtool-i/veth9c0d1e2f.txt';
    const withDriver = {
      ...m,
      nics: { ...m.nics!, drivers: [{ node: 'node-2', ifname: 'veth9c0d1e2f', driver: 'veth', artifact }] },
    };
    const f = runChecks(withDriver, [vethPeer]).findings.find((x) => x.pod === WEB2)!;
    expect(f.evidence.map((e) => [e.artifact, render(e.excerpt, 'en')])).toContainEqual([
      artifact,
      'driver: veth',
    ]);
    expect(f.evidence[1]).toMatchObject({
      artifact: 'nodes/node-2/pods/demo/web-1-d3e4f/ethtool-S-eth0.txt',
      line: 2,
    });
  });
});
