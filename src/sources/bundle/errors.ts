/**
 * The thrown-error channel of the bundle reader (DESIGN.md §2): the bundle as a whole cannot be
 * read. One line — the file, where in it, what was wrong, a hint — in English and Japanese.
 */
import { msg, type Msg } from '../../i18n/message.js';

/** A bundle (or one of its essential files) cannot be read. `message` is the English one-liner. */
export class BundleError extends Error {
  override readonly name = 'BundleError';
  readonly en: string;
  readonly ja: string;
  constructor(
    /** The bundle file the problem is in (`manifest.json`, `bundle.tar.gz`). */
    readonly file: string,
    what: Msg,
    hint?: Msg,
    /** 1-based line (and column) in `file` when known. */
    readonly line?: number,
    readonly column?: number,
  ) {
    const where =
      line === undefined ? file : column === undefined ? `${file}:${line}` : `${file}:${line}:${column}`;
    const en = `${where}: ${what.en}${hint ? ` (hint: ${hint.en})` : ''}`;
    const ja = `${where}: ${what.ja}${hint ? `（ヒント: ${hint.ja}）` : ''}`;
    super(oneLine(en));
    this.en = oneLine(en);
    this.ja = oneLine(ja);
  }
}

/** Messages must stay one line: a multi-line cause (zlib, YAML) is folded. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** The refusal used for every path that would leave the bundle (`../`, absolute, links out). */
export function traversalError(file: string, entry: string, why: Msg): BundleError {
  return new BundleError(
    file,
    msg(
      `refused: entry ${JSON.stringify(entry)} points outside the bundle (${why.en})`,
      `拒否しました: エントリ ${JSON.stringify(entry)} はバンドルの外を指しています（${why.ja}）`,
    ),
    msg(
      'the archive may be malicious or damaged; re-collect it with `sdn-doctor collect`',
      'アーカイブが悪意あるものか破損しています。`sdn-doctor collect` で取り直してください',
    ),
  );
}
