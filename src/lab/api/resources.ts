/**
 * The resources the lab's API serves, with the names and scopes a real OpenShift 3.11 API server
 * reports in its discovery documents (`kubectl api-resources`). Everything else in the server
 * (paths, discovery, tables, Status messages) is derived from this one table.
 */
import type { Api3Resource } from '../../artifacts/types.js';

/**
 * What the lab serves: what sdn-doctor reads, plus openshift-sdn's DaemonSets (`oc get ds -n
 * openshift-sdn` is how a user sees that every node runs its sdn pod).
 */
export type ServedResource = Api3Resource | 'daemonsets';

/** One served resource, as discovery describes it. */
export interface ResourceInfo {
  /** Plural name: the path segment and the data file name (`<dataDir>/<plural>.json`). */
  readonly plural: ServedResource;
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
];

/** API groups besides the core group, in the order `/apis` lists them. */
export const GROUPS: readonly string[] = [
  'apps',
  'networking.k8s.io',
  'apps.openshift.io',
  'route.openshift.io',
  'network.openshift.io',
];

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
  return info.group === '' ? info.plural : `${info.plural}.${info.group}`;
}

/** The resource served at `<group>/<version>/<plural>`, if any. */
export function findResource(group: string, version: string, plural: string): ResourceInfo | undefined {
  return RESOURCES.find((r) => r.group === group && r.version === version && r.plural === plural);
}

/** Resources of one group/version, in table order. */
export function resourcesOf(group: string, version: string): readonly ResourceInfo[] {
  return RESOURCES.filter((r) => r.group === group && r.version === version);
}
