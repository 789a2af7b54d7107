/**
 * Discovery documents: what kubectl and client libraries read before any request (`/version`,
 * `/api`, `/api/v1`, `/apis`, `/apis/<group>/v1`). The lab presents itself as OpenShift 3.11
 * (Kubernetes 1.11), the release whose openshift-sdn the lab builds (rule version 7).
 */
import { verbsOf } from './object-writes.js';
import { groupsOf, pathName, resourcesOf, type ResourceInfo, type ServedRelease } from './resources.js';

/** `/version` of an OpenShift 3.11 master. */
export const VERSION_INFO = {
  major: '1',
  minor: '11+',
  gitVersion: 'v1.11.0+d4cacc0',
  gitCommit: 'd4cacc0',
  gitTreeState: 'clean',
  buildDate: '2019-05-02T11:52:09Z',
  goVersion: 'go1.10.8',
  compiler: 'gc',
  platform: 'linux/amd64',
};

/** `/api`: the core group's versions. */
export function coreVersions(serverAddress: string): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

/**
 * `/version` of the 4.x lab: OpenShift 4.12's kube-apiserver (Kubernetes 1.25), the release of
 * rule version 13 the lab builds (src/lab/flows-v13.ts). The commit and build date are the lab's
 * own, in the shape such a server reports them.
 */
export const VERSION_INFO_4X = {
  major: '1',
  minor: '25',
  gitVersion: 'v1.25.4+77bec7a',
  gitCommit: '77bec7a',
  gitTreeState: 'clean',
  buildDate: '2023-01-06T00:00:00Z',
  goVersion: 'go1.19.4',
  compiler: 'gc',
  platform: 'linux/amd64',
};

/** `/apis`: the named groups. */
export function groupList(release: ServedRelease): Record<string, unknown> {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groupsOf(release).map(groupEntry) };
}

/** `/apis/<group>`, or undefined for a group we do not serve. */
export function groupDocument(group: string, release: ServedRelease): Record<string, unknown> | undefined {
  if (!groupsOf(release).includes(group)) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(group) };
}

function groupEntry(group: string): Record<string, unknown> {
  const version = { groupVersion: `${group}/v1`, version: 'v1' };
  return { name: group, versions: [version], preferredVersion: version };
}

/** `/api/v1` or `/apis/<group>/v1`, or undefined for a group/version we do not serve. */
export function resourceList(
  group: string,
  version: string,
  release: ServedRelease,
): Record<string, unknown> | undefined {
  const resources = resourcesOf(group, version, release);
  if (resources.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group === '' ? version : `${group}/${version}`,
    resources: resources.flatMap(describe),
  };
}

function describe(info: ResourceInfo): Record<string, unknown>[] {
  const entry = {
    name: pathName(info),
    singularName: info.singular,
    namespaced: info.namespaced,
    kind: info.kind,
    verbs: verbsOf(info.plural),
    ...(info.shortNames.length > 0 ? { shortNames: info.shortNames } : {}),
    ...(info.plural === 'pods' || info.plural === 'services' ? { categories: ['all'] } : {}),
  };
  // the pod subresources the lab serves, as a real cluster lists them
  const sub = (name: string, kind: string, verbs: string[]) => ({
    name,
    singularName: '',
    namespaced: true,
    kind,
    verbs,
  });
  return info.plural === 'pods'
    ? [entry, sub('pods/exec', 'PodExecOptions', ['create', 'get']), sub('pods/log', 'Pod', ['get'])]
    : [entry];
}
