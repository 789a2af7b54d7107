/**
 * iptables chain walking (39.7.4.1, 39.11): a first-match evaluator over one table of an
 * `iptables-save`, for one concrete packet. Rules whose matches cannot be decided from the packet
 * (unknown modules, source ports, ipsets) are skipped and listed as `uncertain`, so a verdict never
 * rests on a guess about them.
 */
import type { IptablesRule, IptablesTable } from '../../model/types.js';
import { cidrContains } from './cidr.js';

export type ChainDecl = IptablesTable['chains'][number];

/** A packet as a chain sees it. Conntrack state defaults to NEW, mark to 0. */
export interface Packet {
  readonly src: string;
  readonly dst: string;
  readonly proto: 'tcp' | 'udp' | 'icmp';
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

const BUILTIN = new Set(['INPUT', 'OUTPUT', 'FORWARD', 'PREROUTING', 'POSTROUTING']);
const TERMINAL = new Set([
  'ACCEPT',
  'DROP',
  'REJECT',
  'MASQUERADE',
  'SNAT',
  'DNAT',
  'REDIRECT',
  'NOTRACK',
  'QUEUE',
  'NFQUEUE',
]);
/** Match modules whose options the evaluator understands (others make a rule uncertain). */
const KNOWN_MODULES = new Set([
  'tcp',
  'udp',
  'icmp',
  'comment',
  'conntrack',
  'state',
  'mark',
  'statistic',
  'addrtype',
  'multiport',
]);

/** The table called `name` (`filter`, `nat`), if it was saved. */
export function tableNamed(tables: readonly IptablesTable[], name: string): IptablesTable | undefined {
  return tables.find((t) => t.name === name);
}

/** Rules by chain, built once per table: kube-proxy's nat table has tens of thousands of rules. */
const BY_CHAIN = new WeakMap<IptablesTable, Map<string, IptablesRule[]>>();

/** Rules of one chain in order. */
export function rulesOf(table: IptablesTable, chain: string): readonly IptablesRule[] {
  let index = BY_CHAIN.get(table);
  if (!index) {
    index = new Map();
    for (const r of table.rules) {
      const list = index.get(r.chain);
      if (list) list.push(r);
      else index.set(r.chain, [r]);
    }
    BY_CHAIN.set(table, index);
  }
  return index.get(chain) ?? [];
}

const DECLS = new WeakMap<IptablesTable, Map<string, ChainDecl>>();

export function chainDecl(table: IptablesTable, chain: string): ChainDecl | undefined {
  let index = DECLS.get(table);
  if (!index) {
    index = new Map(table.chains.map((c) => [c.name, c]));
    DECLS.set(table, index);
  }
  return index.get(chain);
}

/** True when the chain is declared or has rules. */
export function chainExists(table: IptablesTable, chain: string): boolean {
  return !!chainDecl(table, chain) || rulesOf(table, chain).length > 0;
}

/** Target of a rule: `-j X` or `-g X`. */
export function targetOf(r: IptablesRule): string | undefined {
  return r.jump ?? r.goto;
}

/** Walks `chain` of `table` with `pkt`, first match wins (iptables semantics). */
export function walkChain(table: IptablesTable, chain: string, pkt: Packet): WalkResult {
  const path: IptablesRule[] = [];
  const uncertain: IptablesRule[] = [];
  const state = { mark: pkt.mark ?? 0 };
  const res = walk(table, chain, pkt, state, path, uncertain, 0);
  if (res.kind === 'terminal') return { verdict: res.verdict, rule: res.rule, path, uncertain };
  const decl = chainDecl(table, chain);
  const policy = decl && decl.policy !== '-' ? decl.policy : 'ACCEPT';
  return decl ? { verdict: policy, policy: decl, path, uncertain } : { verdict: policy, path, uncertain };
}

type Step = { kind: 'terminal'; verdict: string; rule: IptablesRule } | { kind: 'return' };

function walk(
  table: IptablesTable,
  chain: string,
  pkt: Packet,
  state: { mark: number },
  path: IptablesRule[],
  uncertain: IptablesRule[],
  depth: number,
): Step {
  if (depth > 32) return { kind: 'return' }; // a loop in user chains: iptables refuses those anyway
  for (const r of rulesOf(table, chain)) {
    const m = matches(r, pkt, state.mark);
    if (m === undefined) {
      uncertain.push(r);
      continue;
    }
    if (!m) continue;
    const target = targetOf(r);
    if (!target) continue;
    path.push(r);
    if (TERMINAL.has(target)) return { kind: 'terminal', verdict: target, rule: r };
    if (target === 'RETURN') return { kind: 'return' };
    if (target === 'MARK') {
      state.mark = applyMark(state.mark, r.targetArgs);
      continue;
    }
    if (!BUILTIN.has(target) && chainExists(table, target)) {
      const sub = walk(table, target, pkt, state, path, uncertain, depth + 1);
      if (sub.kind === 'terminal') return sub;
      // -g: falling off the end of the goto'd chain returns from this chain too.
      if (r.goto) return { kind: 'return' };
    }
    // LOG, CONNMARK, … and jumps to undeclared chains: not terminating.
  }
  return { kind: 'return' };
}

/** true / false, or undefined when the rule's match cannot be decided for this packet. */
export function matches(r: IptablesRule, pkt: Packet, mark: number): boolean | undefined {
  if (r.modules.some((m) => !KNOWN_MODULES.has(m))) return undefined;
  if (r.sport !== undefined) return undefined;
  if (r.source && cidrContains(r.source, pkt.src) === !!r.sourceNegated) return false;
  if (r.destination && cidrContains(r.destination, pkt.dst) === !!r.destinationNegated) return false;
  if (r.protocol && r.protocol !== 'all' && (r.protocol === pkt.proto) === !!r.protocolNegated) return false;
  if (r.inInterface && !ifaceMatches(r.inInterface, pkt.in)) return false;
  if (r.outInterface && !ifaceMatches(r.outInterface, pkt.out)) return false;
  if (r.dport !== undefined) {
    if (pkt.dport === undefined) return undefined;
    if (!portMatches(r.dport, pkt.dport)) return false;
  }
  if (r.mark !== undefined) {
    const mm = markMatches(r.mark, mark);
    if (mm === undefined) return undefined;
    if (mm === !!r.markNegated) return false;
  }
  if (r.ctstate !== undefined) {
    const neg = r.ctstate.startsWith('!');
    const states = r.ctstate.replace(/^!/, '').split(',');
    if (states.includes(pkt.ctstate ?? 'NEW') === neg) return false;
  }
  if (r.dstType !== undefined) {
    if (r.dstType !== 'LOCAL' || pkt.dstLocal === undefined) return undefined;
    if (!pkt.dstLocal) return false;
  }
  return true;
}

function ifaceMatches(spec: string, name: string | undefined): boolean {
  const neg = spec.startsWith('!');
  const pattern = spec.replace(/^!/, '');
  const hit =
    name !== undefined && (pattern.endsWith('+') ? name.startsWith(pattern.slice(0, -1)) : name === pattern);
  return hit !== neg;
}

/** `80`, `!80`, `1000:2000`, `80,443,8000:8080` (multiport). */
function portMatches(spec: string, port: number): boolean {
  const neg = spec.startsWith('!');
  const hit = spec
    .replace(/^!/, '')
    .split(',')
    .some((part) => {
      const [lo, hi] = part.split(':');
      const a = lo ? Number(lo) : 0;
      const b = hi === undefined ? a : hi ? Number(hi) : 65535;
      return port >= a && port <= b;
    });
  return hit !== neg;
}

function parseNum(s: string): number | undefined {
  const n = Number(s);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

/** `--mark V[/M]`: (mark & M) == V. */
function markMatches(spec: string, mark: number): boolean | undefined {
  const [v, m] = spec.split('/');
  const value = parseNum(v ?? '');
  const mask = m === undefined ? 0xffffffff : parseNum(m);
  if (value === undefined || mask === undefined) return undefined;
  return (mark & mask) >>> 0 === value >>> 0;
}

/** MARK target: `--set-xmark V/M`, `--set-mark V[/M]`, `--or-mark V`, `--xor-mark V`, `--and-mark V`. */
function applyMark(mark: number, args: readonly string[]): number {
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
