import ipForward from '../../../src/checks/rules/ip-forward.js';
import { modelWith, onNode } from '../model-fixtures.js';
import { checkTester } from '../tester.js';

checkTester(ipForward, {
  valid: [{ name: 'healthy: net.ipv4.ip_forward = 1 everywhere', model: () => modelWith() }],
  invalid: [
    {
      name: 'ip_forward = 0 on node-1 (lab fault ipfwd)',
      model: () => modelWith(onNode('node-1', (n) => (n.sysctl = 'net.ipv4.ip_forward = 0\n'))),
      expect: [{ fault: 'ip-forward-off', node: 'node-1', messageIncludes: '= 0' }],
    },
  ],
  unknown: [
    {
      name: 'sysctl not collected on node-2',
      node: 'node-2',
      model: () => modelWith(onNode('node-2', (n) => (n.sysctl = undefined))),
    },
    {
      name: 'sysctl output without the key',
      node: 'node-3',
      model: () => modelWith(onNode('node-3', (n) => (n.sysctl = 'net.ipv4.conf.all.rp_filter = 1\n'))),
    },
    {
      name: 'ip_forward = banana: unreadable, not "off"',
      node: 'node-1',
      model: () => modelWith(onNode('node-1', (n) => (n.sysctl = 'net.ipv4.ip_forward = banana\n'))),
    },
    {
      name: 'ip_forward empty: unreadable',
      node: 'node-2',
      model: () => modelWith(onNode('node-2', (n) => (n.sysctl = 'net.ipv4.ip_forward =\n'))),
    },
  ],
});
