/** `-o/--output FORMAT` of the reporting commands, resolved through the reporter registry. */
import type { Command } from 'commander';
import {
  formatsFor,
  reporterFor,
  type Reporter,
  type ReportCommand,
  type ReportInputs,
} from '../report/index.js';
import { UsageError } from './errors.js';

/** Declares `-o, --output <format>` with the formats the registry has for `command`. */
export function withOutputOption(command: Command, report: ReportCommand): Command {
  return command.option('-o, --output <format>', `report format: ${formatsFor(report).join(', ')}`, 'text');
}

/** The reporter for `format`, or a usage error listing the formats `command` has. */
export function chooseReporter<C extends ReportCommand>(
  report: C,
  format: string,
): Reporter<ReportInputs[C]> {
  const reporter = reporterFor(report, format);
  if (reporter) return reporter;
  const allowed = formatsFor(report).join(', ');
  throw new UsageError(
    `-o/--output must be one of ${allowed}, got ${JSON.stringify(format)}`,
    `-o/--output には ${allowed} のいずれかを指定してください（指定値: ${JSON.stringify(format)}）`,
  );
}
