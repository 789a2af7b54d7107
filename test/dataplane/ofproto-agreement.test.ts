/**
 * The simulator's br0 must agree with Open vSwitch's own `ofproto/trace` (a simulator is only
 * worth what it agrees with the real thing): for the three plugins, every node of a 3-node cluster, healthy and with the flow
 * faults of the catalogue (39.7.4: tables 10/90/20-40-70) and a missing pod port, ≥1000 random
 * packets each, on the flows the lab programs, dumped by real OVS and parsed — for both rule
 * versions the lab programs: 7 (generateNodeFlows, 3.11) and 13 (generateNodeFlows13, the 4.x lab;
 * issue 12 "at least 7 and 13, both of every plugin"). On networkpolicy bridges half the packets
 * are traced with a conntrack answer other than the default (`--ct-next`: established, related,
 * invalid, reply), the reply path of pipeline reference §5.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateNodeFlows, type NodeFlowSpec } from '../../src/lab/flows.js';
import { generateNodeFlows13 } from '../../src/lab/flows-v13.js';
import {
  fixtureCluster,
  nodeFlowSpec,
  type FixtureCluster,
} from '../../testkit/dataplane/cluster-fixture.js';
import { renderDumpFlows } from '../../testkit/dataplane/dump-render.js';
import { compareWithOvs, sandboxPorts, type Comparison } from '../../testkit/dataplane/ofproto-compare.js';
import { ovsAvailable, startOvsSandbox, type OvsSandbox } from '../../testkit/dataplane/ovs-sandbox.js';
import { generateCtNext, generatePackets } from '../../testkit/dataplane/packet-gen.js';

const PACKETS_PER_NODE = 1000;
/** The VXLAN port of the 4.x lab's ClusterNetwork (table 20's rule-version-11 drop). */
const VXLAN_PORT = 4789;
/** The lab's generator of each rule version it programs. */
const GENERATORS: Readonly<Record<7 | 13, (spec: NodeFlowSpec) => string[]>> = {
  7: generateNodeFlows,
  13: (spec) => generateNodeFlows13(spec, VXLAN_PORT),
};
const FIXTURES = join(import.meta.dirname, '../fixtures/dataplane');
const avail = ovsAvailable();
const mustRun = process.env.CI === 'true';
if (!avail.ok && !mustRun) console.log(`skipping ofproto/trace agreement: ${avail.reason}`);

type Variant =
  | 'healthy'
  | 'flow-tun-src-missing'
  | 'flow-tun-dst-missing'
  | 'flow-pod-missing'
  | 'ovs-port-missing'
  | 'policy-flow-missing'
  | 'policy-flow-stale';
const VARIANTS: readonly Variant[] = [
  'healthy',
  'flow-tun-src-missing',
  'flow-tun-dst-missing',
  'flow-pod-missing',
  'ovs-port-missing',
];
/** Table 80's faults (issue 11) exist on networkpolicy bridges only. */
const POLICY_VARIANTS: readonly Variant[] = ['policy-flow-missing', 'policy-flow-stale'];

function faultyFlows(c: FixtureCluster, node: string, variant: Variant, rv: 7 | 13): string[] {
  const spec = nodeFlowSpec(c, node);
  const flows = GENERATORS[rv](spec);
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
    case 'policy-flow-missing': {
      // as the lab does it: the node's first allow flow of table 80 is gone
      const at = flows.findIndex((f) => f.startsWith('table=80, priority=150,'));
      return flows.filter((_, i) => i !== at);
    }
    case 'policy-flow-stale':
      // an allow no policy implies: the first local pod's VNID open to every other VNID
      return [...flows, `table=80, priority=150, reg1=${pod.vnid}, actions=output:NXM_NX_REG2[]`];
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

  // networkpolicy (issue 11): the conntrack pipeline with 10 policies per project in table 80
  for (const [rv, plugin] of ([7, 13] as const).flatMap((v) =>
    (['subnet', 'multitenant', 'networkpolicy'] as const).map((p) => [v, p] as const),
  )) {
    const cluster = fixtureCluster(plugin, 3, 6);
    for (const node of cluster.nodes) {
      it(`agrees on every packet for rule version ${rv} ${plugin} ${node.name}, healthy and with each flow fault`, async () => {
        const podPorts = cluster.pods
          .filter((p) => p.node === node.name)
          .map((p) => ({ name: p.veth, ofport: p.ofport }));
        const sb = startOvsSandbox(podPorts);
        sandboxes.push(sb);
        const spec = nodeFlowSpec(cluster, node.name);
        const results: [Variant, Comparison][] = [];
        // (ovs-port-missing deletes a port for good: it stays last)
        const variants: readonly Variant[] =
          plugin === 'networkpolicy'
            ? [...VARIANTS.filter((v) => v !== 'ovs-port-missing'), ...POLICY_VARIANTS, 'ovs-port-missing']
            : VARIANTS;
        for (const [k, variant] of variants.entries()) {
          let ports = podPorts;
          if (variant === 'ovs-port-missing') {
            const gone = podPorts[podPorts.length - 1]!;
            sb.vsctl(['del-port', 'br0', gone.name]);
            ports = podPorts.slice(0, -1);
          }
          const flows = faultyFlows(cluster, node.name, variant, rv);
          sb.replaceFlows(flows);
          if (variant === 'healthy') {
            // The bench renders dumps itself (1000 nodes, no OVS): that rendering must be OVS's own.
            const norm = (t: string) =>
              t
                .split('\n')
                .filter(Boolean)
                .map((l) => l.replace(/duration=[\d.]+s/, 'duration=Xs'))
                .sort();
            expect(norm(renderDumpFlows(flows))).toEqual(norm(sb.dumpFlows()));
          }
          const seed = 1000 * k + node.name.length + (plugin === 'subnet' ? 0 : 7) + (rv === 13 ? 300 : 0);
          const packets = generatePackets(spec, PACKETS_PER_NODE, seed);
          // networkpolicy: half the packets traced as established, related, invalid or reply
          // packets (ofproto/trace --ct-next), so that the ct() of table 0, table 30's ct(nat) and
          // table 80's +rpl flow are run beside the default +trk+new
          const ct = plugin === 'networkpolicy' ? generateCtNext(PACKETS_PER_NODE, seed) : [];
          // Alternate the two dump renderings the simulator must read: numbers+stats and --no-stats --names.
          const dumpArgs = k % 2 === 0 ? [] : ['--no-stats', '--names'];
          results.push([
            variant,
            await compareWithOvs(sb, packets, sandboxPorts(sb, ports), dumpArgs, 1, ct),
          ]);
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
          // the conntrack reply path was run and delivered replies to pods (table 80's +rpl flow)
          if (plugin === 'networkpolicy') {
            console.log(
              `${plugin} ${node.name} ${variant}: ${r.agreed}/${r.packets} agree; replies ${JSON.stringify(r.replyOutcomes)}`,
            );
            expect(r.replyOutcomes.pod ?? 0).toBeGreaterThan(0);
          }
        }
      });
    }
  }
});

/**
 * The public OVS 3.1 renderings of openshift-sdn's rule-version-7 flows (pipeline reference §10):
 * they add what the lab does not program — egress IPs, EgressNetworkPolicy, multicast fan-out
 * (several outputs) and, for networkpolicy, the conntrack recirculations (ct(table=0),
 * ct(commit,table=30), ct_state=+rpl).
 */
describe.skipIf(!avail.ok && !mustRun)('simulator vs ofproto/trace on the public sample dumps', () => {
  const sampleSpec: NodeFlowSpec = {
    plugin: 'multitenant',
    clusterNetworks: ['10.128.0.0/14'],
    serviceNetwork: '172.30.0.0/16',
    localSubnet: '10.128.2.0/23',
    nodeIP: '192.168.50.14',
    remoteSubnets: [
      { hostIP: '192.168.50.11', subnet: '10.128.0.0/23', uid: 'a' },
      { hostIP: '192.168.50.12', subnet: '10.129.0.0/23', uid: 'b' },
    ],
    pods: [
      { ip: '10.128.2.2', ofport: 3, vnid: 0 },
      { ip: '10.128.2.3', ofport: 4, vnid: 0xd2bf9b },
    ],
    services: [
      {
        ip: '172.30.0.1',
        ports: [
          { port: 443, protocol: 'TCP' },
          { port: 53, protocol: 'UDP' },
        ],
        vnid: 0,
      },
      { ip: '172.30.111.222', ports: [{ port: 8080, protocol: 'TCP' }], vnid: 0xd2bf9b },
    ],
  };
  const ports = [
    { name: 'veth1a2b3c4d', ofport: 3 },
    { name: 'veth5e6f7a8b', ofport: 4 },
  ];
  for (const plugin of ['subnet', 'multitenant', 'networkpolicy']) {
    it(`agrees on 1500 packets over the ${plugin} sample`, async () => {
      const file = join(FIXTURES, `synthetic_ovs3.1_dump_flows_br0_${plugin}_rv7_nostats_names.txt`);
      const flows = readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.trim() && !l.startsWith('#'))
        .map((l) => l.trim());
      const sb = startOvsSandbox(ports);
      try {
        sb.replaceFlows(flows);
        const r = await compareWithOvs(
          sb,
          generatePackets(sampleSpec, 1500, plugin.length),
          sandboxPorts(sb, ports),
        );
        console.log(
          `${plugin} sample: ${r.agreed}/${r.packets} agree; outcomes ${JSON.stringify(r.outcomes)}`,
        );
        expect(r.disagreements.slice(0, 5)).toEqual([]);
        expect(Object.keys(r.outcomes)).toEqual(expect.arrayContaining(['drop', 'pod', 'tun0', 'vxlan']));
        if (plugin === 'multitenant') expect(r.outcomes.several).toBeGreaterThan(0);
      } finally {
        sb.stop();
      }
    });
  }
});
