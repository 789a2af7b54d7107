/**
 * Intended reachability from the API objects (openshift-sdn semantics). The policies are the ones of
 * the openshift-examples 3.11 capture (test/fixtures/ovs-flows/ovs_flow_diffs_networkpolicy_ocp3.11_and_4.1_nostats_names.txt,
 * blocks 6–8), where the flows they produced are recorded beside them.
 */
import { describe, expect, it } from 'vitest';
import type { ApiSnapshot, Snapshot } from '../../src/artifacts/types.js';
import { buildModel } from '../../src/model/index.js';
import {
  intendedEgress,
  intendedIngress,
  intendedPodToPod,
  intentInputs,
  type IntentInputs,
  type PolicySemantics,
} from '../../src/model/intent.js';
import type { ClusterModel, Pod } from '../../src/model/types.js';

const ok = (...items: unknown[]) => ({ ok: true as const, items });
const snap = (api: ApiSnapshot): Snapshot => ({
  collectedAt: 'x',
  collector: 'test',
  api,
  artifacts: [],
  warnings: [],
});

const NETIDS: Record<string, number> = {
  default: 0,
  'openshift-ingress': 0,
  simpson: 13787457,
  bouvier: 3770897,
  flanders: 9337404,
};
const NS_LABELS: Record<string, Record<string, string>> = {
  default: { name: 'default' },
  'openshift-ingress': { name: 'openshift-ingress' },
  simpson: {},
  bouvier: { name: 'bouvier' },
  flanders: {},
};
const POD_LIST: [string, string, string, Record<string, string>][] = [
  ['simpson', 'marge', '10.30.2.90', { app: 'marge' }],
  ['simpson', 'homer', '10.30.2.91', { app: 'homer' }],
  ['bouvier', 'patty', '10.30.3.5', { app: 'patty' }],
  ['flanders', 'ned', '10.30.3.6', { app: 'ned' }],
  ['openshift-ingress', 'router-1', '10.30.3.7', { router: 'router' }],
];

const policy = (namespace: string, name: string, spec: unknown) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { namespace, name },
  spec,
});

const SIMPSON_POLICIES = [
  policy('simpson', 'allow-from-openshift-ingress-namespace', {
    podSelector: null,
    ingress: [{ from: [{ namespaceSelector: { matchLabels: { name: 'openshift-ingress' } } }] }],
  }),
  policy('simpson', 'allow-from-same-namespace', {
    podSelector: null,
    ingress: [{ from: [{ podSelector: {} }] }],
  }),
  policy('simpson', 'allow-from-bouviers-to-marge', {
    podSelector: { matchLabels: { app: 'marge' } },
    ingress: [{ from: [{ namespaceSelector: { matchLabels: { name: 'bouvier' } } }] }],
  }),
];

function model(plugin: string, policies: unknown[] = SIMPSON_POLICIES, api: ApiSnapshot = {}): ClusterModel {
  return buildModel(
    snap({
      clusternetworks: ok({
        metadata: { name: 'default' },
        clusterNetworks: [{ CIDR: '10.30.0.0/16', hostSubnetLength: 8 }],
        serviceNetwork: '172.30.0.0/16',
        pluginName: `redhat/openshift-ovs-${plugin}`,
      }),
      namespaces: ok(...Object.entries(NS_LABELS).map(([name, labels]) => ({ metadata: { name, labels } }))),
      netnamespaces: ok(
        ...Object.entries(NETIDS).map(([name, netid]) => ({ metadata: { name }, netname: name, netid })),
      ),
      networkpolicies: ok(...policies),
      pods: ok(
        ...POD_LIST.map(([namespace, name, podIP, labels]) => ({
          metadata: { namespace, name, labels },
          spec: { nodeName: 'node1' },
          status: { podIP, hostIP: '192.168.1.10', phase: 'Running' },
        })),
      ),
      ...api,
    }),
  ).model;
}

function inputs(m: ClusterModel, semantics: PolicySemantics = 'classic'): IntentInputs {
  const i = intentInputs(m, semantics);
  if (!('plugin' in i)) throw new Error(i.en);
  return i;
}

const pod = (m: ClusterModel, name: string): Pod => m.pods!.value.find((p) => p.name === name)!;
const TCP80 = { port: 80, protocol: 'TCP' };

describe('intent: networkpolicy (classic, 3.11)', () => {
  const m = model('networkpolicy');
  const i = inputs(m);
  const from = (name: string) => ({ kind: 'pod' as const, pod: pod(m, name) });

  it('reads NetworkPolicies and Namespace labels into the model', () => {
    expect(m.networkPolicies?.value.map((p) => p.name)).toEqual([
      'allow-from-bouviers-to-marge',
      'allow-from-openshift-ingress-namespace',
      'allow-from-same-namespace',
    ]);
    expect(m.networkPolicies?.value[0]?.policyTypes).toEqual(['Ingress']);
    expect(m.namespaces?.value.find((n) => n.name === 'bouvier')?.labels).toEqual({ name: 'bouvier' });
  });

  it('default deny: a pod of another namespace is isolated, naming the policies that select the target', () => {
    expect(intendedIngress(i, from('ned'), pod(m, 'homer'), TCP80)).toEqual({
      expected: 'isolated',
      why: 'default-deny',
      namespace: 'simpson',
      policies: ['simpson/allow-from-openshift-ingress-namespace', 'simpson/allow-from-same-namespace'],
    });
  });

  it('namespaceSelector admits by the source namespace labels; podSelector narrows the target', () => {
    expect(intendedIngress(i, from('patty'), pod(m, 'marge'), TCP80)).toMatchObject({
      expected: 'reachable',
      policies: ['simpson/allow-from-bouviers-to-marge'],
    });
    expect(intendedIngress(i, from('patty'), pod(m, 'homer'), TCP80)).toMatchObject({ expected: 'isolated' });
  });

  it('same namespace and the router namespace are admitted', () => {
    expect(intendedIngress(i, from('homer'), pod(m, 'marge'), TCP80)).toMatchObject({
      expected: 'reachable',
      why: 'admitted',
      policies: ['simpson/allow-from-same-namespace'],
    });
    expect(intendedIngress(i, from('router-1'), pod(m, 'homer'), TCP80)).toMatchObject({
      expected: 'reachable',
      policies: ['simpson/allow-from-openshift-ingress-namespace'],
    });
  });

  it('a namespace without policies is open; the local node is always admitted; remote nodes are VNID 0', () => {
    expect(intendedIngress(i, from('ned'), pod(m, 'patty'), TCP80)).toMatchObject({ why: 'not-isolated' });
    expect(intendedIngress(i, { kind: 'node', local: true }, pod(m, 'homer'), TCP80)).toMatchObject({
      why: 'node-local',
    });
    // openshift-ingress has netid 0 here, so `reg0=0` (any remote node) is what the selector admits.
    expect(intendedIngress(i, { kind: 'node', local: false }, pod(m, 'homer'), TCP80)).toMatchObject({
      expected: 'reachable',
    });
  });

  it('ports: only the listed protocol and port', () => {
    const mp = model('networkpolicy', [
      policy('simpson', 'web-only', {
        podSelector: {},
        ingress: [{ ports: [{ port: 8080 }, { protocol: 'UDP', port: 53 }] }],
      }),
    ]);
    const ip = inputs(mp);
    const ned = { kind: 'pod' as const, pod: pod(mp, 'ned') };
    expect(intendedIngress(ip, ned, pod(mp, 'homer'), { port: 8080, protocol: 'TCP' }).expected).toBe(
      'reachable',
    );
    expect(intendedIngress(ip, ned, pod(mp, 'homer'), { port: 53, protocol: 'UDP' }).expected).toBe(
      'reachable',
    );
    expect(intendedIngress(ip, ned, pod(mp, 'homer'), { port: 53, protocol: 'TCP' }).expected).toBe(
      'isolated',
    );
  });

  it('classic: a named port makes the policy deny-all for the whole namespace; split skips the entry only', () => {
    const spec = {
      podSelector: { matchLabels: { app: 'marge' } },
      ingress: [{ ports: [{ port: 'http' }, { port: 80 }] }],
    };
    const mp = model('networkpolicy', [policy('simpson', 'named', spec)]);
    const ned = { kind: 'pod' as const, pod: pod(mp, 'ned') };
    expect(intendedIngress(inputs(mp), ned, pod(mp, 'homer'), TCP80)).toMatchObject({
      expected: 'isolated',
      policies: ['simpson/named'],
    });
    expect(intendedIngress(inputs(mp, 'split'), ned, pod(mp, 'homer'), TCP80).expected).toBe('reachable');
    expect(intendedIngress(inputs(mp, 'split'), ned, pod(mp, 'marge'), TCP80).expected).toBe('reachable');
  });

  it('ipBlock admits nothing in classic, its CIDR (minus except) in split', () => {
    const spec = {
      podSelector: {},
      ingress: [{ from: [{ ipBlock: { cidr: '10.30.3.0/24', except: ['10.30.3.6/32'] } }] }],
    };
    const mp = model('networkpolicy', [policy('simpson', 'block', spec)]);
    const f = (n: string) => ({ kind: 'pod' as const, pod: pod(mp, n) });
    expect(intendedIngress(inputs(mp), f('patty'), pod(mp, 'homer'), TCP80).expected).toBe('isolated');
    expect(intendedIngress(inputs(mp, 'split'), f('patty'), pod(mp, 'homer'), TCP80).expected).toBe(
      'reachable',
    );
    expect(intendedIngress(inputs(mp, 'split'), f('ned'), pod(mp, 'homer'), TCP80).expected).toBe('isolated');
  });

  it('matchExpressions and namespaceSelector+podSelector together', () => {
    const spec = {
      podSelector: {},
      ingress: [
        {
          from: [
            {
              namespaceSelector: {
                matchExpressions: [{ key: 'name', operator: 'In', values: ['bouvier', 'x'] }],
              },
              podSelector: { matchLabels: { app: 'patty' } },
            },
          ],
        },
      ],
    };
    const mp = model('networkpolicy', [policy('simpson', 'both', spec)]);
    const f = (n: string) => ({ kind: 'pod' as const, pod: pod(mp, n) });
    expect(intendedIngress(inputs(mp), f('patty'), pod(mp, 'homer'), TCP80).expected).toBe('reachable');
    expect(intendedIngress(inputs(mp), f('ned'), pod(mp, 'homer'), TCP80).expected).toBe('isolated');
  });

  it('missing Namespaces or NetworkPolicies: no intent (unknown), never a guess', () => {
    const m2 = model('networkpolicy', SIMPSON_POLICIES, { namespaces: { ok: false, error: 'forbidden' } });
    expect('plugin' in intentInputs(m2, 'classic')).toBe(false);
    const m3 = model('networkpolicy', SIMPSON_POLICIES, { networkpolicies: undefined });
    expect('plugin' in intentInputs(m3, 'classic')).toBe(false);
  });
});

describe('intent: multitenant and subnet', () => {
  it('multitenant: equal netids, or either global (0)', () => {
    const m = model('multitenant');
    const i = inputs(m);
    const f = (n: string) => ({ kind: 'pod' as const, pod: pod(m, n) });
    expect(intendedIngress(i, f('ned'), pod(m, 'homer'), TCP80)).toMatchObject({
      expected: 'isolated',
      why: 'netid',
    });
    expect(intendedIngress(i, f('homer'), pod(m, 'marge'), TCP80).expected).toBe('reachable');
    expect(intendedIngress(i, f('router-1'), pod(m, 'homer'), TCP80).expected).toBe('reachable');
    expect(intendedIngress(i, f('homer'), pod(m, 'router-1'), TCP80).expected).toBe('reachable');
  });

  it('subnet: flat', () => {
    const m = model('subnet');
    expect(
      intendedIngress(inputs(m), { kind: 'pod', pod: pod(m, 'ned') }, pod(m, 'homer'), TCP80),
    ).toMatchObject({
      why: 'flat',
    });
  });
});

/**
 * Egress (rule version 13's table 27, release-4.12 networkpolicy.go): a pod that an Egress policy
 * selects may send only what one of those admits, by the destination's address; before 13 egress
 * is open.
 */
describe('intent: egress, 4.10+ (split)', () => {
  const homerOut = policy('simpson', 'homer-out', {
    podSelector: { matchLabels: { app: 'homer' } },
    policyTypes: ['Egress'],
    egress: [
      { to: [{ podSelector: { matchLabels: { app: 'marge' } } }] },
      { to: [{ namespaceSelector: { matchLabels: { name: 'bouvier' } } }], ports: [{ port: 80 }] },
    ],
  });
  const mp = model('networkpolicy', [homerOut]);
  const split = inputs(mp, 'split');

  it('admits what a rule names, drops the rest, on the pod it selects only', () => {
    expect(intendedPodToPod(split, pod(mp, 'homer'), pod(mp, 'marge'), TCP80)).toMatchObject({
      expected: 'reachable',
      why: 'admitted',
      policies: ['simpson/homer-out'],
    });
    expect(intendedPodToPod(split, pod(mp, 'homer'), pod(mp, 'patty'), TCP80).expected).toBe('reachable');
    expect(
      intendedPodToPod(split, pod(mp, 'homer'), pod(mp, 'patty'), { port: 443, protocol: 'TCP' }),
    ).toMatchObject({
      expected: 'isolated',
      why: 'egress-deny',
      namespace: 'simpson',
      policies: ['simpson/homer-out'],
    });
    expect(intendedEgress(split, pod(mp, 'homer'), pod(mp, 'ned'), TCP80).expected).toBe('isolated');
    // marge is not selected: her egress is open
    expect(intendedEgress(split, pod(mp, 'marge'), pod(mp, 'ned'), TCP80)).toMatchObject({
      expected: 'reachable',
      why: 'not-isolated',
    });
  });

  it('before rule version 13 (classic) egress is not enforced', () => {
    expect(intendedEgress(inputs(mp), pod(mp, 'homer'), pod(mp, 'ned'), TCP80).expected).toBe('reachable');
    expect(intendedPodToPod(inputs(mp), pod(mp, 'homer'), pod(mp, 'ned'), TCP80).expected).toBe('reachable');
  });

  it('an egress ipBlock is the destination address; an empty namespaceSelector any destination', () => {
    const m2 = model('networkpolicy', [
      policy('flanders', 'ned-out', {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          { to: [{ ipBlock: { cidr: '10.30.2.0/24', except: ['10.30.2.90/32'] } }] },
          { to: [{ namespaceSelector: {} }], ports: [{ port: 53, protocol: 'UDP' }] },
        ],
      }),
    ]);
    const s2 = inputs(m2, 'split');
    expect(intendedEgress(s2, pod(m2, 'ned'), pod(m2, 'homer'), TCP80).expected).toBe('reachable');
    expect(intendedEgress(s2, pod(m2, 'ned'), pod(m2, 'marge'), TCP80).expected).toBe('isolated');
    expect(intendedEgress(s2, pod(m2, 'ned'), pod(m2, 'patty'), { port: 53, protocol: 'UDP' }).expected).toBe(
      'reachable',
    );
    expect(intendedEgress(s2, pod(m2, 'ned'), pod(m2, 'patty'), TCP80).expected).toBe('isolated');
    // the empty namespaceSelector is no restriction at all: a host-network destination too
    const onHost = { ...pod(m2, 'patty'), hostNetwork: true };
    expect(intendedEgress(s2, pod(m2, 'ned'), onHost, { port: 53, protocol: 'UDP' }).expected).toBe(
      'reachable',
    );
    expect(intendedEgress(s2, pod(m2, 'ned'), onHost, TCP80).expected).toBe('isolated');
  });

  it('egress admitted and ingress denied: the destination’s policies decide', () => {
    const m3 = model('networkpolicy', [...SIMPSON_POLICIES, homerOut]);
    const s3 = inputs(m3, 'split');
    // marge admits only bouvier and the same namespace: homer is same-namespace, so admitted both ways
    expect(intendedPodToPod(s3, pod(m3, 'homer'), pod(m3, 'marge'), TCP80)).toMatchObject({
      expected: 'reachable',
      why: 'admitted',
    });
    expect(intendedPodToPod(s3, pod(m3, 'patty'), pod(m3, 'homer'), TCP80)).toMatchObject({
      expected: 'isolated',
      why: 'default-deny',
    });
  });
});
