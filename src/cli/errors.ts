import { CommanderError, type Command } from 'commander';
import { msg, type Lang, type Msg } from '../i18n/message.js';
import { boundedLine, terminalSafe } from '../report/sanitize.js';
import { redactText } from '../sources/bundle/redact.js';
import { SourceError } from '../sources/source-error.js';

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

/** A parse error of commander, with the command it belongs to (for the `--help` pointer). */
export class ParseError extends Error {
  constructor(
    readonly error: CommanderError,
    readonly command: Command,
  ) {
    super(error.message);
  }
}

/** Exit codes of the README: 0 healthy, 1 findings, 2 usage or environment error. */
export const EXIT_USAGE = 2;

/** Commander's message in the run's language (its own texts are English only). */
export function commanderMessage(err: CommanderError): Msg {
  const en = err.message.replace(/^error: /, '');
  const q = /'([^']*)'/.exec(en)?.[1] ?? '';
  const suggestion = /\(Did you mean (.*)\?\)/.exec(en)?.[1];
  const didYouMean = suggestion ? `（${suggestion} のことですか？）` : '';
  switch (err.code) {
    case 'commander.unknownOption':
      return msg(en, `不明なオプションです: ${q}${didYouMean}`);
    case 'commander.unknownCommand':
      return msg(en, `不明なコマンドです: ${q}${didYouMean}`);
    case 'commander.missingArgument':
      return msg(en, `必須の引数 ${q} がありません`);
    case 'commander.optionMissingArgument':
      return msg(en, `オプション ${q} に値がありません`);
    case 'commander.missingMandatoryOptionValue':
      return msg(en, `必須のオプション ${q} が指定されていません`);
    case 'commander.excessArguments':
      return msg(en, `引数が多すぎます（${en.replace(/^too many arguments[^.]*\. /, '')}）`);
    case 'commander.conflictingOption':
      return msg(en, `同時に指定できないオプションです: ${en}`);
    default:
      return msg(en, `コマンドラインを解釈できません: ${en}`);
  }
}

/**
 * Prints one line (`NAME: text`) and, for usage errors, a pointer to the command's `--help`;
 * returns the exit code.
 */
export function reportError(err: unknown, lang: Lang, name: string): number {
  // Errors quote what a server or a file said (a 403 body, a kubeconfig's server URL with
  // credentials, a 3000-level path): escaped, redacted lines of bounded length.
  const write = (line: string): void =>
    void process.stderr.write(`${boundedLine(terminalSafe(redactText(line)))}\n`);
  if (err instanceof ParseError) {
    const { error, command } = err;
    // --help, --version: commander already printed; a bare `sdn-doctor` printed its help to stderr.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
    if (error.code === 'commander.help') return EXIT_USAGE;
    write(`${name}: ${commanderMessage(error)[lang]}`);
    write(helpPointer(command, name, lang));
    return EXIT_USAGE;
  }
  if (err instanceof UsageError || err instanceof SourceError) {
    write(`${name}: ${err[lang]}`);
    return EXIT_USAGE;
  }
  const text = err instanceof Error ? (err.message.split('\n')[0] ?? String(err)) : String(err);
  const env = environmentMessage(err as NodeJS.ErrnoException);
  write(`${name}: ${env ? env[lang] : text}`);
  if (process.env.SDN_DOCTOR_DEBUG && err instanceof Error) write(`${err.stack}`);
  return EXIT_USAGE;
}

/** The environment errors a user can act on, said plainly (the path is in the message). */
function environmentMessage(err: NodeJS.ErrnoException): Msg | undefined {
  const where = err.path ? `: ${err.path}` : '';
  switch (err.code) {
    case 'ENOSPC':
      return msg(`no space left on the device${where}`, `デバイスの空き容量がありません${where}`);
    case 'EDQUOT':
      return msg(`disk quota exceeded${where}`, `ディスククォータを超えました${where}`);
    case 'EACCES':
    case 'EPERM':
      return msg(`permission denied${where}`, `権限がありません${where}`);
    case 'EROFS':
      return msg(`read-only file system${where}`, `読み取り専用のファイルシステムです${where}`);
    default:
      return undefined;
  }
}

function helpPointer(command: Command, name: string, lang: Lang): string {
  const path: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) path.unshift(c.name());
  const cmd = [name, ...path, '--help'].join(' ');
  return lang === 'ja' ? `使い方は '${cmd}' を参照してください。` : `See '${cmd}' for usage.`;
}

/** `value` when it is one of `allowed`, else a usage error naming the flag and the choices. */
export function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(
    `${flag} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`,
    `${flag} には ${allowed.join(', ')} のいずれかを指定してください（指定値: ${JSON.stringify(value)}）`,
  );
}
