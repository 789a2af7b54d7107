/**
 * The checks kube-apiserver and the kubelet make before an exec or a log read: the pod exists,
 * the container is one of its containers (or the pod has just one), the pod runs.
 */
import { type ApiObject, nameOf, namespaceOf, readStoredList } from '../data-files.js';
import { findResource } from '../resources.js';
import { badRequest, objectNotFound, type StatusBody } from '../status.js';
import { rec } from '../printers/access.js';

export const PODS = findResource('', 'v1', 'pods')!;

export function containersOf(pod: ApiObject): string[] {
  const containers = rec(pod.spec).containers;
  return Array.isArray(containers)
    ? containers.map((c) => rec(c).name).filter((n): n is string => typeof n === 'string')
    : [];
}

/**
 * Pods by namespace/name, per list read (the data file's parse is cached while the file is the
 * same): every exec looks its pod up, and a scan of a 2000-node cluster's pods per exec was most
 * of the scale harness's own time in admission.
 */
const indexes = new WeakMap<readonly ApiObject[], Map<string, ApiObject>>();

function podIndex(items: readonly ApiObject[]): Map<string, ApiObject> {
  let index = indexes.get(items);
  if (!index) {
    index = new Map();
    // the first of a name wins, as find() did
    for (const p of items) {
      const key = `${namespaceOf(p)}/${nameOf(p)}`;
      if (!index.has(key)) index.set(key, p);
    }
    indexes.set(items, index);
  }
  return index;
}

/** The pod and container a request names, or the Status the API answers instead. */
export function resolvePodContainer(
  dataDir: string,
  namespace: string,
  name: string,
  container: string | null,
): { pod: ApiObject; container: string } | StatusBody {
  const stored = readStoredList(dataDir, PODS);
  if (!stored.ok) return badRequest(stored.error);
  const pod = podIndex(stored.items).get(`${namespace}/${name}`);
  if (!pod) return objectNotFound(PODS, name);
  const names = containersOf(pod);
  if (!container) {
    if (names.length === 1) return { pod, container: names[0]! };
    return badRequest(
      `a container name must be specified for pod ${name}, choose one of: [${names.join(' ')}]`,
    );
  }
  if (!names.includes(container)) return badRequest(`container ${container} is not valid for pod ${name}`);
  return { pod, container };
}

/** Why a resolved pod cannot run a command now (the kubelet's answer), or undefined. */
export function notRunning(pod: ApiObject, container: string): StatusBody | undefined {
  const status = rec(pod.status);
  const phase = typeof status.phase === 'string' ? status.phase : 'Unknown';
  if (phase === 'Pending' && !rec(pod.spec).nodeName)
    return badRequest(`pod ${nameOf(pod)} does not have a host assigned`);
  if (phase !== 'Running')
    return badRequest(`unable to upgrade connection: container not found ("${container}")`);
  const statuses = Array.isArray(status.containerStatuses) ? status.containerStatuses.map(rec) : [];
  const cs = statuses.find((c) => c.name === container);
  if (cs && !rec(cs.state).running)
    return badRequest(`unable to upgrade connection: container not found ("${container}")`);
  return undefined;
}
