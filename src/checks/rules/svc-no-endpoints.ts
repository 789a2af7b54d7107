/**
 * 39.5: a service whose selector matches no ready pod has no endpoints; kube-proxy rejects its
 * traffic. Report the selector and the labels of the namespace's pods, what the admin compares.
 */
import { count, msg } from '../../i18n/message.js';
import type { Pod, Service } from '../../model/types.js';
import { defineCheck } from '../define.js';
import { summaryEvidence } from '../lib/evidence.js';
import { byKey } from '../lib/pods.js';
import { labelsText, selectorMatches } from '../../model/selector.js';
import type { CheckContext, Evidence } from '../types.js';
import { objectKey } from '../../model/object-key.js';

/** How many pods of the namespace to show as evidence. */
const MAX_PODS_SHOWN = 5;

export default defineCheck({
  id: 'svc-no-endpoints',
  section: '5',
  severity: 'error',
  fault: 'svc-no-endpoints',
  title: msg(
    'Every service with a selector has ready endpoints',
    'セレクターを持つすべてのサービスに準備完了のエンドポイントがある',
  ),
  requires: { cluster: ['services', 'endpoints'] },
  run(ctx) {
    const { model } = ctx;
    const endpoints = model.endpoints?.value ?? [];
    if (!model.pods) {
      ctx.unknown(
        msg(
          'pods not collected: their labels cannot be shown',
          'Pod が収集されていないため、ラベルを表示できません',
        ),
      );
    }
    for (const svc of model.services?.value ?? []) {
      // Services without a selector have hand-made endpoints; ExternalName ones have none by design.
      if (!svc.selector || !Object.keys(svc.selector).length || svc.type === 'ExternalName') continue;
      const ep = endpoints.find((e) => e.namespace === svc.namespace && e.name === svc.name);
      const ready = ep?.subsets.reduce((n, s) => n + s.addresses.length, 0) ?? 0;
      if (ready > 0) continue;
      const notReady = ep?.subsets.reduce((n, s) => n + s.notReadyAddresses.length, 0) ?? 0;
      reportService(
        ctx,
        svc,
        notReady,
        model.pods?.value,
        model.pods?.artifact ?? '',
        model.endpoints?.artifact ?? '',
      );
    }
  },
});

function reportService(
  ctx: CheckContext,
  svc: Service,
  notReady: number,
  pods: readonly Pod[] | undefined,
  podsArtifact: string,
  endpointsArtifact: string,
): void {
  const selector = labelsText(svc.selector ?? {});
  const inNs = (pods ?? []).filter((p) => p.namespace === svc.namespace).sort(byKey);
  const matching = inNs.filter((p) => selectorMatches(svc.selector ?? {}, p.labels));
  const evidence: Evidence[] = [
    summaryEvidence(
      endpointsArtifact,
      notReady
        ? msg(
            `endpoints ${objectKey(svc)}: <none> (${notReady} not ready)`,
            `endpoints ${objectKey(svc)}: <none>（準備未完了 ${notReady} 件）`,
          )
        : `endpoints ${objectKey(svc)}: <none>`,
    ),
  ];
  for (const p of (matching.length ? matching : inNs).slice(0, MAX_PODS_SHOWN)) {
    evidence.push(
      summaryEvidence(
        podsArtifact,
        `pod ${objectKey(p)}: labels ${labelsText(p.labels)}; phase ${p.phase ?? '?'}; ready ${p.ready}`,
      ),
    );
  }
  const why = matching.length
    ? msg(
        `${count(matching.length, 'pod')} match the selector but none is ready.`,
        `セレクターに一致する Pod は ${matching.length} 個ありますが、準備完了のものがありません。`,
      )
    : pods
      ? msg(
          `No pod in namespace ${svc.namespace} has these labels (${count(inNs.length, 'pod')} there).`,
          `namespace ${svc.namespace} にこのラベルを持つ Pod がありません（同 namespace の Pod は ${inNs.length} 個）。`,
        )
      : msg('', '');
  ctx.report({
    service: objectKey(svc),
    message: msg(
      `Service ${objectKey(svc)} has no ready endpoints (selector ${selector}). ${why.en}`.trim(),
      `サービス ${objectKey(svc)} に準備完了のエンドポイントがありません（セレクター ${selector}）。${why.ja}`,
    ),
    fix: msg(
      `Compare the selector with the pods' labels (oc get pods -n ${svc.namespace} --show-labels) and fix whichever is wrong; if pods match but are not ready, check their readiness probes.`,
      `セレクターと Pod のラベルを比較し（oc get pods -n ${svc.namespace} --show-labels）、誤っている方を修正してください。一致する Pod が準備完了でない場合は readiness probe を確認してください。`,
    ),
    evidence,
  });
}
