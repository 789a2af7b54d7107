/**
 * The two writes the lab API accepts, both for `--node-shell debug-pod` (as `oc debug node/X`
 * does): create a pod pinned to a node, and delete it. There is no scheduler or kubelet: a pod
 * pinned to an existing node runs at once (hostNetwork: with the node's IP), one without a node
 * stays Pending. Only pods created this way can be deleted; the lab's own pods are the lab's.
 */
import { randomUUID } from 'node:crypto';
import {
  type ApiObject,
  nameOf,
  namespaceOf,
  readCreatedPods,
  readStoredList,
  writeCreatedPods,
} from './data-files.js';
import { findResource } from './resources.js';
import { badRequest, methodNotAllowed, objectNotFound, statusBody, type StatusBody } from './status.js';
import { rec } from './printers/access.js';

const PODS = findResource('', 'v1', 'pods')!;
const NODES = findResource('', 'v1', 'nodes')!;

/** POST /api/v1/namespaces/<ns>/pods: the created pod (201), or why not. */
export function createPod(
  dataDir: string,
  namespace: string,
  body: unknown,
): { code: 201; body: ApiObject } | StatusBody {
  const pod = rec(body);
  const meta = rec(pod.metadata);
  const spec = rec(pod.spec);
  const name = typeof meta.name === 'string' ? meta.name : '';
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name) || name.length > 253)
    return statusBody(422, `Pod "${name}" is invalid: metadata.name: Invalid value: "${name}"`, {
      name,
      kind: 'Pod',
    });
  const containers = Array.isArray(spec.containers) ? spec.containers.map(rec) : [];
  if (containers.length === 0 || containers.some((c) => typeof c.name !== 'string'))
    return statusBody(422, `Pod "${name}" is invalid: spec.containers: Required value`, {
      name,
      kind: 'Pod',
    });
  if (meta.namespace !== undefined && meta.namespace !== namespace)
    return badRequest(
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  const existing = readStoredList(dataDir, PODS);
  if (existing.ok && existing.items.some((p) => nameOf(p) === name && namespaceOf(p) === namespace))
    return statusBody(409, `pods "${name}" already exists`, { name, kind: 'pods' });

  const nodeName = typeof spec.nodeName === 'string' ? spec.nodeName : undefined;
  const nodes = readStoredList(dataDir, NODES);
  const node = nodes.ok && nodeName ? nodes.items.find((n) => nameOf(n) === nodeName) : undefined;
  const hostIP = internalIP(node);
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const running = node !== undefined;
  const created: ApiObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    ...pod,
    metadata: {
      ...meta,
      namespace,
      uid: randomUUID(),
      resourceVersion: String(Date.now()),
      creationTimestamp: now,
    },
    spec,
    status: running
      ? {
          phase: 'Running',
          hostIP,
          podIP: spec.hostNetwork === true ? hostIP : '',
          startTime: now,
          conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({
            type,
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: now,
          })),
          containerStatuses: containers.map((c) => ({
            name: c.name,
            ready: true,
            restartCount: 0,
            image: c.image,
            state: { running: { startedAt: now } },
          })),
          qosClass: 'BestEffort',
        }
      : { phase: 'Pending', qosClass: 'BestEffort' },
  };
  writeCreatedPods(dataDir, [...readCreatedPods(dataDir), created]);
  return { code: 201, body: created };
}

/** DELETE /api/v1/namespaces/<ns>/pods/<name>: the deleted pod (200), or why not. */
export function deletePod(
  dataDir: string,
  namespace: string,
  name: string,
): { code: 200; body: ApiObject } | StatusBody {
  const created = readCreatedPods(dataDir);
  const pod = created.find((p) => nameOf(p) === name && namespaceOf(p) === namespace);
  if (!pod) {
    const lab = readStoredList(dataDir, PODS);
    const known = lab.ok && lab.items.some((p) => nameOf(p) === name && namespaceOf(p) === namespace);
    // the lab's own pods change only through the lab (faults), as before
    return known ? methodNotAllowed() : objectNotFound(PODS, name);
  }
  writeCreatedPods(
    dataDir,
    created.filter((p) => p !== pod),
  );
  const meta = rec(pod.metadata);
  return { code: 200, body: { ...pod, metadata: { ...meta, deletionTimestamp: new Date().toISOString() } } };
}

function internalIP(node: ApiObject | undefined): string {
  const addresses = rec(node?.status).addresses;
  if (!Array.isArray(addresses)) return '';
  const a = addresses.map(rec).find((x) => x.type === 'InternalIP');
  return typeof a?.address === 'string' ? a.address : '';
}
