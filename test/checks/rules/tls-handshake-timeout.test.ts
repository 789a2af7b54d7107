import tlsHandshake from '../../../src/checks/rules/tls-handshake-timeout.js';
import { modelWith, onNode } from '../model-fixtures.js';
import { checkTester } from '../tester.js';

// 39.13.2: the guide's example line, as docker writes it into the node's journal
const TLS = (node: string) =>
  `Nov 21 10:00:07 ${node} dockerd-current[812]: time="2026-11-21T10:00:07Z" level=info msg="couldn't get deployment demo/web-1: Get https://172.30.0.1:443/api/v1/namespaces/demo/replicationcontrollers/web-1: net/http: TLS handshake timeout"\n`;

checkTester(tlsHandshake, {
  valid: [{ name: 'healthy: no TLS handshake timeout in the logs', model: () => modelWith() }],
  invalid: [
    {
      name: 'a TLS handshake timeout on node-2 points at the MTU check (no fault of its own)',
      model: () => modelWith(onNode('node-2', (n) => (n.journal = `${n.journal ?? ''}${TLS('node-2')}`))),
      expect: [
        {
          node: 'node-2',
          fault: null,
          severity: 'warning',
          messageIncludes: 'logged 1 TLS handshake timeout',
        },
      ],
    },
  ],
  unknown: [
    {
      name: 'journal not collected on node-3',
      node: 'node-3',
      model: () => modelWith(onNode('node-3', (n) => (n.journal = undefined))),
    },
  ],
});
