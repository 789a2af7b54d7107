import { describe, expect, it } from 'vitest';
import { routeBackendScheme } from '../../src/model/route-target.js';

describe('routeBackendScheme (39.5 probes a route’s pods as the router speaks to them)', () => {
  it('https when the pods end TLS: passthrough, reencrypt (any case)', () => {
    expect(routeBackendScheme({ tlsTermination: 'passthrough' })).toBe('https');
    expect(routeBackendScheme({ tlsTermination: 'Reencrypt' })).toBe('https');
  });

  it('http for edge, no TLS, or no route at all (an ingress entry names the service)', () => {
    expect(routeBackendScheme({ tlsTermination: 'edge' })).toBe('http');
    expect(routeBackendScheme({})).toBe('http');
    expect(routeBackendScheme(undefined)).toBe('http');
  });
});
