/**
 * Tables of the OpenShift resources, as `oc get` shows them on 3.11: routes (39.4 reads HOST/PORT,
 * PATH, SERVICES), hostsubnets (39.6: HOST IP and SUBNET per node), netnamespaces (NETID) and
 * clusternetworks (the cluster CIDR and plugin).
 */
import { goList, rec, recs, str } from './access.js';
import { col, NAME_COLUMN, type ResourcePrinter } from './types.js';

export const routePrinter: ResourcePrinter = {
  columns: [
    NAME_COLUMN,
    col('Host/Port', 'Host is an alias/DNS that points to the service.'),
    col('Path', 'Path that the router watches for, to route traffic for to the service.'),
    col('Services', 'The name of the service(s) the route points to, with weights.'),
    col('Port', 'The target port on pods selected by the service this route points to.'),
    col('Termination', 'The TLS termination and the insecure edge termination policy.'),
    col('Wildcard', 'The wildcard policy for the hostname.'),
  ],
  cells(route) {
    const spec = rec(route.spec);
    const tls = rec(spec.tls);
    const port = spec.port === undefined ? '<all>' : str(rec(spec.port).targetPort) || '<all>';
    return [
      str(rec(route.metadata).name),
      routeHost(spec, rec(route.status)),
      str(spec.path),
      routeBackends(spec),
      port,
      terminationPolicy(str(tls.termination), str(tls.insecureEdgeTerminationPolicy)),
      str(spec.wildcardPolicy),
    ];
  },
};

/** The host, or why routers refused it (`... 1 rejected`), as the route printer shows it. */
function routeHost(spec: Record<string, unknown>, status: Record<string, unknown>): string {
  let host = str(spec.host);
  if (status.ingress === undefined) return host;
  let admitted = 0;
  let rejected = 0;
  let reason = '';
  for (const ingress of recs(status.ingress)) {
    const condition = recs(ingress.conditions).find((c) => c.type === 'Admitted');
    if (condition?.status === 'True') admitted++;
    else if (condition?.status === 'False') {
      rejected++;
      reason = str(condition.reason);
    }
  }
  if (admitted === 0 && rejected > 0) return reason;
  if (rejected > 0) host += ` ... ${rejected} rejected`;
  return host;
}

/** `svc` or `a(50%),b(50%)` for A/B routes. */
function routeBackends(spec: Record<string, unknown>): string {
  const backends = [rec(spec.to), ...recs(spec.alternateBackends)];
  const weights = backends.map((b) => (typeof b.weight === 'number' ? b.weight : undefined));
  const total = weights.reduce<number>((sum, w) => sum + (w ?? 0), 0);
  return backends
    .map((b, i) => {
      const w = weights[i];
      if (w === undefined || (backends.length === 1 && total !== 0)) return str(b.name);
      if (total === 0) return `${str(b.name)}(0%)`;
      return `${str(b.name)}(${Math.floor((w * 100) / total)}%)`;
    })
    .join(',');
}

function terminationPolicy(termination: string, insecure: string): string {
  if (termination && insecure) return `${termination}/${insecure}`;
  if (termination) return termination;
  if (insecure) return `default/${insecure}`;
  return '';
}

export const hostSubnetPrinter: ResourcePrinter = {
  columns: [
    NAME_COLUMN,
    col('Host', 'Name of the node.'),
    col('Host IP', 'IP address of the node (the VXLAN tunnel endpoint).'),
    col('Subnet', 'CIDR range assigned to the node for its pods.'),
    col('Egress CIDRs', 'Ranges from which egress IPs may be assigned to this node.'),
    col('Egress IPs', 'Egress IPs assigned to this node.'),
  ],
  cells(hs) {
    return [
      str(rec(hs.metadata).name),
      str(hs.host),
      str(hs.hostIP),
      str(hs.subnet),
      goList(hs.egressCIDRs),
      goList(hs.egressIPs),
    ];
  },
};

export const netNamespacePrinter: ResourcePrinter = {
  columns: [
    NAME_COLUMN,
    col('NetID', 'The VNID of the namespace (0: the global default project).', { type: 'integer' }),
    col('Egress IPs', 'Egress IPs of the namespace.'),
  ],
  cells(nn) {
    return [str(rec(nn.metadata).name), typeof nn.netid === 'number' ? nn.netid : 0, goList(nn.egressIPs)];
  },
};

export const clusterNetworkPrinter: ResourcePrinter = {
  columns: [
    NAME_COLUMN,
    col('Cluster Networks', 'The cluster networks as CIDR:hostSubnetLength.'),
    col('Service Network', 'The service network CIDR.'),
    col('Plugin Name', 'The SDN plugin.'),
  ],
  cells(cn) {
    const networks = recs(cn.clusterNetworks).map((n) => `${str(n.CIDR)}:${str(n.hostSubnetLength)}`);
    // Clusters created before 3.7 have only the legacy single-network fields.
    const legacy = str(cn.network) ? [`${str(cn.network)}:${str(cn.hostsubnetlength)}`] : [];
    return [
      str(rec(cn.metadata).name),
      (networks.length > 0 ? networks : legacy).join(','),
      str(cn.serviceNetwork),
      str(cn.pluginName),
    ];
  },
};
