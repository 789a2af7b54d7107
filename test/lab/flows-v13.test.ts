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
    expectReadAsRuleVersion13(generateNodeFlows13(SPEC, 4789));
  });
});

/**
 * The networkpolicy plugin's rule-13 flows: the master sample's controller test runs SetupOVS with
 * conntrack (every plugin from 4.13), i.e. what the networkpolicy plugin's SetupOVS writes on
 * 4.10–4.12: its tables 0, 25, 31 and 60 must match flow for flow. Ours only: the plugin's Start()
 * and syncNamespace flows (networkpolicy.go@release-4.12), which the controller test does not run,
 * and the lab's own commit of connections to the outside (docs/lab.md).
 */
const NP_OURS_ONLY = [
  /^table=111 /,
  /^table=27 priority=(300|200|50) /, // Start(): services, replies; a namespace with no Egress policy
  /^table=30 priority=100 .*ct_state=-rpl.*actions=ct\(commit,table=31\)$/, // Start(): commit
  /^table=30 priority=50 .*nw_src=10\.128\.0\.0\/23.*actions=ct\(commit,table=31\)$/, // the lab's
  /^table=80 priority=(200|150) /, // Start(): replies; the namespace's ingress policy flows
  /^table=60 priority=0 /, // SetupOVS@release-4.12 still has it; 4.13 (iptables-only services) not
  /^table=253 .*note:02\.0D\./, // the plugin id (the sample is the subnet plugin's 00)
];
const NP_SAMPLE_ONLY = SAMPLE_ONLY.filter(
  (re) => !['^table=0 priority=(1000|400|300) ', '^table=25 ', '^table=31 priority=250 '].includes(re.source),
)
  .filter((re) => !re.source.startsWith('^table=60'))
  .concat(/^table=253 .*note:00\.0D\./); // the subnet plugin's id

describe('generateNodeFlows13, networkpolicy', () => {
  const np: NodeFlowSpec = {
    ...SPEC,
    plugin: 'networkpolicy',
    policyFlows: ['table=80, priority=150, reg1=42, reg0=42, actions=output:NXM_NX_REG2[]'],
    egressPolicyFlows: ['table=27, priority=50, reg0=42, actions=goto_table:30'],
  };

  it('every flow is one openshift-sdn rule version 13 writes with conntrack, and none is missing', () => {
    const sample = sampleFlows('synthetic_fake_ovs_expectedFlows_sdn_master.txt').map(noCookie);
    const ours = generateNodeFlows13(np, 4789).map(canonical).map(noCookie);
    expect(ours.filter((f) => !sample.includes(f) && !NP_OURS_ONLY.some((re) => re.test(f)))).toEqual([]);
    expect(sample.filter((f) => !ours.includes(f) && !NP_SAMPLE_ONLY.some((re) => re.test(f)))).toEqual([]);
    expect(new Set(ours).size).toBe(ours.length);
    // each "ours only" pattern names a flow we do write
    for (const re of NP_OURS_ONLY)
      expect(
        ours.some((f) => re.test(f)),
        re.source,
      ).toBe(true);
  });

  it('the plugin note is 02.0D; no table 21, no subnet-style table 27 or 60, no rule-7 priorities', () => {
    const flows = generateNodeFlows13(np, 4789);
    expect(flows).toContain('table=253, actions=note:02.0D');
    expect(flows.some((f) => f.startsWith('table=21,') || f.includes('goto_table:21'))).toBe(false);
    expect(flows).not.toContain('table=27, priority=500, actions=goto_table:30');
    expect(flows.some((f) => f.startsWith('table=60,') && f.includes('reg0=0'))).toBe(false);
    expect(flows.filter((f) => f.includes('ct_state=-trk'))).toEqual([
      'table=0, priority=1000, ip, ct_state=-trk, actions=ct(table=0)',
    ]);
    // table 25 (service traffic back from tun0) enforces egress in table 27 like a pod's own packet
    expect(flows).toContain(
      'table=25, priority=100, ip, nw_src=10.128.0.2, actions=load:42->NXM_NX_REG0[], goto_table:27',
    );
  });

  it('the model reads it as networkpolicy rule version 13 without a warning', () => {
    expectReadAsRuleVersion13(generateNodeFlows13(np, 4789));
  });
});

/** A generated br0 as the model reads a node's dump-flows: rule version 13, no input warning. */
function expectReadAsRuleVersion13(flows: readonly string[]): void {
  const { model, warnings } = buildModel({
    collectedAt: 'x',
    collector: 'test',
    api: {},
    artifacts: [nodeArtifact('node-1', 'ovs-flows', flows.join('\n') + '\n')],
    warnings: [],
  });
  expect(model.nodeFacts['node-1']?.ovs.ruleVersion).toBe(13);
  expect(warnings.filter((w) => w.source.endsWith('ovs-flows.txt'))).toEqual([]);
}
