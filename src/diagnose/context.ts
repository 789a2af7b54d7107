/**
 * What the walk reads, gathered lazily and once: the API lists (all in parallel at the start),
 * each node's command outputs (NODE_COMMANDS through the node shell, only for the nodes the walk
 * needs, in parallel, cached per node), the probe artifacts, and the model and passive checks
 * built from all of it (rebuilt only when something new was read).
 */
import { NODE_COMMANDS } from '../artifacts/commands.js';
import type { ApiSnapshot, Artifact, InputWarning } from '../artifacts/types.js';
import type { ClusterModel } from '../model/types.js';
import type { NodeShell } from '../sources/node-shell.js';
import type { OutsideVantage } from '../sources/probes/vantage.js';
import type { PodLogReader } from '../sources/live/pod-log.js';
import { readApiWithin } from '../sources/live/api.js';
import { collectSnapshot } from '../sources/collect.js';
import { pingFrom } from '../sources/probes/shell-probes.js';
import type { PingOutcome } from '../sources/probes/types.js';
import { passiveAnalysis, type PassiveResult } from './passive.js';

/** Reads the API lists (get/list only); a resource that fails is `{ ok: false }` in the snapshot. */
export type ApiReader = () => Promise<ApiSnapshot>;

export interface DiagnoseInput {
  readonly url: string;
  readonly api: ApiReader;
  readonly shell: NodeShell;
  readonly outside: OutsideVantage;
  /** Per probe (default 2000 ms). */
  readonly timeoutMs?: number;
  /** Whole run (default 20 × timeoutMs). */
  readonly totalTimeoutMs?: number;
  /** 39.9: a name outside the cluster to resolve from a pod (default: the URL's host). */
  readonly egressName?: string;
  /** `diagnose --from pod/NS/NAME|node/NAME` (issue 15): `url` is then the target. */
  readonly from?: string;
  /** `live`, `lab:<name>` — recorded in the bundle. */
  readonly collector?: string;
  /**
   * Reads the `sdn` pods' logs through the API: where 3.11 and every 4.x release keep the SDN's log
   * (39.10; on 4.x there is no atomic-openshift-node journal at all, issue 12). Without it the
   * walk's `logs` step has only the node journal.
   */
  readonly podLogs?: PodLogReader;
}

export class WalkContext {
  readonly timeoutMs: number;
  readonly deadline: number;
  readonly artifacts: Artifact[] = [];
  /** What the node collections could not read (timeouts, failed commands), for the model. */
  readonly warnings: InputWarning[] = [];
  api: ApiSnapshot = {};
  private readonly nodeRuns = new Map<string, Promise<void>>();
  /** Pings run from a node, by node then target address. */
  private readonly pings = new Map<string, Map<string, Promise<PingOutcome>>>();
  private cached?: { count: number; result: PassiveResult };

  constructor(readonly input: DiagnoseInput) {
    this.timeoutMs = input.timeoutMs ?? 2000;
    this.deadline = Date.now() + (input.totalTimeoutMs ?? 20 * this.timeoutMs);
  }

  get shell(): NodeShell {
    return this.input.shell;
  }

  /** Milliseconds left before the whole-run bound. */
  remaining(): number {
    return this.deadline - Date.now();
  }

  /** Reads every API list once (in parallel, inside the reader), bounded by the probe timeout × 3. */
  async loadApi(): Promise<void> {
    this.api = (await readApiWithin(this.input.api, 3 * this.timeoutMs)).api;
  }

  /** Runs NODE_COMMANDS on `node` (once per node; concurrent callers share the run). */
  collectNode(node: string): Promise<void> {
    let p = this.nodeRuns.get(node);
    if (!p) {
      p = this.runNodeCommands(node);
      this.nodeRuns.set(node, p);
    }
    return p;
  }

  collectNodes(nodes: readonly string[]): Promise<void> {
    return Promise.all(nodes.map((n) => this.collectNode(n))).then(() => undefined);
  }

  /** Nodes whose commands were collected (or attempted). */
  collectedNodes(): string[] {
    return [...this.nodeRuns.keys()].sort();
  }

  /** One node's commands through collectSnapshot: its deadlines, grace and input warnings. */
  private async runNodeCommands(node: string): Promise<void> {
    const snap = await collectSnapshot({
      api: async () => this.api,
      shell: this.shell,
      nodes: [node],
      timeoutMs: this.timeoutMs,
      timeoutOf: (c) => (c.kind === 'node-journal' ? 2 * this.timeoutMs : this.timeoutMs),
      concurrency: NODE_COMMANDS.length,
      // 39.13.3: each local pod's eth0 peer, what local.ovs's veth-peer check decides on
      nics: 'peers',
      ...(this.input.podLogs ? { podLogs: this.input.podLogs } : {}),
      ...(this.input.collector ? { collector: this.input.collector } : {}),
    });
    this.artifacts.push(...snap.artifacts);
    this.warnings.push(...snap.warnings);
  }

  /** Keeps a probe's artifact for the model (dnsLookups) and `--save-bundle` (once, however often kept). */
  keep(artifact: Artifact | undefined): void {
    if (artifact && !this.artifacts.includes(artifact)) this.artifacts.push(artifact);
  }

  /**
   * `ping` from `node` to `ip`, once per run: §12's node matrix and §6's node-to-node step ask for
   * the same pairs when keepalived runs on nodes of the path.
   */
  pingFromNode(node: string, ip: string): Promise<PingOutcome> {
    let byIp = this.pings.get(node);
    if (!byIp) this.pings.set(node, (byIp = new Map()));
    let p = byIp.get(ip);
    if (!p) {
      p = pingFrom(this.shell, { kind: 'node', node }, ip, this.timeoutMs);
      byIp.set(ip, p);
    }
    return p;
  }

  /** Model and passive checks over everything read so far (rebuilt when new artifacts arrived). */
  passive(): PassiveResult {
    if (!this.cached || this.cached.count !== this.artifacts.length) {
      this.cached = {
        count: this.artifacts.length,
        result: passiveAnalysis({
          collectedAt: new Date().toISOString(),
          collector: this.input.collector ?? 'live',
          api: this.api,
          artifacts: [...this.artifacts],
          warnings: [...this.warnings],
        }),
      };
    }
    return this.cached.result;
  }

  model(): ClusterModel {
    return this.passive().model;
  }
}

/** The model, or undefined when the inputs could not make one (the steps then say unknown). */
export function safeModel(ctx: WalkContext): ReturnType<WalkContext['model']> | undefined {
  try {
    return ctx.model();
  } catch {
    return undefined;
  }
}
