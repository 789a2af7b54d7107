import check from '../../../src/checks/rules/ipf-keepalived-down.js';
import { modelWith, onNode, PS_TEXT } from '../model-fixtures.js';
import { ipfConfig, ipfModel } from '../ipf-fixtures.js';
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
  ],
  invalid: [
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
