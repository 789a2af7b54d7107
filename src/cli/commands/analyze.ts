// SCAFFOLD: replaced by the command's real implementation.
import type { Command } from 'commander';
import { UsageError } from '../errors.js';

export function registerAnalyze(program: Command): void {
  program
    .command('analyze')
    .description('(not yet implemented)')
    .allowUnknownOption()
    .action(() => {
      throw new UsageError('analyze: not yet implemented', 'analyze: 未実装です');
    });
}
