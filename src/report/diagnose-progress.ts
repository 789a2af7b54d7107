/**
 * Live progress of the walk: on a terminal a tree of steps with a spinner on the running one; on
 * a pipe, plain lines as each step ends. Writes to the stream it is given.
 */
import type { Writable } from 'node:stream';
import { render, type Lang } from '../i18n/message.js';
import { groupHeading, stepLines } from './diagnose.js';
import type { DiagnoseEvent } from '../diagnose/types.js';
import { terminalSafe } from './sanitize.js';
import { ERASE_LINE, painter, type Style } from './colour.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface Progress {
  onEvent(e: DiagnoseEvent): void;
  stop(): void;
}

/**
 * `tty`: the line is redrawn in place (spinner); `color`: the step lines are coloured by status —
 * both decided by the CLI (a dumb terminal redraws nothing, NO_COLOR paints nothing).
 */
export function createProgress(
  out: Writable,
  tty: boolean,
  lang: Lang,
  verbose: boolean,
  color = tty,
): Progress {
  const paint = painter(color);
  let running: { section: string; title: string } | undefined;
  let lastId: string | undefined;
  let frame = 0;
  let timer: NodeJS.Timeout | undefined;
  const clearLine = (): void => {
    if (tty && running) out.write(ERASE_LINE);
  };
  const draw = (): void => {
    if (!tty || !running) return;
    out.write(`${ERASE_LINE}  ${FRAMES[frame++ % FRAMES.length]} §${running.section} ${running.title}`);
  };
  return {
    onEvent(e) {
      const id = e.type === 'step-start' ? e.id : e.step.id;
      const heading = groupHeading(id, lastId, lang);
      if (heading && id !== lastId) {
        clearLine();
        out.write(`${heading}\n`);
        draw();
      }
      lastId = id;
      if (e.type === 'step-start') {
        running = { section: terminalSafe(e.section), title: terminalSafe(render(e.title, lang)) };
        if (tty) {
          draw();
          timer ??= setInterval(draw, 80);
        }
        return;
      }
      clearLine();
      running = undefined;
      const lines = stepLines(e.step, lang, verbose);
      out.write(
        lines.map((l, i) => (i === 0 ? paint(STATUS_STYLE[e.step.status] ?? 'grey', l) : l)).join('\n') +
          '\n',
      );
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      clearLine();
    },
  };
}

const STATUS_STYLE: Readonly<Record<string, Style>> = { pass: 'green', fail: 'red', unknown: 'yellow' };
