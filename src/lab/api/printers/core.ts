/**
 * Tables of the core resources besides pods, as Kubernetes' printers fill them
 * (`kubectl get nodes|namespaces|services|endpoints|configmaps`).
 */
import { formatLabels, rec, recs, str, strs } from './access.js';
import { ageOf } from './duration.js';
import { AGE_COLUMN, col, NAME_COLUMN, type ResourcePrinter } from './types.js';

export const nodePrinter: ResourcePrinter = {
  columns: [
    NAME_COLUMN,
    col('Status', 'The status of the node'),
    col('Roles', 'The roles of the node'),
    AGE_COLUMN,
    col('Version', 'Kubelet Version reported by the node.'),
    col(
      'Internal-IP',
      'List of addresses reachable to the node. Queried from cloud provider, if available.',
      {
        priority: 1,
      },
    ),
    col(
      'External-IP',
      'List of addresses reachable to the node. Queried from cloud provider, if available.',
      {
        priority: 1,
      },
    ),
    col(
      'OS-Image',
      'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).',
      {
        priority: 1,
      },
    ),
    col(
      'Kernel-Version',
      "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).",
      {
        priority: 1,
      },
    ),
    col('Container-Runtime', 'Container runtime version reported by the node.', { priority: 1 }),
  ],
  cells(node, now) {
    const meta = rec(node.metadata);
    const status = rec(node.status);
    const info = rec(status.nodeInfo);
    const addresses = recs(status.addresses);
    const address = (type: string) => str(addresses.find((a) => a.type === type)?.address) || '<none>';
    return [
      str(meta.name),
      nodeStatus(node),
      nodeRoles(rec(meta.labels)),
      ageOf(meta.creationTimestamp, now),
      str(info.kubeletVersion),
      address('InternalIP'),
      address('ExternalIP'),
      str(info.osImage) || '<unknown>',
      str(info.kernelVersion) || '<unknown>',
      str(info.containerRuntimeVersion) || '<unknown>',
    ];
  },
};

/** `Ready`, `NotReady`, `Unknown`, plus `,SchedulingDisabled` for a cordoned node. */
function nodeStatus(node: Record<string, unknown>): string {
  const ready = recs(rec(node.status).conditions).find((c) => c.type === 'Ready');
  const parts = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (rec(node.spec).unschedulable === true) parts.push('SchedulingDisabled');
  return parts.join(',');
}

/** Roles from `node-role.kubernetes.io/<role>` and `kubernetes.io/role` labels, sorted. */
function nodeRoles(labels: Record<string, unknown>): string {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(labels)) {
    if (key.startsWith('node-role.kubernetes.io/') && key.length > 'node-role.kubernetes.io/'.length)
      roles.add(key.slice('node-role.kubernetes.io/'.length));
    else if (key === 'kubernetes.io/role' && str(value)) roles.add(str(value));
  }
  return roles.size === 0 ? '<none>' : [...roles].sort().join(',');
}

export const namespacePrinter: ResourcePrinter = {
  columns: [NAME_COLUMN, col('Status', 'The status of the namespace'), AGE_COLUMN],
  cells(ns, now) {
    const meta = rec(ns.metadata);
    return [str(meta.name), str(rec(ns.status).phase), ageOf(meta.creationTimestamp, now)];
  },
};

export const servicePrinter: ResourcePrinter = {
  columns: [
    NAME_COLUMN,
    col('Type', 'The type of the service.'),
    col('Cluster-IP', 'The IP address of the service.'),
    col('External-IP', 'The external IP addresses of the service.'),
    col('Port(s)', 'The ports of the service.'),
    AGE_COLUMN,
    col('Selector', 'Route service traffic to pods with label keys and values matching this selector.', {
      priority: 1,
    }),
  ],
  cells(svc, now) {
    const meta = rec(svc.metadata);
    const spec = rec(svc.spec);
    const ports = recs(spec.ports).map((p) =>
      p.nodePort
        ? `${str(p.port)}:${str(p.nodePort)}/${str(p.protocol)}`
        : `${str(p.port)}/${str(p.protocol)}`,
    );
    return [
      str(meta.name),
      str(spec.type),
      str(spec.clusterIP) || strs(spec.clusterIPs)[0] || '<none>',
      serviceExternalIP(spec, rec(svc.status)),
      ports.length === 0 ? '<none>' : ports.join(','),
      ageOf(meta.creationTimestamp, now),
      formatLabels(spec.selector),
    ];
  },
};

function serviceExternalIP(spec: Record<string, unknown>, status: Record<string, unknown>): string {
  const externalIPs = strs(spec.externalIPs);
  switch (str(spec.type)) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const ingress = recs(rec(status.loadBalancer).ingress).map((i) => str(i.ip) || str(i.hostname));
      const all = [...ingress.filter(Boolean), ...externalIPs];
      return all.length > 0 ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return str(spec.externalName);
    default:
      return '<unknown>';
  }
}

export const endpointsPrinter: ResourcePrinter = {
  columns: [
    NAME_COLUMN,
    col('Endpoints', 'Endpoints of the service (ready addresses and their ports).'),
    AGE_COLUMN,
  ],
  cells(ep, now) {
    const meta = rec(ep.metadata);
    return [str(meta.name), formatEndpoints(recs(ep.subsets)), ageOf(meta.creationTimestamp, now)];
  },
};

/** `ip:port,ip:port,ip:port + N more...` (k8s formatEndpoints: ready addresses only, first 3). */
export function formatEndpoints(subsets: Record<string, unknown>[]): string {
  if (subsets.length === 0) return '<none>';
  const max = 3;
  const list: string[] = [];
  let count = 0;
  for (const subset of subsets) {
    const addresses = recs(subset.addresses).map((a) => str(a.ip));
    const ports = recs(subset.ports);
    // A headless service without ports lists bare addresses.
    const targets =
      ports.length === 0
        ? addresses
        : ports.flatMap((p) => addresses.map((ip) => joinHostPort(ip, str(p.port))));
    for (const target of targets) {
      if (list.length < max) list.push(target);
      count++;
    }
  }
  const text = list.join(',');
  return count > max ? `${text} + ${count - max} more...` : text;
}

/** Go's net.JoinHostPort: IPv6 addresses in brackets. */
function joinHostPort(ip: string, port: string): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

export const configMapPrinter: ResourcePrinter = {
  columns: [NAME_COLUMN, col('Data', 'Number of keys in the config map.', { type: 'integer' }), AGE_COLUMN],
  cells(cm, now) {
    const meta = rec(cm.metadata);
    const keys = Object.keys(rec(cm.data)).length + Object.keys(rec(cm.binaryData)).length;
    return [str(meta.name), keys, ageOf(meta.creationTimestamp, now)];
  },
};
