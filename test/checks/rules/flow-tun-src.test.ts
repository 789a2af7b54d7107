import flowTunSrc from '../../../src/checks/rules/flow-tun-src.js';
import { dropLines, modelWith, onNode } from '../model-fixtures.js';
import { checkTester } from '../tester.js';

checkTester(flowTunSrc, {
  valid: [{ name: 'healthy: table 10 admits both remote nodes on every node', model: () => modelWith() }],
  invalid: [
    {
      name: 'node-1 lost tun_src=192.168.122.12',
      model: () =>
        modelWith(onNode('node-1', (n) => (n.flows = dropLines(n.flows, 'tun_src=192.168.122.12')))),
      expect: [{ fault: 'flow-tun-src-missing', node: 'node-1', messageIncludes: 'tun_src=192.168.122.12' }],
    },
    {
      name: 'a HostSubnet whose node never got flows (new node) is missing on all others',
      model: () =>
        modelWith((t) => {
          t.hostSubnets = [
            ...t.hostSubnets,
            {
              name: 'node-4',
              host: 'node-4',
              hostIP: '192.168.122.14',
              subnet: '10.128.6.0/23',
              egressIPs: [],
            },
          ];
        }),
      expect: [
        { node: 'node-1', messageIncludes: '192.168.122.14' },
        { node: 'node-2', messageIncludes: '192.168.122.14' },
        { node: 'node-3', messageIncludes: '192.168.122.14' },
      ],
    },
  ],
  unknown: [
    {
      // The flows it would report missing are gone too: a guessed layout would give false errors.
      name: 'rule version 1 (not modeled) on node-2: its layout is not guessed',
      node: 'node-2',
      model: () =>
        modelWith(
          onNode(
            'node-2',
            (n) => (n.flows = dropLines(n.flows, 'tun_src=').replace('note:00.07', 'note:00.01')),
          ),
        ),
    },
    {
      name: 'no table 253 note on node-2: the rule version is unknown',
      node: 'node-2',
      model: () => modelWith(onNode('node-2', (n) => (n.flows = dropLines(n.flows, 'table=253')))),
    },
    {
      name: 'flows not collected on node-3',
      node: 'node-3',
      model: () => modelWith(onNode('node-3', (n) => (n.flows = undefined))),
    },
    { name: 'HostSubnets not collected', model: () => ({ ...modelWith(), hostSubnets: undefined }) },
  ],
});
