import check from '../../../src/checks/rules/ipf-keepalived-down.js';
import { modelWith, onNode, PS_TEXT } from '../model-fixtures.js';
import { dropVip, ipfConfig, ipfModel, VIP1, VIP2 } from '../ipf-fixtures.js';
import { checkTester } from '../tester.js';

checkTester(check, {
  valid: [
    { name: 'healthy ipfailover: keepalived on node-1 and node-2', model: () => ipfModel() },
    { name: 'no ipfailover configuration (no keepalived anywhere)', model: () => modelWith() },
    {
      name: 'replicas 1 of 2 selected nodes: only the pod node (node-1) must run it',
      model: () =>
        ipfModel((t) => {
          t.ipFailovers = [ipfConfig({ OPENSHIFT_HA_REPLICA_COUNT: '1' })];
          t.pods = t.pods.filter((p) => !(p.name.startsWith('ipf-') && p.node === 'node-2'));
          onNode('node-2', (n) => (n.processes = PS_TEXT))(t);
        }),
    },
    {
      name: 'stopped on every node and no VIP held: ipf-vip-unheld reports it (lab fault ipf-vip-unheld)',
      model: () =>
        ipfModel((t) => {
          for (const [node, vip] of [
            ['node-1', VIP1],
            ['node-2', VIP2],
          ] as const)
            onNode(node, (n) => ((n.processes = PS_TEXT), dropVip(vip)(n)))(t);
        }),
    },
    {
      name: 'not running on node-2, which lacks the interface: ipf-interface-missing reports it',
      model: () =>
        ipfModel((t) => {
          t.ipFailovers = [ipfConfig({ OPENSHIFT_HA_NETWORK_INTERFACE: 'ens3' })];
          onNode('node-2', (n) => (n.processes = PS_TEXT))(t);
        }),
    },
  ],
  invalid: [
    {
      name: 'stopped on every node while node-1 still holds VIP1: both nodes named',
      model: () =>
        ipfModel((t) => {
          onNode('node-1', (n) => (n.processes = PS_TEXT))(t);
          onNode('node-2', (n) => ((n.processes = PS_TEXT), dropVip(VIP2)(n)))(t);
        }),
      expect: [{ node: 'node-1' }, { node: 'node-2' }],
    },
    {
      name: 'keepalived stopped on node-2 (lab fault ipf-keepalived-down)',
      model: () => ipfModel(onNode('node-2', (n) => (n.processes = PS_TEXT))),
      expect: [{ node: 'node-2', severity: 'warning', messageIncludes: 'not running on node-2' }],
    },
  ],
  unknown: [
    {
      name: 'ps not collected on node-1',
      node: 'node-1',
      model: () => ipfModel(onNode('node-1', (n) => (n.processes = undefined))),
    },
    { name: 'DeploymentConfigs not collected', model: () => ipfModel((t) => (t.ipFailovers = undefined)) },
  ],
});
