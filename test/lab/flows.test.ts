/**
 * br0's rule-version-7 flows (pipeline.md §2, §4, §5) against the public samples rendered by a
 * real OVS 3.1 from the exact strings openshift-sdn writes (fixtures/synthetic_ovs3.1_*).
 */
import { describe, expect, it } from 'vitest';
import { generateNodeFlows, hostSubnetCookie, type NodeFlowSpec } from '../../src/lab/flows.js';
import { canonical, sampleFlows } from './flow-canonical.js';

// The samples' parameters (their header line): node 192.168.50.14 with 10.128.2.0/23, two remote
// nodes, two pods, services 172.30.0.1 (443/tcp, 53/udp, 53/tcp) and 172.30.111.222 (8080/tcp).
function sampleSpec(plugin: 'subnet' | 'multitenant', vnid: number): NodeFlowSpec {
  return {
    plugin,
    clusterNetworks: ['10.128.0.0/14'],
    serviceNetwork: '172.30.0.0/16',
    localSubnet: '10.128.2.0/23',
    nodeIP: '192.168.50.14',
    remoteSubnets: [
      { hostIP: '192.168.50.11', subnet: '10.128.0.0/23', uid: 'uid-a' },
      { hostIP: '192.168.50.12', subnet: '10.129.0.0/23', uid: 'uid-b' },
    ],
    pods: [
      { ip: '10.128.2.2', ofport: 3, vnid: 0 },
      { ip: '10.128.2.3', ofport: 4, vnid },
    ],
    services: [
      {
        ip: '172.30.0.1',
        vnid: 0,
        ports: [
          { port: 443, protocol: 'TCP' },
          { port: 53, protocol: 'UDP' },
          { port: 53, protocol: 'TCP' },
        ],
      },
      { ip: '172.30.111.222', vnid, ports: [{ port: 8080, protocol: 'TCP' }] },
    ],
  };
}

/** The samples' cookies come from HostSubnet UIDs we do not have: compare cookies separately. */
const noCookie = (f: string) => f.replace(/cookie=0x[0-9a-f]+/, 'cookie=*');

/** Flows the samples have that the lab does not program (egress IPs, ENP, multicast-enabled VNID). */
const SAMPLE_EXTRAS = [
  /^table=100 priority=100 /,
  /^table=101 priority=[12] /,
  /^table=110 priority=32768 /,
  /^table=120 priority=100 /,
];

describe('generateNodeFlows', () => {
  for (const [plugin, file, vnid] of [
    ['subnet', 'synthetic_ovs3.1_dump_flows_br0_subnet_rv7_stats.txt', 0],
    ['multitenant', 'synthetic_ovs3.1_dump_flows_br0_multitenant_rv7_stats.txt', 13811611],
  ] as const) {
    it(`${plugin}: every flow is one a real rule-version-7 node has, and none is missing`, () => {
      const sample = sampleFlows(file).map(noCookie);
      const ours = generateNodeFlows(sampleSpec(plugin, vnid)).map(canonical).map(noCookie);
      expect(ours.filter((f) => !sample.includes(f))).toEqual([]);
      const missing = sample.filter((f) => !ours.includes(f) && !SAMPLE_EXTRAS.some((re) => re.test(f)));
      expect(missing).toEqual([]);
      expect(new Set(ours).size).toBe(ours.length);
    });
  }

  it('tables 10/50/90 carry the HostSubnet cookie: first 4 bytes of sha256(uid)', () => {
    const flows = generateNodeFlows(sampleSpec('subnet', 0));
    const c = hostSubnetCookie('uid-a');
    expect(c).toMatch(/^0x[0-9a-f]{8}$/);
    expect(flows.filter((f) => f.includes(`cookie=${c},`)).map((f) => f.slice(0, 8))).toEqual([
      'table=10',
      'table=50',
      'table=90',
    ]);
    // known value: sha256("x") = 2d711642…
    expect(hostSubnetCookie('x')).toBe('0x2d711642');
  });

  it('the table-253 note says plugin and rule version', () => {
    expect(generateNodeFlows(sampleSpec('subnet', 0))).toContain('table=253, actions=note:00.07');
    expect(generateNodeFlows(sampleSpec('multitenant', 5))).toContain('table=253, actions=note:01.07');
  });

  it('no remote node: table 111 has no VXLAN outputs', () => {
    const flows = generateNodeFlows({ ...sampleSpec('subnet', 0), remoteSubnets: [] });
    expect(flows).toContain('table=111, priority=100, actions=goto_table:120');
    expect(flows.some((f) => f.startsWith('table=10, priority=100'))).toBe(false);
  });

  it('multitenant: one table-80 rule per VNID in use, none for VNID 0', () => {
    const flows = generateNodeFlows(sampleSpec('multitenant', 42)).filter((f) => f.startsWith('table=80,'));
    expect(flows).toContain('table=80, priority=100, reg0=42, reg1=42, actions=output:NXM_NX_REG2[]');
    expect(flows.filter((f) => f.includes('priority=100'))).toHaveLength(1);
    expect(generateNodeFlows(sampleSpec('subnet', 0))).toContain(
      'table=80, priority=200, actions=output:NXM_NX_REG2[]',
    );
  });

  it('is fast enough for 1000-node clusters', () => {
    const spec: NodeFlowSpec = {
      ...sampleSpec('multitenant', 7),
      remoteSubnets: Array.from({ length: 999 }, (_, i) => ({
        hostIP: `10.0.${i >> 8}.${i & 255}`,
        subnet: `10.${128 + (i >> 7)}.${(i & 127) * 2}.0/23`,
        uid: `uid-${i}`,
      })),
      pods: Array.from({ length: 200 }, (_, i) => ({ ip: `10.128.2.${i + 2}`, ofport: i + 3, vnid: i % 20 })),
    };
    const t0 = performance.now();
    const flows = generateNodeFlows(spec);
    const ms = performance.now() - t0;
    expect(flows.length).toBeGreaterThan(3 * 999 + 4 * 200);
    expect(ms).toBeLessThan(500);
  });
});
