#!/usr/bin/env node
/**
 * The only place that touches `process` (DESIGN.md §2). Each command lives in its own file under
 * ./commands and registers itself on the program.
 */
import { Command } from 'commander';
import { registerAnalyze } from './commands/analyze.js';
import { registerCollect } from './commands/collect.js';
import { registerDiagnose } from './commands/diagnose.js';
import { registerLab } from './commands/lab.js';
import { registerTrace } from './commands/trace.js';
import { registerMatrix } from './commands/matrix.js';
import { exitWithError } from './errors.js';

const program = new Command()
  .name('sdn-doctor')
  .description('Finds where traffic breaks in an OpenShift SDN (openshift-sdn) cluster, and says why.')
  .version('0.1.0')
  .showHelpAfterError();

registerAnalyze(program);
registerCollect(program);
registerDiagnose(program);
registerLab(program);
registerTrace(program);
registerMatrix(program);

program.parseAsync(process.argv).catch(exitWithError);
