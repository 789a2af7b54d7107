/** 39.4: a route must point at a service that exists, or the router has nowhere to send requests. */
import { msg } from '../../i18n/message.js';
import { defineCheck } from '../define.js';
import { summaryEvidence } from '../lib/evidence.js';
import { objectKey } from '../../model/object-key.js';

export default defineCheck({
  id: 'route-missing-service',
  section: '4',
  severity: 'error',
  title: msg('Every route points at an existing service', 'すべてのルートが存在するサービスを指している'),
  requires: { cluster: ['routes', 'services'] },
  run(ctx) {
    const routes = ctx.model.routes?.value ?? [];
    const services = new Set((ctx.model.services?.value ?? []).map(objectKey));
    const artifact = ctx.model.routes?.artifact ?? '';
    for (const r of routes) {
      const svc = `${r.namespace}/${r.service}`;
      if (services.has(svc)) continue;
      const where = `${r.host}${r.path ?? ''}`;
      ctx.report({
        route: objectKey(r),
        service: svc,
        message: msg(
          `Route ${objectKey(r)} (${where}) points at service ${svc}, which does not exist: the router answers 503 for it.`,
          `ルート ${objectKey(r)}（${where}）が存在しないサービス ${svc} を指しています。ルーターはこのルートに 503 を返します。`,
        ),
        fix: msg(
          `Create service ${svc}, or point the route at the right service (oc edit route ${r.name} -n ${r.namespace}).`,
          `サービス ${svc} を作成するか、ルートを正しいサービスに向けてください（oc edit route ${r.name} -n ${r.namespace}）。`,
        ),
        evidence: [
          summaryEvidence(
            artifact,
            `route ${objectKey(r)}: host=${r.host} path=${r.path ?? '/'} to=${r.service}`,
          ),
        ],
      });
    }
  },
});
