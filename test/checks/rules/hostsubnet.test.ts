import hostsubnet from '../../../src/checks/rules/hostsubnet.js';
import { modelWith, replaceOnce } from '../model-fixtures.js';
import { checkTester } from '../tester.js';

checkTester(hostsubnet, {
  valid: [
    { name: 'healthy: every HostSubnet hostIP is the node IP', model: () => modelWith() },
    {
      name: 'no ip addr collected: InternalIP decides',
      model: () => modelWith((t) => Object.values(t.node).forEach((n) => (n.ipAddr = undefined))),
    },
  ],
  invalid: [
    {
      name: 'DHCP gave node-2 a new address (Node, node config and ip addr agree on .22)',
      model: () =>
        modelWith((t) => {
          t.nodes = t.nodes.map((n) =>
            n.name === 'node-2'
              ? {
                  ...n,
                  internalIP: '192.168.122.22',
                  addresses: [{ type: 'InternalIP', address: '192.168.122.22' }],
                }
              : n,
          );
          const n2 = t.node['node-2'];
          if (n2) {
            n2.ipAddr = replaceOnce(n2.ipAddr, 'inet 192.168.122.12/24', 'inet 192.168.122.22/24');
            n2.nodeConfig = replaceOnce(n2.nodeConfig, 'nodeIP: 192.168.122.12', 'nodeIP: 192.168.122.22');
          }
        }),
      expect: [
        { fault: 'hostsubnet-stale', node: 'node-2', messageIncludes: "node-2's IP is 192.168.122.22" },
      ],
    },
    {
      name: 'hostIP is on no interface of the node (ip addr) although Node agrees',
      model: () =>
        modelWith((t) => {
          const n3 = t.node['node-3'];
          if (n3) {
            n3.ipAddr = replaceOnce(n3.ipAddr, 'inet 192.168.122.13/24', 'inet 192.168.122.33/24');
            n3.nodeConfig = undefined;
          }
        }),
      expect: [{ fault: 'hostsubnet-stale', node: 'node-3', messageIncludes: '192.168.122.33' }],
    },
    {
      name: 'a node without HostSubnet, and a HostSubnet without node',
      model: () =>
        modelWith((t) => {
          t.hostSubnets = t.hostSubnets.map((h) =>
            h.name === 'node-3' ? { ...h, name: 'old-node', host: 'old-node' } : h,
          );
        }),
      expect: [
        { node: 'node-3', fault: null, messageIncludes: 'has no HostSubnet' },
        { node: 'old-node', fault: 'hostsubnet-stale', severity: 'warning' },
      ],
    },
  ],
  unknown: [
    { name: 'HostSubnets not collected', model: () => ({ ...modelWith(), hostSubnets: undefined }) },
    {
      name: 'node-1 has no InternalIP, no node config and no ip addr',
      node: 'node-1',
      model: () =>
        modelWith((t) => {
          t.nodes = t.nodes.map((n) =>
            n.name === 'node-1' ? { ...n, internalIP: undefined, addresses: [] } : n,
          );
          const n1 = t.node['node-1'];
          if (n1) {
            n1.ipAddr = undefined;
            n1.nodeConfig = undefined;
          }
        }),
    },
  ],
});
