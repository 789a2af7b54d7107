/**
 * Field references of OpenFlow actions (`NXM_NX_REG0[]`, `NXM_NX_TUN_ID[0..31]`, `tun_dst`,
 * `NXM_OF_ETH_DST[32..47]`) and reading/writing bit ranges of packet fields. Values up to 48 bits
 * are handled as plain numbers (exact below 2^53).
 */
import { parseIp } from '../../net/ipv4.js';
import { parseNumber } from './match.js';
import { F, type Packet, parseMac } from './packet.js';

export interface FieldRef {
  /** One slot (≤32-bit fields) or [hi, lo] for 48-bit MACs. */
  readonly slots: readonly number[];
  readonly width: number;
  readonly ofs: number;
  readonly nbits: number;
  /** How values of the whole field are written (`set_field`). */
  readonly kind: 'number' | 'ip' | 'mac';
}

const BY_NAME: Readonly<Record<string, Omit<FieldRef, 'ofs' | 'nbits'>>> = {};
function def(names: readonly string[], slots: number[], width: number, kind: FieldRef['kind']): void {
  for (const n of names)
    (BY_NAME as Record<string, Omit<FieldRef, 'ofs' | 'nbits'>>)[n] = { slots, width, kind };
}
for (let i = 0; i < 8; i++) def([`NXM_NX_REG${i}`, `reg${i}`], [F.REG0 + i], 32, 'number');
def(['NXM_NX_TUN_ID', 'tun_id', 'tunnel_id'], [F.TUN_ID], 32, 'number');
def(['NXM_NX_TUN_IPV4_SRC', 'tun_src'], [F.TUN_SRC], 32, 'ip');
def(['NXM_NX_TUN_IPV4_DST', 'tun_dst'], [F.TUN_DST], 32, 'ip');
def(['NXM_OF_IP_SRC', 'nw_src', 'ip_src', 'NXM_OF_ARP_SPA', 'arp_spa'], [F.NW_SRC], 32, 'ip');
def(['NXM_OF_IP_DST', 'nw_dst', 'ip_dst', 'NXM_OF_ARP_TPA', 'arp_tpa'], [F.NW_DST], 32, 'ip');
def(['NXM_NX_PKT_MARK', 'pkt_mark'], [F.PKT_MARK], 32, 'number');
def(['NXM_OF_IN_PORT', 'in_port'], [F.IN_PORT], 16, 'number');
def(['NXM_OF_ETH_TYPE', 'dl_type', 'eth_type'], [F.DL_TYPE], 16, 'number');
def(['NXM_OF_IP_PROTO', 'nw_proto', 'ip_proto', 'NXM_OF_ARP_OP', 'arp_op'], [F.NW_PROTO], 8, 'number');
def(['NXM_OF_TCP_SRC', 'NXM_OF_UDP_SRC', 'tcp_src', 'udp_src', 'tp_src'], [F.TP_SRC], 16, 'number');
def(['NXM_OF_TCP_DST', 'NXM_OF_UDP_DST', 'tcp_dst', 'udp_dst', 'tp_dst'], [F.TP_DST], 16, 'number');
def(['NXM_OF_ETH_SRC', 'eth_src', 'dl_src'], [F.DL_SRC_HI, F.DL_SRC_LO], 48, 'mac');
def(['NXM_OF_ETH_DST', 'eth_dst', 'dl_dst'], [F.DL_DST_HI, F.DL_DST_LO], 48, 'mac');
def(['NXM_NX_ARP_SHA', 'arp_sha'], [F.ARP_SHA_HI, F.ARP_SHA_LO], 48, 'mac');
def(['NXM_NX_ARP_THA', 'arp_tha'], [F.ARP_THA_HI, F.ARP_THA_LO], 48, 'mac');
def(['NXM_NX_CT_MARK', 'ct_mark'], [F.CT_MARK], 32, 'number');
def(['NXM_OF_IP_TOS', 'nw_tos'], [F.NW_TOS], 8, 'number');
def(['NXM_NX_IP_TTL', 'nw_ttl'], [F.NW_TTL], 8, 'number');

const REF = /^([A-Za-z][A-Za-z0-9_]*)(?:\[(?:(\d+)(?:\.\.(\d+))?)?\])?$/;

const refCache = new Map<string, FieldRef | undefined>();

/** `NXM_NX_TUN_ID[0..31]` → the field and bit range; undefined for unknown fields. */
export function parseFieldRef(text: string): FieldRef | undefined {
  if (refCache.has(text)) return refCache.get(text);
  const ref = readFieldRef(text);
  if (refCache.size < 10_000) refCache.set(text, ref);
  return ref;
}

function readFieldRef(text: string): FieldRef | undefined {
  const m = REF.exec(text);
  if (!m) return undefined;
  const base = BY_NAME[m[1]!];
  if (!base) return undefined;
  const start = m[2] === undefined ? 0 : Number(m[2]);
  const end = m[2] === undefined ? base.width - 1 : m[3] === undefined ? start : Number(m[3]);
  if (end < start || end >= base.width) return undefined;
  return { ...base, ofs: start, nbits: end - start + 1 };
}

const P32 = 2 ** 32;

function getWhole(p: Packet, ref: FieldRef): number {
  return ref.slots.length === 1 ? p[ref.slots[0]!]! : p[ref.slots[0]!]! * P32 + p[ref.slots[1]!]!;
}

function setWhole(p: Packet, ref: FieldRef, v: number): void {
  if (ref.slots.length === 1) p[ref.slots[0]!] = v >>> 0;
  else {
    p[ref.slots[0]!] = Math.floor(v / P32) & 0xffff;
    p[ref.slots[1]!] = v % P32 >>> 0;
  }
}

/** Reads `ref`'s bit range as a number. */
export function readBits(p: Packet, ref: FieldRef): number {
  const v = getWhole(p, ref);
  return Math.floor(v / 2 ** ref.ofs) % 2 ** ref.nbits;
}

/** Writes `value` (truncated to the range width) into `ref`'s bit range. */
export function writeBits(p: Packet, ref: FieldRef, value: number): void {
  const v = getWhole(p, ref);
  const scale = 2 ** ref.ofs;
  const old = Math.floor(v / scale) % 2 ** ref.nbits;
  setWhole(p, ref, v - old * scale + (value % 2 ** ref.nbits) * scale);
}

/** Parses a `load:` / `set_field:` value for a field: number, IPv4 or MAC (with optional `/mask`). */
export function parseFieldValue(
  text: string,
  kind: FieldRef['kind'],
): { value: number; mask?: number } | undefined {
  const slash = text.indexOf('/');
  const one = (t: string): number | undefined => {
    if (kind === 'ip' && t.includes('.')) return parseIp(t);
    if (kind === 'mac' && t.includes(':')) {
      const mac = parseMac(t);
      return mac ? mac[0] * P32 + mac[1] : undefined;
    }
    if (/^0x[0-9a-fA-F]{1,12}$/.test(t)) return parseInt(t.slice(2), 16);
    return parseNumber(t);
  };
  const value = one(slash < 0 ? text : text.slice(0, slash));
  if (value === undefined) return undefined;
  if (slash < 0) return { value };
  const mask = one(text.slice(slash + 1));
  return mask === undefined ? undefined : { value, mask };
}

/** `set_field` with a mask: only the mask's bits change. */
export function writeMasked(p: Packet, ref: FieldRef, value: number, mask: number): void {
  // Bitwise over up to 48 bits: split into 2^24 chunks to stay inside exact 32-bit integer ops.
  const old = getWhole(p, ref);
  let out = 0;
  for (let shift = 0; shift < ref.width; shift += 24) {
    const s = 2 ** shift;
    const o = Math.floor(old / s) % 2 ** 24;
    const v = Math.floor(value / s) % 2 ** 24;
    const m = Math.floor(mask / s) % 2 ** 24;
    out += ((o & ~m) | (v & m)) * s;
  }
  setWhole(p, ref, out);
}
