/** 39.13.1: which service entry a URL's address and port are, from the Services and the nodes. */
import { describe, expect, it } from 'vitest';
import { ingressEntry } from '../../src/diagnose/steps-ingress.js';
import { modelWith, WEB_VIP } from '../checks/model-fixtures.js';

const model = modelWith((t) => {
  t.services = t.services.map((s) =>
    s.name === 'web'
      ? {
          ...s,
          type: 'NodePort',
          ports: s.ports.map((p) => ({ ...p, nodePort: 30080 })),
          externalIPs: ['192.168.122.230'],
          loadBalancerIPs: ['203.0.113.7'],
        }
      : s,
  );
});

describe('ingressEntry (39.13.1)', () => {
  it('a node address and a nodePort: the service, reaching that node', () => {
    const e = ingressEntry(model, '192.168.122.12', 30080);
    expect(e).toMatchObject({ kind: 'node-port', node: 'node-2', port: { nodePort: 30080 } });
    expect(`${e?.service.namespace}/${e?.service.name}`).toBe('demo/web');
  });
  it('an external IP or a load balancer address with the service port', () => {
    expect(ingressEntry(model, '192.168.122.230', 80)).toMatchObject({ kind: 'external-ip' });
    expect(ingressEntry(model, '203.0.113.7', 80)).toMatchObject({ kind: 'load-balancer' });
    expect(ingressEntry(model, '192.168.122.230', 80)?.node).toBeUndefined();
  });
  it('anything else goes the router way', () => {
    expect(ingressEntry(model, '192.168.122.12', 80)).toBeUndefined();
    expect(ingressEntry(model, '192.168.122.230', 8080)).toBeUndefined();
    expect(ingressEntry(model, WEB_VIP, 80)).toBeUndefined();
    expect(ingressEntry(modelWith(), '192.168.122.12', 30080)).toBeUndefined();
  });
});
