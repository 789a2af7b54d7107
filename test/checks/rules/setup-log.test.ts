import { readFileSync } from 'node:fs';
import setupLog from '../../../src/checks/rules/setup-log.js';
import { modelWith, onNode } from '../model-fixtures.js';
import { checkTester } from '../tester.js';

/** A real-format journal with a failed setup script and a failed "adding table=0" (lab capture). */
const FAILED = readFileSync(new URL('../../fixtures/journal/lab-setup-error.txt', import.meta.url), 'utf8');

/** openshift-sdn's warning while the node has no HostSubnet yet (node/subnets.go getLocalSubnet). */
const WAITING = [
  'Nov 21 10:00:01 node-2 atomic-openshift-node[4242]: W1121 10:00:01.000000    4242 subnets.go:48] Could not find an allocated subnet for node: node-2, Waiting...',
  'Nov 21 10:00:03 node-2 atomic-openshift-node[4242]: W1121 10:00:03.000000    4242 subnets.go:48] Could not find an allocated subnet for node: node-2, Waiting...',
  '',
].join('\n');

checkTester(setupLog, {
  valid: [
    { name: 'healthy: setup script and table=0 without errors', model: () => modelWith() },
    {
      name: 'unrelated errors of a busy node stay silent',
      model: () =>
        modelWith(
          onNode('node-2', (n) => {
            n.journal +=
              'Nov 21 10:00:07 node-2 atomic-openshift-node[4242]: E1121 10:00:07.700000    4242 kubelet.go:1234] Image pull failed for quay.io/x/y: unauthorized\n';
          }),
        ),
    },
    {
      name: 'a HostSubnet wait at start-up that the node got past stays silent',
      model: () =>
        modelWith(
          onNode('node-2', (n) => {
            n.journal = `${WAITING}${n.journal}`;
          }),
        ),
    },
  ],
  invalid: [
    {
      name: 'a node stuck on "Could not find an allocated subnet … Waiting" (node/subnets.go)',
      model: () => modelWith(onNode('node-2', (n) => (n.journal = WAITING))),
      expect: [
        {
          fault: 'sdn-setup-error',
          severity: 'error',
          node: 'node-2',
          messageIncludes: 'waiting for or failed its network setup (2 lines)',
        },
      ],
    },
    {
      name: 'setup script and OVS table=0 errors (39.10)',
      model: () => modelWith(onNode('node-1', (n) => (n.journal = FAILED))),
      expect: [
        {
          fault: 'sdn-setup-error',
          severity: 'error',
          node: 'node-1',
          messageIncludes: 'SDN setup on node node-1',
        },
        {
          fault: 'sdn-setup-error',
          severity: 'warning',
          node: 'node-1',
          messageIncludes: 'logged 2 SDN-related error lines',
        },
      ],
    },
  ],
  unknown: [
    {
      name: 'journal not collected on node-3',
      node: 'node-3',
      model: () => modelWith(onNode('node-3', (n) => (n.journal = undefined))),
    },
  ],
});
