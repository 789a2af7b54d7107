/**
 * The value a flow matches a field on, under any of its spellings: OVS normalises what
 * openshift-sdn wrote (`arp, nw_src=` → `arp_spa=`, `tcp_dst=` → `tp_dst=`), and dumps of other
 * OVS versions or protocols spell the same field differently. Shared by the checks (39.7.4 flow
 * lookups) and the simulator's pod-port index, which reads every flow of every node (3·10⁶ at
 * 1000 nodes): plain loops, no closure per call.
 */
import type { Flow } from './types.js';

/** Spellings of the same field in dumps of different OVS versions / protocols. */
const ALIASES: Readonly<Record<string, readonly string[]>> = {
  nw_src: ['nw_src', 'arp_spa', 'ip_src'],
  nw_dst: ['nw_dst', 'arp_tpa', 'ip_dst'],
  arp_spa: ['arp_spa', 'nw_src'],
  arp_tpa: ['arp_tpa', 'nw_dst'],
  tp_dst: ['tp_dst', 'tcp_dst', 'udp_dst'],
  tun_src: ['tun_src'],
  in_port: ['in_port'],
};

/** Value of a match field (any of its spellings), or undefined when the flow does not match on it. */
export function matchValue(flow: Flow, field: string): string | undefined {
  const names = ALIASES[field];
  if (!names) return valueOf(flow, field);
  for (const name of names) {
    const v = valueOf(flow, name);
    if (v !== undefined) return v;
  }
  return undefined;
}

function valueOf(flow: Flow, name: string): string | undefined {
  for (const m of flow.match) if (m.field === name && m.value !== undefined) return m.value;
  return undefined;
}
