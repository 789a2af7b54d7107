/** Input warnings raised while building the model (DESIGN.md §2: the "input warnings" channel). */
import type { InputWarning } from '../../artifacts/types.js';
import { msg, type Msg } from '../../i18n/message.js';
import type { ParseWarning } from '../../parsers/types.js';

/** Collects warnings; `sorted()` is deterministic and drops exact duplicates. */
export class WarningSink {
  private readonly items: InputWarning[] = [];

  add(w: InputWarning): void {
    this.items.push(w);
  }

  /** A parser's warning, placed on the artifact (and node) it came from. */
  fromParser(source: string, node: string | undefined, w: ParseWarning): void {
    this.add({
      source,
      ...(node !== undefined ? { node } : {}),
      ...(w.line > 0 ? { line: w.line } : {}),
      message: w.message,
      ...(w.excerpt ? { excerpt: w.excerpt } : {}),
    });
  }

  message(source: string, message: Msg, node?: string): void {
    this.add({ source, ...(node !== undefined ? { node } : {}), message });
  }

  sorted(): InputWarning[] {
    const seen = new Set<string>();
    const out: InputWarning[] = [];
    for (const w of this.items) {
      const key = JSON.stringify([w.source, w.node ?? '', w.line ?? 0, w.message.en, w.excerpt ?? '']);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(w);
    }
    return out.sort(
      (a, b) =>
        a.source.localeCompare(b.source) ||
        (a.node ?? '').localeCompare(b.node ?? '') ||
        (a.line ?? 0) - (b.line ?? 0) ||
        a.message.en.localeCompare(b.message.en),
    );
  }
}

export const unusableArtifact = (id: string, why: string): Msg =>
  msg(
    `${id} is not usable (${why}); checks that need it report unknown`,
    `${id} は使えません（${why}）。これを必要とするチェックは unknown になります`,
  );
