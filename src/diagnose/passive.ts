/**
 * The passive side of the walk: the same model and checks as `analyze` (issue 4: "do not write
 * the same logic twice"). Diagnose gives them everything it read; they answer with findings
 * carrying fault ids and per-check status (pass / fail / unknown with reasons).
 */
import type { Snapshot } from '../artifacts/types.js';
import type { CheckStatus, Finding } from '../checks/types.js';
import type { ClusterModel } from '../model/types.js';

export interface PassiveResult {
  readonly model: ClusterModel;
  readonly findings: readonly Finding[];
  readonly statuses: readonly CheckStatus[];
}

/** Set by `setPassiveAnalysis` until the model builder and check runner are wired in. */
let impl: ((snapshot: Snapshot) => PassiveResult) | undefined;

export function setPassiveAnalysis(fn: (snapshot: Snapshot) => PassiveResult): void {
  impl = fn;
}

export function analyzeSnapshot(snapshot: Snapshot): PassiveResult {
  if (!impl) throw new Error('diagnose: model builder / checks are not wired in');
  return impl(snapshot);
}
