/**
 * The one colour module of every command and of the progress lines (picocolors). Whether colour
 * is on is decided once by the CLI (src/cli/colour.ts: --no-color, NO_COLOR, FORCE_COLOR,
 * TERM=dumb, TTY) and passed in; renderers stay pure functions of their input.
 */
import picocolors from 'picocolors';
import stringWidth from 'string-width';

export type Style = 'error' | 'warning' | 'info' | 'bold' | 'dim' | 'green' | 'red' | 'yellow' | 'grey';

/** `paint(style, text)`: `text` styled, or unchanged when colour is off. */
export type Paint = (style: Style, text: string) => string;

export function painter(enabled: boolean): Paint {
  const c = picocolors.createColors(enabled);
  const styles: Readonly<Record<Style, (s: string) => string>> = {
    error: (s) => c.bold(c.red(s)),
    warning: (s) => c.bold(c.yellow(s)),
    info: (s) => c.bold(c.cyan(s)),
    bold: c.bold,
    dim: c.dim,
    green: (s) => c.bold(c.green(s)),
    red: c.red,
    yellow: c.yellow,
    grey: c.gray,
  };
  return (style, text) => styles[style](text);
}

/** Back to the start of the line and erase it (a progress line redrawn in place on a terminal). */
export const ERASE_LINE = '\r\u001b[2K';

/** Columns a text takes on a terminal: East Asian wide characters count two, escapes none. */
export function displayWidth(text: string): number {
  return stringWidth(text);
}

/** `text` padded with spaces to `width` terminal columns (String#padEnd counts code units). */
export function padEndWidth(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - stringWidth(text)));
}

export function padStartWidth(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - stringWidth(text))) + text;
}
