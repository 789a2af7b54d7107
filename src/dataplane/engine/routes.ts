/**
 * Longest-prefix route lookup over a node's `ip route` (39.7.3.2: the cluster network must be
 * routed via tun0). Routes of the `local` table, when collected (`ip route show table all`), say
 * which addresses are the node's own.
 */
import type { RouteEntry } from '../../model/types.js';
import { inCidr, parseCidr, type Cidr } from '../../net/ipv4.js';

interface CompiledRoute {
  readonly route: RouteEntry;
  readonly cidr: Cidr;
}

export class RouteTable {
  private readonly main: CompiledRoute[] = [];
  private readonly local: CompiledRoute[] = [];

  constructor(routes: readonly RouteEntry[]) {
    for (const route of routes) {
      const cidr = parseCidr(route.dst);
      if (!cidr) continue; // IPv6 and the like
      const table = route.table ?? 'main';
      if (table === 'local' || route.type === 'local') this.local.push({ route, cidr });
      else if (table === 'main') this.main.push({ route, cidr });
    }
    // Longest prefix first; among equals the lowest metric (the kernel's preference), then dump order.
    this.main.sort((a, b) => b.cidr.len - a.cidr.len || (a.route.metric ?? 0) - (b.route.metric ?? 0));
  }

  /** The route the kernel would pick for `dst` in the main table, or undefined (no route). */
  lookup(dst: number): RouteEntry | undefined {
    for (const r of this.main) if (inCidr(dst, r.cidr)) return r.route;
    return undefined;
  }

  /** Addresses the `local` table marks as the node's own (type local, /32). */
  isLocal(ip: number): boolean {
    return this.local.some((r) => r.route.type === 'local' && inCidr(ip, r.cidr));
  }
}
