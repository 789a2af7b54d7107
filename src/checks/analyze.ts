/**
 * The library entry of `analyze` (DESIGN.md §2: library first, the CLI is one client): a snapshot
 * → model → every passive check, with the input warnings of both steps.
 */
import type { InputWarning, Snapshot } from '../artifacts/types.js';
import { buildModel } from '../model/build.js';
import type { ClusterModel, ReleaseGuess } from '../model/types.js';
import { ALL_CHECKS } from './rules/index.js';
import { runChecks } from './run.js';
import type { CheckDefinition, CheckStatus, Finding } from './types.js';

/** What `analyze` produces; the reports render this. */
export interface AnalysisResult {
  readonly findings: readonly Finding[];
  readonly statuses: readonly CheckStatus[];
  /** Problems with what was collected or read (never problems of the cluster), deduplicated. */
  readonly warnings: readonly InputWarning[];
  /** Node names the model knows, for the report header. */
  readonly nodes: readonly string[];
  /** The release the snapshot shows (3.x or 4.x), with what showed it; absent when it shows neither. */
  readonly release?: ReleaseGuess;
}

/** Builds the model of a snapshot and runs the checks over it. Never throws on bad input. */
export function analyzeSnapshot(
  snapshot: Snapshot,
  checks: readonly CheckDefinition[] = ALL_CHECKS,
): AnalysisResult {
  const { model, warnings } = buildModel(snapshot);
  return analyzeModel(model, [...snapshot.warnings, ...warnings], checks);
}

/** Runs the checks over an already built model. */
export function analyzeModel(
  model: ClusterModel,
  warnings: readonly InputWarning[] = [],
  checks: readonly CheckDefinition[] = ALL_CHECKS,
): AnalysisResult {
  const { findings, statuses } = runChecks(model, checks);
  const seen = new Set<string>();
  const unique = warnings.filter((w) => {
    const key = JSON.stringify([w.source, w.node, w.line, w.message.en, w.excerpt]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const nodes = [
    ...new Set([...Object.keys(model.nodeFacts), ...(model.nodes?.value ?? []).map((n) => n.name)]),
  ].sort();
  return {
    findings,
    statuses,
    warnings: unique,
    nodes,
    ...(model.release ? { release: model.release } : {}),
  };
}

/**
 * The checks `--check`/`--skip` choose: a name is a check id (the rule's file name) or a fault id
 * of the catalogue; `check` empty means every check. Names that match nothing come back in
 * `unknown` (the CLI refuses them: a typo must not silently check nothing).
 */
export function selectChecks(
  check: readonly string[],
  skip: readonly string[],
  all: readonly CheckDefinition[] = ALL_CHECKS,
): { checks: CheckDefinition[]; unknown: string[] } {
  const matches = (name: string, c: CheckDefinition): boolean => c.id === name || c.fault === name;
  const unknown = [...check, ...skip].filter((name) => !all.some((c) => matches(name, c)));
  const checks = all.filter(
    (c) => (check.length === 0 || check.some((n) => matches(n, c))) && !skip.some((n) => matches(n, c)),
  );
  return { checks, unknown };
}
