/**
 * `--node-shell pod-exec` (default): no new pods. Commands run through the exec API in the pods
 * openshift-sdn already runs on every node (39.7.4: `oc exec -n openshift-sdn <ovs_pod> -- …`):
 * 3.11 has `ovs` pods (app=ovs, OVS commands) and `sdn` pods (app=sdn, host network); 4.x has
 * only `sdn` pods. Both are hostNetwork, so their network is the node's.
 */
import { CoreV1Api, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import type { NodeShell } from '../node-shell.js';
import { oncePerKey, runThroughPods, type NodePod } from './pod-shells.js';
import type { RateLimiter } from './rate-limit.js';

export interface PodExecShellOptions {
  readonly kubeConfig: KubeConfig;
  /** Namespace of the openshift-sdn pods; default `openshift-sdn`. */
  readonly namespace?: string;
  /** Client-side request limit shared by the pod list and every exec. */
  readonly rateLimiter?: RateLimiter;
}

type Role = 'ovs' | 'sdn';

export function createPodExecShell(opts: PodExecShellOptions): NodeShell {
  const ns = opts.namespace ?? 'openshift-sdn';
  const core = opts.kubeConfig.makeApiClient(CoreV1Api);
  // One list of the namespace's ovs and sdn pods for the whole run, not one request per node:
  // on a 2000-node cluster that is 1 request instead of 4000.
  // Indexed by role and node once: every exec looks its pod up (15 per node), and a scan of
  // 2000 pods per exec was seconds of collect's CPU on a 2000-node cluster.
  const listAll = oncePerKey(async () => {
    await opts.rateLimiter?.take();
    const list = await core.listNamespacedPod({ namespace: ns, labelSelector: 'app in (ovs,sdn)' });
    const index = new Map<string, V1Pod[]>();
    for (const p of list.items) {
      const key = `${p.metadata?.labels?.app ?? ''}/${p.spec?.nodeName ?? ''}`;
      const same = index.get(key);
      if (same) same.push(p);
      else index.set(key, [p]);
    }
    return index;
  });
  const listPod = (node: string, role: Role): Promise<NodePod> =>
    listAll('')
      .then((index) => pickRunning(index.get(`${role}/${node}`) ?? [], node, role, ns))
      .catch((e: unknown) => `cannot list ${role} pods in ${ns}: ${(e as Error).message ?? String(e)}`);
  const findPod = {
    ovs: (node: string) => listPod(node, 'ovs'),
    sdn: (node: string) => listPod(node, 'sdn'),
  };

  return {
    name: 'pod-exec',
    run: runThroughPods(opts.kubeConfig, opts.rateLimiter, async (node, options) => {
      // 3.11: OVS tools live in the ovs pod; 4.x has none, the sdn pod carries them.
      const ovs = options.inOvsContainer ? await findPod.ovs(node) : 'n/a';
      return typeof ovs === 'string' ? findPod.sdn(node) : ovs;
    }),
  };
}

/** The node's Running pod of the role among its pods of that role, or why there is none (the node is then `unknown`). */
function pickRunning(onNode: readonly V1Pod[], node: string, role: Role, ns: string): NodePod {
  const pod = onNode.find((p) => p.status?.phase === 'Running');
  const name = pod?.metadata?.name;
  const namespace = pod?.metadata?.namespace;
  if (!pod || !name || !namespace) {
    const other = onNode[0];
    return other
      ? `${role} pod ${ns}/${other.metadata?.name ?? '?'} on node ${node} is not Running (${other.status?.phase ?? 'no status'})`
      : `no ${role} pod in ${ns} on node ${node}`;
  }
  const container = pod.spec?.containers?.[0]?.name;
  return { namespace, name, ...(container ? { container } : {}) };
}
