/**
 * Reachability for every pod → pod, pod → service port and node → pod pair, computed by
 * equivalence classes: pods whose paths the flows decide alike (signatures.ts) form a class per
 * node, and one representative per class is traced. The passes, each in its own module:
 *   1. egress classes (egress.ts): per node, while it is compiled, its classes and the egress of
 *      each class and of the node itself (whole traces to local classes, up to the VXLAN hop toward
 *      remote nodes, every endpoint branch toward each service port);
 *   2. ingress classes (ingress.ts): per receiving node, the VXLAN arrivals grouped by what its
 *      flows can tell apart, one trace per group and destination class;
 *   3. special pairs (special.ts): pods some node names one by one, traced pair by pair;
 *   4. expansion to pairs (expand.ts): counts by class sizes, listed pairs, broken groups.
 * Only a few nodes need to be compiled at a time (passes 1 and 2 walk the nodes once each).
 */
import type { Msg } from '../../i18n/message.js';
import type { ClusterDataplane } from '../trace/cluster.js';
import { DATAPLANE_SCHEMA_VERSION, type Disposition } from '../engine/types.js';
import { egressPass, emptyClasses } from './egress.js';
import { expandPairs } from './expand.js';
import { Ingress, ingressPass } from './ingress.js';
import { PairIntents, summarize, type Expected, type IntentSummary, type Verdict } from './intent.js';
import { takeInventory } from './inventory.js';
import { OutcomeTable } from './outcomes.js';
import type { MatrixRun } from './run.js';
import { specialPass } from './special.js';

export type PairKind = 'pod-pod' | 'pod-service' | 'node-pod';

export interface MatrixOptions {
  /** At most this many pairs are listed (counts and broken groups are always complete). */
  readonly maxPairs?: number;
  /** Port probed for pod and node → pod pairs (default: the pod's first container port, else 8080). */
  readonly podPort?: number;
  /** Also count pod → pod pairs per (source node, destination node): {@link MatrixResult.nodeGrid}. */
  readonly nodeGrid?: boolean;
  /**
   * `-n`: only the pairs with an end in these namespaces (a pod of them as source or destination,
   * a service of them); counts, groups and the grid cover those pairs only. Absent: every pair.
   */
  readonly namespaces?: readonly string[];
  /**
   * Above this many (class, class) cells the way back of each pair is computed one cell at a time
   * instead of from a table (default 2²⁶, 256 MB; tests set 0 to check that both agree).
   */
  readonly maxReplyCells?: number;
}

/**
 * Pod → pod pairs aggregated by node (the HTML report's node × node heatmap): row-major n × n
 * arrays, cell `i * n + j` = pods on `nodes[i]` → pods on `nodes[j]`.
 */
export interface NodeGrid {
  readonly nodes: readonly string[];
  readonly pairs: readonly number[];
  readonly reachable: readonly number[];
  /** Index into {@link MatrixResult.broken} of the cause of the cell's first broken pair, else -1. */
  readonly cause: readonly number[];
}

export interface MatrixPair {
  readonly from: string;
  readonly to: string;
  readonly reachable: boolean;
  /** English text of the cause (the JSON renders it in `--lang`). */
  readonly cause?: string;
  /** The cause in both languages (not part of the JSON contract: rendered into `cause`). */
  readonly message?: Msg;
  /** From the API objects (intent.ts); absent when they do not say (objects missing). */
  readonly expected?: Expected;
  readonly verdict?: Verdict;
  /** The policies behind `expected`: those that admit the pair, or those that isolate its target. */
  readonly policy?: readonly string[];
}

export interface BrokenGroup {
  readonly cause: string;
  readonly message: Msg;
  readonly disposition: Disposition;
  readonly node?: string;
  readonly table?: number | string;
  readonly rule?: string;
  readonly pairs: number;
  readonly examples: readonly { readonly from: string; readonly to: string }[];
  /**
   * True when the deciding rule is the plugin's isolation (table 80: multitenant VNIDs,
   * NetworkPolicy — pipeline reference §5): usually what the administrator wants, not a fault.
   */
  readonly isolation?: boolean;
}

export interface MatrixResult {
  readonly schemaVersion: number;
  readonly counts: {
    readonly pairs: number;
    readonly reachable: number;
    readonly broken: number;
    readonly byKind: Readonly<Record<PairKind, { readonly pairs: number; readonly reachable: number }>>;
  };
  /** True when `pairs` lists fewer than `counts.pairs`. */
  readonly truncated: boolean;
  readonly maxPairs: number;
  readonly pairs: readonly MatrixPair[];
  readonly broken: readonly BrokenGroup[];
  /** How much work the classes saved. */
  readonly stats: { readonly pods: number; readonly podClasses: number; readonly traces: number };
  /** The listed pairs by verdict (intent from the API objects). */
  readonly intent?: IntentSummary;
  /** The namespaces the pairs were narrowed to ({@link MatrixOptions.namespaces}). */
  readonly namespaces?: readonly string[];
  /** Only when asked for ({@link MatrixOptions.nodeGrid}); not part of the JSON contract. */
  readonly nodeGrid?: NodeGrid;
}

const DEFAULT_MAX_PAIRS = 100_000;

export function computeMatrix(dp: ClusterDataplane, options: MatrixOptions = {}): MatrixResult {
  const maxPairs = options.maxPairs ?? DEFAULT_MAX_PAIRS;
  const inv = takeInventory(dp, options);
  const run: MatrixRun = { dp, inv, outcomes: new OutcomeTable(), traces: 0 };
  const st = emptyClasses(inv.nodeNames.length);
  const ingress = new Ingress(run, st);
  // the ingress half of the nodes walked so far, while each node is compiled
  egressPass(run, st, (node, signatures) => ingress.resolve(node, signatures));
  ingressPass(run, st, ingress);
  const special = specialPass(run, st);
  const x = expandPairs(run, st, ingress, special, {
    maxPairs,
    nodeGrid: options.nodeGrid,
    maxReplyCells: options.maxReplyCells,
  });
  const { byKind } = x;
  const total = byKind['pod-pod'].pairs + byKind['pod-service'].pairs + byKind['node-pod'].pairs;
  const reachable =
    byKind['pod-pod'].reachable + byKind['pod-service'].reachable + byKind['node-pod'].reachable;
  const intents = new PairIntents(dp.model, (p) => options.podPort ?? p.containerPorts[0]?.port ?? 8080);
  const annotated = x.listed.map((p, i) => {
    const [from, to] = x.listedEnds[i]!;
    const intent = intents.of(from, to, p.reachable);
    return intent ? { ...p, ...intent } : p;
  });
  return {
    schemaVersion: DATAPLANE_SCHEMA_VERSION,
    counts: { pairs: total, reachable, broken: total - reachable, byKind },
    truncated: x.listed.length < total,
    maxPairs,
    pairs: annotated,
    broken: x.broken,
    intent: summarize(annotated, total, intents.unknown),
    stats: { pods: inv.pods.length, podClasses: st.classes.length, traces: run.traces },
    ...(inv.scope ? { namespaces: [...inv.scope].sort() } : {}),
    ...(x.grid ? { nodeGrid: { nodes: inv.nodeNames, ...x.grid } } : {}),
  };
}
