import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/model/index.js';
import { readBundle } from '../../src/sources/bundle/index.js';

const FIX = join(import.meta.dirname, '../fixtures/bundles');
const NODE = 'node-3.example.test';

describe('buildModel on imported debug.sh / NetworkCheck folders', () => {
  for (const [name, path] of [
    ['debug.sh', join(FIX, 'debug-sh/openshift-sdn-debug')],
    ['NetworkCheck', join(FIX, 'networkcheck')],
  ] as const) {
    it(`${name}: API facets and OVS/iptables node facets from the real outputs`, async () => {
      const { model } = buildModel(await readBundle(path));
      expect(model.clusterNetwork?.value).toMatchObject({
        name: 'default',
        pluginName: 'redhat/openshift-ovs-networkpolicy',
        mtu: 1450,
      });
      expect(model.hostSubnets?.value.map((h) => [h.host, h.hostIP, h.subnet])).toEqual([
        ['node-1.example.test', '192.168.50.11', '10.128.0.0/23'],
        [NODE, '192.168.50.13', '10.128.2.0/23'],
      ]);
      expect(model.nodes?.value.map((n) => [n.name, n.internalIP, n.ready])).toEqual([
        ['node-1.example.test', '192.168.50.11', true],
        [NODE, '192.168.50.13', true],
      ]);
      expect(model.routes?.value).toEqual([
        {
          namespace: 'demo',
          name: 'hello',
          host: 'hello.apps.example.test',
          service: 'hello',
          tlsTermination: 'edge',
          admitted: true,
        },
      ]);
      expect(model.pods?.value.map((p) => [p.name, p.ready, p.podIP])).toEqual([
        ['hello-1-abcde', true, '10.128.2.3'],
      ]);
      const facts = model.nodeFacts[NODE];
      expect(facts?.ovs.flows?.artifact).toBe(`nodes/${NODE}/flows`);
      expect([facts?.ovs.pluginId, facts?.ovs.ruleVersion]).toEqual([0, 7]);
      // `ovs-ofctl show br0` (features header + port list) read as the port list.
      expect(facts?.ovs.ports?.value.map((p) => p.name)).toEqual([
        'vxlan0',
        'tun0',
        'veth1p2cap',
        'veth2p2cap',
        'br0',
      ]);
      expect(facts?.iptables?.value.map((t) => t.name)).toEqual(expect.arrayContaining(['filter', 'nat']));
      // Neither tool ran `ovs-vsctl list-br/show`: those facets stay undefined (checks say unknown).
      expect(facts?.ovs.bridges).toBeUndefined();
      expect(facts?.ovs.show).toBeUndefined();
      // node-1 is in the API but was not visited: an entry with nothing known.
      expect(model.nodeFacts['node-1.example.test']).toEqual({ name: 'node-1.example.test', ovs: {} });
    });
  }
});
