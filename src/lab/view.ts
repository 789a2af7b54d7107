/**
 * What the cluster looks like with the active faults applied: the HostSubnets, service selectors,
 * endpoints and routes that a real cluster's API would show, from which the flows, iptables,
 * router config, DNS and API objects are all generated (so several faults compose).
 */
import type {
  ActiveFault,
  LabNetworkPolicySpec,
  LabNodeSpec,
  LabPodSpec,
  LabRouteSpec,
  LabServiceSpec,
  LabState,
} from './model.js';
import { findByKey, objectKey } from '../model/object-key.js';
import { selectorMatches } from '../model/selector.js';
import { apiPolicies } from './policies.js';

export interface HostSubnetView {
  readonly node: LabNodeSpec;
  /** What the API records (differs from node.ip under hostsubnet-stale). */
  readonly hostIP: string;
}

export interface EndpointView {
  readonly pod: LabPodSpec;
  readonly ready: boolean;
}

export interface ClusterView {
  readonly hostSubnets: readonly HostSubnetView[];
  readonly services: readonly LabServiceSpec[];
  readonly endpoints: ReadonlyMap<string, readonly EndpointView[]>;
  readonly routes: readonly LabRouteSpec[];
  readonly routerReady: boolean;
  readonly mtu: number;
  readonly faults: readonly ActiveFault[];
  /** The NetworkPolicies the API holds (networkpolicy plugin), as the nodes program them. */
  readonly networkPolicies: readonly LabNetworkPolicySpec[];
}

const has = (state: LabState, id: ActiveFault['id']) => state.faults.filter((f) => f.id === id);

/** The stale address a HostSubnet keeps after its node was re-addressed (nothing answers there). */
export const staleHostIP = (node: LabNodeSpec): string => `192.168.122.${60 + node.index}`;

/** A selector no pod matches: what a typo'd or renamed label looks like (39.5). */
export const brokenSelector = (sel: Readonly<Record<string, string>>): Record<string, string> =>
  Object.fromEntries(Object.entries(sel).map(([k, v]) => [k, `${v}-v2`]));

export function clusterView(state: LabState): ClusterView {
  const { spec } = state;
  const stale = new Set(has(state, 'hostsubnet-stale').map((f) => f.node));
  const noEp = new Set(has(state, 'svc-no-endpoints').map((f) => f.service));
  const routeGone = new Set(has(state, 'route-missing').map((f) => f.route));
  const services = spec.services.map((s) =>
    noEp.has(objectKey(s)) ? { ...s, selector: brokenSelector(s.selector) } : s,
  );
  const endpoints = new Map<string, EndpointView[]>();
  for (const s of services) {
    const eps = spec.pods
      .filter((p) => p.namespace === s.namespace && selectorMatches(s.selector, p.labels))
      // endpoint-down keeps the pod Ready: its app stopped answering but it has no readiness probe
      .map((pod) => ({ pod, ready: true }));
    endpoints.set(objectKey(s), eps);
  }
  return {
    hostSubnets: spec.nodes.map((node) => ({
      node,
      hostIP: stale.has(node.index) ? staleHostIP(node) : node.ip,
    })),
    services,
    endpoints,
    routes: spec.routes.filter((r) => !routeGone.has(objectKey(r))),
    routerReady: has(state, 'router-refused').length === 0,
    mtu: has(state, 'mtu-mismatch').length > 0 ? 1500 : spec.mtu,
    faults: state.faults,
    networkPolicies: apiPolicies(state),
  };
}

export const readyEndpoints = (view: ClusterView, s: LabServiceSpec): EndpointView[] =>
  (view.endpoints.get(objectKey(s)) ?? []).filter((e) => e.ready);

export const findPod = (state: LabState, key: string): LabPodSpec | undefined =>
  findByKey(state.spec.pods, key);
