import check from '../../../src/checks/rules/ipf-vrrp-blocked.js';
import { dropLines, modelWith, onNode } from '../model-fixtures.js';
import { ipfModel, VRRP_RULE } from '../ipf-fixtures.js';
import { checkTester } from '../tester.js';

checkTester(check, {
  valid: [
    { name: 'healthy ipfailover: the image inserted the VRRP ACCEPT', model: () => ipfModel() },
    { name: 'no ipfailover configuration', model: () => modelWith() },
    {
      name: 'no 224.0.0.18 rule on node-3, which runs no keepalived',
      model: () => ipfModel(onNode('node-3', (n) => (n.iptables = dropLines(n.iptables, VRRP_RULE)))),
    },
  ],
  invalid: [
    {
      name: 'node-2 drops VRRP first (lab fault ipf-vrrp-blocked)',
      model: () =>
        ipfModel(
          onNode(
            'node-2',
            (n) => (n.iptables = n.iptables?.replace(VRRP_RULE, `-A INPUT -p vrrp -j DROP\n${VRRP_RULE}`)),
          ),
        ),
      expect: [{ node: 'node-2', messageIncludes: 'drops VRRP adverts from node-1' }],
    },
    {
      name: 'no VRRP ACCEPT on node-1: the final REJECT takes the adverts',
      model: () => ipfModel(onNode('node-1', (n) => (n.iptables = dropLines(n.iptables, VRRP_RULE)))),
      expect: [{ node: 'node-1', messageIncludes: 'from node-2' }],
    },
  ],
  unknown: [
    {
      name: 'iptables-save not collected on node-1',
      node: 'node-1',
      model: () => ipfModel(onNode('node-1', (n) => (n.iptables = undefined))),
    },
  ],
});
