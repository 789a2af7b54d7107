import kubeProxyNat from '../../../src/checks/rules/kube-proxy-nat.js';
import { dropLines, modelWith, onNode, WEB_VIP } from '../model-fixtures.js';
import { checkTester } from '../tester.js';

checkTester(kubeProxyNat, {
  valid: [
    {
      name: 'healthy: demo/web → 3 endpoints, default/router → 1; demo/external has none',
      model: () => modelWith(),
    },
  ],
  invalid: [
    {
      name: 'KUBE-SERVICES entry for demo/web missing on node-3',
      model: () =>
        modelWith(
          onNode(
            'node-3',
            (n) => (n.iptables = dropLines(n.iptables, /^-A KUBE-SERVICES -d 172\.30\.10\.10/)),
          ),
        ),
      expect: [
        {
          fault: 'svc-nat-missing',
          node: 'node-3',
          service: 'demo/web',
          messageIncludes: `no KUBE-SERVICES rule for service demo/web (${WEB_VIP}:80/tcp)`,
        },
      ],
    },
    {
      name: 'one endpoint not in the KUBE-SEP chains (kube-proxy stale on node-1)',
      model: () =>
        modelWith(
          onNode('node-1', (n) => (n.iptables = dropLines(n.iptables, '--to-destination 10.128.4.2:8080'))),
        ),
      expect: [
        { node: 'node-1', service: 'demo/web', messageIncludes: 'miss ready endpoint 10.128.4.2:8080' },
      ],
    },
    {
      name: 'a pod left the endpoints but kube-proxy still DNATs to it',
      model: () =>
        modelWith((t) => {
          t.endpoints = t.endpoints.map((e) =>
            e.name === 'web'
              ? {
                  ...e,
                  subsets: e.subsets.map((s) => ({
                    ...s,
                    addresses: s.addresses.filter((a) => a.ip !== '10.128.0.2'),
                  })),
                }
              : e,
          );
        }),
      expect: [
        { node: 'node-1', severity: 'warning', messageIncludes: 'still sends' },
        { node: 'node-2', severity: 'warning', messageIncludes: 'still sends' },
        { node: 'node-3', severity: 'warning', messageIncludes: 'still sends' },
      ],
    },
    {
      name: 'KUBE-SVC chain of default/router empty',
      model: () =>
        modelWith(
          onNode('node-2', (n) => (n.iptables = dropLines(n.iptables, /^-A KUBE-SVC-GQKZAHCS5DTMHUQ6 /))),
        ),
      expect: [{ node: 'node-2', service: 'default/router', messageIncludes: 'leads to no KUBE-SEP chain' }],
    },
  ],
  unknown: [
    {
      name: 'iptables not collected on node-3',
      node: 'node-3',
      model: () => modelWith(onNode('node-3', (n) => (n.iptables = undefined))),
    },
    { name: 'endpoints not collected', model: () => ({ ...modelWith(), endpoints: undefined }) },
  ],
});
