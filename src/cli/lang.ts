/** The user's language when no `--lang` says it (cli/ is the one stage that reads process.env). */
import { langFromLocale, msg, type Lang } from '../i18n/message.js';
import type { Say } from './help.js';
import { oneOf } from './errors.js';
import { earlyLang } from './invocation.js';

/** From LC_ALL, else LANG; an empty LC_ALL does not count (POSIX). */
export function localeLang(): Lang {
  return langFromLocale(process.env.LC_ALL || process.env.LANG);
}

/**
 * `--lang` (en or ja; anything else is a usage error), else a `--lang` given before the command
 * (`sdn-doctor --lang ja analyze`), else the locale's (LC_ALL / LANG).
 */
export function resolveLang(option: string | undefined): Lang {
  return option ? oneOf(option, ['en', 'ja'] as const, '--lang') : earlyLang(process.argv.slice(2));
}

/** A number in (0, max], or a usage error naming the flag (library code, shared with sources/). */
export { positiveNumber } from '../sources/source-error.js';

/** The `--lang` option: on the program it applies to every command, on a command to that command. */
export function langOption(say: Say, everyCommand = false): [string, string] {
  return [
    '--lang <lang>',
    say(
      everyCommand
        ? msg(
            'en or ja, for every command (default from LANG)',
            'en または ja。すべてのコマンドに適用（既定は LANG から）',
          )
        : msg('en or ja (default from LANG)', 'en または ja（既定は LANG から）'),
    ),
  ];
}
