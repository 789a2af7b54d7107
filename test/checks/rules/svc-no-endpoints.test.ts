import svcNoEndpoints from '../../../src/checks/rules/svc-no-endpoints.js';
import { modelWith } from '../model-fixtures.js';
import { checkTester } from '../tester.js';

checkTester(svcNoEndpoints, {
  valid: [
    {
      name: 'healthy: selector services have endpoints; demo/external has no selector',
      model: () => modelWith(),
    },
  ],
  invalid: [
    {
      name: 'selector matches no pod labels (typo app=webb)',
      model: () =>
        modelWith((t) => {
          t.services = t.services.map((s) => (s.name === 'web' ? { ...s, selector: { app: 'webb' } } : s));
          t.endpoints = t.endpoints.map((e) => (e.name === 'web' ? { ...e, subsets: [] } : e));
        }),
      expect: [{ fault: 'svc-no-endpoints', service: 'demo/web', messageIncludes: 'selector app=webb' }],
    },
    {
      name: 'pods match but none is ready',
      model: () =>
        modelWith((t) => {
          t.endpoints = t.endpoints.map((e) =>
            e.name === 'web'
              ? {
                  ...e,
                  subsets: e.subsets.map((s) => ({ ...s, addresses: [], notReadyAddresses: s.addresses })),
                }
              : e,
          );
        }),
      expect: [{ service: 'demo/web', messageIncludes: 'match the selector but none is ready' }],
    },
    {
      name: 'endpoints object missing altogether',
      model: () => modelWith((t) => (t.endpoints = t.endpoints.filter((e) => e.name !== 'router'))),
      expect: [{ service: 'default/router' }],
    },
  ],
  unknown: [{ name: 'endpoints not collected', model: () => ({ ...modelWith(), endpoints: undefined }) }],
});
