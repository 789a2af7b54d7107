/** Where a Route sends (39.4 → 39.5): its Service, and the Service port its `port.targetPort` names. */

type Named = { readonly namespace: string; readonly name: string };

/** The Service a Route points at (`spec.to.name`, in the Route's namespace). */
export function routeService<S extends Named>(
  services: readonly S[],
  route: { readonly namespace: string; readonly service: string },
): S | undefined {
  return services.find((s) => s.namespace === route.namespace && s.name === route.service);
}

/**
 * The Service port a Route's `port.targetPort` picks — by port name, port or target port — else
 * the first port (a Route without `port` uses every port; the first stands for them).
 */
export function routeServicePort<
  P extends { readonly name?: string; readonly port: number; readonly targetPort?: number | string },
>(ports: readonly P[], targetPort: number | string | undefined): P | undefined {
  return (
    ports.find((p) => p.name === targetPort || p.port === targetPort || p.targetPort === targetPort) ??
    ports[0]
  );
}

/**
 * How the router speaks to a Route's pods: TLS for `passthrough` (the pod ends the client's TLS)
 * and `reencrypt` (the router opens a new TLS connection), plain HTTP otherwise (no TLS, `edge`).
 * 39.5 probes the service and its endpoints the same way, or a TLS pod looks dead to a plain curl.
 */
export function routeBackendScheme(
  route: { readonly tlsTermination?: string } | undefined,
): 'http' | 'https' {
  const t = route?.tlsTermination?.toLowerCase();
  return t === 'passthrough' || t === 'reencrypt' ? 'https' : 'http';
}
