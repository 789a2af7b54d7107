/**
 * Strict POSIX shell quoting for the one place a remote shell is unavoidable: ssh joins its
 * command words with spaces and hands the string to the remote user's shell. Every word is
 * single-quoted, with embedded single quotes written as '\'' , so no character is special.
 */

/** Quotes one word so that a POSIX shell reads it back byte for byte. */
export function quoteShellWord(word: string): string {
  if (word.includes('\0')) throw new Error('a NUL byte cannot be passed through a shell');
  // No '=' unquoted: a first word `A=B` is an assignment to the shell, not a command.
  if (word !== '' && /^[A-Za-z0-9_@%+:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Quotes every word and joins them with single spaces. */
export function quoteShellCommand(argv: readonly string[]): string {
  return argv.map(quoteShellWord).join(' ');
}
