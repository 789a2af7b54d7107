/**
 * iptables nat/filter evaluation for one new connection (iptables-extensions(8) semantics for the
 * matches and targets openshift-sdn and kube-proxy write, pipeline reference §7.3 and §8).
 * `-m statistic` rules fork the evaluation: every endpoint of a service is followed (39.11:
 * KUBE-SVC → KUBE-SEP DNAT), and each branch is returned with its own packet and steps.
 */
import type { IptablesRule, IptablesTable } from '../model/types.js';
import { formatIp, inCidr, parseCidr, parseIp } from './ipv4.js';
import { F, type Packet, PROTO_ICMP, PROTO_TCP, PROTO_UDP, clonePacket } from './packet.js';
import type { Step } from './types.js';

export type IptablesVerdict = 'ACCEPT' | 'DROP' | 'REJECT';

export interface IptablesBranch {
  readonly packet: Packet;
  readonly verdict: IptablesVerdict;
  readonly steps: readonly Step[];
  /** The DROP/REJECT rule (iptables-save line) when denied. */
  readonly rule?: string;
}

export interface IptablesContext {
  readonly inDev?: string;
  readonly outDev?: string;
  /** Is this address one of the node's own (for `-m addrtype --dst-type LOCAL`)? */
  isLocal(ip: number): boolean;
  /** Primary address of a device, for MASQUERADE. */
  addressOf(dev: string): number | undefined;
}

const BUILTIN = new Set(['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING']);
const CONTINUE_TARGETS = new Set([
  'LOG',
  'NOTRACK',
  'CT',
  'CONNMARK',
  'TRACE',
  'NFLOG',
  'CHECKSUM',
  'TCPMSS',
]);
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
const MAX_BRANCHES = 256;
const MAX_DEPTH = 32;

const PROTO_NUMBERS: Readonly<Record<string, number>> = {
  tcp: PROTO_TCP,
  udp: PROTO_UDP,
  icmp: PROTO_ICMP,
  sctp: 132,
};

type Chains = Map<string, IptablesRule[]>;

/** Rules and policies of one table, by chain, in order. */
export interface IndexedTable {
  readonly chains: Chains;
  readonly policies: ReadonlyMap<string, string>;
}

export function indexIptables(tables: readonly IptablesTable[]): Map<string, IndexedTable> {
  const out = new Map<string, IndexedTable>();
  for (const t of tables) {
    const chains: Chains = new Map();
    const policies = new Map<string, string>();
    for (const c of t.chains) {
      policies.set(c.name, c.policy);
      if (!chains.has(c.name)) chains.set(c.name, []);
    }
    for (const r of t.rules) {
      let list = chains.get(r.chain);
      if (!list) chains.set(r.chain, (list = []));
      list.push(r);
    }
    out.set(t.name, { chains, policies });
  }
  return out;
}

function argAfter(args: readonly string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

function negatedBefore(args: readonly string[], flag: string): boolean {
  const i = args.indexOf(flag);
  return i > 0 && args[i - 1] === '!';
}

function ifaceMatches(pattern: string, dev: string | undefined): boolean {
  if (dev === undefined) return false;
  return pattern.endsWith('+') ? dev.startsWith(pattern.slice(0, -1)) : dev === pattern;
}

function portMatches(spec: string, port: number): boolean {
  return spec.split(',').some((part) => {
    const [a, b] = part.split(':');
    const lo = a === '' || a === undefined ? 0 : Number(a);
    const hi = b === undefined ? lo : b === '' ? 65535 : Number(b);
    return port >= lo && port <= hi;
  });
}

function addrMatches(spec: string, ip: number): boolean {
  return spec.split(',').some((s) => {
    const c = parseCidr(s);
    return c !== undefined && inCidr(ip, c);
  });
}

function markMatches(spec: string, mark: number): boolean {
  const [v, m] = spec.split('/');
  const value = Number(v);
  const mask = m === undefined ? 0xffffffff : Number(m);
  return (mark & mask) >>> 0 === (value & mask) >>> 0;
}

/** Does the rule's match part hold? `undefined` = it uses a match we do not simulate. */
function ruleMatches(r: IptablesRule, p: Packet, ctx: IptablesContext): boolean | undefined {
  if (r.source !== undefined && addrMatches(r.source, p[F.NW_SRC]!) === !!r.sourceNegated) return false;
  if (r.destination !== undefined && addrMatches(r.destination, p[F.NW_DST]!) === !!r.destinationNegated)
    return false;
  if (r.protocol !== undefined && r.protocol !== 'all') {
    const n = PROTO_NUMBERS[r.protocol] ?? Number(r.protocol);
    if ((p[F.NW_PROTO] === n) === !!r.protocolNegated) return false;
  }
  if (r.inInterface !== undefined && ifaceMatches(r.inInterface, ctx.inDev) === negatedBefore(r.args, '-i'))
    return false;
  if (
    r.outInterface !== undefined &&
    ifaceMatches(r.outInterface, ctx.outDev) === negatedBefore(r.args, '-o')
  )
    return false;
  const dports = r.dport ?? argAfter(r.args, '--dports');
  if (dports !== undefined && portMatches(dports, p[F.TP_DST]!) === negatedBefore(r.args, '--dport'))
    return false;
  const sports = r.sport ?? argAfter(r.args, '--sports');
  if (sports !== undefined && !portMatches(sports, p[F.TP_SRC]!)) return false;
  if (r.mark !== undefined && markMatches(r.mark, p[F.PKT_MARK]!) === !!r.markNegated) return false;
  if (r.ctstate !== undefined) {
    // A traced packet opens a new connection (ct_state NEW, never ESTABLISHED/INVALID).
    const states = r.ctstate.split(',');
    const negated = negatedBefore(r.args, '--ctstate') || negatedBefore(r.args, '--state');
    if (states.includes('NEW') === negated) return false;
  }
  if (r.dstType !== undefined) {
    const local = ctx.isLocal(p[F.NW_DST]!);
    if ((r.dstType === 'LOCAL') !== local) return false;
  }
  for (const m of r.modules) if (!HANDLED_MODULES.has(m)) return undefined;
  return true;
}

function targetText(r: IptablesRule): string {
  return [r.jump ? `-j ${r.jump}` : r.goto ? `-g ${r.goto}` : '', ...r.targetArgs].filter(Boolean).join(' ');
}

function applyMark(r: IptablesRule, p: Packet): void {
  const a = r.targetArgs;
  const xmark = argAfter(a, '--set-xmark');
  const setMark = argAfter(a, '--set-mark');
  const orMark = argAfter(a, '--or-mark');
  const andMark = argAfter(a, '--and-mark');
  const mark = p[F.PKT_MARK]!;
  if (xmark ?? setMark) {
    const [v, m] = (xmark ?? setMark)!.split('/');
    const value = Number(v);
    const mask = m === undefined ? 0xffffffff : Number(m);
    p[F.PKT_MARK] = (((mark & ~mask) >>> 0) ^ value) >>> 0;
  } else if (orMark) p[F.PKT_MARK] = (mark | Number(orMark)) >>> 0;
  else if (andMark) p[F.PKT_MARK] = (mark & Number(andMark)) >>> 0;
}

/** `10.128.0.5:8080`, `10.128.0.5`, `10.128.0.5-10.128.0.9:80` (first address taken). */
function natTarget(spec: string | undefined): { ip?: number; port?: number } {
  if (!spec) return {};
  const [addr, port] = spec.split(':');
  const ip = addr ? parseIp(addr.split('-')[0]!) : undefined;
  return { ...(ip !== undefined ? { ip } : {}), ...(port ? { port: Number(port.split('-')[0]) } : {}) };
}

interface Frame {
  packet: Packet;
  steps: Step[];
}

/**
 * Runs a built-in chain of a table. Returns one branch per `statistic` alternative. A table that
 * was not collected yields ACCEPT with no steps (callers decide whether that is acceptable).
 */
export function runChain(
  tables: ReadonlyMap<string, IndexedTable>,
  tableName: string,
  chain: string,
  input: Packet,
  ctx: IptablesContext,
): IptablesBranch[] {
  const table = tables.get(tableName);
  if (!table) return [{ packet: clonePacket(input), verdict: 'ACCEPT', steps: [] }];
  const results: IptablesBranch[] = [];
  const addStep = (frame: Frame, chainName: string, r: IptablesRule, action: string): void => {
    frame.steps.push({ kind: 'iptables', table: `${tableName}/${chainName}`, rule: r.raw, action });
  };

  // Walks `chainName` from rule `from`; returns 'return' when the chain falls through or RETURNs.
  const walk = (
    chainName: string,
    from: number,
    frame: Frame,
    depth: number,
    stack: [string, number][],
  ): void => {
    if (results.length >= MAX_BRANCHES) return;
    const rules = table.chains.get(chainName) ?? [];
    for (let i = from; i < rules.length; i++) {
      const r = rules[i]!;
      const m = ruleMatches(r, frame.packet, ctx);
      if (m === undefined) {
        frame.steps.push({
          kind: 'note',
          table: `${tableName}/${chainName}`,
          rule: r.raw,
          action: `match module not simulated (${r.modules.join(',')}); rule assumed not to match`,
        });
        continue;
      }
      if (!m) continue;
      const step = (action: string): void => addStep(frame, chainName, r, action);
      if (r.probability !== undefined && r.probability < 1) {
        // Fork: this branch takes the rule; a copy goes on as if the coin said no.
        const other: Frame = { packet: clonePacket(frame.packet), steps: [...frame.steps] };
        other.steps.push({
          kind: 'iptables',
          table: `${tableName}/${chainName}`,
          rule: r.raw,
          action: `statistic: not taken (probability ${r.probability})`,
        });
        walk(
          chainName,
          i + 1,
          other,
          depth,
          stack.map((s) => [...s] as [string, number]),
        );
      }
      const target = r.jump ?? r.goto;
      if (target === undefined) continue;
      switch (target) {
        case 'ACCEPT':
          step('ACCEPT');
          results.push({ packet: frame.packet, verdict: 'ACCEPT', steps: frame.steps });
          return;
        case 'DROP':
        case 'REJECT':
          step(targetText(r));
          results.push({ packet: frame.packet, verdict: target, steps: frame.steps, rule: r.raw });
          return;
        case 'RETURN':
          step('RETURN');
          return resume(frame, depth, stack);
        case 'DNAT':
        case 'SNAT': {
          const to = natTarget(
            target === 'DNAT'
              ? (r.toDestination ?? argAfter(r.targetArgs, '--to-destination'))
              : (r.toSource ?? argAfter(r.targetArgs, '--to-source')),
          );
          if (to.ip !== undefined) frame.packet[target === 'DNAT' ? F.NW_DST : F.NW_SRC] = to.ip;
          if (to.port !== undefined) frame.packet[target === 'DNAT' ? F.TP_DST : F.TP_SRC] = to.port;
          step(`${targetText(r)} → ${formatIp(frame.packet[target === 'DNAT' ? F.NW_DST : F.NW_SRC]!)}`);
          results.push({ packet: frame.packet, verdict: 'ACCEPT', steps: frame.steps });
          return;
        }
        case 'MASQUERADE': {
          const addr = ctx.outDev ? ctx.addressOf(ctx.outDev) : undefined;
          if (addr !== undefined) frame.packet[F.NW_SRC] = addr;
          step(
            `MASQUERADE → ${addr !== undefined ? formatIp(addr) : '(address of the outgoing device unknown)'}`,
          );
          results.push({ packet: frame.packet, verdict: 'ACCEPT', steps: frame.steps });
          return;
        }
        case 'MARK':
          applyMark(r, frame.packet);
          step(`${targetText(r)} (mark now 0x${frame.packet[F.PKT_MARK]!.toString(16)})`);
          continue;
        default:
          if (CONTINUE_TARGETS.has(target)) continue;
          if (!table.chains.has(target)) {
            step(`${target}: target not simulated, ignored`);
            continue;
          }
          if (depth >= MAX_DEPTH) {
            step('chain nesting too deep: stopped');
            results.push({ packet: frame.packet, verdict: 'ACCEPT', steps: frame.steps });
            return;
          }
          step(r.goto ? `goto ${target}` : `jump ${target}`);
          // -g does not come back here: the caller's caller resumes on RETURN.
          walk(target, 0, frame, depth + 1, r.goto ? stack : [...stack, [chainName, i + 1]]);
          return;
      }
    }
    resume(frame, depth, stack);
  };

  const resume = (frame: Frame, depth: number, stack: [string, number][]): void => {
    const top = stack[stack.length - 1];
    if (top) {
      walk(top[0], top[1], frame, depth - 1, stack.slice(0, -1));
      return;
    }
    // Fell off the built-in chain: its policy decides (ACCEPT unless the dump says otherwise).
    const policy = table.policies.get(chain) ?? 'ACCEPT';
    frame.steps.push({ kind: 'iptables', table: `${tableName}/${chain}`, action: `policy ${policy}` });
    results.push({
      packet: frame.packet,
      verdict: policy === 'DROP' ? 'DROP' : 'ACCEPT',
      steps: frame.steps,
      ...(policy === 'DROP' ? { rule: `:${chain} DROP` } : {}),
    });
  };

  if (!BUILTIN.has(chain)) return [{ packet: clonePacket(input), verdict: 'ACCEPT', steps: [] }];
  walk(chain, 0, { packet: clonePacket(input), steps: [] }, 0, []);
  return results;
}
