/**
 * The simulator's br0 must agree with Open vSwitch's own `ofproto/trace` (issue 5, "Checked against
 * the real thing"): for both plugins, every node of a 3-node cluster, healthy and with the flow
 * faults of the catalogue (39.7.4: tables 10/90/20-40-70) and a missing pod port, ≥1000 random
 * packets each, on the flows the lab programs (generateNodeFlows), dumped by real OVS and parsed.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { generateNodeFlows } from '../../src/lab/flows.js';
import { fixtureCluster, nodeFlowSpec, type FixtureCluster } from './cluster-fixture.js';
import { compareWithOvs, sandboxPorts, type Comparison } from './ofproto-compare.js';
import { ovsAvailable, startOvsSandbox, type OvsSandbox } from './ovs-sandbox.js';
import { generatePackets } from './packet-gen.js';

const PACKETS_PER_NODE = 1000;
const avail = ovsAvailable();
const mustRun = process.env.CI === 'true';
if (!avail.ok && !mustRun) console.log(`skipping ofproto/trace agreement: ${avail.reason}`);

type Variant =
  | 'healthy'
  | 'flow-tun-src-missing'
  | 'flow-tun-dst-missing'
  | 'flow-pod-missing'
  | 'ovs-port-missing';
const VARIANTS: readonly Variant[] = [
  'healthy',
  'flow-tun-src-missing',
  'flow-tun-dst-missing',
  'flow-pod-missing',
  'ovs-port-missing',
];

function faultyFlows(c: FixtureCluster, node: string, variant: Variant): string[] {
  const spec = nodeFlowSpec(c, node);
  const flows = generateNodeFlows(spec);
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

describe.skipIf(!avail.ok && !mustRun)('simulator vs ovs-appctl ofproto/trace', () => {
  const sandboxes: OvsSandbox[] = [];
  const totals = { packets: 0, agreed: 0 };
  afterAll(() => {
    for (const sb of sandboxes) sb.stop();
    if (totals.packets) {
      console.log(
        `ofproto/trace agreement: ${((100 * totals.agreed) / totals.packets).toFixed(2)}% of ${totals.packets} packets`,
      );
    }
  });

  for (const plugin of ['subnet', 'multitenant'] as const) {
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
          let ports = podPorts;
          if (variant === 'ovs-port-missing') {
            const gone = podPorts[podPorts.length - 1]!;
            sb.vsctl(['del-port', 'br0', gone.name]);
            ports = podPorts.slice(0, -1);
          }
          sb.replaceFlows(faultyFlows(cluster, node.name, variant));
          const packets = generatePackets(
            spec,
            PACKETS_PER_NODE,
            1000 * k + node.name.length + (plugin === 'subnet' ? 0 : 7),
          );
          // Alternate the two dump renderings the simulator must read: numbers+stats and --no-stats --names.
          const dumpArgs = k % 2 === 0 ? [] : ['--no-stats', '--names'];
          results.push([variant, await compareWithOvs(sb, packets, sandboxPorts(sb, ports), dumpArgs)]);
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
          // Every kind of ending must be exercised, else agreement would prove little.
          expect(Object.keys(r.outcomes)).toEqual(expect.arrayContaining(['drop', 'pod', 'tun0', 'vxlan']));
        }
      });
    }
  }
});
