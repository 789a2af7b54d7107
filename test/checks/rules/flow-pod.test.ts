import flowPod from '../../../src/checks/rules/flow-pod.js';
import { dropLines, modelWith, onNode } from '../model-fixtures.js';
import { checkTester } from '../tester.js';

checkTester(flowPod, {
  valid: [
    { name: 'healthy: every local pod has its four flows', model: () => modelWith() },
    {
      name: 'host-network and pending pods need none',
      model: () =>
        modelWith((t) => {
          t.pods = [
            ...t.pods,
            {
              namespace: 'demo',
              name: 'pending',
              node: 'node-1',
              podIP: '10.128.0.9',
              phase: 'Pending',
              ready: false,
              hostNetwork: false,
              labels: {},
              containerPorts: [],
            },
          ];
        }),
    },
  ],
  invalid: [
    {
      name: 'table 70 flow of the web pod on node-2 deleted (lab fault t70)',
      model: () =>
        modelWith(
          onNode('node-2', (n) => (n.flows = dropLines(n.flows, /table=70, .*nw_dst=10\.128\.2\.2 /))),
        ),
      expect: [
        {
          fault: 'flow-pod-missing',
          node: 'node-2',
          pod: 'demo/web-1-d3e4f',
          messageIncludes: 'table 70 nw_dst=10.128.2.2',
        },
      ],
    },
    {
      name: 'all flows of a pod gone: every table listed',
      model: () => modelWith(onNode('node-1', (n) => (n.flows = dropLines(n.flows, /=10\.128\.0\.2[ ,]/)))),
      expect: [
        {
          pod: 'demo/web-1-a1b2c',
          messageIncludes:
            'table 20 arp_spa=10.128.0.2; table 20 nw_src=10.128.0.2; table 40 arp_tpa=10.128.0.2; table 70 nw_dst=10.128.0.2',
        },
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
            (n) => (n.flows = dropLines(n.flows, 'table=70').replace('note:00.07', 'note:00.01')),
          ),
        ),
    },
    {
      name: 'no table 253 note on node-2: the rule version is unknown',
      node: 'node-2',
      model: () => modelWith(onNode('node-2', (n) => (n.flows = dropLines(n.flows, 'table=253')))),
    },
    { name: 'pods not collected', model: () => ({ ...modelWith(), pods: undefined }) },
    {
      name: 'flows not collected on node-1',
      node: 'node-1',
      model: () => modelWith(onNode('node-1', (n) => (n.flows = undefined))),
    },
  ],
});
