/**
 * `--node-shell debug-pod` (opt-in, like `oc debug node/X`): the one exception to read-only — it
 * creates one privileged hostNetwork pod per node the walk needs, runs commands as
 * `chroot /host <argv>`, and deletes the pods on close().
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { randomBytes } from 'node:crypto';
import { CoreV1Api, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import type { NodeShell } from '../node-shell.js';
import { oncePerKey, runThroughPods, type NodePod } from './pod-shells.js';

export interface DebugPodShellOptions {
  readonly kubeConfig: KubeConfig;
  /** Namespace for the debug pods; default `default`. */
  readonly namespace?: string;
  /** Image with a shell-less chroot; default the RHEL support-tools image `oc debug` uses. */
  readonly image?: string;
  /** How long to wait for a debug pod to run. */
  readonly startTimeoutMs?: number;
}

export function debugPodManifest(node: string, name: string, image: string): V1Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { 'app.kubernetes.io/created-by': 'sdn-doctor' } },
    spec: {
      nodeName: node,
      hostNetwork: true,
      hostPID: true,
      restartPolicy: 'Never',
      tolerations: [{ operator: 'Exists' }],
      containers: [
        {
          name: 'debug',
          image,
          command: ['sleep', '3600'],
          securityContext: { privileged: true, runAsUser: 0 },
          volumeMounts: [{ name: 'host', mountPath: '/host' }],
        },
      ],
      volumes: [{ name: 'host', hostPath: { path: '/' } }],
    },
  };
}

export function createDebugPodShell(opts: DebugPodShellOptions): NodeShell {
  const ns = opts.namespace ?? 'default';
  const image = opts.image ?? 'registry.redhat.io/rhel7/support-tools';
  const core = opts.kubeConfig.makeApiClient(CoreV1Api);
  const created: string[] = [];
  let closed = false;

  async function startPod(node: string): Promise<NodePod> {
    if (closed) return `the debug-pod shell is closed`;
    const name = `sdn-doctor-debug-${randomBytes(4).toString('hex')}`;
    // recorded before the request: a close() racing the create still deletes it
    created.push(name);
    try {
      await core.createNamespacedPod({ namespace: ns, body: debugPodManifest(node, name, image) });
      const deadline = Date.now() + (opts.startTimeoutMs ?? 60_000);
      while (Date.now() < deadline) {
        const pod = await core.readNamespacedPod({ namespace: ns, name });
        if (pod.status?.phase === 'Running') return { namespace: ns, name, container: 'debug' };
        if (pod.status?.phase === 'Failed') return `debug pod ${ns}/${name} failed`;
        await sleep(500);
      }
      return `debug pod ${ns}/${name} did not start in time`;
    } catch (e) {
      return `cannot create a debug pod on ${node}: ${(e as Error).message ?? String(e)}`;
    }
  }

  return {
    name: 'debug-pod',
    run: runThroughPods(opts.kubeConfig, undefined, oncePerKey(startPod), (argv) => [
      'chroot',
      '/host',
      ...argv,
    ]),
    async close(): Promise<void> {
      closed = true;
      const names = created.splice(0);
      await Promise.all(
        names.map((name) => core.deleteNamespacedPod({ namespace: ns, name }).catch(() => undefined)),
      );
    },
  };
}
