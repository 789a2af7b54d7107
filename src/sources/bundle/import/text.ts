/** Text conventions of the imported tools' output files. */

/**
 * debug.sh's `echo_and_eval` starts every file with `> <command>` and an empty line. The command
 * becomes the argv; the two lines are blanked (not removed) so line numbers stay the file's.
 */
export function splitDebugShHeader(raw: string): { header?: string[]; text: string } {
  const m = /^> ([^\n]*)\n(\n?)/.exec(raw);
  if (!m) return { text: raw };
  const header = (m[1] ?? '').trim().split(/\s+/).filter(Boolean);
  const blanks = m[2] ? '\n\n' : '\n';
  return { header, text: blanks + raw.slice(m[0].length) };
}

/**
 * Both tools ignore a command's failure and keep what it printed (log.go `Run`: "some commands
 * like nmcli, etc. may not exist"). A file that is nothing but a shell's complaint is an
 * artifact with an error, so its checks say unknown instead of reading an empty output.
 */
export function failureOf(text: string): { error: string; exitCode: number | null } | undefined {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) return undefined;
  if (lines.length > 3) return undefined;
  const first = (lines[0] ?? '').trim();
  if (/command not found|executable file not found/.test(first)) return { error: first, exitCode: 127 };
  if (/^(cat|head|sh|bash|nsenter|ovs-ofctl|ovs-vsctl|iptables-save|sysctl|ip|journalctl): /.test(first)) {
    return { error: first, exitCode: 1 };
  }
  if (/^ERROR: Could not run/.test(first)) return { error: first, exitCode: 1 };
  return undefined;
}
