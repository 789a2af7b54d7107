/**
 * Pods some node's flows name one by one (NetworkPolicy peers, hand-made flows) break the
 * classes: every pair with such a pod on either end is traced on its own, after the passes.
 */
import type { Classes } from './egress.js';
import type { NodeEnd, PodRef, SvcPort } from './inventory.js';
import { verdictId, type MatrixRun } from './run.js';

/** A pair traced on its own because a pod of it is special. */
export type Override =
  | { readonly kind: 'pod-pod'; readonly from: PodRef; readonly to: PodRef }
  | { readonly kind: 'node-pod'; readonly from: NodeEnd; readonly to: PodRef; readonly id: number }
  | { readonly kind: 'pod-service'; readonly from: PodRef; readonly to: SvcPort; readonly id: number };

export class SpecialPairs {
  /** Pod → pod outcomes traced one by one (either side special): from → to → outcome id. */
  private readonly podPod = new Map<PodRef, Map<PodRef, number>>();
  /** Each pair once, in the order first traced. */
  readonly overrides: Override[] = [];

  podOutcome(from: PodRef, to: PodRef): number | undefined {
    return this.podPod.get(from)?.get(to);
  }

  setPodOutcome(from: PodRef, to: PodRef, id: number): void {
    let m = this.podPod.get(from);
    if (!m) this.podPod.set(from, (m = new Map()));
    m.set(to, id);
  }
}

/** Traces every pair of every special pod: with every pod both ways, from every node, to every service port. */
export function specialPass(run: MatrixRun, st: Classes): SpecialPairs {
  const { inv } = run;
  const out = new SpecialPairs();
  for (const ip of [...st.special].sort((x, y) => x - y)) {
    const q = inv.podByIp.get(ip)!;
    for (const x of inv.pods) {
      if (x === q) continue;
      const there = verdictId(run, { kind: 'pod', pod: x.pod }, inv.podTarget(q), q.ip);
      const back = verdictId(run, { kind: 'pod', pod: q.pod }, inv.podTarget(x), x.ip);
      if (out.podOutcome(x, q) === undefined) out.overrides.push({ kind: 'pod-pod', from: x, to: q });
      if (out.podOutcome(q, x) === undefined) out.overrides.push({ kind: 'pod-pod', from: q, to: x });
      out.setPodOutcome(x, q, there);
      out.setPodOutcome(q, x, back);
    }
    for (const n of inv.nodeEnds) {
      const id = verdictId(run, { kind: 'node', node: n.node }, inv.podTarget(q), q.ip);
      out.overrides.push({ kind: 'node-pod', from: n, to: q, id });
    }
    for (const sp of inv.svcPorts) {
      const id = verdictId(run, { kind: 'pod', pod: q.pod }, sp.target, 'any-pod');
      out.overrides.push({ kind: 'pod-service', from: q, to: sp, id });
    }
  }
  return out;
}
