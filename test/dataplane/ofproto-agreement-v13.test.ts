/**
 * The simulator against Open vSwitch's `ofproto/trace` on rule version 13 (issue 12 "The
 * simulator": "at least 7 and 13, both of every plugin"): the flows the 4.x lab programs
 * (generateNodeFlows13, src/lab/flows-v13.ts), for the three plugins, every node of a 3-node
 * cluster, healthy and with the catalogue's flow faults as the lab injects them on 4.x (tables
 * 10/90/20-40-70, src/lab/apply.ts), ≥1000 random packets each. Rule version 7 is
 * ofproto-agreement.test.ts; this file shares its sandbox and comparison (testkit/dataplane/).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { generateNodeFlows13 } from '../../src/lab/flows-v13.js';
import {
  fixtureCluster,
  nodeFlowSpec,
  type FixtureCluster,
} from '../../testkit/dataplane/cluster-fixture.js';
import { compareWithOvs, sandboxPorts, type Comparison } from '../../testkit/dataplane/ofproto-compare.js';
import { ovsAvailable, startOvsSandbox, type OvsSandbox } from '../../testkit/dataplane/ovs-sandbox.js';
import { generatePackets } from '../../testkit/dataplane/packet-gen.js';

const PACKETS_PER_NODE = 1000;
/** The VXLAN port the 4.x lab gives its ClusterNetwork (and table 20's rule-version-11 drop). */
const VXLAN_PORT = 4789;
const avail = ovsAvailable();
const mustRun = process.env.CI === 'true';
if (!avail.ok && !mustRun) console.log(`skipping ofproto/trace agreement (rule version 13): ${avail.reason}`);

const VARIANTS = ['healthy', 'flow-tun-src-missing', 'flow-tun-dst-missing', 'flow-pod-missing'] as const;
type Variant = (typeof VARIANTS)[number];

function variantFlows(c: FixtureCluster, node: string, variant: Variant): string[] {
  const spec = nodeFlowSpec(c, node);
  const flows = generateNodeFlows13(spec, VXLAN_PORT);
  const remote = spec.remoteSubnets[0]!;
  const pod = spec.pods[0]!;
  switch (variant) {
    case 'flow-tun-src-missing':
      return flows.filter((f) => !(f.startsWith('table=10,') && f.includes(`tun_src=${remote.hostIP},`)));
    case 'flow-tun-dst-missing':
      return flows.filter((f) => !(f.startsWith('table=90,') && f.includes(`nw_dst=${remote.subnet},`)));
    case 'flow-pod-missing':
      return flows.filter(
        (f) =>
          !/^table=(20|40|70),/.test(f) ||
          !(f.includes(`nw_src=${pod.ip},`) || f.includes(`nw_dst=${pod.ip},`)),
      );
    default:
      return flows;
  }
}

describe.skipIf(!avail.ok && !mustRun)('simulator vs ovs-appctl ofproto/trace, rule version 13', () => {
  const sandboxes: OvsSandbox[] = [];
  const totals = { packets: 0, agreed: 0 };
  afterAll(() => {
    for (const sb of sandboxes) sb.stop();
    if (totals.packets) {
      console.log(
        `ofproto/trace agreement (rule version 13): ${((100 * totals.agreed) / totals.packets).toFixed(2)}% of ${totals.packets} packets`,
      );
    }
  });

  for (const plugin of ['subnet', 'multitenant', 'networkpolicy'] as const) {
    const cluster = fixtureCluster(plugin, 3, 6);
    for (const node of cluster.nodes) {
      it(`agrees on every packet for ${plugin} ${node.name}, healthy and with each flow fault`, async () => {
        const podPorts = cluster.pods
          .filter((p) => p.node === node.name)
          .map((p) => ({ name: p.veth, ofport: p.ofport }));
        const sb = startOvsSandbox(podPorts);
        sandboxes.push(sb);
        const spec = nodeFlowSpec(cluster, node.name);
        const results: [Variant, Comparison][] = [];
        for (const [k, variant] of VARIANTS.entries()) {
          sb.replaceFlows(variantFlows(cluster, node.name, variant));
          const packets = generatePackets(spec, PACKETS_PER_NODE, 1300 * (k + 1) + node.name.length);
          const dumpArgs = k % 2 === 0 ? [] : ['--no-stats', '--names'];
          results.push([variant, await compareWithOvs(sb, packets, sandboxPorts(sb, podPorts), dumpArgs)]);
        }
        sb.stop();
        for (const [variant, r] of results) {
          totals.packets += r.packets;
          totals.agreed += r.agreed;
          expect({ variant, disagreements: r.disagreements.slice(0, 5) }).toEqual({
            variant,
            disagreements: [],
          });
          expect(r.packets).toBeGreaterThanOrEqual(PACKETS_PER_NODE);
          expect(Object.keys(r.outcomes)).toEqual(expect.arrayContaining(['drop', 'pod', 'tun0', 'vxlan']));
        }
      });
    }
  }
});
