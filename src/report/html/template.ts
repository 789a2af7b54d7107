/**
 * The HTML report's template layer: everything interpolated into {@link html} is escaped unless it
 * is already {@link SafeHtml} built by this layer. Names, labels, route hosts, log lines and command
 * outputs come from the cluster: they are text, never markup. Control characters (ANSI escapes
 * included) are shown as visible `\xNN` text so a hostile log line cannot hide or recolour anything
 * (src/report/sanitize.ts, the sanitiser every renderer shares).
 */

import { terminalSafe } from '../sanitize.js';

const SAFE: unique symbol = Symbol('safe-html');

/** Markup this module built (escaped values, or a constant of ours passed through {@link trusted}). */
export interface SafeHtml {
  readonly [SAFE]: true;
  readonly html: string;
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function safe(text: string): SafeHtml {
  return { [SAFE]: true, html: text };
}

function isSafe(v: unknown): v is SafeHtml {
  return typeof v === 'object' && v !== null && (v as Partial<SafeHtml>)[SAFE] === true;
}

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/**
 * Text → HTML text or attribute value (quotes escaped too). Control characters, bidi overrides and
 * the like go through the renderers' one sanitiser line by line (newlines stay: excerpts and
 * command outputs are shown in `<pre>`).
 */
export function escapeText(text: string): string {
  return text
    .split('\n')
    .map(terminalSafe)
    .join('\n')
    .replace(/[&<>"'`]/g, (c) => ENTITIES[c]!);
}

function piece(v: HtmlValue): string {
  if (v === null || v === undefined || v === false) return '';
  if (isSafe(v)) return v.html;
  if (Array.isArray(v)) return v.map(piece).join('');
  return escapeText(String(v));
}

/** Tagged template: the literal parts are ours, every `${value}` is escaped (arrays joined). */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += piece(v) + (strings[i + 1] ?? '');
  });
  return safe(out);
}

/** Markup written in this code base (the stylesheet, the script, SVG path data we computed). */
export function trusted(markup: string): SafeHtml {
  return safe(markup);
}

/** An SVG arrow head for `marker-end="url(#id)"` (the path and topology views draw edges with them). */
export function arrowMarker(id: string, fill: string): SafeHtml {
  return html`<marker
    id="${id}"
    viewBox="0 0 10 10"
    refX="9"
    refY="5"
    markerWidth="7"
    markerHeight="7"
    orient="auto"
  >
    <path d="M0,0 L10,5 L0,10 z" fill="${fill}" />
  </marker>`;
}

/** Joins fragments. */
export function join(parts: readonly HtmlValue[], separator = ''): SafeHtml {
  return safe(parts.map(piece).join(separator));
}

/**
 * JSON for a `<script type="application/json">` block: `<`, `>`, `&` and the line separators are
 * \u-escaped so no value can close the element or open a comment.
 */
export function jsonScriptText(value: unknown): SafeHtml {
  return safe(
    JSON.stringify(value)
      .replace(/</g, '\\u003c')
      .replace(/>/g, '\\u003e')
      .replace(/&/g, '\\u0026')
      .replace(/\u2028/g, '\\u2028')
      .replace(/\u2029/g, '\\u2029'),
  );
}
