/** The user's language when no `--lang` says it (cli/ is the one stage that reads process.env). */
import { langFromLocale, type Lang } from '../i18n/message.js';

/** From LC_ALL, else LANG; an empty LC_ALL does not count (POSIX). */
export function localeLang(): Lang {
  return langFromLocale(process.env.LC_ALL || process.env.LANG);
}
