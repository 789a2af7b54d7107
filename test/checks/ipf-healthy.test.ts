import { describe, expect, it } from 'vitest';
import { ALL_CHECKS, runChecks } from '../../src/checks/index.js';
import { ipfModel, VIP1, VIP2 } from './ipf-fixtures.js';

describe('healthy cluster with IP failover (§12) across ALL checks', () => {
  const model = ipfModel();
  const r = runChecks(model);

  it('reads the DeploymentConfig as oc adm ipfailover wrote it', () => {
    const [c] = model.ipFailovers?.value ?? [];
    expect(c).toMatchObject({
      configName: 'ipf-ha-router',
      virtualIPs: [VIP1, VIP2],
      vrrpIds: [1, 2],
      networkInterface: 'eth0',
      monitorPort: 80,
      replicas: 2,
      nodeSelector: { 'ha-router': 'primary' },
    });
  });

  it('has no finding, and every check passes', () => {
    expect(r.findings.map((f) => `${f.check} ${f.node ?? ''} ${f.message.en}`)).toEqual([]);
    expect(
      r.statuses.filter((s) => s.status !== 'pass').map((s) => [s.check, s.unknown.map((u) => u.reason.en)]),
    ).toEqual([]);
    expect(r.statuses).toHaveLength(ALL_CHECKS.length);
  });
});
