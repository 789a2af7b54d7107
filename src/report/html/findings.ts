/**
 * The findings view of `analyze`: grouped by layer in the guide's order (§3 → §11), each with
 * severity, object, message, evidence (artifact, line, excerpt), fix and guide section; filters by
 * severity and node (the page script); then what could not be checked and the input warnings.
 * Same texts as the terminal report.
 */
import type { AnalysisResult } from '../../checks/analyze.js';
import type { Finding } from '../../checks/types.js';
import { msg, render, type Lang, type Msg, type Text } from '../../i18n/message.js';
import { findingsByLayer, guideRef } from '../layers.js';
import { nothingChecked, OBJECT, SEVERITY_LABEL, TEXT } from '../terminal.js';
import { countSeverities, SEVERITIES } from '../text-util.js';
import { html, type SafeHtml } from './template.js';

export const FINDINGS_VIEW: Msg = msg('Findings', '検出事項');

const F = {
  filters: msg('Filters', '絞り込み'),
  severity: msg('Severity at least', '重大度（以上）'),
  node: msg('Node', 'ノード'),
  allNodes: msg('all nodes', 'すべてのノード'),
  shown: msg('shown', '件を表示'),
  checks: msg('Checks', 'チェック'),
  status: { pass: msg('pass', '合格'), fail: msg('fail', '不合格'), unknown: msg('unknown', '判定不能') },
} as const;

function findingHtml(f: Finding, lang: Lang): SafeHtml {
  const t = (m: Text): string => render(m, lang);
  const objects = [
    f.node && `${t(OBJECT.node)} ${f.node}`,
    f.pod && `${t(OBJECT.pod)} ${f.pod}`,
    f.service && `${t(OBJECT.service)} ${f.service}`,
    f.route && `${t(OBJECT.route)} ${f.route}`,
  ].filter((x): x is string => !!x);
  return html`<article
    class="finding sev-${f.severity}"
    data-severity="${f.severity}"
    data-node="${f.node ?? ''}"
  >
    <div class="head">
      <span class="badge sev-${f.severity}">${t(SEVERITY_LABEL[f.severity])}</span>
      <strong class="mono">${f.fault ?? f.check}</strong><span class="name">${objects.join(', ')}</span>
    </div>
    <p class="msg">${t(f.message)}</p>
    ${f.evidence.length
      ? html`<div>${t(TEXT.evidence)}:</div>
          <ul class="ev">
            ${f.evidence.map(
              (e) =>
                html`<li>
                  <span class="mono muted">${e.artifact}${e.line !== undefined ? `:${e.line}` : ''}</span>
                  <pre>${t(e.excerpt)}</pre>
                </li>`,
            )}
          </ul>`
      : ''}
    <p class="fix"><strong>${t(TEXT.fix)}:</strong> ${t(f.fix)}</p>
    <p class="muted">${t(TEXT.guide)}: ${guideRef(f.section)} · <span class="mono">${f.check}</span></p>
  </article>`;
}

export function findingsView(result: AnalysisResult, lang: Lang): SafeHtml {
  const t = (m: Msg): string => render(m, lang);
  const c = countSeverities(result.findings);
  const nodes = [...new Set(result.findings.flatMap((f) => (f.node ? [f.node] : [])))].sort();
  const count = (v: 'pass' | 'fail' | 'unknown'): number =>
    result.statuses.filter((s) => s.status === v).length;
  const unknown = result.statuses.filter((s) => s.unknown.length > 0);
  const groups = [...findingsByLayer(result.findings)];
  return html`<section id="findings" aria-labelledby="findings-h">
    <h2 id="findings-h">${t(FINDINGS_VIEW)}</h2>
    <p>${t(TEXT.header(result.nodes.length, result.statuses.length))}</p>
    <p class="summary">
      ${t(
        TEXT.summary(
          c.error,
          c.warning,
          c.info,
          count('pass'),
          count('fail'),
          count('unknown'),
          result.warnings.length,
        ),
      )}
    </p>
    <form class="filters" aria-label="${t(F.filters)}">
      <label
        >${t(F.severity)}
        <select id="f-sev">
          ${SEVERITIES.slice()
            .reverse()
            .map(
              (s) =>
                html`<option value="${s}" ${s === 'info' ? html` selected` : ''}>
                  ${t(SEVERITY_LABEL[s])}
                </option>`,
            )}
        </select></label
      >
      <label
        >${t(F.node)}
        <select id="f-node">
          <option value="">${t(F.allNodes)}</option>
          ${nodes.map((n) => html`<option value="${n}">${n}</option>`)}
        </select></label
      >
      <span><output id="f-count">${result.findings.length}</output> ${t(F.shown)}</span>
    </form>
    ${result.findings.length
      ? ''
      : nothingChecked(result)
        ? html`<p class="st-unknown">${t(TEXT.nothingChecked)}</p>`
        : html`<p class="st-pass">${t(TEXT.noFindings)}</p>`}
    ${groups.map(
      ([key, g]) =>
        html`<section class="layer" data-layer="${key}">
          <h3>${t(g.title)} (§${key})</h3>
          ${g.findings.map((f) => findingHtml(f, lang))}
        </section>`,
    )}
    ${unknown.length
      ? html`<h3>${t(TEXT.unknownTitle)}</h3>
          <ul>
            ${unknown.flatMap((s) =>
              s.unknown.map(
                (u) =>
                  html`<li>
                    <span class="mono">${s.check}</span>${u.node ? ` [${u.node}]` : ''}: ${t(u.reason)}
                  </li>`,
              ),
            )}
          </ul>`
      : ''}
    ${result.warnings.length
      ? html`<h3>${t(TEXT.warningsTitle(result.warnings.length))}</h3>
          <ul>
            ${result.warnings.map(
              (w) =>
                html`<li>
                  <span class="mono"
                    >${w.source}${w.line !== undefined && w.line > 0 ? `:${w.line}` : ''}</span
                  >${w.node ? ` [${w.node}]` : ''}:
                  ${t(w.message)}${w.excerpt ? html` — <code>${w.excerpt}</code>` : ''}
                </li>`,
            )}
          </ul>`
      : ''}
    <details>
      <summary>${t(F.checks)} (${result.statuses.length})</summary>
      <table>
        <tbody>
          ${result.statuses.map(
            (s) =>
              html`<tr>
                <td class="mono">${s.check}</td>
                <td>§${s.section}</td>
                <td>${t(s.title)}</td>
                <td class="st-${s.status}">${t(F.status[s.status])}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </details>
  </section>`;
}
