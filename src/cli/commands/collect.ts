// SCAFFOLD: replaced by the command's real implementation.
import type { Command } from 'commander';
import { UsageError } from '../errors.js';

export function registerCollect(program: Command): void {
  program
    .command('collect')
    .description('(not yet implemented)')
    .allowUnknownOption()
    .action(() => {
      throw new UsageError('collect: not yet implemented', 'collect: 未実装です');
    });
}
