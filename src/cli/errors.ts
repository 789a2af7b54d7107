import { langFromLocale } from '../i18n/message.js';

/**
 * Thrown-error channel (DESIGN.md §2): the tool cannot go on. One line — what was expected, what
 * was found, a hint — and exit code 2. Never a stack trace unless SDN_DOCTOR_DEBUG is set.
 */
export class UsageError extends Error {
  constructor(
    readonly en: string,
    readonly ja: string,
  ) {
    super(en);
  }
}

export function exitWithError(err: unknown): never {
  const lang = langFromLocale(process.env.LC_ALL ?? process.env.LANG);
  const text =
    err instanceof UsageError
      ? err[lang]
      : err instanceof Error
        ? (err.message.split('\n')[0] ?? String(err))
        : String(err);
  process.stderr.write(`sdn-doctor: ${text}\n`);
  if (process.env.SDN_DOCTOR_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  process.exit(2);
}
