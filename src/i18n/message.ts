/**
 * Every user-facing text exists in English and Japanese (docs/DEVELOPING.md "Both languages").
 * A `Msg` is the pair; `render` picks one. Parameterised messages are functions returning a `Msg`.
 */
export interface Msg {
  readonly en: string;
  readonly ja: string;
}

export type Lang = 'en' | 'ja';

/** Builds a message pair. */
export function msg(en: string, ja: string): Msg {
  return { en, ja };
}

/** Picks the text for a language (a verbatim text is the same in both). */
export function render(text: Text, lang: Lang): string {
  return typeof text === 'string' ? text : text[lang];
}

/** `LANG=ja_JP.UTF-8` → 'ja'; anything else → 'en'. */
export function langFromLocale(locale: string | undefined): Lang {
  return locale && /^ja/i.test(locale) ? 'ja' : 'en';
}

/**
 * `3 nodes`, `1 node`: an English count with the noun in the right number (Japanese counts with
 * a counter word and needs none). `plural` defaults to `singular + 's'`.
 */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${noun(n, singular, plural)}`;
}

/** The English noun for `n` things, without the number: `miss ready endpoints a, b`. */
export function noun(n: number, singular: string, plural = `${singular}s`): string {
  return n === 1 ? singular : plural;
}

/**
 * What a person reads that is either verbatim — a quoted line, a name, a tool's own output, the
 * same in every language — or a message in both languages (evidence lines are both kinds).
 */
export type Text = string | Msg;

/** `edit` applied to the text in each language: a Msg stays a Msg. */
export function mapText(text: Text, edit: (s: string) => string): Text {
  return typeof text === 'string' ? edit(text) : { en: edit(text.en), ja: edit(text.ja) };
}

/** Two texts say the same (by their English, which every Msg has). */
export function sameText(a: Text, b: Text): boolean {
  return render(a, 'en') === render(b, 'en');
}
