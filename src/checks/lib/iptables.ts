/**
 * The checks' view of iptables (39.7.4.1, 39.11): a first-match walk over one table of an
 * `iptables-save`, for one concrete packet. A thin adapter over the one iptables evaluator,
 * src/dataplane/engine/iptables.ts (the simulator uses the same matcher and walker). Rules whose matches
 * cannot be decided from the packet (unknown modules, source ports, ipsets) are skipped and listed
 * as `uncertain`, so a verdict never rests on a guess about them.
 */
import type { IptablesRule, IptablesTable } from '../../model/types.js';
import { indexTable, UNKNOWN_PORT, walkTable } from '../../dataplane/engine/iptables.js';
import { parseIp } from '../../net/ipv4.js';
import {
  ETH_IP,
  F,
  newPacket,
  PROTO_ICMP,
  PROTO_TCP,
  PROTO_UDP,
  PROTO_VRRP,
} from '../../dataplane/engine/packet.js';

export type ChainDecl = IptablesTable['chains'][number];

/** A packet as a chain sees it. Conntrack state defaults to NEW, mark to 0. */
export interface Packet {
  readonly src: string;
  readonly dst: string;
  readonly proto: 'tcp' | 'udp' | 'icmp' | 'vrrp';
  readonly dport?: number;
  readonly in?: string;
  readonly out?: string;
  readonly mark?: number;
  readonly ctstate?: string;
  /** Destination is an address of this host (`-m addrtype --dst-type LOCAL`). */
  readonly dstLocal?: boolean;
}

export interface WalkResult {
  /** ACCEPT, DROP, REJECT, MASQUERADE, SNAT, DNAT, …; a built-in chain's policy when no rule decided. */
  readonly verdict: string;
  /** The rule that decided; absent when the policy did. */
  readonly rule?: IptablesRule;
  /** The chain declaration whose policy decided (built-in chains only). */
  readonly policy?: ChainDecl;
  /** Every rule that matched on the way, in order (jumps, returns, marks, the deciding rule). */
  readonly path: readonly IptablesRule[];
  /** Rules skipped because their match could not be decided for this packet. */
  readonly uncertain: readonly IptablesRule[];
}

const PROTO = { tcp: PROTO_TCP, udp: PROTO_UDP, icmp: PROTO_ICMP, vrrp: PROTO_VRRP } as const;

/** The table called `name` (`filter`, `nat`), if it was saved. */
export function tableNamed(tables: readonly IptablesTable[], name: string): IptablesTable | undefined {
  return tables.find((t) => t.name === name);
}

/** Rules of one chain in order. */
export function rulesOf(table: IptablesTable, chain: string): readonly IptablesRule[] {
  return indexTable(table).chains.get(chain) ?? [];
}

export function chainDecl(table: IptablesTable, chain: string): ChainDecl | undefined {
  return table.chains.find((c) => c.name === chain);
}

/** True when the chain is declared or has rules. */
export function chainExists(table: IptablesTable, chain: string): boolean {
  return indexTable(table).chains.has(chain);
}

/** Target of a rule: `-j X` or `-g X`. */
export function targetOf(r: IptablesRule): string | undefined {
  return r.jump ?? r.goto;
}

/** Walks `chain` of `table` with `pkt`, first match wins (iptables semantics). */
export function walkChain(table: IptablesTable, chain: string, pkt: Packet): WalkResult {
  const p = newPacket();
  p[F.DL_TYPE] = ETH_IP;
  p[F.NW_PROTO] = PROTO[pkt.proto];
  p[F.NW_SRC] = parseIp(pkt.src) ?? 0;
  p[F.NW_DST] = parseIp(pkt.dst) ?? 0;
  // The checks' packets carry no source port: rules on it are uncertain, never guessed.
  p[F.TP_SRC] = UNKNOWN_PORT;
  p[F.TP_DST] = pkt.dport ?? UNKNOWN_PORT;
  p[F.PKT_MARK] = pkt.mark ?? 0;
  const [b] = walkTable(
    indexTable(table),
    chain,
    p,
    {
      ...(pkt.in !== undefined ? { inDev: pkt.in } : {}),
      ...(pkt.out !== undefined ? { outDev: pkt.out } : {}),
      ctstate: pkt.ctstate ?? 'NEW',
      isLocal: () => pkt.dstLocal,
      addressOf: () => undefined,
    },
    { record: false, fork: false, collect: true },
  );
  const path = b?.path ?? [];
  const uncertain = b?.uncertain ?? [];
  if (b?.decidedBy) return { verdict: b.target, rule: b.decidedBy, path, uncertain };
  const decl = chainDecl(table, chain);
  const verdict = decl && decl.policy !== '-' ? decl.policy : 'ACCEPT';
  return decl ? { verdict, policy: decl, path, uncertain } : { verdict, path, uncertain };
}
