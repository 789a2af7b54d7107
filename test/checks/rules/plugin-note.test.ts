import pluginNote from '../../../src/checks/rules/plugin-note.js';
import { dropLines, modelWith, onNode, PLUGIN, replaceOnce } from '../model-fixtures.js';
import { checkTester } from '../tester.js';

checkTester(pluginNote, {
  valid: [
    { name: 'healthy: note 00.07 = subnet, as configured', model: () => modelWith() },
    {
      name: "the guide's company/openshift-ovs-subnet spelling in the node config",
      model: () =>
        modelWith((t) => {
          t.clusterNetwork = { ...t.clusterNetwork, pluginName: undefined };
          for (const n of Object.values(t.node))
            n.nodeConfig = n.nodeConfig?.replace(PLUGIN, 'company/openshift-ovs-subnet');
        }),
    },
  ],
  invalid: [
    {
      name: 'node-2 bridge built by multitenant',
      model: () =>
        modelWith(onNode('node-2', (n) => (n.flows = replaceOnce(n.flows, 'note:00.07', 'note:01.07')))),
      expect: [{ node: 'node-2', messageIncludes: 'built by the multitenant plugin' }],
    },
    {
      name: 'no table 253 note: half-built bridge',
      model: () => modelWith(onNode('node-3', (n) => (n.flows = dropLines(n.flows, 'table=253')))),
      expect: [{ node: 'node-3', messageIncludes: 'no table 253 version note' }],
    },
    {
      name: 'node config disagrees with the ClusterNetwork',
      model: () =>
        modelWith(
          onNode(
            'node-1',
            (n) => (n.nodeConfig = replaceOnce(n.nodeConfig, PLUGIN, 'redhat/openshift-ovs-multitenant')),
          ),
        ),
      expect: [{ node: 'node-1', messageIncludes: 'but the ClusterNetwork says' }],
    },
  ],
  unknown: [
    {
      name: 'no configured plugin anywhere',
      model: () =>
        modelWith((t) => {
          t.clusterNetwork = { ...t.clusterNetwork, pluginName: undefined };
          for (const n of Object.values(t.node)) n.nodeConfig = undefined;
        }),
    },
    {
      name: 'flows not collected on node-1',
      node: 'node-1',
      model: () => modelWith(onNode('node-1', (n) => (n.flows = undefined))),
    },
  ],
});
