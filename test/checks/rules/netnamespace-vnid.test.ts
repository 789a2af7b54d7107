import netnamespaceVnid from '../../../src/checks/rules/netnamespace-vnid.js';
import type { ClusterModel } from '../../../src/model/types.js';
import { modelWith, replaceOnce, type ClusterTexts } from '../model-fixtures.js';
import { checkTester } from '../tester.js';

/**
 * The fixture cluster as multitenant: project demo has netid 12345 (0x3039), so every flow of its
 * pods (tables 20, 70) and of its service demo/web (table 60) loads 0x3039; default stays global (0).
 */
function mtModel(edit: (t: ClusterTexts) => void = () => {}, demoNetid = 12345): ClusterModel {
  const m = modelWith((t) => {
    t.clusterNetwork = { ...t.clusterNetwork, pluginName: 'redhat/openshift-ovs-multitenant' };
    for (const n of Object.values(t.node)) {
      n.flows = replaceOnce(n.flows, 'note:00.07', 'note:01.07').replace(
        /load:0->NXM_NX_REG([01])\[\]/g,
        'load:0x3039->NXM_NX_REG$1[]',
      );
    }
    edit(t);
  });
  return {
    ...m,
    netNamespaces: {
      value: [
        { name: 'default', netid: 0, multicast: false },
        { name: 'demo', netid: demoNetid, multicast: false },
      ],
      artifact: 'api/netnamespaces.json',
    },
  };
}

checkTester(netnamespaceVnid, {
  valid: [
    { name: 'multitenant: every pod and service flow loads its netid', model: () => mtModel() },
    { name: 'subnet: no VNIDs', model: () => modelWith() },
  ],
  invalid: [
    {
      name: "a pod's table 20 flow carries another VNID (vnid-mismatch)",
      model: () =>
        mtModel((t) => {
          const n = t.node['node-2']!;
          n.flows = replaceOnce(n.flows, /(nw_src=10\.128\.2\.3 actions=load:)0x3039/, '$10x3e7');
        }),
      expect: [
        {
          node: 'node-2',
          pod: 'demo/db-1-g5h6i',
          fault: 'vnid-mismatch',
          messageIncludes: 'loads VNID 999, but NetNamespace demo has netid 12345',
        },
      ],
    },
    {
      name: 'NetNamespace renumbered (join-projects) but the flows keep the old netid',
      model: () => mtModel(() => {}, 777),
      // 4 pods × (table 20 + table 70) + demo/web's table 60 flow on each of the 3 nodes
      expect: [
        ...['demo/web-1-a1b2c', 'demo/web-1-d3e4f', 'demo/db-1-g5h6i', 'demo/web-1-j7k8l'].flatMap((pod) => [
          { pod, messageIncludes: 'table 20' },
          { pod, messageIncludes: 'table 70' },
        ]),
        ...['node-1', 'node-2', 'node-3'].map((node) => ({
          node,
          service: 'demo/web',
          messageIncludes: 'table 60',
        })),
      ],
    },
  ],
  unknown: [
    {
      name: 'multitenant, NetNamespaces not collected',
      model: () => ({ ...mtModel(), netNamespaces: undefined }),
    },
  ],
});
