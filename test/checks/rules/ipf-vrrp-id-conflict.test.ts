import check from '../../../src/checks/rules/ipf-vrrp-id-conflict.js';
import { modelWith } from '../model-fixtures.js';
import { ipfConfig, ipfModel } from '../ipf-fixtures.js';
import { checkTester } from '../tester.js';

checkTester(check, {
  valid: [
    { name: 'one configuration', model: () => ipfModel() },
    { name: 'no ipfailover configuration', model: () => modelWith() },
    {
      name: 'a second configuration with offset 2: ids 1-2 and 3-4',
      model: () =>
        ipfModel((t) =>
          t.ipFailovers?.push(
            ipfConfig(
              { OPENSHIFT_HA_VRRP_ID_OFFSET: '2', OPENSHIFT_HA_VIRTUAL_IPS: '192.168.122.110-111' },
              'ipf-db',
            ),
          ),
        ),
    },
  ],
  invalid: [
    {
      name: 'a second configuration with offset 1: ids 1-2 and 2-3 (lab fault ipf-vrrp-id-conflict)',
      model: () =>
        ipfModel((t) =>
          t.ipFailovers?.push(
            ipfConfig(
              { OPENSHIFT_HA_VRRP_ID_OFFSET: '1', OPENSHIFT_HA_VIRTUAL_IPS: '192.168.122.110-111' },
              'ipf-db',
            ),
          ),
        ),
      expect: [{ messageIncludes: 'share VRRP id 2' }],
    },
  ],
  unknown: [
    { name: 'DeploymentConfigs not collected', model: () => ipfModel((t) => (t.ipFailovers = undefined)) },
  ],
});
