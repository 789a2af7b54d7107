/**
 * The openshift-sdn plugins and their ids in the table 253 note (`note:PP.VV`: PP = plugin, VV = rule
 * version; sdn pkg/network/node/node.go New()).
 */

export type PluginKind = 'subnet' | 'multitenant' | 'networkpolicy';

const IDS: Readonly<Record<PluginKind, number>> = { subnet: 0, multitenant: 1, networkpolicy: 2 };

/**
 * `redhat/openshift-ovs-subnet` → `subnet`. The guide's own example writes
 * `company/openshift-ovs-subnet` (39.8.1), so only the part after the slash counts.
 */
export function pluginKindOf(pluginName: string | undefined): PluginKind | undefined {
  const m = /openshift-ovs-(subnet|multitenant|networkpolicy)\s*$/.exec(pluginName ?? '');
  return m ? (m[1] as PluginKind) : undefined;
}

export function pluginIdOf(kind: PluginKind): number {
  return IDS[kind];
}

export function pluginKindById(id: number): PluginKind | undefined {
  return (Object.keys(IDS) as PluginKind[]).find((k) => IDS[k] === id);
}
