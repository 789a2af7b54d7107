/**
 * `--node-shell pod-exec` (default): no new pods. Commands run through the exec API in the pods
 * openshift-sdn already runs on every node (39.7.4: `oc exec -n openshift-sdn <ovs_pod> -- …`):
 * 3.11 has `ovs` pods (app=ovs, OVS commands) and `sdn` pods (app=sdn, host network); 4.x has
 * only `sdn` pods. Both are hostNetwork, so their network is the node's.
 */
import { CoreV1Api, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import type { NodeShell, ShellOptions, ShellResult, ShellTarget } from '../node-shell.js';
import { execInPod, type PodRef } from './pod-exec-run.js';
import { runArgv } from './run-argv.js';

export interface PodExecShellOptions {
  readonly kubeConfig: KubeConfig;
  /** Namespace of the openshift-sdn pods; default `openshift-sdn`. */
  readonly namespace?: string;
}

type Role = 'ovs' | 'sdn';

export function createPodExecShell(opts: PodExecShellOptions): NodeShell {
  const ns = opts.namespace ?? 'openshift-sdn';
  const core = opts.kubeConfig.makeApiClient(CoreV1Api);
  // One lookup per (node, role), shared by concurrent callers.
  const lookups = new Map<string, Promise<PodRef | string>>();

  const findPod = (node: string, role: Role): Promise<PodRef | string> => {
    const key = `${node}\u0000${role}`;
    let p = lookups.get(key);
    if (!p) {
      p = core
        .listNamespacedPod({
          namespace: ns,
          labelSelector: `app=${role}`,
          fieldSelector: `spec.nodeName=${node}`,
        })
        .then((list) => {
          const pod = pickRunning(list.items, node);
          return pod ?? `no running ${role} pod in ${ns} on node ${node}`;
        })
        .catch((e: unknown) => `cannot list ${role} pods in ${ns}: ${(e as Error).message ?? String(e)}`);
      lookups.set(key, p);
    }
    return p;
  };

  return {
    name: 'pod-exec',
    async run(target: ShellTarget, argv: readonly string[], options: ShellOptions): Promise<ShellResult> {
      if (target.kind === 'client') return runArgv(argv, { timeoutMs: options.timeoutMs });
      if (target.kind === 'pod') {
        return execInPod(
          opts.kubeConfig,
          { namespace: target.namespace, name: target.name },
          argv,
          options.timeoutMs,
        );
      }
      // 3.11: OVS tools live in the ovs pod; 4.x has none, the sdn pod carries them.
      let pod: PodRef | string = options.inOvsContainer ? await findPod(target.node, 'ovs') : 'n/a';
      if (typeof pod === 'string') pod = await findPod(target.node, 'sdn');
      if (typeof pod === 'string')
        return { stdout: '', stderr: '', exitCode: null, error: pod, durationMs: 0 };
      return execInPod(opts.kubeConfig, pod, argv, options.timeoutMs);
    },
  };
}

function pickRunning(items: readonly V1Pod[], node: string): PodRef | undefined {
  const pod =
    items.find((p) => p.spec?.nodeName === node && p.status?.phase === 'Running') ??
    items.find((p) => p.spec?.nodeName === node);
  const name = pod?.metadata?.name;
  const namespace = pod?.metadata?.namespace;
  if (!name || !namespace) return undefined;
  const container = pod.spec?.containers?.[0]?.name;
  return { namespace, name, ...(container ? { container } : {}) };
}
