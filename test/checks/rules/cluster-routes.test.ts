import clusterRoutes from '../../../src/checks/rules/cluster-routes.js';
import { CN, dropLines, modelWith, onNode } from '../model-fixtures.js';
import { checkTester } from '../tester.js';

checkTester(clusterRoutes, {
  valid: [
    { name: 'healthy 3.11: cluster route via tun0, local subnet covered by it', model: () => modelWith() },
    {
      name: 'older layout with an explicit local-subnet route on tun0 (39.7.3.2 example)',
      model: () =>
        modelWith((t) => {
          const n = t.node['node-2'];
          if (n) n.ipRoute = `${n.ipRoute}10.128.2.0/23 dev tun0 proto kernel scope link src 10.128.2.1 \n`;
        }),
    },
  ],
  invalid: [
    {
      name: 'cluster-network route deleted on node-1 (lab fault tunroute)',
      model: () => modelWith(onNode('node-1', (n) => (n.ipRoute = dropLines(n.ipRoute, `${CN} dev tun0`)))),
      expect: [{ fault: 'cluster-route-missing', node: 'node-1', messageIncludes: CN }],
    },
    {
      name: 'local subnet routed out eth0 on node-3',
      model: () =>
        modelWith((t) => {
          const n = t.node['node-3'];
          if (n) n.ipRoute = `${n.ipRoute}10.128.4.0/23 via 192.168.122.1 dev eth0 \n`;
        }),
      expect: [{ fault: 'cluster-route-missing', node: 'node-3', messageIncludes: '10.128.4.0/23' }],
    },
    {
      name: 'service-network route missing is only info',
      model: () => modelWith(onNode('node-2', (n) => (n.ipRoute = dropLines(n.ipRoute, '172.30.0.0/16')))),
      expect: [{ node: 'node-2', severity: 'info', fault: null }],
    },
  ],
  unknown: [
    {
      name: 'ip route not collected on node-1',
      node: 'node-1',
      model: () => modelWith(onNode('node-1', (n) => (n.ipRoute = undefined))),
    },
    { name: 'no ClusterNetwork', model: () => ({ ...modelWith(), clusterNetwork: undefined }) },
  ],
});
