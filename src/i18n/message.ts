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
