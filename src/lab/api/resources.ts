/**
 * The resources the lab's API serves, with the names and scopes a real OpenShift 3.11 API server
 * reports in its discovery documents (`kubectl api-resources`). Everything else in the server
 * (paths, discovery, tables, Status messages) is derived from this one table.
 */
import type { ApiResource } from '../../artifacts/types.js';

/**
 * What the lab serves: what sdn-doctor reads, plus openshift-sdn's DaemonSets (`oc get ds -n
 * openshift-sdn` is how a user sees that every node runs its sdn pod) and, on 4.x, the
 * ClusterVersion (`oc get clusterversion` is how a user sees the release).
 */
export type ServedResource = ApiResource | 'daemonsets' | 'clusterversions';

/** The release a lab API presents: 3.11 serves no operator.openshift.io / config.openshift.io. */
export type ServedRelease = '3.11' | '4.x';

/** One served resource, as discovery describes it. */
export interface ResourceInfo {
  /** The data file name (`<dataDir>/<plural>.json`) and, unless {@link path} says otherwise, the path segment. */
  readonly plural: ServedResource;
  /**
   * The plural the API names it by when it differs from {@link plural}: `networks` of
   * operator.openshift.io (sdn-doctor's `operatornetworks`, beside network.openshift.io's objects).
   */
  readonly path?: string;
  /** Served only by a 4.x API server (a 3.x one answers 404 for the group, as OpenShift 3.11 does). */
  readonly release?: '4.x';
  readonly singular: string;
  readonly kind: string;
  /** `''` for the core group (`/api/v1`). */
  readonly group: string;
  readonly version: string;
  readonly namespaced: boolean;
  readonly shortNames: readonly string[];
  /** Extra field selectors this resource supports besides metadata.name / metadata.namespace. */
  readonly fieldLabels: readonly string[];
}

export const RESOURCES: readonly ResourceInfo[] = [
  core('nodes', 'node', 'Node', false, ['no'], ['spec.unschedulable']),
  core('namespaces', 'namespace', 'Namespace', false, ['ns'], ['status.phase']),
  core(
    'pods',
    'pod',
    'Pod',
    true,
    ['po'],
    [
      'spec.nodeName',
      'spec.restartPolicy',
      'spec.schedulerName',
      'spec.serviceAccountName',
      'status.phase',
      'status.podIP',
      'status.nominatedNodeName',
    ],
  ),
  core('services', 'service', 'Service', true, ['svc'], []),
  core('endpoints', 'endpoints', 'Endpoints', true, ['ep'], []),
  core('configmaps', 'configmap', 'ConfigMap', true, ['cm'], []),
  openshift('route.openshift.io', 'routes', 'route', 'Route', true),
  openshift('network.openshift.io', 'hostsubnets', 'hostsubnet', 'HostSubnet', false),
  openshift('network.openshift.io', 'clusternetworks', 'clusternetwork', 'ClusterNetwork', false),
  openshift('network.openshift.io', 'netnamespaces', 'netnamespace', 'NetNamespace', false),
  openshift('networking.k8s.io', 'networkpolicies', 'networkpolicy', 'NetworkPolicy', true, ['netpol']),
  openshift('apps.openshift.io', 'deploymentconfigs', 'deploymentconfig', 'DeploymentConfig', true),
  {
    plural: 'deployments',
    singular: 'deployment',
    kind: 'Deployment',
    group: 'apps',
    version: 'v1',
    namespaced: true,
    shortNames: ['deploy'],
    fieldLabels: [],
  },
  {
    plural: 'daemonsets',
    singular: 'daemonset',
    kind: 'DaemonSet',
    group: 'apps',
    version: 'v1',
    namespaced: true,
    shortNames: ['ds'],
    fieldLabels: [],
  },
  // 4.x: the Network operator's configuration and the ClusterVersion, both cluster-scoped
  // (cluster-network-operator manifests/0000_70_cluster-network-operator_01_crd.yaml,
  // cluster-version-operator install/0000_00_cluster-version-operator_01_clusterversion.crd.yaml)
  {
    ...openshift('operator.openshift.io', 'operatornetworks', 'network', 'Network', false),
    path: 'networks',
    release: '4.x',
  },
  {
    ...openshift('config.openshift.io', 'clusterversions', 'clusterversion', 'ClusterVersion', false),
    release: '4.x',
  },
];

/** API groups besides the core group, in the order `/apis` lists them. */
export const GROUPS: readonly string[] = [
  'apps',
  'networking.k8s.io',
  'apps.openshift.io',
  'route.openshift.io',
  'network.openshift.io',
  'operator.openshift.io',
  'config.openshift.io',
];

/** Whether an API server of `release` serves the resource. */
export function servedBy(info: ResourceInfo, release: ServedRelease): boolean {
  return info.release === undefined || info.release === release;
}

/** The groups an API server of `release` lists. */
export function groupsOf(release: ServedRelease): readonly string[] {
  return GROUPS.filter((g) => RESOURCES.some((r) => r.group === g && servedBy(r, release)));
}

/** `pods`, `networks`: the resource's name in paths, discovery and Status messages. */
export function pathName(info: ResourceInfo): string {
  return info.path ?? info.plural;
}

function core(
  plural: ServedResource,
  singular: string,
  kind: string,
  namespaced: boolean,
  shortNames: readonly string[],
  fieldLabels: readonly string[],
): ResourceInfo {
  return { plural, singular, kind, group: '', version: 'v1', namespaced, shortNames, fieldLabels };
}

function openshift(
  group: string,
  plural: ServedResource,
  singular: string,
  kind: string,
  namespaced: boolean,
  shortNames: readonly string[] = [],
): ResourceInfo {
  return { plural, singular, kind, group, version: 'v1', namespaced, shortNames, fieldLabels: [] };
}

/** `v1` or `route.openshift.io/v1`: the apiVersion of the resource's objects. */
export function apiVersionOf(info: ResourceInfo): string {
  return info.group === '' ? info.version : `${info.group}/${info.version}`;
}

/** `pods` or `hostsubnets.network.openshift.io`: how the API names a resource in messages. */
export function qualifiedName(info: ResourceInfo): string {
  return info.group === '' ? pathName(info) : `${pathName(info)}.${info.group}`;
}

/** The resource served at `<group>/<version>/<plural>` by an API server of `release`, if any. */
export function findResource(
  group: string,
  version: string,
  plural: string,
  release: ServedRelease = '3.11',
): ResourceInfo | undefined {
  return RESOURCES.find(
    (r) => r.group === group && r.version === version && pathName(r) === plural && servedBy(r, release),
  );
}

/** Resources of one group/version an API server of `release` serves, in table order. */
export function resourcesOf(group: string, version: string, release: ServedRelease): readonly ResourceInfo[] {
  return RESOURCES.filter((r) => r.group === group && r.version === version && servedBy(r, release));
}
