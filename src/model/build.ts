/**
 * `buildModel(snapshot)`: the one step from collected artifacts to the normalized, readonly
 * ClusterModel (DESIGN.md §2–3). API lists are normalized (build/api-facets.ts); node command
 * outputs go through the parsers into NodeFacts (build/node-facet-table.ts, one table); what
 * could not be read stays undefined and is explained in the returned warnings. Deterministic.
 */
import type { InputWarning, Snapshot } from '../artifacts/types.js';
import type { ClusterModel, NodeFacts } from './types.js';
import { buildApiFacets } from './build/api-facets.js';
import { buildDnsLookups } from './build/dns-lookups.js';
import { applyNodeConfigMaps } from './build/node-config-maps.js';
import { buildSdnOperatorConfig, detectRelease } from './build/release.js';
import { buildNodeFacts, flowsRereader } from './build/node-facts.js';
import { buildNics } from './build/nics.js';
import { buildIpFailovers } from './build/normalize-ipfailover.js';
import { WarningSink } from './build/warnings.js';
import { msg } from '../i18n/message.js';

export interface BuiltModel {
  readonly model: ClusterModel;
  /**
   * Problems with the input met while building (never problems of the cluster). The snapshot's
   * own warnings are not repeated here: callers report both lists (an artifact the snapshot
   * already warned about is not warned about again).
   */
  readonly warnings: InputWarning[];
}

/** The namespaces the namespaced lists were narrowed to (`collect -n`), said once as an input warning. */
function namespaceScope(snapshot: Snapshot, sink: WarningSink): readonly string[] | undefined {
  const pods = snapshot.api.pods;
  const scope = pods?.ok ? pods.namespaces : undefined;
  if (!scope) return undefined;
  const list = scope.join(', ');
  sink.message(
    'api/pods.json',
    msg(
      `collected with -n: pods, services, endpoints, routes and policies of ${list} only; other namespaces are not judged`,
      `-n 付きで収集: Pod、サービス、エンドポイント、ルート、ポリシーは ${list} のものだけです。他の名前空間は判定しません`,
    ),
  );
  return scope;
}

export function buildModel(snapshot: Snapshot): BuiltModel {
  return assemble(snapshot, 'kept');
}

export interface LazyBuiltModel extends BuiltModel {
  /** A node's whole facts, its br0 flows read again from the snapshot now (the model has none). */
  readonly loadNode: (name: string) => NodeFacts | undefined;
}

/**
 * The model for the dataplane of a large cluster (`matrix`): every fact and warning of
 * {@link buildModel}, but br0's flows, read once for their warnings and note, are not kept in
 * `nodeFacts`; `loadNode` reads a node's again when the dataplane compiles it (a few at a time:
 * ClusterDataplane's `cacheSize`). Kept as records, the flows of 1000 nodes are most of the
 * 2.4 GB such a model peaks at (docs/dataplane.md); their text stays in the snapshot anyway.
 */
export function buildModelLazily(snapshot: Snapshot): LazyBuiltModel {
  const built = assemble(snapshot, 'read-only');
  const withFlows = flowsRereader(snapshot.artifacts, warnedSources(snapshot), built.model.release?.release);
  const loadNode = (name: string): NodeFacts | undefined => {
    const light = built.model.nodeFacts[name];
    return light && withFlows(light);
  };
  return { ...built, loadNode };
}

/** Artifacts the snapshot already warned about (collect, the bundle reader): not warned about again. */
const warnedSources = (snapshot: Snapshot): ReadonlySet<string> =>
  new Set(snapshot.warnings.map((w) => w.source));

function assemble(snapshot: Snapshot, flows: 'kept' | 'read-only'): BuiltModel {
  const sink = new WarningSink();
  const api = buildApiFacets(snapshot.api, sink);
  const nodeNames = (api.nodes?.value ?? []).map((n) => n.name);
  const warned = warnedSources(snapshot);
  const release = detectRelease(snapshot.api, snapshot.artifacts);
  const nodeFacts = buildNodeFacts(snapshot.artifacts, nodeNames, sink, warned, release?.release, flows);
  applyNodeConfigMaps(nodeFacts, snapshot.api.configmaps, api.nodes?.value, sink);
  const dnsLookups = buildDnsLookups(snapshot.artifacts, sink);
  const ipFailovers = buildIpFailovers(snapshot.api, sink);
  const nics = buildNics(snapshot.artifacts, sink);
  const apiNamespaces = namespaceScope(snapshot, sink);
  const sdnOperatorConfig = buildSdnOperatorConfig(snapshot.api);
  const model: ClusterModel = {
    ...api,
    ...(dnsLookups ? { dnsLookups } : {}),
    ...(ipFailovers ? { ipFailovers } : {}),
    ...(nics ? { nics } : {}),
    nodeFacts,
    ...(apiNamespaces ? { apiNamespaces } : {}),
    ...(sdnOperatorConfig ? { sdnOperatorConfig } : {}),
    ...(release ? { release } : {}),
  };
  return { model, warnings: sink.sorted() };
}
