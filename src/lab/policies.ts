/**
 * The networkpolicy lab's NetworkPolicies and the table 80 flows a node derives from them. The
 * starting set is the OpenShift 3.11 documentation's multi-tenant pattern ("Creating default network
 * policies for a new project"): in `demo`, deny by default, admit the namespace itself and the
 * router's namespace (`default`, labelled `name=default`, netid 0: the router runs on the host
 * network, so its packets carry VNID 0); one policy with a port list (shop → demo's web pods on
 * 8080/TCP); `shop` has no policy at all. The flows come from the one generator the policy-flows
 * check uses (model/policy-flows.ts), as openshift-sdn's networkpolicy.go syncNamespaceFlows writes
 * them for every namespace with a local pod (EnsureVNIDRules on pod setup).
 */
import {
  namespaceEgressFlows,
  namespaceFlows,
  type PolicyFlow,
  type PolicyObjects,
} from '../model/policy-flows.js';
import { labelSelectorMatches } from '../model/selector.js';
import { objectKey } from '../model/object-key.js';
import { toNetworkPolicy } from '../model/build/normalize-policy.js';
import type { NetworkPolicy, Pod } from '../model/types.js';
import { labRelease, type LabNetworkPolicySpec, type LabSpec, type LabState } from './model.js';

/** The label the 3.11 documentation puts on `default` so that namespaceSelector can name it. */
export const ROUTER_NAMESPACE_LABEL = { name: 'default' } as const;

/** The starting NetworkPolicies of `lab up --plugin networkpolicy`. */
export function startingPolicies(uid: (seed: string) => string): LabNetworkPolicySpec[] {
  const p = (namespace: string, name: string, spec: Record<string, unknown>): LabNetworkPolicySpec => ({
    namespace,
    name,
    uid: uid(`networkpolicy/${namespace}/${name}`),
    spec,
  });
  return [
    p('demo', 'deny-by-default', { podSelector: {}, ingress: [] }),
    p('demo', 'allow-same-namespace', { podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }] }),
    p('demo', 'allow-from-default-namespace', {
      podSelector: {},
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { ...ROUTER_NAMESPACE_LABEL } } }] }],
    }),
    p('demo', 'allow-shop-to-web', {
      podSelector: { matchLabels: { app: 'web' } },
      ingress: [
        {
          from: [{ namespaceSelector: { matchLabels: { name: 'shop' } } }],
          ports: [{ protocol: 'TCP', port: 8080 }],
        },
      ],
    }),
  ];
}

/** A stored policy as the model reads it from the API (same defaulting as a collected bundle). */
export function modelPolicy(p: LabNetworkPolicySpec): NetworkPolicy | undefined {
  const r = toNetworkPolicy({ metadata: { name: p.name, namespace: p.namespace }, spec: p.spec });
  return 'value' in r ? r.value : undefined;
}

/** The lab's pods as the model sees them (all Running, on the pod network). */
function modelPods(spec: LabSpec): Pod[] {
  return spec.pods.map((p) => ({
    namespace: p.namespace,
    name: p.name,
    node: `node-${p.nodeIndex}`,
    podIP: p.ip,
    phase: 'Running',
    ready: true,
    hostNetwork: false,
    labels: p.labels,
    containerPorts: [p.port, ...(p.tlsPort !== undefined ? [p.tlsPort] : [])].map((port) => ({
      port,
      protocol: 'TCP',
    })),
  }));
}

export function policyObjects(spec: LabSpec): PolicyObjects {
  return {
    netids: new Map(spec.namespaces.map((n) => [n.name, n.netid])),
    namespaceLabels: new Map(spec.namespaces.map((n) => [n.name, n.labels ?? {}])),
    pods: modelPods(spec),
  };
}

/**
 * Node `index`'s policy flows for `policies`, per namespace with a pod on the node (the VNID is "in
 * use" there), in namespace order: table 80's, and on the 4.x lab (rule version 13,
 * networkpolicy.go@release-4.12 generateNamespaceEgressFlows) table 27's, where a namespace without
 * an Egress policy is open (`priority=50, reg0=V → 30`).
 */
export function nodePolicyFlows(
  spec: LabSpec,
  index: number,
  policies: readonly LabNetworkPolicySpec[],
): { readonly ingress: PolicyFlow[]; readonly egress: PolicyFlow[] } {
  const objects = policyObjects(spec);
  const model = policies.map(modelPolicy).filter((p): p is NetworkPolicy => p !== undefined);
  // the 4.x lab runs the 4.10+ node code (rule version 13), the 3.11 lab the classic one
  const split = labRelease(spec) === '4.x';
  const ingress: PolicyFlow[] = [];
  const egress: PolicyFlow[] = [];
  for (const ns of localNamespaces(spec, index)) {
    const own = model.filter((p) => p.namespace === ns);
    ingress.push(...namespaceFlows(ns, own, objects, split ? 'split' : 'classic'));
    if (split) egress.push(...namespaceEgressFlows(ns, own, objects));
  }
  return { ingress, egress };
}

/** The namespaces with a pod on node `index` (their VNIDs are "in use" there: EnsureVNIDRules). */
function localNamespaces(spec: LabSpec, index: number): string[] {
  return [...new Set(spec.pods.filter((p) => p.nodeIndex === index).map((p) => p.namespace))].sort();
}

/** Does the policy admit traffic from a namespace with these labels (any port)? */
function admitsNamespace(p: NetworkPolicy, labels: Readonly<Record<string, string>>): boolean {
  return p.ingress.some(
    (r) =>
      r.peers.length === 0 ||
      r.peers.some(
        (x) => x.namespaceSelector && !x.podSelector && labelSelectorMatches(x.namespaceSelector, labels),
      ),
  );
}

/** The policy `deny-by-default` that fault policy-denies-router adds to a namespace without policies. */
const DENY = { podSelector: {}, ingress: [] };

/**
 * Fault policy-denies-router: the `namespace/name` of the policy of `namespace` that admits the
 * router's namespace (`default`), which the fault deletes; a namespace with no policy gets
 * `deny-by-default` instead (the same name then means "added").
 */
export function routerPolicy(spec: LabSpec, namespace: string): string {
  const defaultLabels = spec.namespaces.find((n) => n.name === 'default')?.labels ?? {};
  const mine = (spec.networkPolicies ?? []).filter((p) => p.namespace === namespace);
  const admitting = mine.find((p) => {
    const m = modelPolicy(p);
    return m !== undefined && admitsNamespace(m, defaultLabels);
  });
  return admitting ? objectKey(admitting) : `${namespace}/deny-by-default`;
}

/** The NetworkPolicies the API holds, with the policy faults applied. */
export function apiPolicies(state: LabState): LabNetworkPolicySpec[] {
  let out = [...(state.spec.networkPolicies ?? [])];
  for (const f of state.faults) {
    if ((f.id !== 'policy-denies-router' && f.id !== 'policy-flow-stale') || !f.policy) continue;
    const at = out.findIndex((p) => objectKey(p) === f.policy);
    if (at >= 0) out = out.filter((_, i) => i !== at);
    else if (f.id === 'policy-denies-router') {
      const [namespace, name] = f.policy.split('/') as [string, string];
      out.push({ namespace, name, uid: `${state.spec.nodes[0]?.uid ?? ''}-${name}`, spec: DENY });
    }
  }
  return out;
}

/**
 * The policies node `index` programs: the API's, plus (fault policy-flow-stale) the deleted policy
 * whose flows the node never removed.
 */
export function nodePolicies(state: LabState, index: number): LabNetworkPolicySpec[] {
  const api = apiPolicies(state);
  const stale = state.faults.find((f) => f.id === 'policy-flow-stale' && f.node === index);
  const kept = stale && (state.spec.networkPolicies ?? []).find((p) => objectKey(p) === stale.policy);
  return kept ? [...api, kept] : api;
}
