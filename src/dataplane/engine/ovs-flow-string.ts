/**
 * A packet as the flow argument of `ovs-appctl ofproto/trace br0 <flow>` (ovs-fields(7) syntax),
 * so every simulated br0 run can be replayed on a real node for comparison.
 */
import { formatIp } from '../../net/ipv4.js';
import { ETH_ARP, ETH_IP, F, type Packet, PROTO_ICMP, PROTO_TCP, PROTO_UDP, formatMac } from './packet.js';

const FRAG_NAMES: Readonly<Record<number, string>> = { 0: 'no', 1: 'first', 3: 'later' };

/** `in_port=3,tcp,nw_src=10.128.2.2,nw_dst=10.129.0.5,tp_dst=80` (port as a number). */
export function packetToOvsFlow(p: Packet): string {
  const parts = [`in_port=${p[F.IN_PORT]}`];
  if (p[F.TUN_SRC] || p[F.TUN_DST] || p[F.TUN_ID]) {
    parts.push(
      `tun_src=${formatIp(p[F.TUN_SRC]!)}`,
      `tun_dst=${formatIp(p[F.TUN_DST]!)}`,
      `tun_id=${p[F.TUN_ID]}`,
    );
  }
  for (let r = 0; r < 8; r++) if (p[F.REG0 + r]) parts.push(`reg${r}=${p[F.REG0 + r]}`);
  if (p[F.PKT_MARK]) parts.push(`pkt_mark=${p[F.PKT_MARK]}`);
  if (p[F.DL_SRC_HI] || p[F.DL_SRC_LO]) parts.push(`dl_src=${formatMac(p[F.DL_SRC_HI]!, p[F.DL_SRC_LO]!)}`);
  if (p[F.DL_DST_HI] || p[F.DL_DST_LO]) parts.push(`dl_dst=${formatMac(p[F.DL_DST_HI]!, p[F.DL_DST_LO]!)}`);
  const type = p[F.DL_TYPE]!;
  if (type === ETH_ARP) {
    parts.push(
      'arp',
      `arp_spa=${formatIp(p[F.NW_SRC]!)}`,
      `arp_tpa=${formatIp(p[F.NW_DST]!)}`,
      `arp_op=${p[F.NW_PROTO] || 1}`,
    );
    if (p[F.ARP_SHA_HI] || p[F.ARP_SHA_LO])
      parts.push(`arp_sha=${formatMac(p[F.ARP_SHA_HI]!, p[F.ARP_SHA_LO]!)}`);
  } else if (type === ETH_IP) {
    const proto = p[F.NW_PROTO]!;
    const kw =
      proto === PROTO_TCP ? 'tcp' : proto === PROTO_UDP ? 'udp' : proto === PROTO_ICMP ? 'icmp' : 'ip';
    parts.push(kw, `nw_src=${formatIp(p[F.NW_SRC]!)}`, `nw_dst=${formatIp(p[F.NW_DST]!)}`);
    if (kw === 'ip' && proto) parts.push(`nw_proto=${proto}`);
    const frag = FRAG_NAMES[p[F.NW_FRAG]!];
    if (frag && frag !== 'no') parts.push(`nw_frag=${frag}`);
    // ofproto/trace refuses `udp,tp_src=` ("prerequisites not met"); the protocol-specific names work.
    if ((kw === 'tcp' || kw === 'udp') && frag !== 'later')
      parts.push(`${kw}_src=${p[F.TP_SRC]}`, `${kw}_dst=${p[F.TP_DST]}`);
    if (kw === 'icmp' && frag !== 'later') parts.push(`icmp_type=${p[F.TP_SRC]}`, `icmp_code=${p[F.TP_DST]}`);
  } else if (type) parts.push(`dl_type=0x${type.toString(16).padStart(4, '0')}`);
  return parts.join(',');
}
