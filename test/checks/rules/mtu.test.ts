import mtu from '../../../src/checks/rules/mtu.js';
import { modelWith, onNode, replaceOnce } from '../model-fixtures.js';
import { checkTester } from '../tester.js';

checkTester(mtu, {
  valid: [
    { name: 'healthy: tun0 and config 1450, eth0 1500', model: () => modelWith() },
    {
      name: 'jumbo frames: eth0 9000, SDN 8950',
      model: () =>
        modelWith((t) => {
          for (const n of Object.values(t.node)) {
            n.ipAddr = n.ipAddr?.replace(
              'eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500',
              'eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 9000',
            );
            n.ipAddr = n.ipAddr?.replace(
              'tun0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450',
              'tun0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 8950',
            );
            n.nodeConfig = n.nodeConfig?.replace('mtu: 1450', 'mtu: 8950');
          }
        }),
    },
  ],
  invalid: [
    {
      name: 'tun0 at 1500 on node-1 (lab fault mtu)',
      model: () =>
        modelWith(
          onNode(
            'node-1',
            (n) =>
              (n.ipAddr = replaceOnce(
                n.ipAddr,
                'tun0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450',
                'tun0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500',
              )),
          ),
        ),
      expect: [{ fault: 'mtu-mismatch', node: 'node-1', messageIncludes: 'tun0 mtu 1500' }],
    },
    {
      name: 'node config mtu 1480 with eth0 1500 (39.8.1)',
      model: () =>
        modelWith(
          onNode('node-2', (n) => (n.nodeConfig = replaceOnce(n.nodeConfig, 'mtu: 1450', 'mtu: 1480'))),
        ),
      expect: [{ fault: 'mtu-mismatch', node: 'node-2', messageIncludes: 'networkConfig.mtu 1480' }],
    },
  ],
  unknown: [
    {
      name: 'ip addr not collected on node-3',
      node: 'node-3',
      model: () => modelWith(onNode('node-3', (n) => (n.ipAddr = undefined))),
    },
    {
      name: 'the node IP is on no interface and there is no default route',
      node: 'node-2',
      model: () =>
        modelWith(
          onNode('node-2', (n) => {
            n.ipAddr = replaceOnce(n.ipAddr, 'inet 192.168.122.12/24', 'inet 192.168.122.99/24');
            n.ipRoute = undefined;
          }),
        ),
    },
  ],
});
