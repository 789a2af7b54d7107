/**
 * Result of `diagnose`: steps of the guide's walk, each with what it ran, where, the
 * evidence and a status, and the verdict — root causes with the fault id of DESIGN.md §5. The
 * JSON shape (`toJson`) is a contract: `{ schemaVersion, url, verdict, steps }`.
 */
import type { Artifact, ApiSnapshot } from '../artifacts/types.js';
import type { Msg, Text } from '../i18n/message.js';
import type { FaultId } from '../model/faults.js';
import type { Ran } from '../sources/probes/types.js';

export type { Ran };

export type StepStatus = 'pass' | 'fail' | 'unknown' | 'skipped';

/** Stable step ids, in the guide's order. */
export type StepId =
  | 'external.dns'
  | 'failover.config'
  | 'failover.holders'
  | 'failover.keepalived'
  | 'failover.vrrp'
  | 'failover.monitor'
  | 'failover.node-matrix'
  | 'failover.vip-matrix'
  | 'external.router-host'
  | 'external.reach'
  | 'external.connect'
  | 'source'
  | 'service.from-source'
  | 'pod.from-source'
  | 'pod.from-nodes'
  | 'egress.from-source'
  | 'egress.from-node'
  | 'ingress.service'
  | 'ingress.connect'
  | 'ingress.nat'
  | 'router.endpoints'
  | 'router.route'
  | 'service.endpoints'
  | 'service.ip'
  | 'service.each-endpoint'
  | 'nodes.hostsubnets'
  | 'nodes.connectivity'
  | 'local.ip-forward'
  | 'local.routes'
  | 'local.ovs'
  | 'local.iptables'
  | 'mtu'
  | 'egress-dns'
  | 'logs'
  | 'kube-proxy';

export interface StepResult {
  readonly id: StepId;
  /** Guide section: `3` = 36.3 / 39.3. */
  readonly section: string;
  readonly title: Msg;
  readonly status: StepStatus;
  readonly ran: readonly Ran[];
  readonly evidence: readonly Text[];
  /** What the step concluded, or why it could not (unknown) or did not run (skipped). */
  readonly verdict: Msg;
  readonly durationMs: number;
}

/** One root cause (symptoms it explains are folded into it). */
export interface Cause {
  readonly fault: FaultId;
  readonly section: string;
  /** The node (the first of `nodes` when the same misconfiguration is on several). */
  readonly node?: string;
  /** Every node of a misconfiguration that is the same on several nodes (SDN MTU, resolver search list). */
  readonly nodes?: readonly string[];
  /** `namespace/name` */
  readonly pod?: string;
  /** `namespace/name` */
  readonly service?: string;
  /** `namespace/name` */
  readonly route?: string;
  /** `namespace/name` of the NetworkPolicy behind it (policy-denies-router, policy-flow-missing). */
  readonly policy?: string;
  readonly summary: Msg;
  readonly fix: Msg;
  readonly evidence: readonly Text[];
  /** Step that concluded it. */
  readonly step: StepId;
}

/** A root cause in front of a layer: the walk's probes had to cross it to reach what lies behind. */
export interface HiddenBy {
  readonly fault: FaultId;
  readonly node?: string;
}

/** Something the walk could not check, and why (shell hung, API 403, a broken layer in front, …). */
export interface Unchecked {
  readonly step: StepId;
  readonly reason: Msg;
  /** The root cause that keeps this step from seeing the layers behind it, when one does. */
  readonly hiddenBy?: HiddenBy;
}

export interface DiagnoseResult {
  readonly url: string;
  /** `diagnose --from`: `pod/NS/NAME` or `node/NAME`, where the probes ran (issue 15). */
  readonly from?: string;
  readonly verdict: {
    /** True only when every step passed or was not needed, and no cause was found. */
    readonly healthy: boolean;
    readonly causes: readonly Cause[];
    readonly unchecked: readonly Unchecked[];
  };
  readonly steps: readonly StepResult[];
  readonly durationMs: number;
  /** Everything read, for `--save-bundle`. */
  readonly api: ApiSnapshot;
  readonly artifacts: readonly Artifact[];
}

/** Progress events for a live renderer. */
export type DiagnoseEvent =
  | { readonly type: 'step-start'; readonly id: StepId; readonly section: string; readonly title: Msg }
  | { readonly type: 'step-end'; readonly step: StepResult };
