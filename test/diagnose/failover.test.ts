/**
 * §12: which addresses send the walk through the failover layer. A VIP of a configuration (and no
 * node's own address) does; a node address, an unlisted address or a model without configurations
 * does not — those URLs keep the walk of §3 unchanged.
 */
import { describe, expect, it } from 'vitest';
import { failoverOf } from '../../src/diagnose/steps-failover.js';
import { ipfConfig, ipfModel, VIP1, VIP2 } from '../checks/ipf-fixtures.js';
import { buildTestModel, healthyTexts, NODES } from '../checks/model-fixtures.js';

describe('failoverOf (§12: is the URL on an IP failover VIP?)', () => {
  const m = ipfModel();

  it('a VIP of the configuration, in the configuration order whatever order DNS gave', () => {
    const f = failoverOf(m, [VIP2, VIP1]);
    expect(f?.config.name).toBe('ipf-ha-router');
    expect(f?.vips).toEqual([VIP1, VIP2]);
  });

  it('an address that is a node’s own is never a VIP, even if a configuration lists it', () => {
    const node = NODES[0]!.ip;
    const listed = ipfModel((t) => {
      t.ipFailovers = [ipfConfig({ OPENSHIFT_HA_VIRTUAL_IPS: `${node},${VIP1}` })];
    });
    expect(failoverOf(listed, [VIP1])?.vips).toEqual([VIP1]);
    expect(failoverOf(listed, [node])).toBeUndefined();
  });

  it('an address no configuration lists, or a cluster without configurations: no failover layer', () => {
    expect(failoverOf(m, ['192.168.122.250'])).toBeUndefined();
    expect(failoverOf(buildTestModel(healthyTexts()), [VIP1])).toBeUndefined();
  });
});
