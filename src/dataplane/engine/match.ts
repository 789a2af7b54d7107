/**
 * Compiles a dumped flow's match (`priority=200,ip,in_port=vxlan0,nw_src=10.128.0.0/14`) into
 * (field slot, value, mask) triples over a {@link Packet}. Field names and normal forms follow
 * ovs-fields(7) and the dump rendering documented in the pipeline reference §6.
 */
import type { FlowMatchField } from '../../model/types.js';
import { parseIpAt, prefixLengthAt, prefixMask } from '../../net/ipv4.js';
import { CT, ETH_ARP, ETH_IP, ETH_IPV6, F, PROTO_ICMP, PROTO_TCP, PROTO_UDP, parseMac } from './packet.js';

export interface CompiledMatch {
  /** Field slots, ascending, each at most once. */
  readonly fields: readonly number[];
  readonly values: readonly number[];
  readonly masks: readonly number[];
}

/** Resolves a port token (`3`, `vxlan0`, `LOCAL`) to a number. */
export type PortResolver = (token: string) => number;

const PROTOCOLS: Readonly<Record<string, readonly [number, number | undefined]>> = {
  ip: [ETH_IP, undefined],
  arp: [ETH_ARP, undefined],
  tcp: [ETH_IP, PROTO_TCP],
  udp: [ETH_IP, PROTO_UDP],
  icmp: [ETH_IP, PROTO_ICMP],
  sctp: [ETH_IP, 132],
  igmp: [ETH_IP, 2],
  ipv6: [ETH_IPV6, undefined],
  tcp6: [ETH_IPV6, PROTO_TCP],
  udp6: [ETH_IPV6, PROTO_UDP],
  icmp6: [ETH_IPV6, 58],
  rarp: [0x8035, undefined],
};

const NUMERIC: Readonly<Record<string, number>> = {
  dl_type: F.DL_TYPE,
  eth_type: F.DL_TYPE,
  nw_proto: F.NW_PROTO,
  ip_proto: F.NW_PROTO,
  arp_op: F.NW_PROTO,
  tp_src: F.TP_SRC,
  tcp_src: F.TP_SRC,
  udp_src: F.TP_SRC,
  sctp_src: F.TP_SRC,
  icmp_type: F.TP_SRC,
  tp_dst: F.TP_DST,
  tcp_dst: F.TP_DST,
  udp_dst: F.TP_DST,
  sctp_dst: F.TP_DST,
  icmp_code: F.TP_DST,
  tun_id: F.TUN_ID,
  tunnel_id: F.TUN_ID,
  pkt_mark: F.PKT_MARK,
  nw_tos: F.NW_TOS,
  nw_ttl: F.NW_TTL,
  ct_mark: F.CT_MARK,
  ct_zone: F.CT_ZONE,
};

const IPV4: Readonly<Record<string, number>> = {
  nw_src: F.NW_SRC,
  ip_src: F.NW_SRC,
  arp_spa: F.NW_SRC,
  nw_dst: F.NW_DST,
  ip_dst: F.NW_DST,
  arp_tpa: F.NW_DST,
  tun_src: F.TUN_SRC,
  tun_dst: F.TUN_DST,
};

const MACS: Readonly<Record<string, readonly [number, number]>> = {
  dl_src: [F.DL_SRC_HI, F.DL_SRC_LO],
  eth_src: [F.DL_SRC_HI, F.DL_SRC_LO],
  dl_dst: [F.DL_DST_HI, F.DL_DST_LO],
  eth_dst: [F.DL_DST_HI, F.DL_DST_LO],
  arp_sha: [F.ARP_SHA_HI, F.ARP_SHA_LO],
  arp_tha: [F.ARP_THA_HI, F.ARP_THA_LO],
};

/** `nw_frag` keywords → (value, mask) over bits any=1, later=2 (ovs-fields(7)). */
const FRAG: Readonly<Record<string, readonly [number, number]>> = {
  no: [0, 1],
  yes: [1, 1],
  first: [1, 3],
  later: [3, 3],
  not_later: [0, 2],
};

/** `0x1f`, `31` → number (unsigned 32-bit); undefined otherwise. */
export function parseNumber(text: string): number | undefined {
  if (/^0x[0-9a-fA-F]{1,8}$/.test(text)) return parseInt(text.slice(2), 16) >>> 0;
  if (/^\d{1,10}$/.test(text)) {
    const n = Number(text);
    return n <= 0xffffffff ? n : undefined;
  }
  return undefined;
}

function valueMask(text: string): [number, number] | undefined {
  const slash = text.indexOf('/');
  const v = parseNumber(slash < 0 ? text : text.slice(0, slash));
  const m = slash < 0 ? 0xffffffff : parseNumber(text.slice(slash + 1));
  if (v === undefined || m === undefined) return undefined;
  return [(v & m) >>> 0, m];
}

/**
 * `10.128.0.0/14`, `10.1.2.3`, `10.0.0.0/255.255.0.0` (any mask, OVS allows discontiguous ones)
 * → (value, mask). Read in place, not cached: a cache keyed by slices of a dump keeps the whole
 * dump alive, and this loop costs about what hashing the text would.
 */
function ipValueMask(text: string): [number, number] | undefined {
  const slash = text.indexOf('/');
  const ip = parseIpAt(text, 0, slash < 0 ? text.length : slash);
  if (ip < 0) return undefined;
  let mask = 0xffffffff;
  if (slash >= 0) {
    const n = text.length - slash - 1;
    const len = n === 1 || n === 2 ? prefixLengthAt(text, slash + 1, text.length) : -1;
    const m = len >= 0 ? prefixMask(len) : n <= 2 ? -1 : parseIpAt(text, slash + 1, text.length);
    if (m < 0) return undefined;
    mask = m;
  }
  return [(ip & mask) >>> 0, mask];
}

/** `+trk-new`, `-trk`, `+rpl`, or `0x21/0x21`. */
function ctStateValueMask(text: string): [number, number] | undefined {
  if (text.startsWith('0x') || /^\d/.test(text)) return valueMask(text);
  let value = 0;
  let mask = 0;
  const re = /([+-])([a-z]+)/g;
  let consumed = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const bit = CT[m[2] as keyof typeof CT];
    if (bit === undefined) return undefined;
    mask |= bit;
    if (m[1] === '+') value |= bit;
    consumed += m[0].length;
  }
  return consumed === text.length && consumed > 0 ? [value, mask] : undefined;
}

export type MatchResult =
  | { readonly ok: true; readonly match: CompiledMatch }
  | { readonly ok: false; readonly reason: string };

/** Compiles a match; an unknown field or value makes the whole flow unusable (`ok: false`). */
export function compileMatch(fields: readonly FlowMatchField[], resolvePort: PortResolver): MatchResult {
  const byField = new Map<number, [number, number]>();
  const put = (slot: number, value: number, mask: number): boolean => {
    const prev = byField.get(slot);
    if (prev) {
      // Two constraints on one field (e.g. `tcp,nw_proto=6`): both must hold.
      const common = (prev[1] & mask) >>> 0;
      if ((prev[0] & common) >>> 0 !== (value & common) >>> 0) return false;
      byField.set(slot, [((prev[0] | value) >>> 0) & ((prev[1] | mask) >>> 0), (prev[1] | mask) >>> 0]);
    } else byField.set(slot, [(value & mask) >>> 0, mask >>> 0]);
    return true;
  };
  for (const { field, value } of fields) {
    if (value === undefined) {
      const proto = PROTOCOLS[field];
      if (!proto) return { ok: false, reason: `unsupported keyword "${field}"` };
      put(F.DL_TYPE, proto[0], 0xffff);
      if (proto[1] !== undefined) put(F.NW_PROTO, proto[1], 0xff);
      continue;
    }
    let vm: [number, number] | undefined;
    let slot: number | undefined;
    const reg = /^reg([0-7])$/.exec(field);
    if (reg) {
      slot = F.REG0 + Number(reg[1]);
      vm = valueMask(value);
    } else if (field === 'in_port') {
      slot = F.IN_PORT;
      vm = [resolvePort(value) >>> 0, 0xffffffff];
    } else if (field in IPV4) {
      slot = IPV4[field];
      vm = ipValueMask(value);
    } else if (field in NUMERIC) {
      slot = NUMERIC[field];
      vm = valueMask(value);
    } else if (field === 'ct_state') {
      slot = F.CT_STATE;
      vm = ctStateValueMask(value);
    } else if (field === 'nw_frag' || field === 'ip_frag') {
      slot = F.NW_FRAG;
      const fr = FRAG[value];
      vm = fr ? [fr[0], fr[1]] : undefined;
    } else if (field in MACS) {
      const [hiSlot, loSlot] = MACS[field]!;
      const slash = value.indexOf('/');
      const mac = parseMac(slash < 0 ? value : value.slice(0, slash));
      const mask = slash < 0 ? ([0xffff, 0xffffffff] as [number, number]) : parseMac(value.slice(slash + 1));
      if (!mac || !mask) return { ok: false, reason: `bad MAC "${value}" in ${field}` };
      if (mask[0] !== 0 && !put(hiSlot, mac[0] & mask[0], mask[0])) return { ok: true, match: NEVER };
      if (mask[1] !== 0 && !put(loSlot, (mac[1] & mask[1]) >>> 0, mask[1])) return { ok: true, match: NEVER };
      continue;
    } else {
      return { ok: false, reason: `unsupported match field "${field}"` };
    }
    if (slot === undefined || !vm) return { ok: false, reason: `bad value "${value}" for ${field}` };
    if (vm[1] === 0) continue; // fully wildcarded
    if (!put(slot, vm[0], vm[1])) return { ok: true, match: NEVER };
  }
  const slots = [...byField.keys()].sort((a, b) => a - b);
  return {
    ok: true,
    match: {
      fields: slots,
      values: slots.map((s) => byField.get(s)![0]),
      masks: slots.map((s) => byField.get(s)![1]),
    },
  };
}

const compiledByMatch = new WeakMap<readonly FlowMatchField[], MatchResult>();

/**
 * {@link compileMatch}, once per match list: the parser hands the same list to every flow with the
 * same table, priority, match and actions text, across all the nodes of a cluster (each node has
 * the same table 10/50/90 flows for every other node, 39.7.4), so a 1000-node matrix compiles
 * ~5 % of its 3·10⁶ matches. Not for a match naming `in_port`: port names resolve per bridge.
 */
export function compileMatchShared(
  fields: readonly FlowMatchField[],
  resolvePort: PortResolver,
): MatchResult {
  const known = compiledByMatch.get(fields);
  if (known) return known;
  const r = compileMatch(fields, resolvePort);
  if (!fields.some((f) => f.field === 'in_port')) compiledByMatch.set(fields, r);
  return r;
}

/** A match no packet satisfies (contradictory constraints): DL_TYPE can never be 0x10000. */
const NEVER: CompiledMatch = { fields: [F.DL_TYPE], values: [0x10000], masks: [0x1ffff] };
