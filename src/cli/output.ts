/** `-o/--output FORMAT` of the reporting commands, resolved through the reporter registry. */
import type { Command } from 'commander';
import { formatsFor, type ReportCommand } from '../report/formats.js';
import type { Reporter, ReportInputs } from '../report/registry.js';
import { UsageError } from './errors.js';
import type { Say } from './help.js';
import { msg } from '../i18n/message.js';

/** Declares `-o, --output <format>` with the formats the registry has for `command`. */
export function withOutputOption(command: Command, report: ReportCommand, say: Say): Command {
  const formats = formatsFor(report).join(', ');
  return command.option(
    '-o, --output <format>',
    say(msg(`report format: ${formats}`, `レポートの形式: ${formats}`)),
    'text',
  );
}

/**
 * The reporter for `format`, or a usage error listing the formats `command` has. The renderers
 * load here, not at start-up (`--version` and `--help` need none of them).
 */
export async function chooseReporter<C extends ReportCommand>(
  report: C,
  format: string,
): Promise<Reporter<ReportInputs[C]>> {
  const { reporterFor } = await import('../report/registry.js');
  const reporter = reporterFor(report, format);
  if (reporter) return reporter;
  const allowed = formatsFor(report).join(', ');
  throw new UsageError(
    `-o/--output must be one of ${allowed}, got ${JSON.stringify(format)}`,
    `-o/--output には ${allowed} のいずれかを指定してください（指定値: ${JSON.stringify(format)}）`,
  );
}
