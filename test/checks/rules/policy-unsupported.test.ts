import policyUnsupported from '../../../src/checks/rules/policy-unsupported.js';
import type { ClusterModel, NetworkPolicy } from '../../../src/model/types.js';
import { modelWith, replaceOnce } from '../model-fixtures.js';
import { checkTester } from '../tester.js';

const ALL: NetworkPolicy['podSelector'] = { matchLabels: {}, matchExpressions: [] };

const np = (name: string, extra: Partial<NetworkPolicy> = {}): NetworkPolicy => ({
  namespace: 'demo',
  name,
  podSelector: ALL,
  policyTypes: ['Ingress'],
  ingress: [{ ports: [{ protocol: 'TCP', port: 8080 }], peers: [{ podSelector: ALL }] }],
  egress: [],
  ...extra,
});

/** The fixture cluster as networkpolicy (note 02.07 or 02.0d: rule version 7 or 13). */
function withPolicies(policies: NetworkPolicy[], ruleVersion = 7, plugin = 'networkpolicy'): ClusterModel {
  const m = modelWith((t) => {
    t.clusterNetwork = { ...t.clusterNetwork, pluginName: `redhat/openshift-ovs-${plugin}` };
    const id = plugin === 'networkpolicy' ? '02' : plugin === 'multitenant' ? '01' : '00';
    const note = `note:${id}.${ruleVersion.toString(16).padStart(2, '0')}`;
    if (note === 'note:00.07') return;
    for (const n of Object.values(t.node)) {
      n.flows = replaceOnce(n.flows, 'note:00.07', note);
    }
  });
  return { ...m, networkPolicies: { value: policies, artifact: 'api/networkpolicies.json' } };
}

checkTester(policyUnsupported, {
  valid: [
    {
      name: 'supported policy (selectors, numeric TCP port) on 3.11',
      model: () => withPolicies([np('web')]),
    },
    { name: 'no policies at all, subnet plugin', model: () => withPolicies([], 7, 'subnet') },
    {
      name: 'egress and endPort on 4.10+ (rule version 13)',
      model: () =>
        withPolicies(
          [
            np('eg', {
              policyTypes: ['Ingress', 'Egress'],
              egress: [{ ports: [{ protocol: 'TCP', port: 1, endPort: 9 }], peers: [] }],
            }),
          ],
          13,
        ),
    },
  ],
  invalid: [
    {
      name: 'egress policy on 3.11',
      model: () => withPolicies([np('eg', { policyTypes: ['Ingress', 'Egress'] })]),
      expect: [{ severity: 'warning', messageIncludes: 'demo/eg: spec.egress' }],
    },
    {
      name: 'named port on 3.11: deny-all',
      model: () =>
        withPolicies([np('named', { ingress: [{ ports: [{ protocol: 'TCP', port: 'http' }], peers: [] }] })]),
      expect: [{ messageIncludes: 'named port "http"' }],
    },
    {
      name: 'ipBlock and endPort on 3.11',
      model: () =>
        withPolicies([
          np('blk', {
            ingress: [
              {
                ports: [{ protocol: 'TCP', port: 80, endPort: 90 }],
                peers: [{ ipBlock: { cidr: '10.0.0.0/8', except: [] } }],
              },
            ],
          }),
        ]),
      expect: [{ messageIncludes: 'ports[0].endPort' }, { messageIncludes: 'from[0].ipBlock' }],
    },
    {
      name: 'named port on 4.10+: the entry is skipped',
      model: () =>
        withPolicies(
          [np('named', { ingress: [{ ports: [{ protocol: 'TCP', port: 'http' }], peers: [] }] })],
          13,
        ),
      expect: [{ messageIncludes: 'skips this port entry' }],
    },
    {
      name: 'any policy under the multitenant plugin does nothing',
      model: () => withPolicies([np('web')], 7, 'multitenant'),
      expect: [{ messageIncludes: 'multitenant plugin ignores NetworkPolicies' }],
    },
  ],
  unknown: [
    { name: 'NetworkPolicies not collected', model: () => ({ ...modelWith(), networkPolicies: undefined }) },
    {
      name: 'networkpolicy plugin but no table 253 note on any node',
      model: () => {
        const m = withPolicies([np('web')]);
        const nodeFacts = Object.fromEntries(
          Object.entries(m.nodeFacts).map(([k, f]) => [k, { ...f, ovs: { ...f.ovs, flows: undefined } }]),
        );
        return { ...m, nodeFacts };
      },
    },
  ],
});
