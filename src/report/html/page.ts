/**
 * The page frame of every HTML report: one self-contained document (inline CSS, SVG and one
 * script, no request to any address), a header naming the run, and the run's JSON embedded so the
 * file can be fed back to tools (`#run-json`).
 */
import { createHash } from 'node:crypto';
import { msg, render, type Lang, type Msg } from '../../i18n/message.js';
import { SCRIPT, STYLE } from './assets.js';
import { html, jsonScriptText, trusted, type SafeHtml } from './template.js';

/** What the header says about the run. */
export interface RunHeader {
  /** `analyze`, `diagnose`, `trace`, `matrix`. */
  readonly command: string;
  /** The bundle path, `lab:NAME`, the cluster, or the URL diagnosed. */
  readonly source: string;
  /** ISO time of the run. */
  readonly generatedAt: string;
  /** sdn-doctor's version. */
  readonly version: string;
  readonly schemaVersion: number;
}

export interface PageInput {
  readonly lang: Lang;
  readonly title: string;
  readonly header: RunHeader;
  /** In-page links to the views (id, label). */
  readonly views: readonly { readonly id: string; readonly label: Msg }[];
  readonly body: SafeHtml;
  /** The run's JSON document (what `-o json` prints). */
  readonly json: unknown;
  /** Extra JSON blocks the script reads (id → value). */
  readonly data?: Readonly<Record<string, unknown>>;
}

const LABEL = {
  source: msg('source', '対象'),
  time: msg('time', '日時'),
  version: msg('sdn-doctor', 'sdn-doctor'),
  schema: msg('JSON schema', 'JSON スキーマ'),
  skip: msg('Skip to the report', 'レポートへ移動'),
  views: msg('Views', 'ビュー'),
} as const;

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64');
}

/**
 * No network at all (`default-src 'none'`), only our stylesheet and script by hash: inline event
 * handlers, `javascript:` URLs and injected elements cannot run.
 */
export function contentSecurityPolicy(): string {
  return [
    "default-src 'none'",
    `style-src 'sha256-${sha256(STYLE)}'`,
    `script-src 'sha256-${sha256(SCRIPT)}'`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * `<style>` / `<script>` built as one string: the CSP hash covers exactly the text between the
 * tags, so no formatter may add whitespace inside them.
 */
function element(tag: 'style' | 'script', body: string): SafeHtml {
  return trusted(`<${tag}>${body}</${tag}>`);
}

/** A data block the script reads; never executed (type application/json). */
function jsonBlock(id: string, value: unknown): SafeHtml {
  return trusted(`<script type="application/json" id="${id}">${jsonScriptText(value).html}</script>`);
}

export function renderPage(p: PageInput): string {
  const t = (m: Msg): string => render(m, p.lang);
  const h = p.header;
  const doc = html`<!DOCTYPE html>
    <html lang="${p.lang}">
      <head>
        <meta charset="utf-8" />
        <meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy()}" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="generator" content="sdn-doctor ${h.version}" />
        <title>${p.title}</title>
        ${element('style', STYLE)}
      </head>
      <body>
        <a class="skip" href="#report">${t(LABEL.skip)}</a>
        <header class="top">
          <h1>${p.title}</h1>
          <dl>
            <div>
              <dt>${t(LABEL.source)}:</dt>
              <dd class="name">${h.source}</dd>
            </div>
            <div>
              <dt>${t(LABEL.time)}:</dt>
              <dd><time datetime="${h.generatedAt}">${h.generatedAt}</time></dd>
            </div>
            <div>
              <dt>${t(LABEL.version)}:</dt>
              <dd>${h.version}</dd>
            </div>
            <div>
              <dt>${t(LABEL.schema)}:</dt>
              <dd>${h.schemaVersion}</dd>
            </div>
          </dl>
          ${p.views.length > 1
            ? html`<nav class="views" aria-label="${t(LABEL.views)}">
                ${p.views.map((v) => html`<a href="#${v.id}">${t(v.label)}</a>`)}
              </nav>`
            : ''}
        </header>
        <main id="report">${p.body}</main>
        ${jsonBlock('run-json', p.json)} ${Object.entries(p.data ?? {}).map(([id, v]) => jsonBlock(id, v))}
        ${element('script', SCRIPT)}
      </body>
    </html> `;
  return doc.html;
}
