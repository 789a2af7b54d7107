import check from '../../../src/checks/rules/ipf-vip-unheld.js';
import { modelWith, onNode, PS_TEXT } from '../model-fixtures.js';
import { dropVip, ipfModel, VIP1, VIP2 } from '../ipf-fixtures.js';
import { checkTester } from '../tester.js';

checkTester(check, {
  valid: [
    { name: 'healthy ipfailover: VIP1 on node-1, VIP2 on node-2', model: () => ipfModel() },
    { name: 'no ipfailover configuration at all', model: () => modelWith() },
    {
      name: 'both VIPs on node-2 (node-1 gave them up): still held',
      model: () =>
        ipfModel((t) => {
          onNode('node-1', dropVip(VIP1))(t);
          onNode(
            'node-2',
            (n) =>
              (n.ipAddr = n.ipAddr?.replace(
                `inet ${VIP2}/32`,
                `inet ${VIP1}/32 scope global eth0\n       valid_lft forever preferred_lft forever\n    inet ${VIP2}/32`,
              )),
          )(t);
        }),
    },
  ],
  invalid: [
    {
      name: 'keepalived stopped on both nodes: the VIPs gone, and the message says keepalived runs nowhere',
      model: () =>
        ipfModel((t) => {
          onNode('node-1', (n) => ((n.processes = PS_TEXT), dropVip(VIP1)(n)))(t);
          onNode('node-2', (n) => ((n.processes = PS_TEXT), dropVip(VIP2)(n)))(t);
        }),
      expect: [
        { messageIncludes: 'keepalived runs on none of its nodes (node-1, node-2)' },
        { messageIncludes: VIP2 },
      ],
    },
    {
      name: 'keepalived stopped everywhere: neither VIP on any node (lab fault ipf-vip-unheld)',
      model: () =>
        ipfModel((t) => {
          onNode('node-1', dropVip(VIP1))(t);
          onNode('node-2', dropVip(VIP2))(t);
        }),
      expect: [{ messageIncludes: VIP1 }, { messageIncludes: VIP2 }],
    },
    {
      name: 'VIP2 dropped on node-2 only',
      model: () => ipfModel(onNode('node-2', dropVip(VIP2))),
      expect: [{ messageIncludes: `virtual IP ${VIP2}` }],
    },
  ],
  unknown: [
    {
      name: 'DeploymentConfigs not collected',
      model: () => ipfModel((t) => (t.ipFailovers = undefined)),
    },
    {
      name: 'VIP2 not seen and node-2 (a keepalived node) has no ip addr: cannot tell',
      node: 'node-2',
      model: () => ipfModel(onNode('node-2', (n) => (n.ipAddr = undefined))),
    },
  ],
});
