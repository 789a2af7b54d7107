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

/** Picks the text for a language. */
export function render(message: Msg, lang: Lang): string {
  return message[lang];
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
  return `${n} ${n === 1 ? singular : plural}`;
}
