/**
 * Flow lookup on br0 by table and match field (39.7.4). OVS normalises what openshift-sdn wrote
 * (`arp, nw_src=` → `arp_spa=`, `tcp_dst=` → `tp_dst=`, `/32` dropped), so lookups accept every
 * spelling of a field and compare addresses as networks.
 */
import type { Flow } from '../../model/types.js';
import { formatIp, parseCidr, sameCidr } from '../../net/ipv4.js';
import { matchValue } from '../../model/flow-match.js';

export { matchValue };

const ADDRESS_FIELDS = new Set([
  'nw_src',
  'nw_dst',
  'arp_spa',
  'arp_tpa',
  'ip_src',
  'ip_dst',
  'tun_src',
  'tun_dst',
]);

/** True when the flow matches on protocol keyword `proto` (`ip`, `arp`, `tcp`, `udp`). */
export function hasProtocol(flow: Flow, proto: string): boolean {
  return flow.match.some((f) => f.field === proto && f.value === undefined);
}

/** Flows of one table, in dump order. */
export function flowsInTable(flows: readonly Flow[], table: number): Flow[] {
  return flows.filter((f) => f.table === table);
}

export interface FlowQuery {
  readonly table: number;
  /** Protocol keyword the flow must carry (`ip`, `arp`). */
  readonly proto?: string;
  /** Fields and the value they must have; addresses are compared as networks. */
  readonly fields: Readonly<Record<string, string>>;
}

/** The flows that match a query (see FlowQuery), in dump order. */
export function findFlows(flows: readonly Flow[], q: FlowQuery): Flow[] {
  const matches = (f: Flow): boolean =>
    f.table === q.table &&
    (q.proto === undefined || hasProtocol(f, q.proto)) &&
    Object.entries(q.fields).every(([field, want]) => {
      const got = matchValue(f, field);
      if (got === undefined) return false;
      return ADDRESS_FIELDS.has(field) ? sameCidr(got, want) : got === want;
    });
  // Checks ask one question per remote node or pod of every node (nodes × subnets at 2000 nodes:
  // 4·10⁶ lookups); with an address field, only the flows naming that network are looked at.
  const field = Object.keys(q.fields).find((k) => ADDRESS_FIELDS.has(k));
  if (field === undefined) return flows.filter(matches);
  const want = parseCidr(q.fields[field]!);
  if (!want) return [];
  return (addressIndex(flows, q.table, field).get(networkKey(want.base, want.len)) ?? []).filter(matches);
}

/** A network as one number (base · 33 + prefix length: exact below 2⁵³). */
const networkKey = (base: number, len: number): number => base * 33 + len;

/** Per flow list, table and address field: the flows by the network the field names. */
const addressIndexes = new WeakMap<readonly Flow[], Map<number, Map<string, Map<number, Flow[]>>>>();

function addressIndex(flows: readonly Flow[], table: number, field: string): Map<number, Flow[]> {
  let byTable = addressIndexes.get(flows);
  if (!byTable) addressIndexes.set(flows, (byTable = new Map()));
  let byField = byTable.get(table);
  if (!byField) byTable.set(table, (byField = new Map()));
  let index = byField.get(field);
  if (index) return index;
  index = new Map();
  for (const f of flows) {
    if (f.table !== table) continue;
    const got = matchValue(f, field);
    const c = got === undefined ? undefined : parseCidr(got);
    if (!c) continue;
    const k = networkKey(c.base, c.len);
    const list = index.get(k);
    if (list) list.push(f);
    else index.set(k, [f]);
  }
  byField.set(field, index);
  return index;
}

/**
 * The VXLAN destination a flow sends to: `set_field:<ip>->tun_dst` (OVS ≥2.x), or the older
 * `load:0xc0a87a0c->NXM_NX_TUN_IPV4_DST[]`.
 */
export function tunDstOf(flow: Flow): string | undefined {
  for (const a of flow.actions) {
    if (a.kind === 'set_field' && a.field === 'tun_dst') return a.value;
    if (a.kind === 'load' && a.dst.startsWith('NXM_NX_TUN_IPV4_DST')) {
      const n = Number(a.value);
      if (Number.isInteger(n) && n >= 0 && n < 2 ** 32) return formatIp(n);
    }
  }
  return undefined;
}

/** The table 253 note `note:PP.VV…` → { pluginId, ruleVersion } with the flow, when present. */
export function versionNote(
  flows: readonly Flow[],
): { readonly flow: Flow; readonly pluginId: number; readonly ruleVersion: number } | undefined {
  for (const flow of flowsInTable(flows, 253)) {
    for (const a of flow.actions) {
      if (a.kind !== 'note' || a.bytes.length < 2) continue;
      const pluginId = parseInt(a.bytes[0] as string, 16);
      const ruleVersion = parseInt(a.bytes[1] as string, 16);
      if (Number.isFinite(pluginId) && Number.isFinite(ruleVersion)) return { flow, pluginId, ruleVersion };
    }
  }
  return undefined;
}
