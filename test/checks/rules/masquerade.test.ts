import masquerade from '../../../src/checks/rules/masquerade.js';
import { CN, dropLines, modelWith, onNode, replaceOnce } from '../model-fixtures.js';
import { checkTester } from '../tester.js';

const MASQ_RULE = `-A OPENSHIFT-MASQUERADE -s ${CN} -m comment --comment "masquerade pod-to-service and pod-to-external traffic" -j MASQUERADE`;

/** networkpolicy's layout (reference §7.3): -2 chain returns cluster-internal traffic. */
function networkPolicyLayout(text: string | undefined): string {
  let s = replaceOnce(
    text,
    ':OPENSHIFT-MASQUERADE - [0:0]',
    ':OPENSHIFT-MASQUERADE - [0:0]\n:OPENSHIFT-MASQUERADE-2 - [0:0]',
  );
  s = replaceOnce(
    s,
    MASQ_RULE,
    `-A OPENSHIFT-MASQUERADE -s ${CN} -m comment --comment "masquerade pod-to-external traffic" -j OPENSHIFT-MASQUERADE-2
-A OPENSHIFT-MASQUERADE-2 -d ${CN} -m comment --comment "masquerade pod-to-external traffic" -j RETURN
-A OPENSHIFT-MASQUERADE-2 -j MASQUERADE`,
  );
  return s;
}

checkTester(masquerade, {
  valid: [
    { name: 'healthy subnet plugin: -s CN -j MASQUERADE', model: () => modelWith() },
    {
      name: 'networkpolicy: cluster-internal RETURN is normal there',
      model: () =>
        modelWith((t) => {
          t.clusterNetwork = { ...t.clusterNetwork, pluginName: 'redhat/openshift-ovs-networkpolicy' };
          for (const n of Object.values(t.node)) {
            n.iptables = networkPolicyLayout(n.iptables);
            n.flows = n.flows?.replace('note:00.07', 'note:02.07');
            n.nodeConfig = n.nodeConfig?.replace('openshift-ovs-subnet', 'openshift-ovs-networkpolicy');
          }
        }),
    },
  ],
  invalid: [
    {
      name: 'RETURN for cluster-internal traffic inserted before MASQUERADE on the subnet plugin (lab fault svcmasq)',
      model: () =>
        modelWith(
          onNode(
            'node-2',
            (n) =>
              (n.iptables = replaceOnce(
                n.iptables,
                MASQ_RULE,
                `-A OPENSHIFT-MASQUERADE -d ${CN} -j RETURN\n${MASQ_RULE}`,
              )),
          ),
        ),
      expect: [
        {
          fault: 'svc-masquerade-missing',
          node: 'node-2',
          messageIncludes: `-A OPENSHIFT-MASQUERADE -d ${CN} -j RETURN`,
        },
      ],
    },
    {
      name: 'MASQUERADE rule deleted: egress and hairpin both broken',
      model: () => modelWith(onNode('node-1', (n) => (n.iptables = dropLines(n.iptables, MASQ_RULE)))),
      expect: [
        {
          node: 'node-1',
          messageIncludes:
            'is not masqueraded: replies from outside never come back. Pod → service → pod traffic',
        },
      ],
    },
    {
      name: 'POSTROUTING no longer jumps to OPENSHIFT-MASQUERADE',
      model: () =>
        modelWith(
          onNode(
            'node-3',
            (n) =>
              (n.iptables = dropLines(
                n.iptables,
                '-A POSTROUTING -m comment --comment "rules for masquerading',
              )),
          ),
        ),
      expect: [{ node: 'node-3', messageIncludes: 'does not jump to OPENSHIFT-MASQUERADE' }],
    },
  ],
  unknown: [
    {
      name: 'iptables not collected on node-1',
      node: 'node-1',
      model: () => modelWith(onNode('node-1', (n) => (n.iptables = undefined))),
    },
    { name: 'no ClusterNetwork', model: () => ({ ...modelWith(), clusterNetwork: undefined }) },
  ],
});
