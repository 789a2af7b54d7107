/**
 * The trace view: one lane per node the packet crossed, each step with the table or chain, the
 * rule as dumped and the action; the disposition (and its cause) at the end. A service trace shows
 * every endpoint branch kube-proxy may pick, each as its own lanes.
 */
import { SUCCESS_DISPOSITIONS, stepAction, type Trace } from '../../dataplane/engine/types.js';
import { msg, render, type Lang, type Msg } from '../../i18n/message.js';
import { DISPOSITION_TEXT, endpointText, stepWhere, TRACE_WORDS } from '../trace-text.js';
import { html, type SafeHtml } from './template.js';

export const TRACE_VIEW: Msg = msg('Trace', 'トレース');
const BRANCH = (i: number, n: number): Msg =>
  msg(`endpoint branch ${i} of ${n}`, `エンドポイント分岐 ${i} / ${n}`);

function lanes(t: Trace, lang: Lang): SafeHtml {
  const L = (m: Msg): string => render(m, lang);
  const ok = SUCCESS_DISPOSITIONS.has(t.disposition);
  return html`<div class="lanes">
      ${t.hops.map(
        (h, i) =>
          html`<section class="lane" aria-label="${L(TRACE_WORDS.node)} ${h.node}">
            <h4>${i + 1}. ${L(TRACE_WORDS.node)} <span class="name">${h.node}</span></h4>
            <ol>
              ${h.steps.map(
                (s) =>
                  html`<li>
                    <span class="mono">${stepWhere(s, lang)}</span>
                    ${s.rule ? html`<pre>${s.rule}</pre>` : ''}
                    <div>→ ${stepAction(s, lang)}</div>
                  </li>`,
              )}
            </ol>
          </section>`,
      )}
    </div>
    <p class="disp ${ok ? 'st-reachable' : 'st-broken'}">
      ${L(TRACE_WORDS.result)}: ${ok ? '✔' : '✖'}
      ${L(DISPOSITION_TEXT[t.disposition])}${t.deliveredTo ? `: ${endpointText(t.deliveredTo, lang)}` : ''}
    </p>
    ${t.cause
      ? html`<p>
          <strong>${L(TRACE_WORDS.cause)}:</strong> ${L(t.cause.message)}${t.cause.rule
            ? html`<pre>${t.cause.rule}</pre>`
            : ''}
        </p>`
      : ''}`;
}

/** One trace with its title; `id` makes it the target of `#id` links (hidden until opened). */
export function traceView(t: Trace, title: string, lang: Lang, id?: string): SafeHtml {
  const branches = t.alternatives?.length ? [t, ...t.alternatives] : [t];
  const body =
    branches.length === 1
      ? lanes(t, lang)
      : branches.map(
          (b, i) =>
            html`<section class="branch">
              <h4>${render(BRANCH(i + 1, branches.length), lang)}</h4>
              ${lanes(b, lang)}
            </section>`,
        );
  return html`<article
    class="${id ? 'trace' : 'trace open'}"
    ${id ? html`id="${id}"` : ''}
    aria-label="${title}"
  >
    <h3>${render(TRACE_VIEW, lang)}: <span class="name">${title}</span></h3>
    ${body}
  </article>`;
}
