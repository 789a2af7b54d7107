/**
 * 39.13.3 "デバッグについての他の注意点": a veth's peer is told by `ethtool -S <if>` (`peer_ifindex`) and
 * the driver type by `ethtool -i <if>`. What `collect` runs for it, once the API named the pods and
 * the node's `ip addr show` named its interfaces:
 * - per local SDN pod, `ethtool -S eth0` in the pod's network namespace: the ifindex of its
 *   host-side veth (the `veth-peer` check holds it against the br0 port the flows send the pod's
 *   traffic to);
 * - per node, `ethtool -i` of the tunnel device (vxlan_sys_4789 on a kernel datapath), tun0 and
 *   every host-side veth.
 * Only argv from artifacts/commands.ts; a name that is not safe in an argv is skipped.
 */
import { probeCommands } from '../artifacts/commands.js';
import type { ApiSnapshot, ArtifactKind } from '../artifacts/types.js';
import { parseIpAddr } from '../parsers/ip-addr.js';
import type { ShellTarget } from './node-shell.js';

export interface NicTask {
  readonly id: string;
  readonly kind: ArtifactKind;
  readonly node: string;
  /** `pod/<ns>/<name>` for a command run in the pod's network namespace. */
  readonly where?: string;
  readonly target: ShellTarget;
  readonly argv: readonly string[];
}

/** Devices of the node whose driver 39.13.3 asks for, besides the veths. */
const NODE_DEVICES = /^(vxlan_sys_\d+|tun0|veth[\w.-]*)$/;

/** The running SDN pods (not host-network, with an IP) the API places on `node`, sorted by key. */
export function localPodsOf(api: ApiSnapshot, node: string): { namespace: string; name: string }[] {
  const pods = api.pods;
  if (!pods?.ok) return [];
  const out: { namespace: string; name: string }[] = [];
  for (const item of pods.items) {
    const p = item as {
      metadata?: { name?: unknown; namespace?: unknown };
      spec?: { nodeName?: unknown; hostNetwork?: unknown };
      status?: { podIP?: unknown; phase?: unknown };
    };
    const { name, namespace } = p.metadata ?? {};
    if (typeof name !== 'string' || typeof namespace !== 'string' || p.spec?.nodeName !== node) continue;
    if (p.spec.hostNetwork === true || typeof p.status?.podIP !== 'string') continue;
    if (p.status.phase !== 'Running') continue;
    out.push({ namespace, name });
  }
  return out.sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
}

/**
 * What of 39.13.3 a collection records: `all` (collect: peers and drivers, for people and the
 * check) or `peers` (diagnose: only what the `veth-peer` check decides on, one command per pod).
 */
export type NicScope = 'all' | 'peers';

/** The commands of 39.13.3 for one node; `ipAddr` is the node's `ip addr show` output, when it ran. */
export function nicTasks(
  api: ApiSnapshot,
  node: string,
  ipAddr: string | undefined,
  scope: NicScope = 'all',
): NicTask[] {
  const tasks: NicTask[] = [];
  const devices =
    scope === 'peers'
      ? []
      : ipAddr
        ? parseIpAddr(ipAddr)
            .records.map((l) => l.name)
            .filter((n) => NODE_DEVICES.test(n))
        : ['tun0'];
  for (const dev of [...new Set(devices)].sort()) {
    const argv = safe(() => probeCommands.ethtoolDriver(dev));
    if (argv)
      tasks.push({
        id: `nodes/${node}/ethtool-i/${dev}.txt`,
        kind: 'ethtool-driver',
        node,
        target: { kind: 'node', node },
        argv,
      });
  }
  for (const pod of localPodsOf(api, node)) {
    tasks.push({
      id: `nodes/${node}/pods/${pod.namespace}/${pod.name}/ethtool-S-eth0.txt`,
      kind: 'ethtool-stats',
      node,
      where: `pod/${pod.namespace}/${pod.name}`,
      target: { kind: 'pod', node, namespace: pod.namespace, name: pod.name },
      argv: probeCommands.ethtoolStats('eth0'),
    });
  }
  return tasks;
}

function safe(build: () => string[]): string[] | undefined {
  try {
    return build();
  } catch {
    return undefined;
  }
}
