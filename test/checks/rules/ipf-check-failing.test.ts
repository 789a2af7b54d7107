import check from '../../../src/checks/rules/ipf-check-failing.js';
import { modelWith, onNode } from '../model-fixtures.js';
import { ipfConfig, ipfModel, KEEPALIVED_CHECK_FAILING_LOG } from '../ipf-fixtures.js';
import { checkTester } from '../tester.js';

checkTester(check, {
  valid: [
    {
      name: 'healthy: the script failed at start, then succeeded (keepalived 2.2.7 log)',
      model: () => ipfModel(),
    },
    { name: 'no ipfailover configuration', model: () => modelWith() },
    {
      name: 'monitor port 0: the script is `true`, nothing to fail',
      model: () =>
        ipfModel((t) => {
          t.ipFailovers = [ipfConfig({ OPENSHIFT_HA_MONITOR_PORT: '0' })];
          onNode('node-2', (n) => (n.keepalivedLog = KEEPALIVED_CHECK_FAILING_LOG))(t);
        }),
    },
  ],
  invalid: [
    {
      name: 'port 80 does not answer on node-2 (lab fault ipf-check-failing)',
      model: () => ipfModel(onNode('node-2', (n) => (n.keepalivedLog = KEEPALIVED_CHECK_FAILING_LOG))),
      expect: [{ node: 'node-2', messageIncludes: 'port 80 does not answer' }],
    },
    {
      name: 'keepalived 1.x wording: VRRP_Script(chk_ipf_ha_router) failed',
      model: () =>
        ipfModel(
          onNode(
            'node-1',
            (n) =>
              (n.keepalivedLog =
                'Dec  5 03:30:03 node-1 Keepalived_vrrp[812]: VRRP_Instance(ipf_ha_router_VIP_1) Entering MASTER STATE\nDec  5 03:31:03 node-1 Keepalived_vrrp[812]: VRRP_Script(chk_ipf_ha_router) failed\n'),
          ),
        ),
      expect: [{ node: 'node-1' }],
    },
  ],
  unknown: [
    {
      name: "keepalived's log not collected on node-1",
      node: 'node-1',
      model: () => ipfModel(onNode('node-1', (n) => (n.keepalivedLog = undefined))),
    },
  ],
});
