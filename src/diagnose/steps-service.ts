/**
 * 39.5 (service): the service of the route, its endpoints, the service IP from the nodes, and
 * every endpoint from the router's node (and from its own node, to tell a pod that does not
 * answer from a path that is broken between nodes).
 */
import { count, mapText, msg, noun, type Text } from '../i18n/message.js';
import { curlFrom } from '../sources/probes/shell-probes.js';
import type { HttpOutcome } from '../sources/probes/types.js';
import { safeModel, type WalkContext } from './context.js';
import type { StepRecorder } from './recorder.js';
import { apiUnread } from './steps-external.js';
import { startEgressProbes } from './steps-local.js';
import { startNodeProbes } from './steps-nodes.js';
import type { EndpointTarget, WalkState } from './state.js';
import { objectKey } from '../model/object-key.js';
import { policyDenials } from './policy.js';
import { labelsText } from '../model/selector.js';
import { routeBackendScheme, routeService, routeServicePort } from '../model/route-target.js';

const T = {
  endpoints: msg('the service and its endpoints', 'サービスとそのエンドポイント'),
  ip: msg('the service IP from the nodes', 'ノードからサービス IP へ'),
  each: msg('every endpoint from the nodes', 'ノードから各エンドポイントへ'),
};

export function answered(r: HttpOutcome): boolean {
  return r.status !== undefined || r.connect === 'connected';
}

export async function serviceSteps(ctx: WalkContext, rec: StepRecorder, st: WalkState): Promise<void> {
  if (!st.route && !st.service) {
    const why = msg('no route, so no service to follow', 'ルートがないため、たどるサービスがありません');
    rec.skip('service.endpoints', '5', T.endpoints, why);
    rec.skip('service.ip', '5', T.ip, why);
    rec.skip('service.each-endpoint', '5', T.each, why);
    return;
  }
  const route = st.route;
  // 39.13.1: an ingress entry (nodePort, external IP) named the service itself
  const want = route
    ? { namespace: route.namespace, name: route.service }
    : { namespace: st.service!.namespace, name: st.service!.name };
  await rec.run('service.endpoints', '5', T.endpoints, (s) => {
    const m = ctx.model();
    s.ran({ where: 'api', argv: ['oc', 'get', 'services', '-n', want.namespace, want.name] });
    s.ran({ where: 'api', argv: ['oc', 'get', 'endpoints', '-n', want.namespace, want.name] });
    if (!m.services || !m.endpoints) {
      s.unknown(
        apiUnread(
          ctx,
          m.services ? 'endpoints' : 'services',
          msg('services/endpoints', 'サービス/エンドポイント'),
        ),
      );
      return;
    }
    const svc = route ? routeService(m.services.value, route) : st.service;
    if (!svc) {
      s.fail(
        msg(
          `service ${want.namespace}/${want.name} does not exist`,
          `サービス ${want.namespace}/${want.name} が存在しません`,
        ),
      );
      return;
    }
    st.service = svc;
    if (route) st.servicePort = routeServicePort(svc.ports, route.targetPort);
    const ep = m.endpoints.value.find((e) => e.namespace === svc.namespace && e.name === svc.name);
    st.endpoints = ep;
    const sk = objectKey(svc);
    const selector = labelsText(svc.selector ?? {});
    const vip = `${svc.clusterIP ?? '-'}:${st.servicePort?.port ?? '?'}`;
    s.evidence(
      msg(`service ${sk} ${vip} selector ${selector}`, `サービス ${sk} ${vip} セレクター ${selector}`),
    );
    const ready = (ep?.subsets ?? []).flatMap((x) => x.addresses.map((a) => ({ a, ports: x.ports })));
    const notReady = (ep?.subsets ?? []).flatMap((x) => x.notReadyAddresses);
    for (const { a, ports } of ready) {
      const port =
        ports.find((p) => p.name === st.servicePort?.name)?.port ??
        ports[0]?.port ??
        Number(st.servicePort?.targetPort ?? 0);
      const t: EndpointTarget = {
        ip: a.ip,
        port,
        ...(a.nodeName ? { node: a.nodeName } : {}),
        ...(a.targetPod ? { pod: objectKey(a.targetPod) } : {}),
      };
      st.targets.push(t);
      s.evidence(
        msg(
          `endpoint ${a.ip}:${port} ${t.pod ?? ''} on ${t.node ?? '?'}`,
          `エンドポイント ${a.ip}:${port} ${t.pod ?? ''}（${t.node ?? '?'} 上）`,
        ),
      );
    }
    for (const a of notReady) {
      const which = `${a.ip} ${a.targetPod ? objectKey(a.targetPod) : ''}`;
      s.evidence(msg(`not ready: ${which}`, `準備未完了: ${which}`));
    }
    if (st.targets.length === 0) {
      const pods = (m.pods?.value ?? []).filter((p) => p.namespace === svc.namespace && !p.hostNetwork);
      const labels = pods.map(
        (p): Text =>
          p.ready
            ? `${p.name} {${labelsText(p.labels)}}`
            : msg(
                `${p.name} {${labelsText(p.labels)}} (not ready)`,
                `${p.name} {${labelsText(p.labels)}}（準備未完了）`,
              ),
      );
      s.evidence(...labels);
      s.fail(
        msg(`service ${sk} has no ready endpoint`, `サービス ${sk} に準備完了のエンドポイントがありません`),
      );
      s.cause({
        fault: 'svc-no-endpoints',
        service: sk,
        summary: msg(
          `service ${sk} selects ${selector} but no ready pod matches; pods in ${svc.namespace}: ${labels.join('; ') || 'none'}`,
          `サービス ${sk} のセレクター ${selector} に一致する準備完了の Pod がありません。${svc.namespace} の Pod: ${labels.join('; ') || 'なし'}`,
        ),
        fix: msg(
          `Make the selector ${selector} match the labels of running, ready pods (oc get pods -n ${svc.namespace} --show-labels), or start such pods.`,
          `セレクター ${selector} を実行中で準備完了の Pod のラベルに合わせるか (oc get pods -n ${svc.namespace} --show-labels)、そのような Pod を起動してください。`,
        ),
        evidence: [`endpoints ${sk}: <none>`, ...labels],
      });
      return;
    }
    s.pass(msg(count(st.targets.length, 'endpoint'), `エンドポイント ${st.targets.length} 件`));
  });

  // The nodes the walk needs: the router's, and every endpoint's (39.5 → 39.6/39.7).
  st.nodes = [
    ...new Set(
      [st.routerNode, st.entryNode, ...st.targets.map((t) => t.node)].filter((n): n is string => !!n),
    ),
  ].sort();
  const collecting = ctx.collectNodes(st.nodes);
  // Probes of later steps start now and run side by side; each step awaits its own (39.5-39.9).
  const scheme = routeBackendScheme(st.route);
  const svcUrl =
    st.service?.clusterIP && st.servicePort
      ? `${scheme}://${st.service.clusterIP}:${st.servicePort.port}${st.path}`
      : undefined;
  const svcProbes = svcUrl
    ? Promise.all(
        st.nodes.map(
          async (n) =>
            [n, await curlFrom(ctx.shell, { kind: 'node', node: n }, svcUrl, ctx.timeoutMs)] as const,
        ),
      )
    : undefined;
  const epProbes = Promise.all(
    st.nodes
      .flatMap((from) => st.targets.map((t) => ({ from, t })))
      .map(async ({ from, t }) => ({
        from,
        t,
        r: await curlFrom(
          ctx.shell,
          { kind: 'node', node: from },
          `${scheme}://${t.ip}:${t.port}${st.path}`,
          ctx.timeoutMs,
        ),
      })),
  );
  startNodeProbes(ctx, st);
  startEgressProbes(ctx, st);

  const svc = st.service;
  const sport = st.servicePort;
  if (!svc?.clusterIP || !sport || svc.clusterIP === 'None') {
    const why = msg('no service IP to probe', '確認するサービス IP がありません');
    rec.skip('service.ip', '5', T.ip, why);
  } else {
    await rec.run('service.ip', '5', T.ip, async (s) => {
      const results = (await svcProbes) ?? [];
      let bad = 0;
      let unknown = 0;
      for (const [n, r] of results) {
        ctx.keep(r.artifact);
        s.ran(r.ran);
        s.evidence(mapText(r.excerpt, (x) => `${n}: ${x}`));
        if (r.unavailable) unknown++;
        else if (!answered(r)) {
          bad++;
          st.failedService.push({ node: n, connect: r.connect, excerpt: r.excerpt });
        }
      }
      if (bad > 0)
        s.fail(
          msg(
            `service IP ${svc.clusterIP}:${sport.port} fails from ${st.failedService.map((f) => f.node).join(', ')}`,
            `サービス IP ${svc.clusterIP}:${sport.port} が ${st.failedService.map((f) => f.node).join(', ')} から失敗します`,
          ),
        );
      else if (unknown > 0)
        s.unknown(
          msg(
            `could not probe from ${count(unknown, 'node')}: ${results.find(([, r]) => r.unavailable)?.[1].unavailable}`,
            `${unknown} ノードから確認できませんでした: ${results.find(([, r]) => r.unavailable)?.[1].unavailable}`,
          ),
        );
      else
        s.pass(
          msg(
            `service IP answers from ${st.nodes.join(', ')}`,
            `サービス IP は ${st.nodes.join(', ')} から応答します`,
          ),
        );
    });
  }

  if (st.targets.length === 0) {
    rec.skip(
      'service.each-endpoint',
      '5',
      T.each,
      msg('no endpoint to probe', '確認するエンドポイントがありません'),
    );
  } else {
    await rec.run('service.each-endpoint', '5', T.each, async (s) => {
      // Every endpoint from every node the walk needs: a pod that fails from everywhere is the
      // pod (or its node); one that fails only from some nodes is the path between (39.6).
      const results = await epProbes;
      let unknown = 0;
      for (const { from, t, r } of results) {
        ctx.keep(r.artifact);
        s.ran(r.ran);
        s.evidence(mapText(r.excerpt, (x) => `${from} → ${t.ip}:${t.port} (${t.pod ?? '?'}): ${x}`));
        if (r.unavailable) unknown++;
        else if (answered(r)) st.answered.add(`${from}|${t.ip}`);
        else st.failedEndpoints.push({ target: t, from, connect: r.connect, excerpt: r.excerpt });
      }
      // 39.5 on networkpolicy: failures a policy explains are its verdict, not a broken endpoint
      const model = safeModel(ctx);
      const policy = model && policyDenials(model, st.failedEndpoints, st.route && objectKey(st.route));
      if (policy?.cause) s.cause(policy.cause);
      if (policy && policy.explained.length > 0 && st.failedEndpoints.length === 0) {
        s.fail(policy.cause!.summary);
      } else if (st.failedEndpoints.length > 0) {
        const failing = [
          ...new Set(st.failedEndpoints.map((f) => `${f.target.ip} (${f.target.pod ?? '?'})`)),
        ];
        const list = failing.join(', ');
        s.fail(
          msg(
            `${noun(failing.length, 'endpoint')} not answering: ${list}`,
            `応答しないエンドポイント: ${list}`,
          ),
        );
      } else if (unknown > 0)
        s.unknown(
          msg(`${count(unknown, 'probe')} could not run`, `${unknown} 件の確認を実行できませんでした`),
        );
      else
        s.pass(
          msg(
            'every endpoint answers from every node',
            'すべてのエンドポイントがすべてのノードから応答します',
          ),
        );
    });
  }
  await collecting;
}
