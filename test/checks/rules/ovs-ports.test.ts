import ovsPorts from '../../../src/checks/rules/ovs-ports.js';
import { dropLines, modelWith, onNode, replaceOnce } from '../model-fixtures.js';
import { checkTester } from '../tester.js';

/** Removes one port block (5 lines) from dump-ports-desc, as `ovs-vsctl del-port` would. */
function dropPort(text: string | undefined, name: string): string {
  const lines = (text ?? '').split('\n');
  const at = lines.findIndex((l) => l.includes(`(${name}):`));
  if (at < 0) throw new Error(`no port ${name}`);
  let end = at + 1;
  while (end < lines.length && /^ {5}/.test(lines[end] ?? '')) end++;
  return [...lines.slice(0, at), ...lines.slice(end)].join('\n');
}

checkTester(ovsPorts, {
  valid: [
    { name: 'healthy: ports by number (node-1/2) and flows by name (node-3)', model: () => modelWith() },
    {
      name: 'a pod that is not running needs no port',
      model: () =>
        modelWith((t) => {
          t.pods = t.pods.map((p) => (p.name === 'db-1-g5h6i' ? { ...p, phase: 'Succeeded' } : p));
          const n2 = t.node['node-2'];
          if (n2) n2.ports = dropPort(n2.ports, 'veth9c0d1e2f');
        }),
    },
  ],
  invalid: [
    {
      name: 'pod veth removed from br0 on node-2 (flows name port 4, gone)',
      model: () => modelWith(onNode('node-2', (n) => (n.ports = dropPort(n.ports, 'veth9c0d1e2f')))),
      expect: [
        { fault: 'ovs-port-missing', node: 'node-2', pod: 'demo/db-1-g5h6i', messageIncludes: 'port 4' },
      ],
    },
    {
      name: 'pod veth removed on node-3 whose flows use port names',
      model: () => modelWith(onNode('node-3', (n) => (n.ports = dropPort(n.ports, 'veth3a4b5c6d')))),
      expect: [
        {
          fault: 'ovs-port-missing',
          node: 'node-3',
          pod: 'demo/web-1-j7k8l',
          messageIncludes: 'veth3a4b5c6d',
        },
      ],
    },
    {
      name: 'pod has neither table 20 flow nor port',
      model: () =>
        modelWith(
          onNode('node-1', (n) => {
            n.ports = dropPort(n.ports, 'veth1a2b3c4d');
            n.flows = dropLines(n.flows, 'in_port=3,');
          }),
        ),
      expect: [
        { fault: 'ovs-port-missing', node: 'node-1', messageIncludes: '0 pod ports for 1 running pod' },
      ],
    },
    {
      name: 'tun0 got port 5 and vxlan0 is gone',
      model: () =>
        modelWith(
          onNode('node-1', (n) => {
            n.ports = replaceOnce(dropPort(n.ports, 'vxlan0'), ' 2(tun0):', ' 5(tun0):');
          }),
        ),
      expect: [
        { node: 'node-1', fault: null, messageIncludes: 'no vxlan0 port' },
        { node: 'node-1', fault: null, messageIncludes: 'tun0 is port 5' },
      ],
    },
    {
      name: 'no bridge br0',
      model: () => modelWith(onNode('node-2', (n) => (n.listBr = 'br-ex\n'))),
      expect: [{ node: 'node-2', fault: null, messageIncludes: 'no OVS bridge br0' }],
    },
  ],
  unknown: [
    {
      name: 'dump-ports-desc not collected on node-1',
      node: 'node-1',
      model: () => modelWith(onNode('node-1', (n) => (n.ports = undefined))),
    },
  ],
});
