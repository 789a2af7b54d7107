import check from '../../../src/checks/rules/ipf-vip-split-brain.js';
import { modelWith, onNode } from '../model-fixtures.js';
import { ipfModel, VIP1, VIP2, withVip } from '../ipf-fixtures.js';
import { checkTester } from '../tester.js';

checkTester(check, {
  valid: [
    { name: 'healthy ipfailover: each VIP on one node', model: () => ipfModel() },
    { name: 'no ipfailover configuration', model: () => modelWith() },
  ],
  invalid: [
    {
      name: 'VRRP dropped: node-2 took VIP1 too (lab fault ipf-vrrp-blocked)',
      model: () => ipfModel(onNode('node-2', (n) => (n.ipAddr = withVip(n.ipAddr, VIP1)))),
      expect: [{ messageIncludes: `${VIP1} of dc/ipf-ha-router (default) is held by 2 nodes` }],
    },
    {
      name: 'both VIPs on both nodes',
      model: () =>
        ipfModel((t) => {
          onNode('node-2', (n) => (n.ipAddr = withVip(n.ipAddr, VIP1)))(t);
          onNode('node-1', (n) => (n.ipAddr = withVip(n.ipAddr, VIP2)))(t);
        }),
      expect: [{ messageIncludes: VIP1 }, { messageIncludes: VIP2 }],
    },
  ],
  unknown: [
    { name: 'DeploymentConfigs not collected', model: () => ipfModel((t) => (t.ipFailovers = undefined)) },
  ],
});
