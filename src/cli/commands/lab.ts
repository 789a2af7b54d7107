// SCAFFOLD: replaced by the command's real implementation.
import type { Command } from 'commander';
import { UsageError } from '../errors.js';

export function registerLab(program: Command): void {
  program
    .command('lab')
    .description('(not yet implemented)')
    .allowUnknownOption()
    .action(() => {
      throw new UsageError('lab: not yet implemented', 'lab: 未実装です');
    });
}
