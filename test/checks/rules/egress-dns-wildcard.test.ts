import egressDnsWildcard from '../../../src/checks/rules/egress-dns-wildcard.js';
import { modelWith, onNode } from '../model-fixtures.js';
import { checkTester } from '../tester.js';

checkTester(egressDnsWildcard, {
  valid: [
    { name: 'healthy: dig +search github.com answered for github.com itself', model: () => modelWith() },
    {
      name: 'no search list at all',
      model: () => modelWith(onNode('node-1', (n) => (n.resolvConf = 'nameserver 192.168.122.1\n'))),
    },
  ],
  invalid: [
    {
      name: 'the search domain example.com answered for github.com (39.9)',
      model: () =>
        modelWith((t) => {
          const d = t.digs.find((x) => x.node === 'node-2');
          if (d) d.text = 'github.com.example.com.\t0\tIN\tA\t192.168.122.12\n';
        }),
      expect: [
        {
          fault: 'egress-dns-wildcard',
          node: 'node-2',
          messageIncludes: 'search domain example.com is a wildcard DNS zone',
        },
      ],
    },
    {
      name: 'a name that cannot exist under the search domain resolved',
      model: () =>
        modelWith((t) => {
          t.digs.push({
            kind: 'dig-short',
            name: 'sdn-doctor-nonexistent-7f3a.example.com',
            node: 'node-3',
            search: false,
            text: '192.168.122.12\n',
            artifact: 'nodes/node-3/dig-short-wildcard-probe.txt',
          });
        }),
      expect: [{ fault: 'egress-dns-wildcard', node: 'node-3', messageIncludes: 'example.com' }],
    },
    {
      name: 'no DNS answers, but the routes domain example.com is in the search list (lab fault dnswild)',
      model: () => modelWith((t) => (t.digs = t.digs.filter((d) => d.node !== 'node-1'))),
      expect: [
        {
          fault: 'egress-dns-wildcard',
          severity: 'warning',
          node: 'node-1',
          messageIncludes: 'domain of the routes',
        },
      ],
    },
  ],
  unknown: [
    {
      name: 'search domains (not the routes domain) but no DNS answers in the bundle',
      node: 'node-1',
      model: () =>
        modelWith((t) => {
          t.digs = t.digs.filter((d) => d.node !== 'node-1');
          t.routes = t.routes.map((r) => ({ ...r, host: 'www.apps.example.org' }));
        }),
    },
    {
      name: 'resolv.conf not collected',
      node: 'node-2',
      model: () => modelWith(onNode('node-2', (n) => (n.resolvConf = undefined))),
    },
  ],
});
