/**
 * The match part of one `iptables-save` rule, compiled once (CIDRs, ports, marks, negations) and
 * evaluated for a packet (iptables-extensions(8) semantics for what openshift-sdn and kube-proxy
 * write, pipeline reference §7.3 and §8). The only iptables matcher of sdn-doctor: the simulator's
 * chain walk and the checks' first-match walk (src/checks/lib/iptables.ts) both use it.
 * A match that cannot be decided for the packet (an unknown module, a port or mark the packet does
 * not carry, an address type other than LOCAL) answers `undefined`: callers skip the rule and say
 * so, never guess.
 */
import type { IptablesRule } from '../../model/types.js';
import { inCidr, parseCidr, type Cidr } from '../../net/ipv4.js';
import { F, type Packet, PROTO_ICMP, PROTO_TCP, PROTO_UDP, PROTO_VRRP } from './packet.js';

/** A port slot holding this value is unknown (the checks' packets have no source port). */
export const UNKNOWN_PORT = -1;

/** What a chain walk knows besides the packet. */
export interface MatchContext {
  readonly inDev?: string;
  readonly outDev?: string;
  /** Conntrack state of the packet (default NEW: a traced packet opens a connection). */
  readonly ctstate?: string;
  /** Is this address one of the node's own (`-m addrtype --dst-type LOCAL`)? undefined = unknown. */
  isLocal(ip: number): boolean | undefined;
  /** Primary address of a device, for MASQUERADE. */
  addressOf(dev: string): number | undefined;
}

const HANDLED_MODULES = new Set([
  'comment',
  'tcp',
  'udp',
  'icmp',
  'statistic',
  'mark',
  'conntrack',
  'state',
  'addrtype',
  'multiport',
]);

const PROTO_NUMBERS: Readonly<Record<string, number>> = {
  tcp: PROTO_TCP,
  udp: PROTO_UDP,
  icmp: PROTO_ICMP,
  sctp: 132,
  vrrp: PROTO_VRRP,
};

interface Negatable<T> {
  readonly value: T;
  readonly negated: boolean;
}

/** A rule's match part, parsed once (kube-proxy's nat table is walked millions of times). */
export interface CompiledRuleMatch {
  /** undefined: a CIDR that does not parse (the rule is undecidable). */
  readonly source?: Negatable<readonly Cidr[] | undefined>;
  readonly destination?: Negatable<readonly Cidr[] | undefined>;
  readonly protocol?: Negatable<number>;
  readonly inInterface?: Negatable<string>;
  readonly outInterface?: Negatable<string>;
  readonly dports?: Negatable<readonly (readonly [number, number])[]>;
  readonly sports?: Negatable<readonly (readonly [number, number])[]>;
  /** value/mask; undefined when the numbers do not parse. */
  readonly mark?: Negatable<readonly [number, number] | undefined>;
  readonly ctstates?: Negatable<readonly string[]>;
  readonly dstType?: Negatable<string>;
  /** A match module nobody here understands. */
  readonly unknownModule: boolean;
}

function negatedBefore(args: readonly string[], flag: string): boolean {
  const i = args.indexOf(flag);
  return i > 0 && args[i - 1] === '!';
}

function argAfter(args: readonly string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

/** The parser keeps some negations as a `!` prefix of the value, others as flags: accept both. */
function negatable<T>(
  spec: string,
  args: readonly string[],
  flags: readonly string[],
  parse: (s: string) => T,
): Negatable<T> {
  const prefixed = spec.startsWith('!');
  const text = prefixed ? spec.slice(1).trim() : spec;
  return { value: parse(text), negated: prefixed || flags.some((f) => negatedBefore(args, f)) };
}

function parseNum(s: string): number | undefined {
  const n = Number(s);
  return s !== '' && Number.isInteger(n) && n >= 0 ? n : undefined;
}

function cidrs(spec: string): readonly Cidr[] | undefined {
  const out: Cidr[] = [];
  for (const s of spec.split(',')) {
    const c = parseCidr(s.trim());
    if (!c) return undefined;
    out.push(c);
  }
  return out;
}

function portRanges(spec: string): readonly (readonly [number, number])[] {
  return spec.split(',').map((part) => {
    const [a, b] = part.split(':');
    const lo = a === '' || a === undefined ? 0 : Number(a);
    const hi = b === undefined ? lo : b === '' ? 65535 : Number(b);
    return [lo, hi] as const;
  });
}

function markSpec(spec: string): readonly [number, number] | undefined {
  const [v, m] = spec.split('/');
  const value = parseNum(v ?? '');
  const mask = m === undefined ? 0xffffffff : parseNum(m);
  return value === undefined || mask === undefined ? undefined : [value >>> 0, mask >>> 0];
}

const COMPILED = new WeakMap<IptablesRule, CompiledRuleMatch>();

/** The compiled match of a rule (cached per parsed rule object). */
export function compiledMatch(r: IptablesRule): CompiledRuleMatch {
  let c = COMPILED.get(r);
  if (c) return c;
  const a = r.args;
  const dports = r.dport ?? argAfter(a, '--dports');
  const sports = r.sport ?? argAfter(a, '--sports');
  c = {
    ...(r.source !== undefined
      ? { source: { ...negatable(r.source, a, [], cidrs), ...(r.sourceNegated ? { negated: true } : {}) } }
      : {}),
    ...(r.destination !== undefined
      ? {
          destination: {
            ...negatable(r.destination, a, [], cidrs),
            ...(r.destinationNegated ? { negated: true } : {}),
          },
        }
      : {}),
    ...(r.protocol !== undefined && r.protocol !== 'all'
      ? {
          protocol: {
            ...negatable(r.protocol, a, [], (p) => PROTO_NUMBERS[p] ?? Number(p)),
            ...(r.protocolNegated ? { negated: true } : {}),
          },
        }
      : {}),
    ...(r.inInterface !== undefined ? { inInterface: negatable(r.inInterface, a, ['-i'], (s) => s) } : {}),
    ...(r.outInterface !== undefined ? { outInterface: negatable(r.outInterface, a, ['-o'], (s) => s) } : {}),
    ...(dports !== undefined ? { dports: negatable(dports, a, ['--dport', '--dports'], portRanges) } : {}),
    ...(sports !== undefined ? { sports: negatable(sports, a, ['--sport', '--sports'], portRanges) } : {}),
    ...(r.mark !== undefined
      ? { mark: { ...negatable(r.mark, a, [], markSpec), ...(r.markNegated ? { negated: true } : {}) } }
      : {}),
    ...(r.ctstate !== undefined
      ? { ctstates: negatable(r.ctstate, a, ['--ctstate', '--state'], (s) => s.split(',')) }
      : {}),
    ...(r.dstType !== undefined ? { dstType: negatable(r.dstType, a, ['--dst-type'], (s) => s) } : {}),
    unknownModule: r.modules.some((m) => !HANDLED_MODULES.has(m)),
  };
  COMPILED.set(r, c);
  return c;
}

function ifaceMatches(pattern: string, dev: string | undefined): boolean {
  if (dev === undefined) return false;
  return pattern.endsWith('+') ? dev.startsWith(pattern.slice(0, -1)) : dev === pattern;
}

function inRanges(ranges: readonly (readonly [number, number])[], port: number): boolean {
  for (const [lo, hi] of ranges) if (port >= lo && port <= hi) return true;
  return false;
}

function inAny(list: readonly Cidr[], ip: number): boolean {
  for (const c of list) if (inCidr(ip, c)) return true;
  return false;
}

/**
 * Does the rule's match part hold for the packet? `undefined` when it cannot be decided (see the
 * file comment): the caller skips the rule and lists it as uncertain.
 */
export function ruleMatches(r: IptablesRule, p: Packet, ctx: MatchContext): boolean | undefined {
  const c = compiledMatch(r);
  if (c.unknownModule) return undefined;
  if (c.source) {
    if (!c.source.value) return undefined;
    if (inAny(c.source.value, p[F.NW_SRC]!) === c.source.negated) return false;
  }
  if (c.destination) {
    if (!c.destination.value) return undefined;
    if (inAny(c.destination.value, p[F.NW_DST]!) === c.destination.negated) return false;
  }
  if (c.protocol && (p[F.NW_PROTO] === c.protocol.value) === c.protocol.negated) return false;
  if (c.inInterface && ifaceMatches(c.inInterface.value, ctx.inDev) === c.inInterface.negated) return false;
  if (c.outInterface && ifaceMatches(c.outInterface.value, ctx.outDev) === c.outInterface.negated)
    return false;
  if (c.dports) {
    const port = p[F.TP_DST]!;
    if (port === UNKNOWN_PORT) return undefined;
    if (inRanges(c.dports.value, port) === c.dports.negated) return false;
  }
  if (c.sports) {
    const port = p[F.TP_SRC]!;
    if (port === UNKNOWN_PORT) return undefined;
    if (inRanges(c.sports.value, port) === c.sports.negated) return false;
  }
  if (c.mark) {
    if (!c.mark.value) return undefined;
    const [value, mask] = c.mark.value;
    if (((p[F.PKT_MARK]! & mask) >>> 0 === (value & mask) >>> 0) === c.mark.negated) return false;
  }
  if (c.ctstates && c.ctstates.value.includes(ctx.ctstate ?? 'NEW') === c.ctstates.negated) return false;
  if (c.dstType) {
    if (c.dstType.value !== 'LOCAL') return undefined;
    const local = ctx.isLocal(p[F.NW_DST]!);
    if (local === undefined) return undefined;
    if (local === c.dstType.negated) return false;
  }
  return true;
}

/** MARK target: `--set-xmark V/M`, `--set-mark V[/M]`, `--or-mark V`, `--xor-mark V`, `--and-mark V`. */
export function applyMark(mark: number, args: readonly string[]): number {
  const [opt, val] = args;
  const [v, m] = (val ?? '').split('/');
  const value = parseNum(v ?? '') ?? 0;
  const mask = m === undefined ? 0xffffffff : (parseNum(m) ?? 0xffffffff);
  switch (opt) {
    case '--set-xmark':
      return ((mark & ~mask) ^ value) >>> 0;
    case '--set-mark':
      return ((mark & ~mask) | value) >>> 0;
    case '--or-mark':
      return (mark | value) >>> 0;
    case '--xor-mark':
      return (mark ^ value) >>> 0;
    case '--and-mark':
      return (mark & value) >>> 0;
    default:
      return mark;
  }
}
