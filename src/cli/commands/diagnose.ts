// SCAFFOLD: replaced by the command's real implementation.
import type { Command } from 'commander';
import { UsageError } from '../errors.js';

export function registerDiagnose(program: Command): void {
  program
    .command('diagnose')
    .description('(not yet implemented)')
    .allowUnknownOption()
    .action(() => {
      throw new UsageError('diagnose: not yet implemented', 'diagnose: 未実装です');
    });
}
