/**
 * What `collect` tells while it runs on a large cluster: one progress line (done/total nodes,
 * failed nodes, the slowest nodes so far), redrawn in place on a terminal and every few seconds
 * on a pipe, and at the end the nodes that failed and why (grouped by reason, not one line per
 * command of 2000 nodes).
 */
import { count, type Lang } from '../i18n/message.js';
import type { CollectProgress } from '../sources/collect.js';
import { terminalSafe } from '../report/sanitize.js';
import { ERASE_LINE } from '../report/colour.js';

const PIPE_EVERY_MS = 5000;
const SUMMARY_LINES = 20;

interface NodeState {
  done: number;
  slowestMs: number;
  error?: string;
}

export function createCollectProgress(
  write: (text: string) => void,
  tty: boolean,
  lang: Lang,
  commandsPerNode: number,
): { onStart(nodes: readonly string[]): void; onProgress(p: CollectProgress): void; finish(): string[] } {
  const nodes = new Map<string, NodeState>();
  let total = 0;
  let outputs = 0;
  let lastDraw = 0;
  const L = (en: string, ja: string) => (lang === 'ja' ? ja : en);
  const line = (): string => {
    const states = [...nodes.values()];
    const finished = states.filter((s) => s.done >= commandsPerNode).length;
    const failed = states.filter((s) => s.error).length;
    const slowest = [...nodes.entries()]
      .sort((a, b) => b[1].slowestMs - a[1].slowestMs)
      .slice(0, 3)
      .map(([n, s]) => `${terminalSafe(n)} ${(s.slowestMs / 1000).toFixed(1)}s`)
      .join(', ');
    const all = total * commandsPerNode;
    return L(
      `collect: ${finished}/${count(total, 'node')} done (${outputs}/${count(all, 'output')}), ${failed} failed; slowest: ${slowest || '-'}`,
      `収集: ${finished}/${total} ノード完了（出力 ${outputs}/${all}）、失敗 ${failed}; 最も遅い: ${slowest || '-'}`,
    );
  };
  const draw = (force: boolean) => {
    const t = Date.now();
    if (!force && t - lastDraw < (tty ? 200 : PIPE_EVERY_MS)) return;
    lastDraw = t;
    write(tty ? `${ERASE_LINE}${line()}` : `${line()}\n`);
  };
  return {
    onStart(list) {
      total = list.length;
      for (const n of list) nodes.set(n, { done: 0, slowestMs: 0 });
      draw(true);
    },
    onProgress(p) {
      const s = nodes.get(p.node) ?? { done: 0, slowestMs: 0 };
      s.done += 1;
      outputs += 1;
      s.slowestMs = Math.max(s.slowestMs, p.durationMs);
      if (p.error && !s.error) s.error = p.error;
      nodes.set(p.node, s);
      draw(false);
    },
    /** The last progress line, then the failed nodes grouped by their first error. */
    finish() {
      write(tty ? `${ERASE_LINE}${line()}\n` : `${line()}\n`);
      const byReason = new Map<string, string[]>();
      for (const [n, s] of [...nodes.entries()].sort(([a], [b]) => a.localeCompare(b))) {
        if (!s.error) continue;
        // the reason without the node's own pod/command names, so that alike failures group
        const reason = s.error.replace(/exec in \S+/g, 'exec').replace(/on node \S+/g, 'on the node');
        byReason.set(reason, [...(byReason.get(reason) ?? []), n]);
      }
      const out: string[] = [];
      if (byReason.size === 0) return out;
      const failed = [...byReason.values()].reduce((k, v) => k + v.length, 0);
      out.push(L(`failed nodes (${failed}):`, `失敗したノード (${failed}):`));
      const groups = [...byReason.entries()].sort((a, b) => b[1].length - a[1].length);
      for (const [reason, list] of groups.slice(0, SUMMARY_LINES)) {
        const names =
          list.length > 5 ? `${list.slice(0, 5).join(', ')} …+${list.length - 5}` : list.join(', ');
        out.push(`  ${list.length} × ${reason}: ${names}`);
      }
      if (groups.length > SUMMARY_LINES)
        out.push(
          L(
            `  … ${groups.length - SUMMARY_LINES} more reasons`,
            `  … 他 ${groups.length - SUMMARY_LINES} 種類`,
          ),
        );
      return out;
    },
  };
}
