/**
 * br0's rule-version-13 flows (the 4.x lab; pipeline.md §3) against openshift/sdn's own
 * `expectedFlows` (TestRuleVersion on master, rule version 13, subnet plugin: public sample
 * synthetic_fake_ovs_expectedFlows_sdn_master.txt). That table is 4.13+ (conntrack for every plugin,
 * services through iptables only) and 4.14+ (table 10 MAC rewrites), with an ENP, an egress IP and
 * a multicast namespace; the lab programs 4.10–4.12, whose subnet and multitenant plugins have
 * neither conntrack nor those objects. Everything else must match flow for flow.
 */
import { describe, expect, it } from 'vitest';
import type { NodeFlowSpec } from '../../src/lab/flows.js';
import { generateNodeFlows13 } from '../../src/lab/flows-v13.js';
import { buildModel } from '../../src/model/index.js';
import { canonical, sampleFlows } from './flow-canonical.js';
import { nodeArtifact } from '../bundle/helpers.js';

// The test's parameters (ovscontroller_test.go setup): SetupOVS(10.128.0.0/14, 172.30.0.0/16,
// 10.128.0.0/23, node 172.17.0.4), SetUpPod(ofport 3, 10.128.0.2, vnid 42), one remote HostSubnet.
const SPEC: NodeFlowSpec = {
  plugin: 'subnet',
  clusterNetworks: ['10.128.0.0/14'],
  serviceNetwork: '172.30.0.0/16',
  localSubnet: '10.128.0.0/23',
  nodeIP: '172.17.0.4',
  remoteSubnets: [{ hostIP: '10.0.123.45', subnet: '10.128.2.0/23', uid: 'uid-a' }],
  pods: [{ ip: '10.128.0.2', ofport: 3, vnid: 42 }],
  services: [],
};

const noCookie = (f: string) => f.replace(/cookie=0x[0-9a-f]+/, 'cookie=*');

/** The sample's 4.13+/4.14+ flows and the objects the lab does not create. */
const SAMPLE_ONLY = [
  /^table=0 priority=(1000|400|300) /, // conntrack and the tun0 hairpin: every plugin from 4.13
  /^table=10 priority=(210|200) /, // 4.14 SDN → OVN-Kubernetes migration
  /^table=25 /,
  /^table=31 priority=250 /, // ct(nat) of replies: conntrack plugins only before 4.13
  /^table=60 priority=200 cookie=\* {2}actions=output:2$/, // 4.13: services through iptables only
  /^table=100 priority=[123] /, // an EgressNetworkPolicy
  /^table=101 priority=100 /, // an egress IP (group 37)
  /^table=110 priority=32768 /, // a multicast namespace
  /^table=111 /,
  /^table=120 priority=100 /,
];
/**
 * Ours only: the pre-4.13 per-plugin service table, table 111 for our one remote node, and the
 * plugin's own Start() flows (singletenant.go: table 27 → 30 and table 80 open), which the
 * controller test does not run.
 */
const OURS_ONLY = [/^table=60 /, /^table=111 /, /^table=27 priority=500 /, /^table=80 priority=200 /];

describe('generateNodeFlows13', () => {
  it('every flow is one openshift-sdn rule version 13 writes, and none is missing', () => {
    const sample = sampleFlows('synthetic_fake_ovs_expectedFlows_sdn_master.txt').map(noCookie);
    const ours = generateNodeFlows13(SPEC, 4789).map(canonical).map(noCookie);
    expect(ours.filter((f) => !sample.includes(f) && !OURS_ONLY.some((re) => re.test(f)))).toEqual([]);
    expect(sample.filter((f) => !ours.includes(f) && !SAMPLE_ONLY.some((re) => re.test(f)))).toEqual([]);
    expect(new Set(ours).size).toBe(ours.length);
    expect(ours).toContain('table=60 priority=200 cookie=* reg0=0 actions=output:2');
  });

  it('the note says the plugin and rule version 13; multitenant keeps its table-80 isolation', () => {
    expect(generateNodeFlows13(SPEC, 4789)).toContain('table=253, actions=note:00.0D');
    const mt = generateNodeFlows13({ ...SPEC, plugin: 'multitenant' }, 4789);
    expect(mt).toContain('table=253, actions=note:01.0D');
    expect(mt).toContain('table=80, priority=100, reg0=42, reg1=42, actions=output:NXM_NX_REG2[]');
    expect(mt.some((f) => f.startsWith('table=21,') || f.includes('goto_table:21'))).toBe(false);
  });

  it('the model reads it as rule version 13 without a warning', () => {
    const text = generateNodeFlows13(SPEC, 4789).join('\n') + '\n';
    const { model, warnings } = buildModel({
      collectedAt: 'x',
      collector: 'test',
      api: {},
      artifacts: [nodeArtifact('node-1', 'ovs-flows', text)],
      warnings: [],
    });
    expect(model.nodeFacts['node-1']?.ovs.ruleVersion).toBe(13);
    expect(warnings.filter((w) => w.source.endsWith('ovs-flows.txt'))).toEqual([]);
  });
});
