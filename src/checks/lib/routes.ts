/** Kernel route lookup on a node's `ip route` (39.7.3.2; 39.6 step 4 `ip route get`). */
import type { RouteEntry } from '../../model/types.js';
import { cidrContains, parseCidr } from './cidr.js';

function inMainTable(r: RouteEntry): boolean {
  return (r.table === undefined || r.table === 'main') && r.type === 'unicast';
}

function dstOf(r: RouteEntry): string {
  return r.dst === 'default' ? '0.0.0.0/0' : r.dst;
}

/** The route the kernel picks for an address: longest prefix, then lowest metric. */
export function lookupRoute(routes: readonly RouteEntry[], ip: string): RouteEntry | undefined {
  let best: RouteEntry | undefined;
  let bestLen = -1;
  for (const r of routes) {
    if (!inMainTable(r) || !cidrContains(dstOf(r), ip)) continue;
    const len = parseCidr(dstOf(r))?.prefix ?? -1;
    if (len > bestLen || (len === bestLen && (r.metric ?? 0) < (best?.metric ?? 0))) {
      best = r;
      bestLen = len;
    }
  }
  return best;
}

/** The route that carries a whole network: the most specific route containing all of it. */
export function routeCovering(routes: readonly RouteEntry[], cidr: string): RouteEntry | undefined {
  const want = parseCidr(cidr);
  if (!want) return undefined;
  let best: RouteEntry | undefined;
  let bestLen = -1;
  for (const r of routes) {
    const c = parseCidr(dstOf(r));
    if (!inMainTable(r) || !c || c.prefix > want.prefix) continue;
    const size = 2 ** (32 - c.prefix);
    if (Math.floor(want.base / size) * size !== c.base) continue;
    if (c.prefix > bestLen || (c.prefix === bestLen && (r.metric ?? 0) < (best?.metric ?? 0))) {
      best = r;
      bestLen = c.prefix;
    }
  }
  return best;
}

/** The default route, when there is one. */
export function defaultRoute(routes: readonly RouteEntry[]): RouteEntry | undefined {
  return routes.find((r) => inMainTable(r) && r.dst === 'default');
}
