/**
 * Facets a check needs only on some clusters (the isolating plugins need NetNamespaces and the
 * policy objects; the subnet plugin none), so they cannot be its static `requires`.
 */
import { msg } from '../../i18n/message.js';
import type { ClusterFacet } from '../../model/types.js';
import type { CheckContext } from '../types.js';

/** True when every facet was collected; else the check is unknown, naming the missing ones. */
export function clusterFacetsCollected(ctx: CheckContext, facets: readonly ClusterFacet[]): boolean {
  const absent = facets.filter((k) => !ctx.model[k]);
  if (absent.length === 0) return true;
  ctx.unknown(msg(`not collected: ${absent.join(', ')}`, `収集されていません: ${absent.join(', ')}`));
  return false;
}
