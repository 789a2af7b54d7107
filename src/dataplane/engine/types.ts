/**
 * The simulator's result vocabulary, after Batfish (style anchors §5): a {@link Trace} is a
 * disposition and the hops a packet took; each {@link Hop} is what one node did to it, as steps.
 */
import type { Msg } from '../../i18n/message.js';

/** Final fate of a traced packet: a closed set (docs/dataplane.md says when each is assigned). */
export type Disposition =
  | 'delivered'
  | 'exits-network'
  | 'dropped'
  | 'denied'
  | 'no-route'
  | 'loop'
  | 'reset'
  | 'insufficient-info';

export const DISPOSITIONS: readonly Disposition[] = [
  'delivered',
  'exits-network',
  'dropped',
  'denied',
  'no-route',
  'loop',
  'reset',
  'insufficient-info',
];
export const SUCCESS_DISPOSITIONS: ReadonlySet<Disposition> = new Set(['delivered', 'exits-network']);
export const FAILURE_DISPOSITIONS: ReadonlySet<Disposition> = new Set([
  'dropped',
  'denied',
  'no-route',
  'loop',
  'reset',
]);

export type StepKind = 'table' | 'iptables' | 'route' | 'sysctl' | 'tunnel' | 'deliver' | 'ingress' | 'note';

/** One thing a node did: an OpenFlow table lookup, an iptables rule, a route lookup, a VXLAN hop. */
export interface Step {
  readonly kind: StepKind;
  /** OpenFlow table number, or the iptables table/chain (`nat/PREROUTING`). */
  readonly table?: number | string;
  /** The rule as it appears in the dump (flow line, iptables-save line, `ip route` line). */
  readonly rule?: string;
  /** What happened, in English (the JSON contract's `action` is this, rendered in `--lang`). */
  readonly action: string;
  /** The action in both languages when it is prose; absent for dump syntax (`goto_table:20`). */
  readonly message?: Msg;
}

/** A prose step action: English in `action`, both languages in `message`. */
export function prose(m: Msg): { readonly action: string; readonly message: Msg } {
  return { action: m.en, message: m };
}

/** A step's action in one language. */
export function stepAction(s: Step, lang: 'en' | 'ja'): string {
  return s.message ? s.message[lang] : s.action;
}

export interface Hop {
  readonly node: string;
  readonly steps: readonly Step[];
}

/** Where a packet ended when it was delivered. */
export type Endpoint =
  | { readonly kind: 'pod'; readonly namespace: string; readonly name: string; readonly ip: string }
  | { readonly kind: 'node'; readonly name: string; readonly ip: string }
  | { readonly kind: 'external'; readonly ip: string }
  | { readonly kind: 'port'; readonly node: string; readonly port: number; readonly ip: string };

/** Why a packet did not arrive: the deciding rule and node (matrix groups broken pairs by it). */
export interface Cause {
  readonly node?: string;
  readonly table?: number | string;
  /** The dropping rule as dumped, or undefined when the table had no matching rule (table miss). */
  readonly rule?: string;
  readonly message: Msg;
}

export interface Trace {
  readonly disposition: Disposition;
  readonly hops: readonly Hop[];
  readonly deliveredTo?: Endpoint;
  readonly cause?: Cause;
  /**
   * Other branches of the same packet: one per service endpoint picked by the kube-proxy
   * `statistic` rules, or per copy of a multicast/flooded packet. The main trace is the first
   * failing branch if any branch fails, else the first branch.
   */
  readonly alternatives?: readonly Trace[];
}

/** Contract version of the trace / matrix JSON. */
export const DATAPLANE_SCHEMA_VERSION = 1;
