import routeMissingService from '../../../src/checks/rules/route-missing-service.js';
import { modelWith } from '../model-fixtures.js';
import { checkTester } from '../tester.js';

checkTester(routeMissingService, {
  valid: [{ name: 'healthy cluster: route demo/web → service demo/web', model: () => modelWith() }],
  invalid: [
    {
      name: 'route points at a deleted service',
      model: () => modelWith((t) => (t.services = t.services.filter((s) => s.name !== 'web'))),
      expect: [{ route: 'demo/web', service: 'demo/web', fault: null, messageIncludes: 'does not exist' }],
    },
    {
      name: 'service of the same name in another namespace does not count',
      model: () =>
        modelWith((t) => {
          const r = t.routes[0];
          if (r) t.routes = [{ ...r, namespace: 'other' }];
        }),
      expect: [{ route: 'other/web', service: 'other/web' }],
    },
  ],
  unknown: [
    { name: 'routes not collected', model: () => ({ ...modelWith(), routes: undefined }) },
    { name: 'services not collected', model: () => ({ ...modelWith(), services: undefined }) },
  ],
});
