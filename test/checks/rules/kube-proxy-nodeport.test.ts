import kubeProxyNodeport from '../../../src/checks/rules/kube-proxy-nodeport.js';
import type { ClusterTexts } from '../model-fixtures.js';
import { dropLines, modelWith, NODES, onNode, replaceOnce } from '../model-fixtures.js';
import { checkTester } from '../tester.js';

const SVC_WEB = /-j (KUBE-SVC-[A-Z0-9]+)\n/;

/** demo/web as a NodePort service (30080), with kube-proxy's KUBE-NODEPORTS rules on every node. */
function nodePort(t: ClusterTexts): void {
  t.services = t.services.map((s) =>
    s.name === 'web' ? { ...s, type: 'NodePort', ports: s.ports.map((p) => ({ ...p, nodePort: 30080 })) } : s,
  );
  for (const n of NODES) {
    const x = t.node[n.name]!;
    const chain = SVC_WEB.exec(x.iptables!.split('demo/web:http cluster IP')[2] ?? '')?.[1] ?? '';
    x.iptables = replaceOnce(
      x.iptables,
      '-A KUBE-SERVICES ! -s',
      `-A KUBE-NODEPORTS -p tcp -m comment --comment "demo/web:http" -m tcp --dport 30080 -j KUBE-MARK-MASQ\n` +
        `-A KUBE-NODEPORTS -p tcp -m comment --comment "demo/web:http" -m tcp --dport 30080 -j ${chain}\n` +
        '-A KUBE-SERVICES ! -s',
    );
  }
}

checkTester(kubeProxyNodeport, {
  valid: [
    { name: 'healthy: no service has a nodePort', model: () => modelWith() },
    { name: 'healthy: demo/web on nodePort 30080 everywhere', model: () => modelWith(nodePort) },
  ],
  invalid: [
    {
      name: 'KUBE-NODEPORTS rule of demo/web missing on node-2 (fault nodeport-nat-missing)',
      model: () =>
        modelWith((t) => {
          nodePort(t);
          onNode('node-2', (n) => (n.iptables = dropLines(n.iptables, /^-A KUBE-NODEPORTS /)))(t);
        }),
      expect: [
        {
          fault: 'nodeport-nat-missing',
          node: 'node-2',
          service: 'demo/web',
          messageIncludes: 'no KUBE-NODEPORTS rule for nodePort 30080/tcp of service demo/web',
        },
      ],
    },
    {
      name: 'KUBE-SERVICES does not jump to KUBE-NODEPORTS on node-3',
      model: () =>
        modelWith((t) => {
          nodePort(t);
          onNode('node-3', (n) => (n.iptables = dropLines(n.iptables, '-j KUBE-NODEPORTS')))(t);
        }),
      expect: [{ node: 'node-3', service: 'demo/web', messageIncludes: 'never jumps to them' }],
    },
  ],
  unknown: [
    {
      name: 'iptables not collected on node-1',
      node: 'node-1',
      model: () =>
        modelWith((t) => {
          nodePort(t);
          onNode('node-1', (n) => (n.iptables = undefined))(t);
        }),
    },
  ],
});
