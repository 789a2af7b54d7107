#!/usr/bin/env node
/**
 * The only place that touches `process` (DESIGN.md §2). Each command lives in its own file under
 * ./commands and registers itself on the program; what a command needs beyond commander loads
 * when it runs (`--version` and `--help` start fast).
 */
import { Command } from 'commander';
import { registerAnalyze } from './commands/analyze.js';
import { registerCollect } from './commands/collect.js';
import { registerDiagnose } from './commands/diagnose.js';
import { registerLab } from './commands/lab.js';
import { registerTrace } from './commands/trace.js';
import { registerMatrix } from './commands/matrix.js';
import { registerVersion, versionLine } from './commands/version.js';
import { registerCompletion } from './commands/completion.js';
import { ParseError, reportError } from './errors.js';
import { earlyLang, invokedName } from './invocation.js';
import { langOption, resolveLang } from './lang.js';
import { localizeHelp } from './help.js';
import { msg } from '../i18n/message.js';

const lang = earlyLang(process.argv.slice(2));
const name = invokedName(process.argv[1]);

const program = new Command().name(name);
const say = localizeHelp(program, lang);
program
  .description(
    say(
      msg(
        'Finds where traffic breaks in an OpenShift SDN (openshift-sdn) cluster, and says why.',
        'OpenShift SDN（openshift-sdn）クラスターで通信が途切れる場所を見つけ、その理由を示します。',
      ),
    ),
  )
  .version(versionLine(), '-V, --version', say(msg('output the version number', 'バージョンを表示します')))
  // `sdn-doctor --lang ja analyze …` as well as `analyze --lang ja`: program options only before the command.
  .enablePositionalOptions()
  .option(...langOption(say, true))
  .hook('preAction', (cmd) => void resolveLang(cmd.opts<{ lang?: string }>().lang));

for (const register of [
  registerAnalyze,
  registerCollect,
  registerDiagnose,
  registerLab,
  registerTrace,
  registerMatrix,
  registerVersion,
  registerCompletion,
])
  register(program, say);

/** Every command: parse errors come back to us (one line + a pointer to --help, exit 2). */
function ownErrors(cmd: Command): void {
  cmd.exitOverride((err) => {
    throw new ParseError(err, cmd);
  });
  cmd.configureOutput({ outputError: () => undefined });
  cmd.commands.forEach(ownErrors);
}
ownErrors(program);

// Piped to `head`: the reader is gone, nothing more to say (exit quietly, like other Unix tools).
// A full disk or another write error on stdout/stderr: one line, exit 2, never a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    if (stream === process.stdout) process.exitCode = reportError(err, lang, name);
    process.exit(2);
  });
}

program.parseAsync(process.argv).catch((err: unknown) => {
  process.exitCode = reportError(err, lang, name);
});
