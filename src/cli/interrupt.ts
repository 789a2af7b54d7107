/**
 * Ctrl-C or a SIGTERM must not leave anything behind in the cluster: the node shell is closed
 * (debug-pod deletes its pods) before the process exits, within a bound.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { NodeShell } from '../sources/node-shell.js';

/** How long a close may take after an interrupt before the process exits anyway. */
const CLOSE_BOUND_MS = 15_000;

export function closeOnInterrupt(shell: NodeShell): void {
  const close = shell.close?.bind(shell);
  if (!close) return;
  const stop = (signal: NodeJS.Signals): void => {
    process.stderr.write(`\n${signal}: closing ${shell.name}… / ${shell.name} を閉じています…\n`);
    void Promise.race([close().catch(() => undefined), sleep(CLOSE_BOUND_MS)]).finally(() =>
      process.exit(signal === 'SIGINT' ? 130 : 143),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
