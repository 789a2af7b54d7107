/**
 * Intent beside reachability: each listed pair gets `expected` (from the API objects,
 * model/intent.ts) and `verdict` (`ok`, `unexpected-deny`, `unexpected-allow`), and the result a
 * summary by verdict. Intent is per pair, so it covers the listed pairs (`--max-pairs`); the summary
 * says when that is not every pair.
 */
import { msg, type Msg } from '../../i18n/message.js';
import { clusterIntentInputs, intendedPodToPod, type Intent, type IntentInputs } from '../../model/intent.js';
import { objectKey } from '../../model/object-key.js';
import type { ClusterModel, Endpoints, Pod } from '../../model/types.js';
import type { PairEnd, SvcPort } from './inventory.js';

export type Expected = 'reachable' | 'isolated';
export type Verdict = 'ok' | 'unexpected-deny' | 'unexpected-allow';

export interface PairIntent {
  readonly expected: Expected;
  readonly verdict: Verdict;
  /** The policies behind the intent: those that admit it, or those that isolate the target. */
  readonly policy?: readonly string[];
}

export interface IntentSummary {
  /** Pairs with an intent (listed pairs whose objects were all known). */
  readonly pairs: number;
  readonly ok: number;
  readonly unexpectedDeny: number;
  readonly unexpectedAllow: number;
  /** Pairs isolated as intended, and the policies (or `netid`) that isolate them. */
  readonly isolated: { readonly pairs: number; readonly policies: readonly string[] };
  /** False when some pairs have no intent (not listed, or objects missing). */
  readonly complete: boolean;
  /** Why intent could not be computed at all. */
  readonly unknown?: Msg;
}

/** The intent of the matrix's pairs, from their typed ends (inventory.ts). */
export class PairIntents {
  private readonly inputs: IntentInputs | Msg;
  private readonly podByIp = new Map<string, Pod>();
  private readonly endpoints = new Map<string, Endpoints>();

  constructor(
    model: ClusterModel,
    private readonly podPort: (p: Pod) => number,
  ) {
    this.inputs = clusterIntentInputs(model);
    // the first Endpoints of a name, as the model lists them
    for (const e of model.endpoints?.value ?? [])
      if (!this.endpoints.has(objectKey(e))) this.endpoints.set(objectKey(e), e);
    for (const p of model.pods?.value ?? []) if (p.podIP && !p.hostNetwork) this.podByIp.set(p.podIP, p);
  }

  get unknown(): Msg | undefined {
    return 'plugin' in this.inputs ? undefined : this.inputs;
  }

  of(from: PairEnd, to: PairEnd, reachable: boolean): PairIntent | undefined {
    if (!('plugin' in this.inputs)) return undefined;
    const intent = this.intent(this.inputs, from, to);
    if (!intent || intent.expected === 'unknown') return undefined;
    const verdict: Verdict =
      (intent.expected === 'reachable') === reachable
        ? 'ok'
        : reachable
          ? 'unexpected-allow'
          : 'unexpected-deny';
    return {
      expected: intent.expected,
      verdict,
      ...(intent.policies.length ? { policy: intent.policies } : {}),
    };
  }

  /**
   * Node → pod pairs get no intent: the matrix answers them through the node's first pod as a
   * stand-in for the reply (expand.ts), which the plugin isolates like that pod, not like the node.
   * Pod → pod is the source's egress (rule version 13's table 27) and the destination's ingress.
   */
  private intent(inputs: IntentInputs, from: PairEnd, to: PairEnd): Intent | undefined {
    if (from.kind !== 'pod') return undefined;
    if (to.kind === 'pod')
      return intendedPodToPod(inputs, from.pod, to.pod, { port: this.podPort(to.pod), protocol: 'TCP' });
    if (to.kind === 'service') return this.serviceIntent(inputs, from.pod, to);
    return undefined;
  }

  /**
   * Pod → service port: intended when every endpoint admits it on its target port, isolated when none
   * does. Egress is judged on the endpoint too: table 27 lets the service IP through (priority 300)
   * and decides once iptables rewrote it and it came back through tun0 (table 25 → 27).
   */
  private serviceIntent(inputs: IntentInputs, from: Pod, to: SvcPort): Intent | undefined {
    const { service: svc, port: sp } = to;
    const ep = this.endpoints.get(objectKey(svc));
    if (!ep) return undefined;
    const intents: Intent[] = [];
    for (const subset of ep.subsets) {
      const port =
        subset.ports.find((p) => p.name === sp.name) ??
        (subset.ports.length === 1 ? subset.ports[0] : undefined);
      if (!port) return undefined;
      for (const a of subset.addresses) {
        const pod = this.podByIp.get(a.ip);
        if (!pod) continue;
        intents.push(
          intendedPodToPod(inputs, from, pod, { port: port.port, protocol: port.protocol.toUpperCase() }),
        );
      }
    }
    if (intents.length === 0 || intents.some((i) => i.expected === 'unknown')) return undefined;
    const isolated = intents.filter((i) => i.expected === 'isolated');
    if (isolated.length === 0) return { expected: 'reachable', why: 'admitted', policies: unique(intents) };
    return {
      expected: 'isolated',
      why: 'default-deny',
      policies: unique(isolated),
      namespace: svc.namespace,
    };
  }
}

function unique(intents: readonly Intent[]): string[] {
  return [...new Set(intents.flatMap((i) => ('policies' in i ? i.policies : [])))].sort();
}

/** Counts the listed pairs by verdict. */
export function summarize(
  pairs: readonly Partial<PairIntent>[],
  total: number,
  unknown: Msg | undefined,
): IntentSummary {
  let ok = 0;
  let deny = 0;
  let allow = 0;
  let isolated = 0;
  const policies = new Set<string>();
  let known = 0;
  for (const p of pairs) {
    const i = p;
    if (!i.verdict) continue;
    known++;
    if (i.verdict === 'ok') ok++;
    else if (i.verdict === 'unexpected-deny') deny++;
    else allow++;
    if (i.verdict === 'ok' && i.expected === 'isolated') {
      isolated++;
      for (const name of i.policy ?? [msg('netid', 'netid').en]) policies.add(name);
    }
  }
  return {
    pairs: known,
    ok,
    unexpectedDeny: deny,
    unexpectedAllow: allow,
    isolated: { pairs: isolated, policies: [...policies].sort() },
    complete: known === total,
    ...(unknown ? { unknown } : {}),
  };
}
