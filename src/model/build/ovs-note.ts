/**
 * The table 253 note (openshift-sdn-pipeline.md §0, §2 "Table 253"): `actions=note:PP.VV…`,
 * PP = plugin id (0 subnet, 1 multitenant, 2 networkpolicy), VV = rule version, both hex bytes.
 * The SDN writes it last, so its absence means a half-set-up bridge (39.7.4).
 */
import type { Flow } from '../types.js';

export function ovsVersionNote(
  flows: readonly Flow[],
): { pluginId: number; ruleVersion: number } | undefined {
  for (const flow of flows) {
    if (flow.table !== 253) continue;
    for (const action of flow.actions) {
      if (action.kind !== 'note') continue;
      const [plugin, version] = action.bytes;
      if (plugin === undefined || version === undefined) continue;
      const pluginId = Number.parseInt(plugin, 16);
      const ruleVersion = Number.parseInt(version, 16);
      if (Number.isFinite(pluginId) && Number.isFinite(ruleVersion)) return { pluginId, ruleVersion };
    }
  }
  return undefined;
}
