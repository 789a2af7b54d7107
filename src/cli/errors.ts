import { boundedLine, terminalSafe } from '../report/sanitize.js';
import { redactText } from '../sources/bundle/redact.js';
import { SourceError } from '../sources/choose.js';
import { localeLang } from './lang.js';

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
  const lang = localeLang();
  const text =
    err instanceof UsageError || err instanceof SourceError
      ? err[lang]
      : err instanceof Error
        ? (err.message.split('\n')[0] ?? String(err))
        : String(err);
  // Errors quote what a server or a file said (a 403 body, a kubeconfig's server URL with
  // credentials, a 3000-level path): one escaped, redacted line of bounded length.
  process.stderr.write(`sdn-doctor: ${boundedLine(terminalSafe(redactText(text)))}\n`);
  if (process.env.SDN_DOCTOR_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  process.exit(2);
}

/** `value` when it is one of `allowed`, else a usage error naming the flag and the choices. */
export function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(
    `${flag} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`,
    `${flag} には ${allowed.join(', ')} のいずれかを指定してください（指定値: ${JSON.stringify(value)}）`,
  );
}
