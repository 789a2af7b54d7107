/**
 * Shell-style word splitting for `iptables-save` lines: iptables quotes option values that hold
 * blanks (`--comment "default/kubernetes:https cluster IP"`) and escapes `"` and `\` inside them.
 */

export interface ShellWords {
  readonly words: string[];
  /** Set when a quote was left open (a truncated or corrupted line). */
  readonly unterminatedQuote: boolean;
}

/** Splits on blanks outside quotes; removes the quotes and backslash escapes. */
export function shellWords(line: string): ShellWords {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"' && i + 1 < line.length) cur += line[++i];
      else cur += ch;
      continue;
    }
    if (ch === ' ' || ch === '\t') {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      cur += line[++i];
      inWord = true;
    } else {
      cur += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return { words, unterminatedQuote: quote !== undefined };
}
