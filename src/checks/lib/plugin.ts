/**
 * The openshift-sdn plugins and their ids in the table 253 note (`note:PP.VV`: PP = plugin, VV = rule
 * version; sdn pkg/network/node/node.go New()).
 */

import { pluginKindOfName, type PluginKindName } from '../../model/plugin-kind.js';

export type PluginKind = PluginKindName;

const IDS: Readonly<Record<PluginKind, number>> = { subnet: 0, multitenant: 1, networkpolicy: 2 };

/** `redhat/openshift-ovs-subnet` → `subnet` (model/plugin-kind.ts). */
export const pluginKindOf = pluginKindOfName;

export function pluginIdOf(kind: PluginKind): number {
  return IDS[kind];
}

export function pluginKindById(id: number): PluginKind | undefined {
  return (Object.keys(IDS) as PluginKind[]).find((k) => IDS[k] === id);
}
