import iptablesDrop from '../../../src/checks/rules/iptables-drop.js';
import { modelWith, onNode, replaceOnce, type ClusterTexts } from '../model-fixtures.js';
import { checkTester } from '../tester.js';

/** Inserts a rule first in a filter chain, like `iptables -I CHAIN 1 …`. */
const insertFilter = (node: string, rule: string) =>
  onNode(
    node,
    (n) =>
      (n.iptables = replaceOnce(
        n.iptables,
        /\n(-A INPUT -m comment --comment "firewall overrides")/,
        `\n${rule}\n$1`,
      )),
  );

const withExporter = (t: ClusterTexts) => {
  t.pods.push({
    namespace: 'monitoring',
    name: 'node-exporter-abcde',
    node: 'node-2',
    hostIP: '192.168.122.12',
    podIP: '192.168.122.12',
    phase: 'Running',
    ready: true,
    hostNetwork: true,
    labels: { app: 'node-exporter' },
    containerPorts: [{ port: 9100, protocol: 'TCP' }],
  });
};

checkTester(iptablesDrop, {
  valid: [
    {
      name: "healthy: RHEL's trailing REJECTs, kube-proxy's 'has no endpoints' REJECT and the INVALID resend DROP stay silent",
      model: () => modelWith(),
    },
    {
      name: 'a DROP for unrelated traffic (ssh from one host)',
      model: () =>
        modelWith(insertFilter('node-1', '-A INPUT -s 203.0.113.5/32 -p tcp -m tcp --dport 22 -j DROP')),
    },
    {
      name: "a host-network exporter closed to the outside (RHEL's trailing REJECT) but open to pods",
      model: () => modelWith(withExporter),
    },
  ],
  invalid: [
    {
      name: 'pods cannot reach a host-network exporter: tun0 traffic to 9100 rejected first',
      model: () =>
        modelWith((t) => {
          withExporter(t);
          insertFilter(
            'node-2',
            '-A INPUT -i tun0 -p tcp -m tcp --dport 9100 -j REJECT --reject-with icmp-port-unreachable',
          )(t);
        }),
      expect: [
        {
          fault: 'iptables-drop',
          node: 'node-2',
          messageIncludes: 'host-network pod monitoring/node-exporter-abcde',
        },
      ],
    },
    {
      name: 'FORWARD drop to an endpoint pod on node-1 (lab fault fwddrop)',
      model: () => modelWith(insertFilter('node-1', '-A FORWARD -d 10.128.2.2/32 -j DROP')),
      expect: [{ fault: 'iptables-drop', node: 'node-1', messageIncludes: 'endpoint 10.128.2.2:8080' }],
    },
    {
      name: 'VXLAN dropped on node-2 (lab fault nodeipt4789)',
      model: () => modelWith(insertFilter('node-2', '-A INPUT -p udp -m udp --dport 4789 -j DROP')),
      expect: [
        { fault: 'iptables-drop', node: 'node-2', messageIncludes: 'VXLAN (udp/4789) from node node-1' },
      ],
    },
    {
      name: 'router port dropped on the router host (lab fault inputdrop)',
      model: () => modelWith(insertFilter('node-1', '-A INPUT -p tcp -m tcp --dport 80 -j DROP')),
      expect: [{ fault: 'router-timeout', node: 'node-1', messageIncludes: 'router default/router-1-x9y8z' }],
    },
    {
      name: 'FORWARD policy DROP without the OpenShift accept rules',
      model: () =>
        modelWith(
          onNode('node-3', (n) => {
            n.iptables = replaceOnce(n.iptables, ':FORWARD ACCEPT [0:0]', ':FORWARD DROP [0:0]');
            n.iptables = replaceOnce(
              n.iptables,
              /-A FORWARD -m comment --comment "firewall overrides" -j OPENSHIFT-FIREWALL-FORWARD\n/,
              '',
            );
            n.iptables = replaceOnce(
              n.iptables,
              /-A FORWARD -j REJECT --reject-with icmp-host-prohibited\n/,
              '',
            );
          }),
        ),
      expect: [{ fault: 'iptables-drop', node: 'node-3', messageIncludes: ':FORWARD DROP (policy)' }],
    },
  ],
  unknown: [
    {
      name: 'iptables-save not collected on node-2',
      node: 'node-2',
      model: () => modelWith(onNode('node-2', (n) => (n.iptables = undefined))),
    },
    {
      name: 'filter table truncated (no COMMIT)',
      node: 'node-1',
      model: () =>
        modelWith(
          onNode('node-1', (n) => (n.iptables = n.iptables?.slice(0, n.iptables.lastIndexOf('COMMIT')))),
        ),
    },
  ],
});
