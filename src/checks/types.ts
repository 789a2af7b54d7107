/** Result types of the passive checks (DESIGN.md §2, §6). Reports render these. */
import type { Msg, Text } from '../i18n/message.js';
import type { FaultId } from '../model/faults.js';
import type { PipelineLayout } from '../model/pipeline.js';
import type { ClusterFacet, ClusterModel, NodeFacet } from '../model/types.js';

export type Severity = 'error' | 'warning' | 'info';

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, error: 2 };

/** One piece of evidence: an artifact (bundle file), a line in it, and the excerpt. */
export interface Evidence {
  readonly artifact: string;
  readonly line?: number;
  /** The line as read (verbatim), or a summary in both languages (no flow matches …). */
  readonly excerpt: Text;
  readonly node?: string;
}

/** A problem in the cluster (the product). */
export interface Finding {
  readonly check: string;
  readonly fault?: FaultId;
  readonly severity: Severity;
  /** Guide section, `7.4` = 36.7.4 / 39.7.4. */
  readonly section: string;
  readonly node?: string;
  readonly pod?: string;
  readonly service?: string;
  readonly route?: string;
  /** `namespace/name` of the NetworkPolicy behind the finding (policy-flows: the policy of a missing allow). */
  readonly policy?: string;
  readonly message: Msg;
  readonly fix: Msg;
  readonly evidence: readonly Evidence[];
}

export type CheckStatusValue = 'pass' | 'fail' | 'unknown';

/** What one check concluded overall, with the reasons it could not check some things. */
export interface CheckStatus {
  readonly check: string;
  readonly section: string;
  readonly title: Msg;
  readonly status: CheckStatusValue;
  /** Why (part of) the check could not run: missing facet, unreadable artifact, … */
  readonly unknown: readonly { readonly node?: string; readonly reason: Msg }[];
}

/** What a check's `run` reports through its context. */
export interface CheckContext {
  readonly model: ClusterModel;
  /** Nodes that have every node facet the check requires (others were reported unknown already). */
  readonly nodes: readonly string[];
  report(
    finding: Omit<Finding, 'check' | 'section' | 'severity' | 'fault'> & {
      readonly severity?: Severity;
      readonly fault?: FaultId;
    },
  ): void;
  /** Part of the check could not be decided (never a pass). */
  unknown(reason: Msg, node?: string): void;
  /**
   * br0's pipeline layout on `node` (model/pipeline.ts). Checks that set `requires.layout` only see
   * nodes whose rule version is modeled, so this is defined for every node in `nodes`.
   */
  layout(node: string): PipelineLayout;
}

export interface CheckDefinition {
  /** = file name under src/checks/rules/. */
  readonly id: string;
  readonly section: string;
  readonly severity: Severity;
  readonly fault?: FaultId;
  readonly title: Msg;
  readonly requires: {
    readonly cluster?: readonly ClusterFacet[];
    readonly node?: readonly NodeFacet[];
    /** The check reads table roles: nodes whose rule version is not modeled are unknown. */
    readonly layout?: true;
  };
  run(ctx: CheckContext): void;
}
