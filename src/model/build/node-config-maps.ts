/**
 * 3.11 keeps node configuration in config maps (39.8.1: `oc describe configmaps node-config-infra`),
 * one per node group: `node-config-<group>` in `openshift-node`, key `node-config.yaml`. A node
 * whose own node-config.yaml was not collected gets its group's config map; the group is read
 * from the node's `node-role.kubernetes.io/<group>=true` labels (openshift_node_group defaults).
 */
import type { ApiList } from '../../artifacts/types.js';
import { parseNodeConfig } from '../../parsers/index.js';
import type { KubeNode, NodeConfig, NodeFacts, Sourced } from '../types.js';
import { at, str } from './api-object.js';
import { apiSource } from './api-facets.js';
import type { WarningSink } from './warnings.js';

interface GroupConfig {
  readonly name: string;
  readonly group: string;
  readonly yaml: string;
}

/** Most specific first: an all-in-one node is also master, infra and compute. */
const GROUP_ORDER = ['all-in-one', 'master', 'infra', 'compute'];

export function applyNodeConfigMaps(
  facts: Record<string, NodeFacts>,
  configmaps: ApiList | undefined,
  nodes: readonly KubeNode[] | undefined,
  sink: WarningSink,
): void {
  if (!configmaps?.ok || !nodes) return;
  const groups = configmaps.items
    .flatMap(groupConfig)
    .sort((a, b) => groupRank(a.group) - groupRank(b.group) || a.name.localeCompare(b.name));
  if (groups.length === 0) return;
  const parsed = new Map<string, Sourced<NodeConfig> | undefined>();
  for (const node of nodes) {
    const current = facts[node.name];
    if (!current || current.nodeConfig) continue;
    const cm = groups.find((g) => nodeInGroup(node, g.group));
    if (!cm) continue;
    if (!parsed.has(cm.name)) parsed.set(cm.name, parseGroup(cm, apiSource('configmaps', configmaps), sink));
    const config = parsed.get(cm.name);
    if (config) facts[node.name] = { ...current, nodeConfig: config };
  }
}

function groupConfig(item: unknown): GroupConfig[] {
  const name = str(at(item, 'metadata', 'name'));
  const namespace = str(at(item, 'metadata', 'namespace'));
  const yaml = str(at(item, 'data', 'node-config.yaml'));
  if (!name || !yaml || !name.startsWith('node-config-')) return [];
  if (namespace && namespace !== 'openshift-node') return [];
  // `node-config-compute-crio` configures the compute group on CRI-O.
  const group = name.slice('node-config-'.length).replace(/-crio$/, '');
  return [{ name: `${namespace ?? 'openshift-node'}/${name}`, group, yaml }];
}

function groupRank(group: string): number {
  const i = GROUP_ORDER.indexOf(group);
  return i < 0 ? GROUP_ORDER.length : i;
}

function nodeInGroup(node: KubeNode, group: string): boolean {
  const role = (r: string): boolean => node.labels[`node-role.kubernetes.io/${r}`] === 'true';
  if (group === 'all-in-one') return role('master') && role('infra') && role('compute');
  return role(group) || node.labels['openshift.io/node-group'] === group;
}

function parseGroup(cm: GroupConfig, list: string, sink: WarningSink): Sourced<NodeConfig> | undefined {
  const source = `${list}#${cm.name}`;
  const { records, warnings } = parseNodeConfig(cm.yaml);
  for (const w of warnings) sink.fromParser(source, undefined, w);
  if (warnings.length > 0 && Object.values(records).every((v) => v === undefined)) return undefined;
  return { value: records, artifact: source };
}
