/**
 * What a traced pair came to (reachable, or the cause that broke it), and the table the matrix
 * interns them in: a million pairs usually share a handful of outcomes, so every pass stores
 * small outcome ids (0 = reachable) and the expansion turns them back into causes.
 */
import { msg } from '../../i18n/message.js';
import { parseIp } from '../../net/ipv4.js';
import { SUCCESS_DISPOSITIONS, type Cause, type Disposition, type Trace } from '../engine/types.js';

export interface Outcome {
  readonly reachable: boolean;
  readonly cause?: Cause & { readonly disposition: Disposition };
}

/** The id of the reachable outcome. */
export const REACHABLE = 0;

/** A copy of `s` that shares no memory with it (V8 keeps a slice's whole parent alive). */
export const detach = (s: string): string => Buffer.from(s, 'utf8').toString('utf8');

/**
 * The outcome as the matrix keeps it to the end: a cause's rule is a slice of its node's dump
 * (`flow.raw`), which would keep the whole dump (~0.6 MB at 1000 nodes) alive after the node is
 * dropped from the cache, for every node with a broken pair.
 */
function detachedOutcome(o: Outcome): Outcome {
  const c = o.cause;
  if (!c?.rule) return o;
  return { ...o, cause: { ...c, rule: detach(c.rule) } };
}

/** Interned outcomes: id 0 is reachable, every broken outcome gets the id of its first sighting. */
export class OutcomeTable {
  private readonly list: Outcome[] = [{ reachable: true }];
  /** Cause fields joined → id (a lookup key only, never read back). */
  private readonly ids = new Map<string, number>();

  intern(o: Outcome): number {
    if (o.reachable) return REACHABLE;
    const c = o.cause!;
    const k = [c.disposition, c.node ?? '', c.table ?? '', c.rule ?? '', c.message.en].join('\u0000');
    let id = this.ids.get(k);
    if (id === undefined) {
      id = this.list.length;
      this.list.push(detachedOutcome(o));
      this.ids.set(k, id);
    }
    return id;
  }

  get(id: number): Outcome {
    return this.list[id]!;
  }
}

/** The first broken outcome among `ids`, else reachable. */
export function firstBroken(ids: Iterable<number>): number {
  for (const id of ids) if (id !== REACHABLE) return id;
  return REACHABLE;
}

/** A trace and its alternative branches: reachable only when every branch delivers to `target`. */
export function outcomeOf(t: Trace, target: number | 'any-pod'): Outcome {
  const branches = [t, ...(t.alternatives ?? [])];
  for (const b of branches) {
    const o = single(b, target);
    if (!o.reachable) return o;
  }
  return { reachable: true };
}

/** One branch: delivered to the pod `target` (any pod for a service), else why not. */
export function single(t: Trace, target: number | 'any-pod'): Outcome {
  if (!SUCCESS_DISPOSITIONS.has(t.disposition) || t.deliveredTo?.kind !== 'pod') {
    const cause = t.cause ?? {
      message: msg(
        `ends "${t.disposition}" instead of at the pod`,
        `Pod に届かず "${t.disposition}" で終わります`,
      ),
    };
    return { reachable: false, cause: { ...cause, disposition: t.disposition } };
  }
  if (target !== 'any-pod' && parseIp(t.deliveredTo.ip) !== target) {
    const d = t.deliveredTo;
    const lastNode = t.hops[t.hops.length - 1]?.node;
    return {
      reachable: false,
      cause: {
        disposition: t.disposition,
        ...(lastNode ? { node: lastNode } : {}),
        message: msg(
          `delivered to the wrong pod ${d.namespace}/${d.name}`,
          `別の Pod ${d.namespace}/${d.name} に配送されます`,
        ),
      },
    };
  }
  return { reachable: true };
}
