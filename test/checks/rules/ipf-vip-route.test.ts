import check from '../../../src/checks/rules/ipf-vip-route.js';
import { dropLines, modelWith, onNode } from '../model-fixtures.js';
import { ipfModel, VIP1, VIP2 } from '../ipf-fixtures.js';
import { checkTester } from '../tester.js';

checkTester(check, {
  valid: [
    { name: 'healthy: VIPs in the nodes network 192.168.122.0/24', model: () => ipfModel() },
    { name: 'no ipfailover configuration', model: () => modelWith() },
    {
      name: 'no default route on node-3, the on-link /24 still covers the VIPs',
      model: () => ipfModel(onNode('node-3', (n) => (n.ipRoute = dropLines(n.ipRoute, /^default /)))),
    },
  ],
  invalid: [
    {
      name: 'node-3 has neither a default route nor the /24',
      model: () =>
        ipfModel(
          onNode(
            'node-3',
            (n) => (n.ipRoute = dropLines(dropLines(n.ipRoute, /^default /), /^192\.168\.122\.0\/24/)),
          ),
        ),
      expect: [
        { node: 'node-3', messageIncludes: VIP1 },
        { node: 'node-3', messageIncludes: VIP2 },
      ],
    },
  ],
  unknown: [
    {
      name: 'ip route not collected on node-3',
      node: 'node-3',
      model: () => ipfModel(onNode('node-3', (n) => (n.ipRoute = undefined))),
    },
  ],
});
