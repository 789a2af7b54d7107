import policyFlows from '../../../src/checks/rules/policy-flows.js';
import type { ClusterModel, NetworkPolicy } from '../../../src/model/types.js';
import { modelWith, replaceOnce, withPolicyObjects, type ClusterTexts } from '../model-fixtures.js';
import { checkTester } from '../tester.js';

const ALL = { matchLabels: {}, matchExpressions: [] };
const DEMO = 12345; // 0x3039
const WEB_IPS = ['10.128.0.2', '10.128.2.2', '10.128.4.2'];
const DB_IP = '10.128.2.3';

const POLICIES: NetworkPolicy[] = [
  {
    namespace: 'demo',
    name: 'allow-same-namespace',
    podSelector: ALL,
    policyTypes: ['Ingress'],
    ingress: [{ ports: [], peers: [{ podSelector: ALL }] }],
    egress: [],
  },
  {
    namespace: 'demo',
    name: 'db-from-web',
    podSelector: { matchLabels: { app: 'db' }, matchExpressions: [] },
    policyTypes: ['Ingress'],
    ingress: [
      {
        ports: [{ protocol: 'TCP', port: 5432 }],
        peers: [{ podSelector: { matchLabels: { app: 'web' }, matchExpressions: [] } }],
      },
    ],
    egress: [],
  },
];

/** Table 80 as a 3.11 networkpolicy node dumps it (regs in hex). */
const TABLE80 = [
  ' cookie=0x0, duration=1.0s, table=80, n_packets=0, n_bytes=0, priority=200,ct_state=+rpl,ip actions=output:NXM_NX_REG2[]',
  ' cookie=0x0, duration=1.0s, table=80, n_packets=0, n_bytes=0, priority=150,reg0=0x3039,reg1=0x3039 actions=output:NXM_NX_REG2[]',
  ...WEB_IPS.map(
    (ip) =>
      ` cookie=0x0, duration=1.0s, table=80, n_packets=0, n_bytes=0, priority=150,tcp,reg0=0x3039,reg1=0x3039,nw_src=${ip},nw_dst=${DB_IP},tp_dst=5432 actions=output:NXM_NX_REG2[]`,
  ),
].join('\n');

/** Table 27 of a namespace without an Egress policy: open (release-4.12 generateNamespaceEgressFlows). */
const OPEN_27_LINE =
  ' cookie=0x0, duration=1.0s, table=27, n_packets=0, n_bytes=0, priority=50,reg0=0x3039 actions=goto_table:30';

/**
 * Table 80 as a 4.10–4.12 node (rule version 13) dumps it: release-4.12 parsePeerFlows matches the
 * pods of a podSelector peer by IP only (`ip, nw_src=<pod>`), without the classic code's reg0.
 */
const TABLE80_V13 = [
  TABLE80.replace(/tcp,reg0=0x3039,reg1=0x3039,nw_src=/g, 'tcp,reg1=0x3039,nw_src='),
  OPEN_27_LINE,
].join('\n');

/** db may only reach the web pods on 8080: release-4.12's egress flows of db-egress, as OVS dumps them. */
const DB_EGRESS: NetworkPolicy = {
  namespace: 'demo',
  name: 'db-egress',
  podSelector: { matchLabels: { app: 'db' }, matchExpressions: [] },
  policyTypes: ['Egress'],
  ingress: [],
  egress: [
    {
      ports: [{ protocol: 'TCP', port: 8080 }],
      peers: [{ podSelector: { matchLabels: { app: 'web' }, matchExpressions: [] } }],
    },
  ],
};
const TABLE27_DB_EGRESS = [
  ...WEB_IPS.map(
    (ip) =>
      ` cookie=0x0, duration=1.0s, table=27, n_packets=0, n_bytes=0, priority=150,tcp,reg0=0x3039,nw_src=${DB_IP},nw_dst=${ip},tp_dst=8080 actions=goto_table:30`,
  ),
  ` cookie=0x0, duration=1.0s, table=27, n_packets=0, n_bytes=0, priority=100,ip,reg0=0x3039,nw_src=${DB_IP} actions=drop`,
].join('\n');

/** The table 27 flow of a namespace without an Egress policy; new flows go before it (`$&`). */
const OPEN_27 = /^.*table=27, .*priority=50,reg0=0x3039 .*$/m;

/** The rule version 13 model with db-egress, its table 27 flows edited by `edit27` on `node`. */
function egressModel(node?: string, edit27: (flows: string) => string = (f) => f): ClusterModel {
  return npModel(
    (t) => {
      for (const [name, n] of Object.entries(t.node)) {
        const flows = name === node ? edit27(TABLE27_DB_EGRESS) : TABLE27_DB_EGRESS;
        n.flows = replaceOnce(n.flows, OPEN_27, `${flows}\n$&`);
      }
    },
    [...POLICIES, DB_EGRESS],
    '0D',
  );
}

function npModel(
  edit: (t: ClusterTexts) => void = () => {},
  policies = POLICIES,
  ruleVersion: '07' | '0D' = '07',
): ClusterModel {
  const m = modelWith((t) => {
    t.clusterNetwork = { ...t.clusterNetwork, pluginName: 'redhat/openshift-ovs-networkpolicy' };
    for (const n of Object.values(t.node)) {
      n.flows = replaceOnce(n.flows, 'note:00.07', `note:02.${ruleVersion}`);
      n.flows = replaceOnce(
        n.flows,
        /^.*table=80.*priority=200 actions=output:NXM_NX_REG2\[\]$/m,
        ruleVersion === '07' ? TABLE80 : TABLE80_V13,
      );
    }
    edit(t);
  });
  return withPolicyObjects(m, policies, DEMO);
}

/** db-from-web also of type Egress (its egress rules open: only the type matters here). */
const WITH_EGRESS = POLICIES.map((p) =>
  p.name === 'db-from-web' ? { ...p, policyTypes: [...p.policyTypes, 'Egress'] } : p,
);

checkTester(policyFlows, {
  valid: [
    { name: 'networkpolicy node with exactly the policies’ flows', model: () => npModel() },
    { name: 'subnet plugin: no policy flows to compare', model: () => modelWith() },
    {
      name: 'rule version 13 node with the 4.10+ spelling of pod peers',
      model: () => npModel(() => {}, POLICIES, '0D'),
    },
    {
      name: 'rule version 7: an Egress policy is not enforced there (policy-unsupported says so), table 80 compared',
      model: () => npModel(() => {}, WITH_EGRESS),
    },
    {
      name: 'rule version 13: table 27 holds exactly the egress flows of db-egress',
      model: () => egressModel(),
    },
  ],
  invalid: [
    {
      name: 'node-2 lacks one allow flow of db-from-web (policy-flow-missing)',
      model: () =>
        npModel((t) => {
          const n = t.node['node-2']!;
          n.flows = replaceOnce(n.flows, /^.*nw_src=10\.128\.4\.2,nw_dst=10\.128\.2\.3.*\n/m, '');
        }),
      expect: [
        {
          node: 'node-2',
          pod: 'demo/db-1-g5h6i',
          fault: 'policy-flow-missing',
          policy: 'demo/db-from-web',
          messageIncludes: 'lacks the allow flow',
        },
      ],
    },
    {
      name: 'rule version 13, node-2 lacks one allow flow of db-from-web (policy-flow-missing)',
      model: () =>
        npModel(
          (t) => {
            const n = t.node['node-2']!;
            n.flows = replaceOnce(n.flows, /^.*nw_src=10\.128\.4\.2,nw_dst=10\.128\.2\.3.*\n/m, '');
          },
          POLICIES,
          '0D',
        ),
      expect: [
        {
          node: 'node-2',
          pod: 'demo/db-1-g5h6i',
          fault: 'policy-flow-missing',
          policy: 'demo/db-from-web',
          messageIncludes: 'lacks the allow flow table=80, priority=150, reg1=12345, tcp, nw_src=10.128.4.2,',
        },
      ],
    },
    {
      name: 'rule version 13 node with the classic reg0 on pod peers: not what 4.10+ writes',
      model: () =>
        npModel((t) => {
          for (const n of Object.values(t.node)) {
            n.flows = replaceOnce(n.flows, 'note:02.07', 'note:02.0D');
            // table 27 as rule version 13 writes it: only table 80 differs here
            n.flows = replaceOnce(
              n.flows,
              /^.*table=80, .*priority=200,ct_state=\+rpl.*$/m,
              `$&\n${OPEN_27_LINE}`,
            );
          }
        }),
      expect: ['node-1', 'node-2', 'node-3'].flatMap((node) => [
        ...Array.from({ length: 3 }, () => ({ node, fault: 'policy-flow-missing' as const })),
        ...Array.from({ length: 3 }, () => ({ node, fault: 'policy-flow-stale' as const })),
      ]),
    },
    {
      name: 'rule version 13: node-3 lacks one egress allow flow of db-egress (policy-flow-missing, table 27)',
      model: () => egressModel('node-3', (f) => f.replace(/^.*nw_dst=10\.128\.4\.2,.*\n/m, '')),
      expect: [
        {
          node: 'node-3',
          fault: 'policy-flow-missing',
          policy: 'demo/db-egress',
          messageIncludes:
            'lacks the egress allow flow table=27, priority=150, reg0=12345, tcp, nw_src=10.128.2.3, nw_dst=10.128.4.2, tp_dst=8080',
        },
      ],
    },
    {
      name: 'rule version 13: node-2 lost the egress drop of db, its own pod (policy-flow-stale: it can send anywhere)',
      model: () => egressModel('node-2', (f) => f.replace(/\n.*priority=100,ip,reg0=0x3039,nw_src=.*$/m, '')),
      expect: [
        {
          node: 'node-2',
          pod: 'demo/db-1-g5h6i',
          fault: 'policy-flow-stale',
          messageIncludes: 'lacks the egress drop flow table=27, priority=100',
        },
      ],
    },
    {
      name: 'rule version 13: db-egress deleted, table 27 keeps its flows (isolation hole, stale drop)',
      model: () =>
        npModel(
          (t) => {
            for (const n of Object.values(t.node))
              n.flows = replaceOnce(n.flows, OPEN_27, `${TABLE27_DB_EGRESS}\n$&`);
          },
          POLICIES,
          '0D',
        ),
      expect: ['node-1', 'node-2', 'node-3'].flatMap((node) => [
        ...Array.from({ length: 3 }, () => ({
          node,
          fault: 'policy-flow-stale' as const,
          messageIncludes: 'lets pods of namespace demo send',
        })),
        { node, messageIncludes: 'table 27 drops traffic from namespace demo' },
      ]),
    },
    {
      name: 'node-1 keeps the allow flow of a deleted policy (policy-flow-stale)',
      model: () =>
        npModel((t) => {
          const n = t.node['node-1']!;
          n.flows = replaceOnce(
            n.flows,
            ' priority=0 actions=drop\n',
            ' priority=0 actions=drop\n table=80, priority=150,tcp,reg1=0x3039,nw_dst=10.128.0.2,tp_dst=8080 actions=output:NXM_NX_REG2[]\n',
          );
        }),
      expect: [
        {
          node: 'node-1',
          pod: 'demo/web-1-a1b2c',
          fault: 'policy-flow-stale',
          messageIncludes: 'isolation hole',
        },
      ],
    },
    {
      name: 'policies deleted but nodes keep their flows: isolation holes and missing open flows on every node',
      model: () => npModel(() => {}, []),
      expect: ['node-1', 'node-2', 'node-3'].flatMap((node) => [
        { node, messageIncludes: 'lacks the allow flow table=80, priority=50' },
        ...Array.from({ length: 4 }, () => ({ node, messageIncludes: 'isolation hole' })),
      ]),
    },
  ],
  unknown: [
    {
      name: 'rule version 13: a port range (endPort) is not modeled',
      model: () =>
        npModel(
          () => {},
          POLICIES.map((p) =>
            p.name === 'db-from-web'
              ? {
                  ...p,
                  ingress: [{ ...p.ingress[0]!, ports: [{ protocol: 'TCP', port: 5432, endPort: 5440 }] }],
                }
              : p,
          ),
          '0D',
        ),
    },
    {
      name: 'rule version 13: a port range (endPort) in an egress rule is not modeled',
      model: () =>
        npModel(
          () => {},
          [
            ...POLICIES,
            {
              ...DB_EGRESS,
              egress: [{ ...DB_EGRESS.egress[0]!, ports: [{ protocol: 'TCP', port: 8080, endPort: 8090 }] }],
            },
          ],
          '0D',
        ),
    },
    {
      name: 'networkpolicy plugin, NetworkPolicies not collected',
      model: () => ({ ...npModel(), networkPolicies: undefined }),
    },
  ],
});
