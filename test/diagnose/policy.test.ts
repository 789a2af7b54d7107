/**
 * diagnose on networkpolicy (issue 11): endpoint probes that a policy's default deny explains become
 * the verdict policy-denies-router (policy, what it admits, the fix), not a broken endpoint; those
 * the policies admit stay failures for the path steps.
 */
import { describe, expect, it } from 'vitest';
import { admitsText, podPairIsolation, policyDenials } from '../../src/diagnose/policy.js';
import type { WalkState } from '../../src/diagnose/state.js';
import type { ClusterModel, NetworkPolicy } from '../../src/model/types.js';
import { modelWith, withPolicyObjects } from '../checks/model-fixtures.js';

const ALL = { matchLabels: {}, matchExpressions: [] };
const deny: NetworkPolicy = {
  namespace: 'demo',
  name: 'deny-by-default',
  podSelector: ALL,
  policyTypes: ['Ingress'],
  ingress: [],
  egress: [],
};
const sameNs: NetworkPolicy = {
  ...deny,
  name: 'allow-same-namespace',
  ingress: [{ ports: [], peers: [{ podSelector: ALL }] }],
};
const fromDefault: NetworkPolicy = {
  ...deny,
  name: 'allow-from-default-namespace',
  ingress: [
    { ports: [], peers: [{ namespaceSelector: { matchLabels: { name: 'default' }, matchExpressions: [] } }] },
  ],
};

function npModel(policies: NetworkPolicy[], plugin = 'redhat/openshift-ovs-networkpolicy'): ClusterModel {
  const m = modelWith((t) => {
    t.clusterNetwork = { ...t.clusterNetwork, pluginName: plugin };
  });
  return withPolicyObjects(m, policies, 12345);
}

const failure = (
  from: string,
  node: string,
  ip: string,
  pod: string,
): WalkState['failedEndpoints'][number] => ({
  target: { ip, port: 8080, node, pod },
  from,
  connect: 'timeout',
  excerpt: { en: 'timed out', ja: 'timed out' },
});

describe('policyDenials', () => {
  it('the router node → a remote pod its namespace isolates: policy-denies-router with the deny-all', () => {
    const fails = [failure('node-1', 'node-2', '10.128.2.2', 'demo/web-1-d3e4f')];
    const r = policyDenials(npModel([deny, sameNs]), fails, 'demo/web');
    expect(fails).toEqual([]);
    expect(r.explained).toHaveLength(1);
    expect(r.cause).toMatchObject({
      fault: 'policy-denies-router',
      policy: 'demo/deny-by-default',
      route: 'demo/web',
    });
    expect(r.cause!.summary.en).toContain('demo/allow-same-namespace: from pods {} of its namespace');
    expect(r.cause!.fix.en).toContain('namespaceSelector {matchLabels: {name: default}}');
    expect(r.cause!.summary.ja).not.toBe(r.cause!.summary.en);
  });

  it('silent when a policy admits the router namespace (the failure stays for the path steps)', () => {
    const fails = [failure('node-1', 'node-2', '10.128.2.2', 'demo/web-1-d3e4f')];
    const r = policyDenials(npModel([deny, sameNs, fromDefault]), fails, 'demo/web');
    expect(r.cause).toBeUndefined();
    expect(fails).toHaveLength(1);
  });

  it('silent for a probe from the pod’s own node (the gateway is always admitted) and on other plugins', () => {
    const local = [failure('node-2', 'node-2', '10.128.2.2', 'demo/web-1-d3e4f')];
    expect(policyDenials(npModel([deny]), local, undefined).cause).toBeUndefined();
    const mt = [failure('node-1', 'node-2', '10.128.2.2', 'demo/web-1-d3e4f')];
    expect(
      policyDenials(npModel([deny], 'redhat/openshift-ovs-multitenant'), mt, undefined).cause,
    ).toBeUndefined();
    expect(mt).toHaveLength(1);
  });

  it('silent when the NetworkPolicies were not read (unknown, never a guess)', () => {
    const fails = [failure('node-1', 'node-2', '10.128.2.2', 'demo/web-1-d3e4f')];
    const m = { ...npModel([deny]), networkPolicies: undefined };
    expect(policyDenials(m, fails, undefined).cause).toBeUndefined();
  });

  it('admitsText says what a policy admits', () => {
    expect(admitsText(deny).en).toBe('nothing (deny all)');
    expect(admitsText(fromDefault).en).toBe('from namespaces name=default');
  });
});

describe('podPairIsolation (the pod door, issue 15)', () => {
  const pods = (m: ClusterModel) => m.pods!.value;
  const web = (m: ClusterModel) => pods(m).find((p) => p.name === 'web-1-a1b2c')!; // node-1
  const db = (m: ClusterModel) => pods(m).find((p) => p.name === 'db-1-g5h6i')!; // node-2

  it('networkpolicy: a pod its namespace isolates from the source, by the deny-all', () => {
    const m = npModel([deny]);
    const r = podPairIsolation(m, web(m), db(m), 8080);
    expect(r?.en).toContain(
      'isolated from demo/web-1-a1b2c by NetworkPolicy demo/deny-by-default as intended',
    );
    expect(r?.ja).toContain('意図どおり分離されています');
  });

  it('networkpolicy: silent when a policy admits the pair (then the walk judges the failure)', () => {
    const m = npModel([deny, sameNs]);
    expect(podPairIsolation(m, web(m), db(m), 8080)).toBeUndefined();
  });

  it('multitenant: different netids are isolated; the same project or a global one is not', () => {
    const base = npModel([], 'redhat/openshift-ovs-multitenant');
    const shopDb = { ...db(base), namespace: 'shop' };
    const m: ClusterModel = {
      ...base,
      netNamespaces: {
        value: [...base.netNamespaces!.value, { name: 'shop', netid: 777, multicast: false }],
        artifact: 'api/netnamespaces.json',
      },
    };
    expect(podPairIsolation(m, web(m), shopDb, 8080)?.en).toContain(
      'demo/web-1-a1b2c (project demo, netid 12345) and shop/db-1-g5h6i (project shop, netid 777) are isolated by the ovs-multitenant plugin as intended',
    );
    expect(podPairIsolation(m, web(m), db(m), 8080)).toBeUndefined();
    const global: ClusterModel = {
      ...m,
      netNamespaces: {
        value: m.netNamespaces!.value.map((n) => (n.name === 'shop' ? { ...n, netid: 0 } : n)),
        artifact: 'api/netnamespaces.json',
      },
    };
    expect(podPairIsolation(global, web(m), shopDb, 8080)).toBeUndefined();
  });

  it('unknown intent (NetNamespaces not read) says nothing', () => {
    const m = { ...npModel([], 'redhat/openshift-ovs-multitenant'), netNamespaces: undefined };
    expect(podPairIsolation(m, web(m), { ...db(m), namespace: 'shop' }, 8080)).toBeUndefined();
  });
});
