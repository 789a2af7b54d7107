// SCAFFOLD: replaced by the command's real implementation.
import type { Command } from 'commander';
import { UsageError } from '../errors.js';

export function registerMatrix(program: Command): void {
  program
    .command('matrix')
    .description('(not yet implemented)')
    .allowUnknownOption()
    .action(() => {
      throw new UsageError('matrix: not yet implemented', 'matrix: 未実装です');
    });
}
