import flowTunDst from '../../../src/checks/rules/flow-tun-dst.js';
import { dropLines, modelWith, onNode, replaceOnce } from '../model-fixtures.js';
import { checkTester } from '../tester.js';

checkTester(flowTunDst, {
  valid: [{ name: 'healthy: tables 90 and 50 cover both remote subnets', model: () => modelWith() }],
  invalid: [
    {
      name: 'table 90 flow to node-2 deleted on node-1 (lab fault t90)',
      model: () =>
        modelWith(
          onNode('node-1', (n) => (n.flows = dropLines(n.flows, /table=90, .*nw_dst=10\.128\.2\.0\/23/))),
        ),
      expect: [
        {
          fault: 'flow-tun-dst-missing',
          node: 'node-1',
          messageIncludes: 'no table 90 flow set_field:192.168.122.12->tun_dst',
        },
      ],
    },
    {
      name: 'table 50 ARP flow missing on node-3 (port names)',
      model: () =>
        modelWith(
          onNode('node-3', (n) => (n.flows = dropLines(n.flows, /table=50, .*arp_tpa=10\.128\.0\.0\/23/))),
        ),
      expect: [{ fault: 'flow-tun-dst-missing', node: 'node-3', messageIncludes: 'table 50' }],
    },
    {
      name: 'table 90 still sends node-3 subnet to an old IP',
      model: () =>
        modelWith(
          onNode('node-2', (n) => {
            n.flows = replaceOnce(
              n.flows,
              /nw_dst=10\.128\.4\.0\/23 actions=(.*?)set_field:192\.168\.122\.13->tun_dst/,
              'nw_dst=10.128.4.0/23 actions=$1set_field:192.168.122.99->tun_dst',
            );
          }),
        ),
      expect: [{ node: 'node-2', messageIncludes: 'sends IP to 192.168.122.99 instead of 192.168.122.13' }],
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
            (n) => (n.flows = dropLines(n.flows, 'set_field:').replace('note:00.07', 'note:00.01')),
          ),
        ),
    },
    {
      name: 'no table 253 note on node-2: the rule version is unknown',
      node: 'node-2',
      model: () => modelWith(onNode('node-2', (n) => (n.flows = dropLines(n.flows, 'table=253')))),
    },
    {
      name: 'flows not collected on node-2',
      node: 'node-2',
      model: () => modelWith(onNode('node-2', (n) => (n.flows = undefined))),
    },
  ],
});
