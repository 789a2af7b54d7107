// SCAFFOLD: replaced by the command's real implementation.
import type { Command } from 'commander';
import { UsageError } from '../errors.js';

export function registerTrace(program: Command): void {
  program
    .command('trace')
    .description('(not yet implemented)')
    .allowUnknownOption()
    .action(() => {
      throw new UsageError('trace: not yet implemented', 'trace: 未実装です');
    });
}
