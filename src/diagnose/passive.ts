/**
 * The passive side of the walk: the same model and checks as `analyze` ("do not write
 * the same logic twice"). Diagnose gives them everything it read; they answer with findings
 * carrying fault ids and per-check status (pass / fail / unknown with reasons).
 */
import type { Snapshot } from '../artifacts/types.js';
import { analyzeModel } from '../checks/analyze.js';
import type { CheckStatus, Finding } from '../checks/types.js';
import { buildModel } from '../model/build.js';
import type { ClusterModel } from '../model/types.js';

export interface PassiveResult {
  readonly model: ClusterModel;
  readonly findings: readonly Finding[];
  readonly statuses: readonly CheckStatus[];
}

/** `analyzeSnapshot` of checks/analyze.ts, keeping the model the walk also reads. */
export function passiveAnalysis(snapshot: Snapshot): PassiveResult {
  const { model } = buildModel(snapshot);
  const { findings, statuses } = analyzeModel(model);
  return { model, findings, statuses };
}
