/** Pods and their nodes (39.5, 39.7.4 ¶2). */
import { objectKey } from '../../model/object-key.js';
import type { ClusterModel, Pod } from '../../model/types.js';

/** A pod on the SDN that should be wired into br0: running, not host-network, with an IP. */
export function isSdnPod(p: Pod): boolean {
  return !p.hostNetwork && !!p.podIP && p.phase === 'Running';
}

/** 39.7.4 ¶2: the running SDN pods of one node, sorted by name. */
export function localSdnPods(model: ClusterModel, node: string): Pod[] {
  return (model.pods?.value ?? []).filter((p) => p.node === node && isSdnPod(p)).sort(byKey);
}

export function byKey(
  a: { namespace: string; name: string },
  b: { namespace: string; name: string },
): number {
  return objectKey(a).localeCompare(objectKey(b));
}
