/**
 * The networkpolicy lab's generators (pure): the 3.11 documentation's starting policies, namespace
 * labels and netids, the conntrack flows of networkpolicy.go Start() and the per-namespace table 80
 * flows, and the API objects the model reads. lab-networkpolicy.test.ts shows the same on the real lab.
 */
import { describe, expect, it } from 'vitest';
import { labApiObjects } from '../../src/lab/api-objects.js';
import { nodeFlows } from '../../src/lab/apply.js';
import { resolveFault } from '../../src/lab/fault-targets.js';
import type { ActiveFault, LabState } from '../../src/lab/model.js';
import { buildLabSpec } from '../../src/lab/spec.js';

const spec = buildLabSpec(
  { name: 'unit', nodes: 3, podsPerNode: 3, plugin: 'networkpolicy' },
  new Date('2026-11-21T22:00:00Z'),
);
const state: LabState = { spec, processes: [], faults: [], resourceVersion: 7 };
const withFaults = (...faults: ActiveFault[]): LabState => ({ ...state, faults });
const policyNames = (s: LabState) =>
  labApiObjects(s).networkpolicies.items.map((p) => (p.metadata as { name: string }).name);
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

describe('policy faults', () => {
  it('policy-denies-router deletes the policy of the route namespace that admits default', () => {
    const f = resolveFault(state, 'policy-denies-router', {});
    expect(f).toMatchObject({ route: 'demo/web', policy: 'demo/allow-from-default-namespace' });
    expect(policyNames(withFaults(f))).not.toContain('allow-from-default-namespace');
    expect(nodeFlows(withFaults(f), 2).filter((l) => l.includes('reg0=0,'))).toEqual([]);
    // a namespace without policies gets deny-by-default instead
    const g = resolveFault(state, 'policy-denies-router', { route: 'shop/shop' });
    expect(g.policy).toBe('shop/deny-by-default');
    expect(
      labApiObjects(withFaults(g)).networkpolicies.items.filter(
        (p) => (p.metadata as { namespace: string }).namespace === 'shop',
      ),
    ).toHaveLength(1);
    expect(nodeFlows(withFaults(g), 2)).not.toContain(
      `table=80, priority=50, reg1=${netid('shop')}, actions=output:NXM_NX_REG2[]`,
    );
  });

  it('policy-flow-missing removes one allow flow on its node only', () => {
    const f = resolveFault(state, 'policy-flow-missing', {});
    const gone = nodeFlows(state, 2).filter((l) => !nodeFlows(withFaults(f), 2).includes(l));
    expect(gone).toEqual([
      `table=80, priority=150, reg1=${netid('demo')}, reg0=${netid('demo')}, actions=output:NXM_NX_REG2[]`,
    ]);
    expect(nodeFlows(withFaults(f), 1)).toEqual(nodeFlows(state, 1));
    expect(policyNames(withFaults(f))).toEqual(policyNames(state));
  });

  it("policy-flow-missing --policy removes that policy's allow flow: the router's VNID 0 on the route path", () => {
    const f = resolveFault(state, 'policy-flow-missing', { policy: 'demo/allow-from-default-namespace' });
    expect(f).toMatchObject({ node: 2, policy: 'demo/allow-from-default-namespace' });
    const gone = nodeFlows(state, 2).filter((l) => !nodeFlows(withFaults(f), 2).includes(l));
    expect(gone).toEqual([
      `table=80, priority=150, reg1=${netid('demo')}, reg0=0, actions=output:NXM_NX_REG2[]`,
    ]);
    expect(policyNames(withFaults(f))).toEqual(policyNames(state));
    expect(() => resolveFault(state, 'policy-flow-missing', { policy: 'demo/nope' })).toThrow(
      /no NetworkPolicy "demo\/nope"/,
    );
  });

  it('policy-flow-stale: the policy leaves the API, its node keeps the flows, the others drop them', () => {
    const f = resolveFault(state, 'policy-flow-stale', {});
    expect(f).toMatchObject({ node: 2, policy: 'demo/allow-shop-to-web' });
    expect(policyNames(withFaults(f))).not.toContain('allow-shop-to-web');
    const shopToWeb = (l: string) => l.includes(`reg0=${netid('shop')}, nw_dst=`);
    expect(nodeFlows(withFaults(f), 2).filter(shopToWeb)).toHaveLength(3);
    expect(nodeFlows(withFaults(f), 1).filter(shopToWeb)).toEqual([]);
  });

  it('vnid-mismatch needs a multitenant lab; there the pod loads another netid', () => {
    expect(() => resolveFault(state, 'vnid-mismatch', {})).toThrow(/--plugin multitenant/);
    const mt = buildLabSpec(
      { name: 'unit', nodes: 3, podsPerNode: 2, plugin: 'multitenant' },
      new Date('2026-11-21T22:00:00Z'),
    );
    const mtState: LabState = { spec: mt, processes: [], faults: [], resourceVersion: 7 };
    expect(() => resolveFault(mtState, 'policy-flow-missing', {})).toThrow(/--plugin networkpolicy/);
    const f = resolveFault(mtState, 'vnid-mismatch', {});
    const pod = mt.pods.find((p) => `${p.namespace}/${p.name}` === f.pod)!;
    const own = mt.namespaces.find((n) => n.name === pod.namespace)!.netid;
    const flows = nodeFlows({ ...mtState, faults: [f] }, f.node!);
    const t20 = flows.find((l) => l.startsWith('table=20') && l.includes(`ip, nw_src=${pod.ip},`))!;
    expect(t20).not.toContain(`load:${own}->`);
    expect(t20).toMatch(/load:\d+->NXM_NX_REG0/);
  });
});
