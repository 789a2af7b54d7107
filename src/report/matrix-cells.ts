/**
 * States of matrix cells, shared by the terminal grid and the HTML heatmap: reachable, broken,
 * isolated by the plugin (multitenant / NetworkPolicy, usually intended) and unknown (input missing).
 */
import type { BrokenGroup, MatrixResult } from '../dataplane/matrix/matrix.js';
import { msg, render, type Lang, type Msg } from '../i18n/message.js';
import { terminalSafe } from './sanitize.js';
import { displayWidth, padEndWidth, painter, type Style } from './colour.js';

export type CellState = 'reachable' | 'broken' | 'isolated' | 'unknown';
export const CELL_STATES: readonly CellState[] = ['reachable', 'broken', 'isolated', 'unknown'];

export const CELL_STATE_TEXT: Readonly<Record<CellState, Msg>> = {
  reachable: msg('reachable', '到達可能'),
  broken: msg('broken', '到達不能'),
  isolated: msg('isolated by the plugin (intended)', 'プラグインによる分離（意図どおり）'),
  unknown: msg('unknown (input missing)', '不明（入力不足）'),
};

export function groupState(g: BrokenGroup): Exclude<CellState, 'reachable'> {
  return g.disposition === 'insufficient-info' ? 'unknown' : g.isolation ? 'isolated' : 'broken';
}

/** State of node grid cell `k` (`none`: no pod pair between these nodes). */
export function nodeCellState(r: MatrixResult, k: number): CellState | 'none' {
  const g = r.nodeGrid;
  if (!g || !g.pairs[k]) return 'none';
  if (g.reachable[k] === g.pairs[k]) return 'reachable';
  const c = r.broken[g.cause[k]!];
  return c ? groupState(c) : 'broken';
}

/** Nodes past which the terminal prints no grid (it would not fit a screen). */
export const TEXT_GRID_MAX_NODES = 40;

const CHAR: Readonly<Record<CellState | 'none', string>> = {
  reachable: '.',
  broken: 'X',
  isolated: '-',
  unknown: '?',
  none: ' ',
};
const COLOUR: Readonly<Record<CellState | 'none', Style | undefined>> = {
  reachable: 'green',
  broken: 'error',
  isolated: 'grey',
  unknown: 'yellow',
  none: undefined,
};

/**
 * The node × node grid of pod → pod pairs as text lines (characters carry the state, colour only
 * adds to it): rows are source nodes, columns destination nodes by number.
 */
export function nodeGridLines(r: MatrixResult, lang: Lang, color: boolean): string[] {
  const g = r.nodeGrid;
  if (!g || g.nodes.length === 0) return [];
  const n = g.nodes.length;
  const L = (m: Msg): string => render(m, lang);
  if (n > TEXT_GRID_MAX_NODES)
    return [
      L(
        msg(
          `${n} nodes: no node × node grid in the terminal (-o html draws it).`,
          `ノード ${n} 台: 端末ではノード × ノードの表を省略します（-o html で描画します）。`,
        ),
      ),
    ];
  const num = (i: number): string => String(i + 1);
  const numW = num(n - 1).length;
  const nameW = Math.max(...g.nodes.map((x) => displayWidth(terminalSafe(x))));
  const colour = painter(color);
  const paint = (s: CellState | 'none', text: string): string => {
    const style = COLOUR[s];
    return style ? colour(style, text) : text;
  };
  const lines = [
    L(msg('pod → pod by node (row: from, column: to):', 'ノード別の Pod → Pod（行: 送信元、列: 宛先）:')),
    `  ${''.padEnd(numW)} ${''.padEnd(nameW)}  ${g.nodes.map((_, j) => num(j).padStart(numW)).join(' ')}`,
  ];
  g.nodes.forEach((name, i) => {
    const cells = g.nodes.map((_, j) => {
      const s = nodeCellState(r, i * n + j);
      return paint(s, CHAR[s].padStart(numW));
    });
    lines.push(`  ${num(i).padStart(numW)} ${padEndWidth(terminalSafe(name), nameW)}  ${cells.join(' ')}`);
  });
  lines.push(
    `  ${CELL_STATES.map((s) => `${paint(s, CHAR[s])} ${L(CELL_STATE_TEXT[s])}`).join('  ')}  ${L(
      msg('(a cell shows its worst pair)', '（各セルは最も悪いペアを表示）'),
    )}`,
  );
  return lines;
}
