/** Services, Endpoints and Routes → model (§4 routes, §5 services and endpoints, §11 kube-proxy). */
import type { EndpointAddress, EndpointSubset, Endpoints, Route, Service, ServicePort } from '../types.js';
import {
  arr,
  at,
  condition,
  intOrString,
  ipv4Text,
  num,
  obj,
  portNumber,
  str,
  strMap,
} from './api-object.js';
import { invalid, missing, type Normalized } from './normalize-result.js';

function namespaced(item: unknown): { name: string; namespace: string } | { missing: string; name?: string } {
  const name = str(at(item, 'metadata', 'name'));
  const namespace = str(at(item, 'metadata', 'namespace'));
  if (!name) return missing('metadata.name');
  if (!namespace) return missing('metadata.namespace', name);
  return { name, namespace };
}

export function toService(item: unknown): Normalized<Service> {
  const id = namespaced(item);
  if ('missing' in id) return id;
  const rawIP = at(item, 'spec', 'clusterIP');
  // §5: an address, `None` (headless) or absent; anything else cannot be checked.
  if (rawIP !== undefined && rawIP !== '' && rawIP !== 'None' && !ipv4Text(rawIP))
    return invalid('spec.clusterIP', rawIP, `${id.namespace}/${id.name}`);
  const clusterIP = str(rawIP);
  const badPort = arr(at(item, 'spec', 'ports')).find((p) => portNumber(at(p, 'port')) === undefined);
  if (badPort !== undefined)
    return invalid('spec.ports[].port', at(badPort, 'port'), `${id.namespace}/${id.name}`);
  const selector = obj(at(item, 'spec', 'selector')) ? strMap(at(item, 'spec', 'selector')) : undefined;
  const ports: ServicePort[] = arr(at(item, 'spec', 'ports')).flatMap((p) => {
    const port = num(at(p, 'port'));
    if (port === undefined) return [];
    const name = str(at(p, 'name'));
    const targetPort = intOrString(at(p, 'targetPort'));
    const nodePort = num(at(p, 'nodePort'));
    return [
      {
        ...(name ? { name } : {}),
        port,
        protocol: str(at(p, 'protocol')) ?? 'TCP',
        ...(targetPort !== undefined ? { targetPort } : {}),
        ...(nodePort !== undefined ? { nodePort } : {}),
      },
    ];
  });
  // §13.1: addresses that carry the service into the cluster without the router
  const externalIPs = arr(at(item, 'spec', 'externalIPs')).flatMap((x) => ipv4Text(x) ?? []);
  const loadBalancerIPs = arr(at(item, 'status', 'loadBalancer', 'ingress')).flatMap(
    (x) => ipv4Text(at(x, 'ip')) ?? [],
  );
  return {
    value: {
      ...id,
      type: str(at(item, 'spec', 'type')) ?? 'ClusterIP',
      ...(clusterIP ? { clusterIP } : {}),
      ...(selector ? { selector } : {}),
      ports,
      labels: strMap(at(item, 'metadata', 'labels')),
      ...(externalIPs.length ? { externalIPs } : {}),
      ...(loadBalancerIPs.length ? { loadBalancerIPs } : {}),
    },
  };
}

function toAddress(a: unknown): EndpointAddress[] {
  const ip = str(at(a, 'ip'));
  if (!ip) return [];
  const nodeName = str(at(a, 'nodeName'));
  const ref = at(a, 'targetRef');
  const refName = str(at(ref, 'name'));
  const refNs = str(at(ref, 'namespace'));
  const targetPod =
    at(ref, 'kind') === 'Pod' && refName && refNs ? { namespace: refNs, name: refName } : undefined;
  return [{ ip, ...(nodeName ? { nodeName } : {}), ...(targetPod ? { targetPod } : {}) }];
}

export function toEndpoints(item: unknown): Normalized<Endpoints> {
  const id = namespaced(item);
  if ('missing' in id) return id;
  const subsets: EndpointSubset[] = arr(at(item, 'subsets')).map((s) => ({
    addresses: arr(at(s, 'addresses')).flatMap(toAddress),
    notReadyAddresses: arr(at(s, 'notReadyAddresses')).flatMap(toAddress),
    ports: arr(at(s, 'ports')).flatMap((p) => {
      const port = num(at(p, 'port'));
      if (port === undefined) return [];
      const name = str(at(p, 'name'));
      return [{ ...(name ? { name } : {}), port, protocol: str(at(p, 'protocol')) ?? 'TCP' }];
    }),
  }));
  return { value: { ...id, labels: strMap(at(item, 'metadata', 'labels')), subsets } };
}

export function toRoute(item: unknown): Normalized<Route> {
  const id = namespaced(item);
  if ('missing' in id) return id;
  const host = str(at(item, 'spec', 'host'));
  const service = str(at(item, 'spec', 'to', 'name'));
  if (!host) return missing('spec.host', id.name);
  if (!service) return missing('spec.to.name', id.name);
  const path = str(at(item, 'spec', 'path'));
  const targetPort = intOrString(at(item, 'spec', 'port', 'targetPort'));
  const tlsTermination = str(at(item, 'spec', 'tls', 'termination'));
  // §4: a route is served once a router admitted it (status.ingress[].conditions Admitted=True).
  const ingress = arr(at(item, 'status', 'ingress'));
  const admitted =
    ingress.length === 0
      ? undefined
      : ingress.some((i) => condition(at(i, 'conditions'), 'Admitted') === true);
  return {
    value: {
      ...id,
      host,
      ...(path ? { path } : {}),
      service,
      ...(targetPort !== undefined ? { targetPort } : {}),
      ...(tlsTermination ? { tlsTermination } : {}),
      ...(admitted !== undefined ? { admitted } : {}),
    },
  };
}
