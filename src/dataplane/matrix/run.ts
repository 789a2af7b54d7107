/** What every pass of one matrix computation shares. */
import type { ClusterDataplane } from '../trace/cluster.js';
import type { Inventory } from './inventory.js';
import { outcomeOf, type OutcomeTable } from './outcomes.js';
import type { TraceSource, TraceTarget } from '../trace/cluster.js';

export interface MatrixRun {
  readonly dp: ClusterDataplane;
  readonly inv: Inventory;
  readonly outcomes: OutcomeTable;
  /** Traces run so far, by every pass (the result's `stats.traces`). */
  traces: number;
}

/** One verdict-only trace from `source` to `target`, interned (delivered to `ip`, or any pod). */
export function verdictId(
  run: MatrixRun,
  source: TraceSource,
  target: TraceTarget,
  ip: number | 'any-pod',
): number {
  run.traces++;
  return run.outcomes.intern(outcomeOf(run.dp.verdict(source, target), ip));
}
