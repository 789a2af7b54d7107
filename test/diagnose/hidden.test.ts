import { describe, expect, it } from 'vitest';
import { hiddenLayers, type PathSummary } from '../../src/diagnose/hidden.js';
import type { Cause } from '../../src/diagnose/types.js';
import { msg } from '../../src/i18n/message.js';
import type { FaultId } from '../../src/model/faults.js';

const cause = (fault: FaultId, node?: string): Cause => ({
  fault,
  section: '4',
  ...(node ? { node } : {}),
  summary: msg(fault, fault),
  fix: msg('fix', 'fix'),
  evidence: [],
  step: 'router.route',
});
const path: PathSummary = {
  host: 'web-demo.apps.example.com',
  service: true,
  endpoints: true,
  routerNode: 'node-1',
  searchDomains: ['cluster.local'],
};

describe('hiddenLayers', () => {
  it('a missing route hides the service and every node layer behind the router, naming it', () => {
    const h = hiddenLayers([cause('route-missing')], { ...path, service: false, endpoints: false });
    expect(h.map((x) => x.step)).toContain('local.ovs');
    expect(h.map((x) => x.step)).toContain('service.endpoints');
    expect(h.every((x) => x.hiddenBy.fault === 'route-missing')).toBe(true);
    expect(h[0]!.reason.en).toMatch(/only the router's node node-1/);
  });

  it('a service without endpoints hides the pods and their nodes, not the service itself', () => {
    const h = hiddenLayers([cause('svc-no-endpoints')], { ...path, endpoints: false });
    expect(h.map((x) => x.step)).toContain('service.each-endpoint');
    expect(h.map((x) => x.step)).not.toContain('service.endpoints');
  });

  it('nothing is hidden when the walk went past the cause (route found, endpoints followed)', () => {
    expect(hiddenLayers([cause('route-missing'), cause('svc-no-endpoints')], path)).toEqual([]);
    expect(hiddenLayers([cause('ip-forward-off', 'node-2')], path)).toEqual([]);
  });

  it('a drop rule in front of the router hides whether the router listens', () => {
    const h = hiddenLayers([cause('router-timeout', 'node-1')], path);
    expect(h).toMatchObject([
      { step: 'external.connect', hiddenBy: { fault: 'router-timeout', node: 'node-1' } },
    ]);
  });

  it('a wildcard search zone hides the DNS record of a host inside that zone only', () => {
    const wild = [cause('egress-dns-wildcard', 'node-1')];
    expect(hiddenLayers(wild, { ...path, searchDomains: ['example.com'] }).map((x) => x.step)).toEqual([
      'external.dns',
    ]);
    expect(hiddenLayers(wild, { ...path, searchDomains: ['example.org'] })).toEqual([]);
  });
});
