import routerDns from '../../../src/checks/rules/router-dns.js';
import { modelWith, onNode } from '../model-fixtures.js';
import { dropVip, ipfModel, VIP1, VIP2 } from '../ipf-fixtures.js';
import { checkTester } from '../tester.js';

const setClientDig = (text: string) =>
  modelWith((t) => {
    const d = t.digs.find((x) => x.kind === 'dig-short');
    if (d) d.text = text;
  });

checkTester(routerDns, {
  valid: [
    { name: 'www.example.com resolves to node-1, where the router runs', model: () => modelWith() },
    {
      name: 'an address among several is a router host',
      model: () => setClientDig('192.168.122.99\n192.168.122.11\n'),
    },
    {
      name: 'resolves to the VIPs of the ipfailover in front of the router, held by nobody (ipf-vip-unheld judges them)',
      model: () =>
        ipfModel((t) => {
          const d = t.digs.find((x) => x.kind === 'dig-short');
          if (d) d.text = `${VIP1}\n${VIP2}\n`;
          onNode('node-1', dropVip(VIP1))(t);
          onNode('node-2', dropVip(VIP2))(t);
        }),
    },
  ],
  invalid: [
    {
      name: 'DNS points at node-2, which runs no router (lab fault dnswild)',
      model: () => setClientDig('192.168.122.12\n'),
      expect: [{ fault: 'dns-wrong-ip', messageIncludes: 'resolves to 192.168.122.12' }],
    },
    {
      name: 'the name does not resolve',
      model: () => setClientDig(''),
      expect: [{ fault: 'dns-missing', messageIncludes: 'does not resolve' }],
    },
  ],
  unknown: [
    { name: 'no dig in the bundle', model: () => modelWith((t) => (t.digs = [])) },
    {
      name: 'dig only for names that are no route host',
      model: () => modelWith((t) => (t.digs = t.digs.filter((d) => d.kind !== 'dig-short'))),
    },
    {
      name: 'collected with -n: the address may be a router of a namespace that was not read (no false dns-wrong-ip)',
      model: () => ({
        ...setClientDig('192.168.122.12\n'),
        apiNamespaces: ['default', 'openshift-ingress', 'openshift-sdn', 'shop'],
      }),
    },
    {
      name: 'no router pod',
      model: () => modelWith((t) => (t.pods = t.pods.filter((p) => !('router' in p.labels)))),
    },
  ],
});
