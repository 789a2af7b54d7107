/**
 * The matrix view: heatmaps (pod × pod grouped by node and namespace, pod → service, node → pod,
 * node × node) where reachable, broken, isolated-as-intended and unknown differ in colour AND in
 * pattern (colour-blind safe), a legend, each cell a link to its pair's trace, and the broken
 * groups by cause beside them. Past {@link POD_GRID_MAX} pods only the node × node grid is drawn;
 * past {@link NODE_SVG_MAX} nodes it is a canvas the page script paints from one byte per cell.
 */
import type { BrokenGroup, MatrixPair, MatrixResult, PairTrace } from '../../dataplane/index.js';
import { count, msg, render, type Lang, type Msg } from '../../i18n/message.js';
import { CELL_STATE_TEXT, CELL_STATES, groupState, nodeCellState, type CellState } from '../matrix-cells.js';
import { html, join, trusted, type SafeHtml } from './template.js';
import { traceView } from './trace.js';

export const MATRIX_VIEW: Msg = msg('Reachability matrix', '到達性マトリクス');
/** Pods past which the per-pod grids give way to the node × node one. */
export const POD_GRID_MAX = 120;
/** Nodes past which the node × node grid is a canvas instead of SVG cells. */
export const NODE_SVG_MAX = 120;

const STATES = CELL_STATES;

const W = {
  state: CELL_STATE_TEXT,
  pattern: {
    reachable: msg('solid', '塗りつぶし'),
    broken: msg('diagonal stripes', '斜線'),
    isolated: msg('horizontal stripes', '横線'),
    unknown: msg('dots', '点'),
  } satisfies Record<CellState, Msg>,
  legend: msg('Legend', '凡例'),
  podPod: msg('pod → pod (grouped by node and namespace)', 'Pod → Pod（ノード・Namespace 別）'),
  podSvc: msg('pod → service', 'Pod → サービス'),
  nodePod: msg('node → pod', 'ノード → Pod'),
  nodeNode: msg(
    'node × node (pod → pod pairs per node pair)',
    'ノード × ノード（ノード組ごとの Pod → Pod ペア）',
  ),
  groups: msg('Broken pairs, by cause', '到達できないペア（原因別）'),
  noBroken: msg('No broken pairs.', '到達できないペアはありません。'),
  pairs: (n: number) => msg(count(n, 'pair'), `${n} ペア`),
  counts: msg('Counts', '件数'),
  kind: msg('kind', '種別'),
  reachableOf: msg('reachable / pairs', '到達可能 / ペア'),
  aggregated: (pods: number) =>
    msg(
      `${pods} pods: the per-pod grids are aggregated to node × node.`,
      `Pod ${pods} 個: Pod 単位のグリッドはノード × ノードに集約しています。`,
    ),
  truncated: msg(
    'Only part of the pairs is listed (--max-pairs): the per-pod grids are aggregated to node × node.',
    'ペアの一部のみ列挙されています（--max-pairs）: Pod 単位のグリッドはノード × ノードに集約しています。',
  ),
  clickCell: msg(
    'Click a cell to open its trace; the list beside names every cause.',
    'セルをクリックするとトレースを表示します。横の一覧に原因をすべて示します。',
  ),
  openTrace: msg('open trace', 'トレースを表示'),
  traces: msg('Traces of the pairs', 'ペアのトレース'),
  canvasNote: msg(
    'Each block is one node pair (row: from, column: to); the strips left and above mark rows and columns where a tenth or more of the cells are not reachable. Click a block for its counts; the groups beside list every cause.',
    '各ブロックが 1 組のノードです（行: 送信元、列: 宛先）。左と上の帯は、1 割以上のセルが到達できない行・列を示します。クリックで件数を表示します。横の一覧に原因をすべて示します。',
  ),
} as const;

export interface MatrixHtmlInput {
  readonly result: MatrixResult;
  /** `pod/NS/NAME` → the node it runs on, for every pod the matrix counts (pod network, with an IP). */
  readonly podNodes: ReadonlyMap<string, string>;
  /** Traces the cells open (a pair's own, or a representative of a node × node cell). */
  readonly traces: readonly PairTrace[];
}

/** Patterns: every state differs in colour and in pattern. */
function patternDefs(): SafeHtml {
  return trusted(`<svg width="0" height="0" aria-hidden="true" focusable="false" class="defs"><defs>
<pattern id="pat-reachable" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#2da44e"/></pattern>
<pattern id="pat-broken" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#cf222e"/><rect width="2" height="6" fill="#ffd8d3"/></pattern>
<pattern id="pat-isolated" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#8c959f"/><rect width="6" height="2" fill="#eaeef2"/></pattern>
<pattern id="pat-unknown" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#d4a72c"/><circle cx="3" cy="3" r="1.4" fill="#1f2328"/></pattern>
</defs></svg>`);
}

function legend(lang: Lang): SafeHtml {
  const t = (m: Msg): string => render(m, lang);
  return html`<div class="legend" role="list" aria-label="${t(W.legend)}">
    <strong>${t(W.legend)}:</strong>
    ${STATES.map(
      (s) =>
        html`<span role="listitem"
          ><svg width="18" height="18" aria-hidden="true"><rect class="c-${s}" width="18" height="18" /></svg>
          ${t(W.state[s])} (${t(W.pattern[s])})</span
        >`,
    )}
  </div>`;
}

interface Axis {
  readonly labels: readonly string[];
  /** Band name per label (node, or node/namespace), drawn as a header when it changes. */
  readonly band: (label: string) => string;
  /** Heading of a group of rows (the node), written above its first row when it changes. */
  readonly heading?: (label: string) => string;
}

interface Cell {
  readonly state: CellState | 'none';
  readonly title: string;
  readonly trace?: number;
  readonly from: string;
  readonly to: string;
}

const CELL = 18;
/** Canvas margin showing each row's and column's worst cell. */
const STRIP = 10;
/** Height of a row-group heading. */
const HEADING = 16;

/** An SVG grid: rows × columns, band headers, each cell a link to its trace when it has one. */
function gridSvg(title: string, rows: Axis, cols: Axis, cell: (r: string, c: string) => Cell): SafeHtml {
  // 11px text is about 6.6px a character; column labels are rotated -60°: they rise 0.87 and
  // run right 0.5 of their length
  const chars = (ls: readonly string[]): number => 6.6 * Math.max(6, ...ls.map((l) => l.length));
  const labelW = Math.min(360, 8 + chars(rows.labels));
  const colPx = Math.min(360, chars(cols.labels));
  const headH = 14 + 0.87 * colPx;
  const width = Math.ceil(labelW + cols.labels.length * CELL + 0.5 * colPx + 10);
  const parts: SafeHtml[] = [];
  // rows start lower by one heading line each time their heading (node) changes
  const rowY: number[] = [];
  const headings: { y: number; text: string }[] = [];
  let y0 = headH;
  rows.labels.forEach((r, i) => {
    const h = rows.heading?.(r);
    if (h !== undefined && (i === 0 || h !== rows.heading!(rows.labels[i - 1]!))) {
      headings.push({ y: y0 + HEADING - 4, text: h });
      y0 += HEADING;
    }
    rowY.push(y0);
    y0 += CELL;
  });
  const height = Math.ceil(y0 + 10);
  for (const h of headings) parts.push(html`<text x="4" y="${h.y}" font-weight="600">${h.text}</text>`);
  rows.labels.forEach((r, i) => {
    const y = rowY[i]!;
    if (i === 0 || rows.band(r) !== rows.band(rows.labels[i - 1]!))
      parts.push(html`<line x1="0" x2="${width}" y1="${y}" y2="${y}" stroke="#57606a" />`);
    parts.push(html`<text x="${labelW - 4}" y="${y + CELL - 5}" text-anchor="end">${r}</text>`);
    cols.labels.forEach((c, j) => {
      const x = labelW + j * CELL;
      const v = cell(r, c);
      const rect = html`<rect
        class="c-${v.state}"
        x="${x}"
        y="${y}"
        width="${CELL - 1}"
        height="${CELL - 1}"
        data-from="${v.from}"
        data-to="${v.to}"
        data-state="${v.state}"
        ><title>${v.title}</title></rect
      >`;
      parts.push(v.trace !== undefined ? html`<a href="#trace-${v.trace}">${rect}</a>` : rect);
    });
  });
  cols.labels.forEach((c, j) => {
    const x = labelW + j * CELL;
    if (j === 0 || cols.band(c) !== cols.band(cols.labels[j - 1]!))
      parts.push(html`<line x1="${x}" x2="${x}" y1="0" y2="${height}" stroke="#57606a" />`);
    parts.push(
      html`<text transform="translate(${x + CELL / 2 + 3},${headH - 4}) rotate(-60)" text-anchor="start"
        >${c}</text
      >`,
    );
  });
  return html`<svg
    role="group"
    aria-label="${title}"
    width="${width}"
    height="${height}"
    viewBox="0 0 ${width} ${height}"
  >
    <title>${title}</title>
    ${parts}
  </svg>`;
}

function podSort(podNodes: ReadonlyMap<string, string>) {
  return (a: string, b: string): number =>
    (podNodes.get(a) ?? '').localeCompare(podNodes.get(b) ?? '') || a.localeCompare(b);
}

export function matrixView(
  input: MatrixHtmlInput,
  lang: Lang,
): { readonly body: SafeHtml; readonly data?: Record<string, unknown> } {
  const t = (m: Msg): string => render(m, lang);
  const { result: r, podNodes, traces } = input;
  const groupOfCause = new Map<string, { g: BrokenGroup; i: number }>();
  r.broken.forEach((g, i) => {
    if (!groupOfCause.has(g.cause)) groupOfCause.set(g.cause, { g, i });
  });
  const pairState = (p: MatrixPair): CellState => {
    if (p.reachable) return 'reachable';
    const hit = p.cause !== undefined ? groupOfCause.get(p.cause) : undefined;
    return hit ? groupState(hit.g) : 'broken';
  };
  const traceOf = new Map(traces.map((x, i) => [`${x.from}>${x.to}`, i]));
  const pairs = new Map(r.pairs.map((p) => [`${p.from}>${p.to}`, p]));
  const causeText = (p: MatrixPair): string => {
    const hit = p.cause !== undefined ? groupOfCause.get(p.cause) : undefined;
    return hit ? render(hit.g.message, lang) : (p.cause ?? '');
  };
  const pairCell = (from: string, to: string): Cell => {
    const p = pairs.get(`${from}>${to}`);
    if (!p) return { state: 'none', title: `${from} → ${to}`, from, to };
    const state = pairState(p);
    const tr = traceOf.get(`${from}>${to}`);
    return {
      state,
      title: `${from} → ${to}: ${t(W.state[state])}${p.reachable ? '' : ` — ${causeText(p)}`}`,
      from,
      to,
      ...(tr !== undefined ? { trace: tr } : {}),
    };
  };

  const pods = [...new Set(r.pairs.flatMap((p) => [p.from, p.to]).filter((l) => l.startsWith('pod/')))].sort(
    podSort(podNodes),
  );
  const services = [...new Set(r.pairs.map((p) => p.to).filter((l) => l.startsWith('svc/')))].sort();
  const nodesFrom = [...new Set(r.pairs.map((p) => p.from).filter((l) => l.startsWith('node/')))].sort();
  const podBand = (l: string): string => `${podNodes.get(l) ?? ''}/${l.split('/')[1] ?? ''}`;
  const perPod = !r.truncated && pods.length <= POD_GRID_MAX;

  const grids: SafeHtml[] = [];
  if (perPod) {
    const podAxis: Axis = { labels: pods, band: podBand, heading: (l) => podNodes.get(l) ?? '' };
    if (pods.length)
      grids.push(
        html`<h3>${t(W.podPod)}</h3>
          <div class="grid" tabindex="0">${gridSvg(t(W.podPod), podAxis, podAxis, pairCell)}</div>`,
      );
    if (services.length)
      grids.push(
        html`<h3>${t(W.podSvc)}</h3>
          <div class="grid" tabindex="0">
            ${gridSvg(
              t(W.podSvc),
              podAxis,
              { labels: services, band: (s) => s.split('/')[1] ?? '' },
              pairCell,
            )}
          </div>`,
      );
    if (nodesFrom.length)
      grids.push(
        html`<h3>${t(W.nodePod)}</h3>
          <div class="grid" tabindex="0">
            ${gridSvg(t(W.nodePod), { labels: nodesFrom, band: (n) => n }, podAxis, pairCell)}
          </div>`,
      );
  } else {
    grids.push(html`<p class="muted">${t(r.truncated ? W.truncated : W.aggregated(pods.length))}</p>`);
  }

  let data: Record<string, unknown> | undefined;
  const g = r.nodeGrid;
  if (g && g.nodes.length) {
    const n = g.nodes.length;
    // a node × node cell opens the trace of its first pair that has one
    const cellTrace = new Map<number, number>();
    const nodeIdx = new Map(g.nodes.map((x, i) => [x, i]));
    traces.forEach((x, i) => {
      const a = nodeIdx.get(podNodes.get(x.from) ?? '');
      const b = nodeIdx.get(podNodes.get(x.to) ?? '');
      if (a === undefined || b === undefined) return;
      const k = a * n + b;
      const st = pairs.get(`${x.from}>${x.to}`);
      // prefer a broken pair's trace for a cell that has broken pairs
      if (!cellTrace.has(k) || (st && !st.reachable && g.cause[k]! >= 0)) cellTrace.set(k, i);
    });
    const stateOf = (k: number): CellState | 'none' => nodeCellState(r, k);
    const cellTitle = (k: number): string => {
      const st = stateOf(k);
      const c = r.broken[g.cause[k]!];
      return `${g.nodes[Math.floor(k / n)]} → ${g.nodes[k % n]}: ${g.reachable[k]}/${g.pairs[k]} ${t(W.state.reachable)}${
        st !== 'reachable' && st !== 'none' && c ? ` — ${t(c.message)}` : ''
      }`;
    };
    grids.push(html`<h3>${t(W.nodeNode)}</h3>`);
    if (n <= NODE_SVG_MAX) {
      const axis: Axis = { labels: g.nodes, band: (x) => x };
      grids.push(
        html`<div class="grid" tabindex="0">
          ${gridSvg(t(W.nodeNode), axis, axis, (a, b) => {
            const k = nodeIdx.get(a)! * n + nodeIdx.get(b)!;
            const tr = cellTrace.get(k);
            return {
              state: stateOf(k),
              title: cellTitle(k),
              from: `node/${a}`,
              to: `node/${b}`,
              ...(tr !== undefined ? { trace: tr } : {}),
            };
          })}
        </div>`,
      );
    } else {
      const code: Record<CellState | 'none', number> = {
        none: 0,
        reachable: 1,
        broken: 2,
        isolated: 3,
        unknown: 4,
      };
      const pods = new Array<number>(n).fill(0);
      for (const node of podNodes.values()) {
        const i = nodeIdx.get(node);
        if (i !== undefined) pods[i]!++;
      }
      const bytes = Buffer.alloc(n * n);
      const partial: Record<number, [number, number]> = {};
      for (let k = 0; k < n * n; k++) {
        bytes[k] = code[stateOf(k)];
        // the page works out a cell's counts from the pods per node; the others are listed
        const a = Math.floor(k / n);
        const b = k % n;
        const expected = pods[a]! * pods[b]! - (a === b ? pods[a]! : 0);
        const uniform = g.reachable[k] === 0 || g.reachable[k] === g.pairs[k];
        if (!uniform || g.pairs[k] !== expected) partial[k] = [g.reachable[k]!, g.pairs[k]!];
      }
      const cellPx = Math.max(1, Math.floor(1200 / n));
      data = {
        'grid-data': {
          nodes: g.nodes,
          cells: bytes.toString('base64'),
          cellPx,
          strip: STRIP,
          partial,
          pods,
          reachableText: t(W.state.reachable),
          traces: Object.fromEntries(cellTrace),
          stateText: ['', ...STATES.map((s) => t(W.state[s]))],
          traceText: t(W.openTrace),
        },
      };
      grids.push(
        html`<p class="muted">${t(W.canvasNote)}</p>
          <p id="grid-cell" aria-live="polite"></p>
          <div class="grid" tabindex="0">
            <canvas
              id="grid-canvas"
              width="${n * cellPx + STRIP}"
              height="${n * cellPx + STRIP}"
              role="img"
              aria-label="${t(W.nodeNode)}"
              >${t(W.nodeNode)}</canvas
            >
          </div>`,
      );
    }
  }

  const traceIdx = (from: string, to: string): number | undefined => traceOf.get(`${from}>${to}`);
  const groupsHtml = r.broken.length
    ? r.broken.map((b) => {
        const st = groupState(b);
        return html`<div class="group" data-state="${st}">
          <div class="head">
            <span class="badge st-${st}">${t(W.state[st])}</span><strong>${t(W.pairs(b.pairs))}</strong>
            ${b.node ? html`<span class="name">[${b.node}]</span>` : ''}
          </div>
          <p>${t(b.message)}</p>
          ${b.rule ? html`<pre>${b.rule}</pre>` : ''}
          <ul>
            ${b.examples.map((e) => {
              const i = traceIdx(e.from, e.to);
              const text = `${e.from} → ${e.to}`;
              return html`<li class="name">
                ${i !== undefined ? html`<a href="#trace-${i}">${text}</a>` : text}
              </li>`;
            })}
          </ul>
        </div>`;
      })
    : html`<p class="st-reachable">${t(W.noBroken)}</p>`;

  const kinds: readonly [keyof MatrixResult['counts']['byKind'], Msg][] = [
    ['pod-pod', W.podPod],
    ['pod-service', W.podSvc],
    ['node-pod', W.nodePod],
  ];
  const body = html`<section id="matrix" aria-labelledby="matrix-h">
    <h2 id="matrix-h">${t(MATRIX_VIEW)}</h2>
    ${patternDefs()}
    <table class="counts">
      <caption class="muted">
        ${t(W.counts)}
      </caption>
      <thead>
        <tr>
          <th>${t(W.kind)}</th>
          <th>${t(W.reachableOf)}</th>
        </tr>
      </thead>
      <tbody>
        ${kinds.map(
          ([k, label]) =>
            html`<tr>
              <td>${t(label)}</td>
              <td>${r.counts.byKind[k].reachable} / ${r.counts.byKind[k].pairs}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${legend(lang)}
    <p class="muted">${t(W.clickCell)}</p>
    <div class="heat">
      <div>${join(grids)}</div>
      <div class="groups">
        <h3>${t(W.groups)}</h3>
        ${groupsHtml}
      </div>
    </div>
    <h3>${t(W.traces)}</h3>
    ${traces.map((x, i) => traceView(x.trace, `${x.from} → ${x.to}`, lang, `trace-${i}`))}
  </section>`;
  return data ? { body, data } : { body };
}
