import { msg } from '../i18n/message.js';
import type { Say } from './help.js';

/**
 * Whether a stream gets colour, decided in one place for every command and the progress lines
 * (https://no-color.org, https://force-color.org): `--no-color` and a non-empty NO_COLOR turn it
 * off; else a FORCE_COLOR other than 0/false turns it on (a CI log that renders colour); else a
 * dumb terminal gets none and a TTY gets it; a pipe or a file never does.
 */
export function colorFor(stream: NodeJS.WriteStream, flag = true): boolean {
  if (!flag) return false;
  const env = process.env;
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

/** A progress line redrawn in place needs a terminal that is not dumb (FORCE_COLOR does not make a pipe a TTY). */
export function redrawFor(stream: NodeJS.WriteStream): boolean {
  return stream.isTTY === true && process.env.TERM !== 'dumb';
}

/** The `--no-color` option of every command that prints a report or progress. */
export function noColorOption(say: Say): [string, string] {
  return [
    '--no-color',
    say(
      msg(
        'no ANSI colours (also NO_COLOR=1; FORCE_COLOR=1 forces them)',
        'ANSI カラーを使いません（NO_COLOR=1 でも同じ。FORCE_COLOR=1 で強制的に使います）',
      ),
    ),
  ];
}
