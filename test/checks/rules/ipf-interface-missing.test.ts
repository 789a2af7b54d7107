import check from '../../../src/checks/rules/ipf-interface-missing.js';
import { modelWith, onNode } from '../model-fixtures.js';
import { ipfConfig, ipfModel } from '../ipf-fixtures.js';
import { checkTester } from '../tester.js';

checkTester(check, {
  valid: [
    { name: 'healthy: eth0 on node-1 and node-2', model: () => ipfModel() },
    { name: 'no ipfailover configuration', model: () => modelWith() },
    {
      name: 'interface unset: the image takes the default route interface',
      model: () => ipfModel((t) => (t.ipFailovers = [ipfConfig({ OPENSHIFT_HA_NETWORK_INTERFACE: '' })])),
    },
  ],
  invalid: [
    {
      name: 'OPENSHIFT_HA_NETWORK_INTERFACE=ens3, no node has it (lab fault ipf-interface-missing)',
      model: () => ipfModel((t) => (t.ipFailovers = [ipfConfig({ OPENSHIFT_HA_NETWORK_INTERFACE: 'ens3' })])),
      expect: [
        { node: 'node-1', messageIncludes: 'no interface ens3' },
        { node: 'node-2', messageIncludes: 'no interface ens3' },
      ],
    },
    {
      name: 'eth0 renamed on node-2 only',
      model: () => ipfModel(onNode('node-2', (n) => (n.ipAddr = n.ipAddr?.replace(/\beth0\b/g, 'ens3')))),
      expect: [{ node: 'node-2' }],
    },
  ],
  unknown: [
    {
      name: 'ip addr not collected on node-1',
      node: 'node-1',
      model: () => ipfModel(onNode('node-1', (n) => (n.ipAddr = undefined))),
    },
  ],
});
