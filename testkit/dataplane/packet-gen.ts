/**
 * Random packets for one node of an openshift-sdn cluster, seeded so failures reproduce: from
 * local pods, from vxlan0 (remote nodes, spoofed sources, unknown VTEPs), from tun0; to local and
 * remote pods, the gateway, services, multicast, the node, the outside; ARP with right and wrong
 * sender MACs; fragments; garbage ethertypes and ports.
 */
import type { NodeFlowSpec } from '../../src/lab/flows.js';
import { parseCidr, parseIp } from '../../src/net/ipv4.js';
import {
  CT,
  ETH_ARP,
  ETH_IP,
  F,
  newPacket,
  PROTO_ICMP,
  PROTO_TCP,
  PROTO_UDP,
  type Packet,
} from '../../src/dataplane/engine/packet.js';

/** mulberry32: small, fast, deterministic. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generatePackets(spec: NodeFlowSpec, count: number, seed: number): Packet[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const ip = (s: string): number => parseIp(s)!;
  const inSubnet = (cidr: string): number => {
    const c = parseCidr(cidr)!;
    return (c.base + 1 + Math.floor(r() * Math.min(2 ** (32 - c.len) - 2, 600))) >>> 0;
  };
  const local = parseCidr(spec.localSubnet)!;
  const gw = (local.base + 1) >>> 0;
  const podIps = spec.pods.map((p) => ip(p.ip));
  const remoteHosts = spec.remoteSubnets.map((h) => ip(h.hostIP));
  const serviceIps = spec.services.map((s) => ip(s.ip));
  const servicePorts = spec.services.flatMap((s) => s.ports.map((p) => p.port));
  const vnids = [0, ...spec.pods.map((p) => p.vnid), 0xabcdef];
  const destinations = (): number =>
    pick([
      () => pick(podIps),
      () => pick(podIps),
      () => gw,
      () => inSubnet(pick(spec.remoteSubnets).subnet),
      () => inSubnet(pick(spec.remoteSubnets).subnet),
      () => (serviceIps.length ? pick(serviceIps) : ip('172.30.0.1')),
      () => inSubnet(spec.serviceNetwork),
      () => inSubnet(spec.localSubnet),
      () => inSubnet(pick(spec.clusterNetworks)),
      () => ip(`224.0.0.${1 + Math.floor(r() * 250)}`),
      () => ip(spec.nodeIP),
      () => ip('8.8.8.8'),
      () => Math.floor(r() * 2 ** 32) >>> 0,
    ])();
  const packets: Packet[] = [];
  for (let i = 0; i < count; i++) {
    const p = newPacket();
    const podIndex = Math.floor(r() * spec.pods.length);
    const from = r();
    let src: number;
    if (from < 0.5 && spec.pods.length) {
      p[F.IN_PORT] = spec.pods[podIndex]!.ofport;
      src = r() < 0.85 ? podIps[podIndex]! : pick([...podIps, gw, inSubnet(pick(spec.clusterNetworks))]);
    } else if (from < 0.75) {
      p[F.IN_PORT] = 1;
      p[F.TUN_SRC] = r() < 0.8 && remoteHosts.length ? pick(remoteHosts) : ip('192.168.99.7');
      p[F.TUN_DST] = ip(spec.nodeIP);
      p[F.TUN_ID] = pick(vnids);
      src =
        r() < 0.8
          ? inSubnet(pick(spec.remoteSubnets).subnet)
          : pick([gw, ip('8.8.4.4'), inSubnet(spec.serviceNetwork)]);
    } else if (from < 0.95) {
      p[F.IN_PORT] = 2;
      src = pick([gw, gw, ...podIps, ip(spec.nodeIP), inSubnet(pick(spec.clusterNetworks))]);
    } else {
      p[F.IN_PORT] = 3 + Math.floor(r() * 20);
      src = Math.floor(r() * 2 ** 32) >>> 0;
    }
    p[F.NW_SRC] = src;
    p[F.NW_DST] = destinations();
    const kind = r();
    if (kind < 0.22) {
      p[F.DL_TYPE] = ETH_ARP;
      p[F.NW_PROTO] = r() < 0.8 ? 1 : 2;
      const macIp = r() < 0.8 ? src : pick(podIps.length ? podIps : [src]);
      p[F.ARP_SHA_HI] = r() < 0.9 ? 0x0a58 : 0x1234;
      p[F.ARP_SHA_LO] = macIp;
    } else if (kind < 0.97) {
      p[F.DL_TYPE] = ETH_IP;
      const proto = r();
      p[F.NW_PROTO] = proto < 0.55 ? PROTO_TCP : proto < 0.8 ? PROTO_UDP : proto < 0.95 ? PROTO_ICMP : 47;
      if (p[F.NW_PROTO] === PROTO_TCP || p[F.NW_PROTO] === PROTO_UDP) {
        p[F.TP_SRC] = 30000 + Math.floor(r() * 30000);
        p[F.TP_DST] =
          r() < 0.5 && servicePorts.length
            ? pick(servicePorts)
            : pick([53, 80, 443, 8080, 4789, Math.floor(r() * 65536)]);
      } else if (p[F.NW_PROTO] === PROTO_ICMP) {
        p[F.TP_SRC] = pick([0, 8, 3]);
      }
      if (r() < 0.05) {
        // A later fragment carries no L4 header: OVS extracts no ports from it.
        p[F.NW_FRAG] = 3;
        p[F.TP_SRC] = 0;
        p[F.TP_DST] = 0;
      }
    } else {
      p[F.DL_TYPE] = pick([0x86dd, 0x88cc, 0x8101]);
      p[F.NW_SRC] = 0;
      p[F.NW_DST] = 0;
    }
    packets.push(p);
  }
  return packets;
}

/**
 * The conntrack answers for packets of the networkpolicy pipeline (ofproto/trace's `--ct-next`,
 * one per recirculation), seeded: a share `share` of the packets belong to an established
 * connection, are its replies (`+rpl`: table 30 sends them through ct(nat) to table 70, table 80
 * admits them whatever the policies say — reference §5), related, or invalid; the others get the
 * default `+trk+new`. The same state answers every recirculation of a packet, as the conntrack
 * entry of one connection would.
 */
export function generateCtNext(count: number, seed: number, share = 0.5): (number[] | undefined)[] {
  const r = rng(seed ^ 0x5eed);
  const states = [
    CT.trk | CT.est,
    CT.trk | CT.est | CT.rpl,
    CT.trk | CT.est | CT.rpl,
    CT.trk | CT.rel,
    CT.trk | CT.rel | CT.rpl,
    CT.trk | CT.inv,
  ];
  return Array.from({ length: count }, () => {
    if (r() >= share) return undefined;
    const s = states[Math.floor(r() * states.length)]!;
    return [s, s, s];
  });
}
