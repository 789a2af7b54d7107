/** Core objects → model: Nodes (InternalIP, Ready) and Pods (ready from conditions, §4–5). */
import type { KubeNode, NodeAddress, Pod } from '../types.js';
import { arr, at, condition, ipv4Text, num, str, strMap } from './api-object.js';
import { invalid, missing, type Normalized } from './normalize-result.js';

export function toNode(item: unknown): Normalized<KubeNode> {
  const name = str(at(item, 'metadata', 'name'));
  if (!name) return missing('metadata.name');
  const addresses: NodeAddress[] = arr(at(item, 'status', 'addresses')).flatMap((a) => {
    const type = str(at(a, 'type'));
    const address = str(at(a, 'address'));
    return type && address ? [{ type, address }] : [];
  });
  // §6: the address the node should be reachable at is its InternalIP.
  const internalIP = addresses.find((a) => a.type === 'InternalIP')?.address ?? addresses[0]?.address;
  const ready = condition(at(item, 'status', 'conditions'), 'Ready');
  return {
    value: {
      name,
      addresses,
      ...(internalIP ? { internalIP } : {}),
      ...(ready !== undefined ? { ready } : {}),
      labels: strMap(at(item, 'metadata', 'labels')),
    },
  };
}

export function toPod(item: unknown): Normalized<Pod> {
  const name = str(at(item, 'metadata', 'name'));
  const namespace = str(at(item, 'metadata', 'namespace'));
  if (!name) return missing('metadata.name');
  if (!namespace) return missing('metadata.namespace', name);
  const node = str(at(item, 'spec', 'nodeName'));
  const hostIP = str(at(item, 'status', 'hostIP'));
  for (const field of ['podIP', 'hostIP'] as const) {
    const raw = at(item, 'status', field);
    if (raw !== undefined && raw !== '' && !ipv4Text(raw))
      return invalid(`status.${field}`, raw, `${namespace}/${name}`);
  }
  const podIP = str(at(item, 'status', 'podIP'));
  const phase = str(at(item, 'status', 'phase'));
  const containerPorts = arr(at(item, 'spec', 'containers')).flatMap((c) =>
    arr(at(c, 'ports')).flatMap((p) => {
      const port = num(at(p, 'containerPort'));
      if (port === undefined) return [];
      const portName = str(at(p, 'name'));
      return [{ ...(portName ? { name: portName } : {}), port, protocol: str(at(p, 'protocol')) ?? 'TCP' }];
    }),
  );
  return {
    value: {
      namespace,
      name,
      ...(node ? { node } : {}),
      ...(hostIP ? { hostIP } : {}),
      ...(podIP ? { podIP } : {}),
      ...(phase ? { phase } : {}),
      // Ready is what endpoints follow (§5); a pod without the condition is not ready.
      ready: condition(at(item, 'status', 'conditions'), 'Ready') === true,
      hostNetwork: at(item, 'spec', 'hostNetwork') === true,
      labels: strMap(at(item, 'metadata', 'labels')),
      containerPorts,
    },
  };
}
