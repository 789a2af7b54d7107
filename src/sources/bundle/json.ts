/**
 * JSON.parse with a position. V8's messages carry `position N` only for some errors ("Unexpected
 * token '}', … is not valid JSON" has none), so on failure a small validator finds the offset of
 * the first bad character; it becomes a 1-based line and column for the one-line error.
 */
export type JsonParse =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: string; readonly line: number; readonly column: number };

export function parseJsonWithPosition(text: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    const offset = firstErrorOffset(text);
    return { ok: false, error: shortReason((e as Error).message), ...lineColumnAt(text, offset) };
  }
}

export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return { line, column };
}

/** "Unexpected token '}', "{…" is not valid JSON" → "Unexpected token '}'". */
function shortReason(message: string): string {
  const first = message.split('\n')[0] ?? message;
  return first
    .replace(/,\s*".*$/, '')
    .replace(/\s*\(line \d+ column \d+\)/, '')
    .replace(/,?\s*(in JSON )?at position \d+/, '')
    .trim();
}

/** Offset of the first character where `text` stops being valid JSON (text.length if it ends early). */
export function firstErrorOffset(text: string): number {
  let i = 0;
  class Stop {
    constructor(readonly at: number) {}
  }
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const expect = (word: string): void => {
    for (const ch of word) {
      if (text[i] !== ch) throw new Stop(i);
      i++;
    }
  };
  const str = (): void => {
    expect('"');
    while (i < text.length) {
      const ch = text[i] as string;
      if (ch === '"') return void i++;
      if (ch === '\\') {
        const esc = text[i + 1];
        if (esc === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) throw new Stop(i);
          i += 6;
        } else if (esc !== undefined && '"\\/bfnrt'.includes(esc)) i += 2;
        else throw new Stop(i);
      } else if (ch < ' ') throw new Stop(i);
      else i++;
    }
    throw new Stop(i);
  };
  const num = (): void => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m || m[0] === '' || m[0] === '-') throw new Stop(i);
    i += m[0].length;
  };
  const value = (depth: number): void => {
    if (depth > 512) throw new Stop(i);
    ws();
    const ch = text[i];
    if (ch === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        str();
        ws();
        expect(':');
        value(depth + 1);
        ws();
        if (text[i] === ',') i++;
        else return expect('}');
      }
    }
    if (ch === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value(depth + 1);
        ws();
        if (text[i] === ',') i++;
        else return expect(']');
      }
    }
    if (ch === '"') return str();
    if (ch === 't') return expect('true');
    if (ch === 'f') return expect('false');
    if (ch === 'n') return expect('null');
    return num();
  };
  try {
    value(0);
    ws();
    return i < text.length ? i : text.length;
  } catch (e) {
    if (e instanceof Stop) return e.at;
    return 0;
  }
}
