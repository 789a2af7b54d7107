/**
 * The simulated packet: OpenFlow metadata and header fields as unsigned 32-bit numbers in one flat
 * array, so the classifier hashes and masks them without allocating (the matrix runs millions of
 * lookups). 48-bit MACs are split into a 16-bit high and a 32-bit low half.
 */

/** Field slots of a {@link Packet}. */
export const F = {
  IN_PORT: 0,
  DL_TYPE: 1,
  /** IP protocol; for ARP, the opcode (OVS stores arp_op in nw_proto, ovs-fields(7)). */
  NW_PROTO: 2,
  /** IP source; for ARP, arp_spa (same OVS field). */
  NW_SRC: 3,
  /** IP destination; for ARP, arp_tpa. */
  NW_DST: 4,
  /** TCP/UDP source port; ICMP type. */
  TP_SRC: 5,
  /** TCP/UDP destination port; ICMP code. */
  TP_DST: 6,
  TUN_SRC: 7,
  TUN_DST: 8,
  TUN_ID: 9,
  REG0: 10,
  PKT_MARK: 18,
  CT_STATE: 19,
  NW_FRAG: 20,
  DL_SRC_HI: 21,
  DL_SRC_LO: 22,
  DL_DST_HI: 23,
  DL_DST_LO: 24,
  ARP_SHA_HI: 25,
  ARP_SHA_LO: 26,
  ARP_THA_HI: 27,
  ARP_THA_LO: 28,
  NW_TOS: 29,
  NW_TTL: 30,
  CT_MARK: 31,
  CT_ZONE: 32,
  TCP_FLAGS: 33,
} as const;

export const FIELD_COUNT = 34;

/** reg0..reg7 occupy consecutive slots from F.REG0. */
export const REG_COUNT = 8;

export type Packet = number[];

export const ETH_IP = 0x0800;
export const ETH_ARP = 0x0806;
export const ETH_IPV6 = 0x86dd;
export const PROTO_ICMP = 1;
export const PROTO_TCP = 6;
export const PROTO_UDP = 17;
/** VRRP (keepalived's adverts to 224.0.0.18, guide §12). */
export const PROTO_VRRP = 112;

/** ct_state bits (ovs-fields(7) "Connection tracking state"). */
export const CT = {
  new: 0x01,
  est: 0x02,
  rel: 0x04,
  rpl: 0x08,
  inv: 0x10,
  trk: 0x20,
  snat: 0x40,
  dnat: 0x80,
} as const;

/** ct_state bits as a flow match writes them (`+trk+est+rpl`), `trk` first. */
export function ctStateText(bits: number): string {
  return ctStateNames(bits)
    .map((k) => `+${k}`)
    .join('');
}

/** Names of the ct_state bits set, `trk` first (ofproto/trace's `--ct-next` takes them comma-separated). */
export function ctStateNames(bits: number): string[] {
  const names = (Object.keys(CT) as (keyof typeof CT)[]).filter((k) => (bits & CT[k]) !== 0);
  return [...names.filter((k) => k === 'trk'), ...names.filter((k) => k !== 'trk')];
}

export function newPacket(): Packet {
  const p = new Array<number>(FIELD_COUNT).fill(0);
  p[F.NW_TTL] = 64;
  return p;
}

export function clonePacket(p: Packet): Packet {
  return p.slice();
}

/** `0a:58:0a:80:00:02` → [hi16, lo32]; undefined when malformed. */
export function parseMac(text: string): [number, number] | undefined {
  const parts = text.split(':');
  if (parts.length !== 6 || !parts.every((b) => /^[0-9a-fA-F]{1,2}$/.test(b))) return undefined;
  const b = parts.map((x) => parseInt(x, 16));
  return [(b[0]! << 8) | b[1]!, ((b[2]! << 24) | (b[3]! << 16) | (b[4]! << 8) | b[5]!) >>> 0];
}

export function formatMac(hi: number, lo: number): string {
  const bytes = [hi >>> 8, hi & 255, lo >>> 24, (lo >>> 16) & 255, (lo >>> 8) & 255, lo & 255];
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/** openshift-sdn pod MAC: `0a:58:` + the IPv4 bytes (pipeline reference §1). */
export function podMacHalves(ip: number): [number, number] {
  return [0x0a58, ip >>> 0];
}
