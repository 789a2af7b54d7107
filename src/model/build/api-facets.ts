/**
 * API lists → cluster facets, table-driven: one row per facet (resource, normalizer, sort key).
 * A list that could not be read leaves its facet undefined (checks say unknown); an object that
 * lacks a required field is skipped with a warning naming it.
 */
import { apiListSource, type ApiList, type ApiResource, type ApiSnapshot } from '../../artifacts/types.js';
import { msg } from '../../i18n/message.js';
import type { ClusterModel, ClusterNetwork, Sourced } from '../types.js';
import { at, str } from './api-object.js';
import { toClusterNetwork, toHostSubnet, toNetNamespace } from './normalize-network.js';
import { toNamespace, toNetworkPolicy } from './normalize-policy.js';
import type { Normalized } from './normalize-result.js';
import { toEndpoints, toRoute, toService } from './normalize-services.js';
import { toNode, toPod } from './normalize-workloads.js';
import type { WarningSink } from './warnings.js';
import { objectKey } from '../object-key.js';

type ListFacet =
  | 'hostSubnets'
  | 'netNamespaces'
  | 'namespaces'
  | 'networkPolicies'
  | 'nodes'
  | 'pods'
  | 'services'
  | 'endpoints'
  | 'routes';

interface ListRow<T> {
  readonly facet: ListFacet;
  readonly resource: ApiResource;
  readonly normalize: (item: unknown) => Normalized<T>;
  readonly key: (value: T) => string;
}

const byName = (v: { name: string }): string => v.name;

const row = <T>(r: ListRow<T>): ListRow<unknown> => r as ListRow<unknown>;

const LIST_ROWS: readonly ListRow<unknown>[] = [
  row({ facet: 'hostSubnets', resource: 'hostsubnets', normalize: toHostSubnet, key: byName }),
  row({ facet: 'netNamespaces', resource: 'netnamespaces', normalize: toNetNamespace, key: byName }),
  row({ facet: 'namespaces', resource: 'namespaces', normalize: toNamespace, key: byName }),
  row({ facet: 'networkPolicies', resource: 'networkpolicies', normalize: toNetworkPolicy, key: objectKey }),
  row({ facet: 'nodes', resource: 'nodes', normalize: toNode, key: byName }),
  row({ facet: 'pods', resource: 'pods', normalize: toPod, key: objectKey }),
  row({ facet: 'services', resource: 'services', normalize: toService, key: objectKey }),
  row({ facet: 'endpoints', resource: 'endpoints', normalize: toEndpoints, key: objectKey }),
  row({ facet: 'routes', resource: 'routes', normalize: toRoute, key: objectKey }),
];

/** File an API list is cited as (evidence `artifact`): the importer's file, else the bundle's. */
export const apiSource = (resource: ApiResource, list?: ApiList): string => apiListSource(resource, list);

export type ApiFacets = Pick<ClusterModel, ListFacet | 'clusterNetwork'>;

export function buildApiFacets(api: ApiSnapshot, sink: WarningSink): ApiFacets {
  const out: Record<string, unknown> = {};
  for (const r of LIST_ROWS) {
    const values = normalizeList(r.resource, api[r.resource], r.normalize, sink);
    if (values)
      out[r.facet] = { value: sortBy(values, r.key), artifact: apiSource(r.resource, api[r.resource]) };
  }
  const clusterNetwork = buildClusterNetwork(api.clusternetworks, sink);
  if (clusterNetwork) out.clusterNetwork = clusterNetwork;
  return out as ApiFacets;
}

function normalizeList<T>(
  resource: ApiResource,
  list: ApiList | undefined,
  normalize: (item: unknown) => Normalized<T>,
  sink: WarningSink,
): T[] | undefined {
  const source = apiSource(resource, list);
  if (!list) return undefined; // not collected: no warning, the facet is simply absent
  if (!list.ok) {
    sink.message(
      source,
      msg(
        `${resource} could not be read (${list.error}); checks that need it report unknown`,
        `${resource} を読めませんでした（${list.error}）。これを必要とするチェックは unknown になります`,
      ),
    );
    return undefined;
  }
  const values: T[] = [];
  let unreadable = false;
  list.items.forEach((item, index) => {
    const n = normalize(item);
    if ('value' in n) {
      values.push(n.value);
      return;
    }
    if ('invalid' in n) {
      unreadable = true;
      const label = n.name ?? str(at(item, 'metadata', 'name')) ?? `#${index}`;
      const found = JSON.stringify(n.found)?.slice(0, 60) ?? String(n.found);
      sink.message(
        source,
        msg(
          `${resource} item ${label}: ${n.invalid} is ${found}, not a valid value; checks that need ${resource} report unknown`,
          `${resource} の ${label}: ${n.invalid} の値 ${found} は不正です。${resource} を必要とするチェックは unknown になります`,
        ),
      );
      return;
    }
    const label = n.name ?? str(at(item, 'metadata', 'name')) ?? `#${index}`;
    sink.message(
      source,
      msg(
        `${resource} item ${label} has no ${n.missing}; it is left out`,
        `${resource} の ${label} に ${n.missing} がありません。除外します`,
      ),
    );
  });
  return unreadable ? undefined : values;
}

/** The cluster's network is the ClusterNetwork named `default` (the SDN master reads only that one). */
function buildClusterNetwork(
  list: ApiList | undefined,
  sink: WarningSink,
): Sourced<ClusterNetwork> | undefined {
  const all = normalizeList('clusternetworks', list, toClusterNetwork, sink);
  if (!all) return undefined;
  const def = all.find((c) => c.name === 'default');
  if (!def) {
    sink.message(
      apiSource('clusternetworks', list),
      msg(
        'no ClusterNetwork named "default"; checks that need the cluster network report unknown',
        '"default" という ClusterNetwork がありません。クラスターネットワークを必要とするチェックは unknown になります',
      ),
    );
    return undefined;
  }
  return { value: def, artifact: apiSource('clusternetworks', list) };
}

function sortBy<T>(values: T[], key: (v: T) => string): T[] {
  return values.sort((a, b) => key(a).localeCompare(key(b)));
}
