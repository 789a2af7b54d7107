/**
 * The passive side of the walk: the same model and checks as `analyze` (issue 4: "do not write
 * the same logic twice"). Diagnose gives them everything it read; they answer with findings
 * carrying fault ids and per-check status (pass / fail / unknown with reasons).
 */
import type { Snapshot } from '../artifacts/types.js';
import { runChecks } from '../checks/run.js';
import type { CheckStatus, Finding } from '../checks/types.js';
import { buildModel } from '../model/build.js';
import type { ClusterModel } from '../model/types.js';

export interface PassiveResult {
  readonly model: ClusterModel;
  readonly findings: readonly Finding[];
  readonly statuses: readonly CheckStatus[];
}

export function analyzeSnapshot(snapshot: Snapshot): PassiveResult {
  const { model } = buildModel(snapshot);
  const { findings, statuses } = runChecks(model);
  return { model, findings, statuses };
}
