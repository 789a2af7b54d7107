/**
 * The networkpolicy lab's generators (pure): the 3.11 documentation's starting policies, namespace
 * labels and netids, the conntrack flows of networkpolicy.go Start() and the per-namespace table 80
 * flows, and the API objects the model reads. lab-networkpolicy.test.ts shows the same on the real lab.
 */
import { describe, expect, it } from 'vitest';
import { labApiObjects } from '../../src/lab/api-objects.js';
import { nodeFlows } from '../../src/lab/apply.js';
import type { LabState } from '../../src/lab/model.js';
import { buildLabSpec } from '../../src/lab/spec.js';

const spec = buildLabSpec(
  { name: 'unit', nodes: 3, podsPerNode: 3, plugin: 'networkpolicy' },
  new Date('2026-11-21T22:00:00Z'),
);
const state: LabState = { spec, processes: [], faults: [], resourceVersion: 7 };
const netid = (ns: string) => spec.namespaces.find((n) => n.name === ns)!.netid;

describe('networkpolicy lab spec', () => {
  it('default is global (netid 0) and labelled name=default; projects have their own netids', () => {
    expect(netid('default')).toBe(0);
    expect(netid('demo')).toBeGreaterThanOrEqual(10);
    expect(netid('shop')).not.toBe(netid('demo'));
    expect(spec.namespaces.find((n) => n.name === 'default')!.labels).toEqual({ name: 'default' });
  });

  it('starts with the documented policies in demo and none in shop', () => {
    expect(spec.networkPolicies!.map((p) => `${p.namespace}/${p.name}`)).toEqual([
      'demo/deny-by-default',
      'demo/allow-same-namespace',
      'demo/allow-from-default-namespace',
      'demo/allow-shop-to-web',
    ]);
  });
});

describe('networkpolicy br0 flows', () => {
  const flows = nodeFlows(state, 2);
  it('has the conntrack flows, table 25 per pod and the plugin note 02.07', () => {
    expect(flows).toContain('table=0, priority=300, ip, ct_state=-trk, actions=ct(table=0)');
    expect(flows).toContain('table=21, priority=200, ip, nw_dst=10.128.0.0/14, actions=ct(commit,table=30)');
    expect(flows).toContain(
      'table=30, priority=300, ip, nw_dst=10.128.2.0/23, ct_state=+rpl, actions=ct(nat,table=70)',
    );
    expect(flows).toContain('table=80, priority=200, ip, ct_state=+rpl, actions=output:NXM_NX_REG2[]');
    expect(flows).toContain('table=60, priority=200, actions=output:2');
    expect(flows.filter((f) => f.startsWith('table=25, priority=100'))).toHaveLength(3);
    expect(flows.filter((f) => f.startsWith('table=60, ip'))).toEqual([]);
    expect(flows).toContain('table=253, actions=note:02.07');
  });

  it('table 80: demo allows itself, the router (VNID 0) and shop to web:8080; shop (no policy) all', () => {
    const demo = netid('demo');
    const shop = netid('shop');
    const t80 = flows.filter(
      (f) => f.startsWith('table=80, priority=1') || f.startsWith('table=80, priority=50'),
    );
    const web = spec.pods.filter((p) => p.labels.app === 'web').map((p) => p.ip);
    expect(t80).toEqual([
      `table=80, priority=150, reg1=${demo}, reg0=${demo}, actions=output:NXM_NX_REG2[]`,
      `table=80, priority=150, reg1=${demo}, reg0=0, actions=output:NXM_NX_REG2[]`,
      ...web.map(
        (ip) =>
          `table=80, priority=150, reg1=${demo}, tcp, reg0=${shop}, nw_dst=${ip}, tp_dst=8080, actions=output:NXM_NX_REG2[]`,
      ),
      `table=80, priority=50, reg1=${shop}, actions=output:NXM_NX_REG2[]`,
    ]);
  });
});

describe('networkpolicy API objects', () => {
  const api = labApiObjects(state);
  it('serve the NetworkPolicies, NetNamespaces and namespace labels', () => {
    expect(api.networkpolicies.items).toHaveLength(4);
    expect(api.networkpolicies.items[0]).toMatchObject({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'deny-by-default', namespace: 'demo' },
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    });
    expect(api.netnamespaces.items.map((n) => n.netname)).toContain('demo');
    const def = api.namespaces.items.find((n) => (n.metadata as { name: string }).name === 'default')!;
    expect((def.metadata as { labels: unknown }).labels).toEqual({ name: 'default' });
    expect(api.clusternetworks.items[0]!.pluginName).toBe('redhat/openshift-ovs-networkpolicy');
  });
});
