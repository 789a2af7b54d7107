/** Kernel route lookup on a node's `ip route` (39.7.3.2; 39.6 step 4 `ip route get`). */
import type { RouteEntry } from '../../model/types.js';
import { cidrContains, cidrCovers, parseCidr } from '../../net/ipv4.js';

function inMainTable(r: RouteEntry): boolean {
  return (r.table === undefined || r.table === 'main') && r.type === 'unicast';
}

/** The route the kernel picks for an address: longest prefix, then lowest metric. */
export function lookupRoute(routes: readonly RouteEntry[], ip: string): RouteEntry | undefined {
  let best: RouteEntry | undefined;
  let bestLen = -1;
  for (const r of routes) {
    if (!inMainTable(r) || !cidrContains(r.dst, ip)) continue;
    const len = parseCidr(r.dst)?.len ?? -1;
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
    const c = parseCidr(r.dst);
    if (!inMainTable(r) || !c || !cidrCovers(c, want)) continue;
    if (c.len > bestLen || (c.len === bestLen && (r.metric ?? 0) < (best?.metric ?? 0))) {
      best = r;
      bestLen = c.len;
    }
  }
  return best;
}

/** The default route, when there is one. */
export function defaultRoute(routes: readonly RouteEntry[]): RouteEntry | undefined {
  return routes.find((r) => inMainTable(r) && r.dst === 'default');
}
