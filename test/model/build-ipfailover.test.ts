import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/artifacts/types.js';
import { buildModel } from '../../src/model/build.js';
import { expandVips, toIpFailover } from '../../src/model/build/normalize-ipfailover.js';
import { ipfDeploymentConfig } from '../checks/ipf-fixtures.js';

const snapshot = (api: Snapshot['api']): Snapshot => ({
  collectedAt: '2026-12-05T03:00:00.000Z',
  collector: 'live',
  api,
  artifacts: [],
  warnings: [],
});

describe('IP failover configurations from DeploymentConfigs / Deployments (§12)', () => {
  it('expands OPENSHIFT_HA_VIRTUAL_IPS as the image does (ranges in the last octet, commas)', () => {
    expect(expandVips('10.42.42.42,10.100.1.20-22')).toEqual([
      '10.42.42.42',
      '10.100.1.20',
      '10.100.1.21',
      '10.100.1.22',
    ]);
    expect(expandVips('10.0.0.1-300')).toBeUndefined();
    expect(expandVips('10.0.0.9-3')).toBeUndefined();
    expect(expandVips('vip.example.com')).toBeUndefined();
  });

  it('applies settings.sh defaults and numbers VRRP ids from the offset', () => {
    const c = toIpFailover(
      ipfDeploymentConfig({
        OPENSHIFT_HA_VRRP_ID_OFFSET: '30',
        OPENSHIFT_HA_MONITOR_PORT: 'TCP/8080',
        OPENSHIFT_HA_NETWORK_INTERFACE: '',
        OPENSHIFT_HA_CONFIG_NAME: '',
      }),
      'DeploymentConfig',
    );
    expect(c).toMatchObject({
      configName: 'OpenShift-IPFailover',
      vrrpIds: [31, 32],
      monitorPort: 8080,
      podLabels: { ipfailover: 'ipf-ha-router' },
    });
    expect(c && 'networkInterface' in c).toBe(false);
  });

  it('leaves out DeploymentConfigs that are not ipfailover (the router)', () => {
    expect(
      toIpFailover(
        { metadata: { name: 'router' }, spec: { template: { spec: { containers: [{ env: [] }] } } } },
        'DeploymentConfig',
      ),
    ).toBeUndefined();
  });

  it('buildModel: both lists read → the facet; one unreadable → unknown with a warning', () => {
    const ok = buildModel(
      snapshot({
        deploymentconfigs: { ok: true, items: [ipfDeploymentConfig()] },
        deployments: { ok: true, items: [] },
      }),
    );
    expect(ok.model.ipFailovers?.value.map((c) => c.name)).toEqual(['ipf-ha-router']);
    expect(ok.model.ipFailovers?.artifact).toBe('api/deploymentconfigs.json');
    const bad = buildModel(
      snapshot({
        deploymentconfigs: {
          ok: true,
          items: [ipfDeploymentConfig({ OPENSHIFT_HA_VIRTUAL_IPS: 'nonsense' })],
        },
        deployments: { ok: true, items: [] },
      }),
    );
    expect(bad.model.ipFailovers).toBeUndefined();
    expect(bad.warnings.map((w) => w.message.en).join('\n')).toContain('OPENSHIFT_HA_VIRTUAL_IPS');
    const none = buildModel(snapshot({ deployments: { ok: true, items: [] } }));
    expect(none.model.ipFailovers).toBeUndefined();
  });
});
