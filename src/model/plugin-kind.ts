/** The three openshift-sdn plugins, by the suffix of their name (`redhat/openshift-ovs-subnet`). */
export type PluginKindName = 'subnet' | 'multitenant' | 'networkpolicy';

/**
 * `redhat/openshift-ovs-subnet` → `subnet`. The guide's own example writes
 * `company/openshift-ovs-subnet` (39.8.1), so only the part after the slash counts.
 */
export function pluginKindOfName(pluginName: string | undefined): PluginKindName | undefined {
  const m = /openshift-ovs-(subnet|multitenant|networkpolicy)\s*$/.exec(pluginName ?? '');
  return m ? (m[1] as PluginKindName) : undefined;
}
