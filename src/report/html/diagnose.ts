/**
 * The path view of `diagnose`: the guide's "External Access to a Pod" path (client → DNS → router
 * host → router → route → service → endpoint → node → br0 → pod) as a diagram, each hop coloured by
 * the verdict of its steps and marked with a glyph (colour is never the only cue), the root causes
 * on the hop whose step concluded them, and each hop a link to its steps: the commands run and
 * where, the evidence, the verdict, and for its causes the fix and the guide section.
 */
import type { Cause, DiagnoseResult, StepId, StepResult, StepStatus } from '../../diagnose/types.js';
import { count, msg, render, type Lang, type Msg, type Text } from '../../i18n/message.js';
import { guideRef } from '../layers.js';
import { FAILOVER_STEP_IDS } from '../../diagnose/steps-failover.js';
import { arrowMarker, html, type SafeHtml } from './template.js';

export const PATH_VIEW: Msg = msg('Path', '経路');

interface Hop {
  readonly key: string;
  readonly label: Msg;
  readonly steps: readonly StepId[];
  /** Drawn only when one of its steps ran (the source hop: `--from` only; the VIP hop: URLs on an IP failover VIP only). */
  readonly optional?: true;
}

/** The guide's path (39.3 "External Access to a Pod"), with the steps that test each hop. */
export const HOPS: readonly Hop[] = [
  { key: 'dns', label: msg('client → DNS', 'クライアント → DNS'), steps: ['external.dns'] },
  // issue 15: `diagnose --from` starts inside the cluster, at a pod or a node
  {
    key: 'source',
    optional: true,
    label: msg('source (pod or node)', '出発点 (Pod またはノード)'),
    steps: [
      'source',
      'service.from-source',
      'pod.from-source',
      'pod.from-nodes',
      'egress.from-source',
      'egress.from-node',
    ],
  },
  {
    key: 'vip',
    optional: true,
    label: msg('virtual IP (keepalived)', '仮想 IP (keepalived)'),
    steps: FAILOVER_STEP_IDS,
  },
  {
    key: 'router-host',
    label: msg('router host', 'ルーターホスト'),
    steps: ['external.router-host', 'external.reach', 'external.connect'],
  },
  // 39.13.1: a nodePort / external IP URL enters here instead of through the router
  {
    key: 'ingress',
    label: msg('service entry (nodePort, external IP)', 'サービスの入口 (nodePort、外部 IP)'),
    steps: ['ingress.service', 'ingress.connect', 'ingress.nat'],
  },
  { key: 'router', label: msg('router', 'ルーター'), steps: ['router.endpoints'] },
  { key: 'route', label: msg('route', 'ルート'), steps: ['router.route'] },
  {
    key: 'service',
    label: msg('service', 'サービス'),
    steps: ['service.endpoints', 'service.ip', 'kube-proxy'],
  },
  { key: 'endpoint', label: msg('endpoint', 'エンドポイント'), steps: ['service.each-endpoint'] },
  {
    key: 'node',
    label: msg('node', 'ノード'),
    steps: ['nodes.hostsubnets', 'nodes.connectivity', 'local.ip-forward', 'local.routes', 'mtu', 'logs'],
  },
  { key: 'br0', label: msg('br0', 'br0'), steps: ['local.ovs', 'local.iptables'] },
  { key: 'pod', label: msg('pod', 'Pod'), steps: ['egress-dns'] },
];

const STATUS: Readonly<Record<StepStatus, { glyph: string; text: Msg }>> = {
  pass: { glyph: '✔', text: msg('pass', '正常') },
  fail: { glyph: '✖', text: msg('fail', '異常') },
  unknown: { glyph: '?', text: msg('unknown', '判定不能') },
  skipped: { glyph: '–', text: msg('not run', '未実施') },
};

const D = {
  causes: (n: number) => msg(count(n, 'root cause'), `根本原因 ${n} 件`),
  verdict: msg('Verdict', '判定'),
  healthy: msg('healthy: every layer checked works', '正常: 確認したすべての層で正常です'),
  unchecked: msg('Could not be checked', '確認できなかった項目'),
  ran: msg('ran', '実行'),
  evidence: msg('evidence', '根拠'),
  fix: msg('fix', '対処'),
  guide: msg('guide', 'ガイド'),
  steps: msg('Steps of this hop', 'この区間のステップ'),
  noSteps: msg('no step of the walk tested this hop', 'この区間を確認したステップはありません'),
  legend: msg('Hop colours', '区間の色'),
} as const;

function hopStatus(steps: readonly StepResult[]): StepStatus {
  if (steps.some((s) => s.status === 'fail')) return 'fail';
  if (steps.some((s) => s.status === 'unknown')) return 'unknown';
  if (steps.some((s) => s.status === 'pass')) return 'pass';
  return 'skipped';
}

function objectText(c: Cause): string {
  return [
    c.node && `node ${c.node}`,
    c.pod && `pod ${c.pod}`,
    c.service && `service ${c.service}`,
    c.route && `route ${c.route}`,
  ]
    .filter(Boolean)
    .join(', ');
}

function causeHtml(c: Cause, lang: Lang): SafeHtml {
  const t = (m: Text): string => render(m, lang);
  return html`<div class="cause">
    <div class="head">
      <strong class="mono">${c.fault}</strong><span>§${c.section}</span
      ><span class="name">${objectText(c)}</span>
    </div>
    <p>${t(c.summary)}</p>
    ${c.evidence.length
      ? html`<div>${t(D.evidence)}:</div>
          <ul class="ev">
            ${c.evidence.map((e) => html`<li><pre>${t(e)}</pre></li>`)}
          </ul>`
      : ''}
    <p class="fix"><strong>${t(D.fix)}:</strong> ${t(c.fix)}</p>
    <p class="muted">${t(D.guide)}: ${guideRef(c.section)}</p>
  </div>`;
}

function stepHtml(s: StepResult, lang: Lang): SafeHtml {
  const t = (m: Text): string => render(m, lang);
  const st = STATUS[s.status];
  return html`<details class="step" ${s.status === 'fail' ? html`open` : ''}>
    <summary>
      <span class="st-${s.status}">${st.glyph} ${t(st.text)}</span> §${s.section} ${t(s.title)} —
      ${t(s.verdict)} <span class="muted">(${s.durationMs} ms)</span>
    </summary>
    ${s.ran.length
      ? html`<div>${t(D.ran)}:</div>
          <ul class="ev">
            ${s.ran.map((x) => html`<li><pre>[${x.where}] $ ${x.argv.join(' ')}</pre></li>`)}
          </ul>`
      : ''}
    ${s.evidence.length
      ? html`<div>${t(D.evidence)}:</div>
          <ul class="ev">
            ${s.evidence.map((e) => html`<li><pre>${t(e)}</pre></li>`)}
          </ul>`
      : ''}
    <p class="muted">${t(D.guide)}: ${guideRef(s.section)}</p>
  </details>`;
}

const BOX_W = 110;
const BOX_H = 54;
const GAP = 22;

export function pathView(r: DiagnoseResult, lang: Lang): SafeHtml {
  const t = (m: Msg): string => render(m, lang);
  const hops = HOPS.map((h) => {
    const steps = r.steps.filter((s) => h.steps.includes(s.id));
    const causes = r.verdict.causes.filter((c) => h.steps.includes(c.step));
    return { ...h, steps, causes, status: hopStatus(steps) };
  }).filter((h) => !h.optional || h.steps.length > 0);
  const width = hops.length * (BOX_W + GAP);
  const height = BOX_H + 40;
  const boxes = hops.map((h, i) => {
    const x = 4 + i * (BOX_W + GAP);
    const st = STATUS[h.status];
    const title = `${t(h.label)}: ${st.glyph} ${t(st.text)}${h.causes.length ? ` — ${t(D.causes(h.causes.length))}` : ''}`;
    return html`${i > 0
        ? html`<line
            class="${h.status === 'fail' ? 'edge-bad' : 'edge-ok'}"
            x1="${x - GAP}"
            y1="${4 + BOX_H / 2}"
            x2="${x - 4}"
            y2="${4 + BOX_H / 2}"
            marker-end="url(#arrow)"
          />`
        : ''}
      <a href="#hop-${h.key}" data-hop="${h.key}" data-status="${h.status}">
        <title>${title}</title>
        <rect
          class="hop-${h.status}"
          x="${x}"
          y="4"
          width="${BOX_W}"
          height="${BOX_H}"
          rx="6"
          stroke-width="2"
        />
        <text x="${x + BOX_W / 2}" y="24" text-anchor="middle">${t(h.label)}</text>
        <text x="${x + BOX_W / 2}" y="44" text-anchor="middle">${st.glyph} ${t(st.text)}</text>
        ${h.causes.length
          ? html`<text class="st-fail" x="${x + BOX_W / 2}" y="${BOX_H + 24}" text-anchor="middle">
              ✖ ${t(D.causes(h.causes.length))}
            </text>`
          : ''}
      </a>`;
  });
  const v = r.verdict;
  return html`<section id="path" aria-labelledby="path-h">
    <h2 id="path-h">${t(PATH_VIEW)}: <span class="name">${r.url}</span></h2>
    <div class="path grid" tabindex="0">
      <svg
        role="group"
        aria-label="${t(PATH_VIEW)}"
        width="${width}"
        height="${height}"
        viewBox="0 0 ${width} ${height}"
      >
        <title>${t(PATH_VIEW)}: ${r.url}</title>
        <defs>${arrowMarker('arrow', '#57606a')}</defs>
        ${boxes}
      </svg>
    </div>
    <p class="legend">
      <strong>${t(D.legend)}:</strong>
      ${(['pass', 'fail', 'unknown', 'skipped'] as const).map(
        (s) => html`<span class="st-${s}">${STATUS[s].glyph} ${t(STATUS[s].text)}</span>`,
      )}
    </p>
    <h3>${t(D.verdict)}</h3>
    ${v.causes.length
      ? v.causes.map((c) => causeHtml(c, lang))
      : v.unchecked.length
        ? ''
        : html`<p class="st-pass">✔ ${t(D.healthy)}</p>`}
    ${v.unchecked.length
      ? html`<h3>${t(D.unchecked)}</h3>
          <ul>
            ${v.unchecked.map((u) => html`<li><span class="mono">${u.step}</span>: ${t(u.reason)}</li>`)}
          </ul>`
      : ''}
    ${hops.map(
      (h) =>
        html`<section class="hop" id="hop-${h.key}" data-status="${h.status}">
          <h3>
            <span class="st-${h.status}">${STATUS[h.status].glyph}</span> ${t(h.label)}
            <span class="muted">— ${t(STATUS[h.status].text)}</span>
          </h3>
          ${h.causes.map((c) => causeHtml(c, lang))}
          ${h.steps.length
            ? h.steps.map((s) => stepHtml(s, lang))
            : html`<p class="muted">${t(D.noSteps)}</p>`}
        </section>`,
    )}
  </section>`;
}
