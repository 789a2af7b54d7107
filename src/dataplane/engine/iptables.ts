/**
 * iptables chain evaluation for one packet (iptables-extensions(8) semantics for the matches and
 * targets openshift-sdn and kube-proxy write, pipeline reference §7.3 and §8): the one iptables
 * evaluator of sdn-doctor. The simulator follows every `-m statistic` branch (39.11: KUBE-SVC →
 * KUBE-SEP DNAT, each branch with its own packet and steps); the checks
 * (src/checks/lib/iptables.ts) take the first match (`fork: false`) and read the deciding rule,
 * the matched path and the rules that could not be decided.
 */
import type { IptablesRule, IptablesTable } from '../../model/types.js';
import { msg, type Msg } from '../../i18n/message.js';
import { applyMark, ruleMatches, type MatchContext } from './iptables-match.js';
import { formatIp, parseIp } from '../../net/ipv4.js';
import { F, type Packet, clonePacket } from './packet.js';
import { prose, type Step } from './types.js';

export { ruleMatches, UNKNOWN_PORT, type MatchContext } from './iptables-match.js';

export type IptablesVerdict = 'ACCEPT' | 'DROP' | 'REJECT';

export interface IptablesBranch {
  readonly packet: Packet;
  readonly verdict: IptablesVerdict;
  readonly steps: readonly Step[];
  /** The DROP/REJECT rule (iptables-save line) when denied. */
  readonly rule?: string;
  /** The deciding target (ACCEPT, DROP, DNAT, MASQUERADE, …) or the built-in chain's policy. */
  readonly target: string;
  /** The rule whose target decided; absent when the policy did (or the walk was cut short). */
  readonly decidedBy?: IptablesRule;
  /** True when the built-in chain's policy decided. */
  readonly byPolicy: boolean;
  /** With `collect`: every rule that matched on the way, in order (jumps, marks, the decider). */
  readonly path?: readonly IptablesRule[];
  /** With `collect`: rules skipped because their match could not be decided for this packet. */
  readonly uncertain?: readonly IptablesRule[];
}

/** What a walk knows besides the packet (see {@link MatchContext}). */
export type IptablesContext = MatchContext;

export interface WalkOptions {
  /** Build step texts (default true; the matrix turns it off). */
  readonly record?: boolean;
  /** Follow both outcomes of `-m statistic` (default true); false = first match, like the checks. */
  readonly fork?: boolean;
  /** Collect `path` and `uncertain` (default false). */
  readonly collect?: boolean;
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
/** Terminating targets whose packet goes on (nat rewrites, queues to user space). */
const ACCEPTING_TARGETS = new Set(['ACCEPT', 'DNAT', 'SNAT', 'MASQUERADE', 'REDIRECT', 'QUEUE', 'NFQUEUE']);
const MAX_BRANCHES = 256;
const MAX_DEPTH = 32;

type Chains = Map<string, IptablesRule[]>;

/** Rules and policies of one table, by chain, in order. */
export interface IndexedTable {
  readonly name: string;
  readonly chains: Chains;
  readonly policies: ReadonlyMap<string, string>;
}

const INDEXED = new WeakMap<IptablesTable, IndexedTable>();

/** One table indexed by chain (cached per parsed table: kube-proxy's nat has thousands of rules). */
export function indexTable(t: IptablesTable): IndexedTable {
  let out = INDEXED.get(t);
  if (out) return out;
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
  out = { name: t.name, chains, policies };
  INDEXED.set(t, out);
  return out;
}

export function indexIptables(tables: readonly IptablesTable[]): Map<string, IndexedTable> {
  return new Map(tables.map((t) => [t.name, indexTable(t)]));
}

function argAfter(args: readonly string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

function targetText(r: IptablesRule): string {
  return [r.jump ? `-j ${r.jump}` : r.goto ? `-g ${r.goto}` : '', ...r.targetArgs].filter(Boolean).join(' ');
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
  path: IptablesRule[];
  uncertain: IptablesRule[];
}

/** One walk's fixed inputs and its results (no per-call closures: the matrix walks millions). */
interface Walk {
  readonly table: IndexedTable;
  readonly chain: string;
  readonly ctx: IptablesContext;
  readonly record: boolean;
  readonly fork: boolean;
  readonly collect: boolean;
  readonly results: IptablesBranch[];
}

function addStep(
  w: Walk,
  frame: Frame,
  chainName: string,
  r: IptablesRule | undefined,
  action: string | Msg,
): void {
  frame.steps.push({
    kind: 'iptables',
    table: `${w.table.name}/${chainName}`,
    ...(r ? { rule: r.raw } : {}),
    ...(typeof action === 'string' ? { action } : prose(action)),
  });
}

function finish(
  w: Walk,
  frame: Frame,
  verdict: IptablesVerdict,
  target: string,
  r: IptablesRule | undefined,
  byPolicy: boolean,
  rule?: string,
): void {
  w.results.push({
    packet: frame.packet,
    verdict,
    steps: frame.steps,
    target,
    byPolicy,
    ...(r ? { decidedBy: r } : {}),
    ...(rule !== undefined ? { rule } : {}),
    ...(w.collect ? { path: frame.path, uncertain: frame.uncertain } : {}),
  });
}

/** Walks `chainName` from rule `from`; on fall-through or RETURN resumes the caller (`stack`). */
function walkFrom(
  w: Walk,
  chainName: string,
  from: number,
  frame: Frame,
  depth: number,
  stack: [string, number][],
): void {
  if (w.results.length >= MAX_BRANCHES) return;
  const rules = w.table.chains.get(chainName) ?? [];
  for (let i = from; i < rules.length; i++) {
    const r = rules[i]!;
    const m = ruleMatches(r, frame.packet, w.ctx);
    if (m === undefined) {
      if (w.collect) frame.uncertain.push(r);
      if (w.record)
        frame.steps.push({
          kind: 'note',
          table: `${w.table.name}/${chainName}`,
          rule: r.raw,
          ...prose(
            msg(
              `match not decidable here (${r.modules.join(',') || 'ports, marks or address types'}); rule assumed not to match`,
              `ここでは判定できないマッチ（${r.modules.join(',') || 'ポート、マーク、アドレス種別'}）: ルールは一致しないとみなします`,
            ),
          ),
        });
      continue;
    }
    if (!m) continue;
    if (w.fork && r.probability !== undefined && r.probability < 1) {
      // Fork: this branch takes the rule; a copy goes on as if the coin said no.
      const other: Frame = {
        packet: clonePacket(frame.packet),
        steps: [...frame.steps],
        path: [...frame.path],
        uncertain: [...frame.uncertain],
      };
      if (w.record)
        addStep(
          w,
          other,
          chainName,
          r,
          msg(
            `statistic: not taken (probability ${r.probability})`,
            `statistic: 選ばれない側（確率 ${r.probability}）`,
          ),
        );
      walkFrom(
        w,
        chainName,
        i + 1,
        other,
        depth,
        stack.map((s) => [...s] as [string, number]),
      );
    }
    const target = r.jump ?? r.goto;
    if (target === undefined) continue;
    if (w.collect) frame.path.push(r);
    switch (target) {
      case 'DROP':
      case 'REJECT':
        if (w.record) addStep(w, frame, chainName, r, targetText(r));
        return finish(w, frame, target, target, r, false, r.raw);
      case 'RETURN':
        if (w.record) addStep(w, frame, chainName, r, 'RETURN');
        return resume(w, frame, depth, stack);
      case 'DNAT':
      case 'SNAT': {
        const dnat = target === 'DNAT';
        const to = natTarget(
          dnat
            ? (r.toDestination ?? argAfter(r.targetArgs, '--to-destination'))
            : (r.toSource ?? argAfter(r.targetArgs, '--to-source')),
        );
        if (to.ip !== undefined) frame.packet[dnat ? F.NW_DST : F.NW_SRC] = to.ip;
        if (to.port !== undefined) frame.packet[dnat ? F.TP_DST : F.TP_SRC] = to.port;
        if (w.record)
          addStep(
            w,
            frame,
            chainName,
            r,
            `${targetText(r)} → ${formatIp(frame.packet[dnat ? F.NW_DST : F.NW_SRC]!)}`,
          );
        return finish(w, frame, 'ACCEPT', target, r, false);
      }
      case 'MASQUERADE': {
        const addr = w.ctx.outDev ? w.ctx.addressOf(w.ctx.outDev) : undefined;
        if (addr !== undefined) frame.packet[F.NW_SRC] = addr;
        if (w.record)
          addStep(
            w,
            frame,
            chainName,
            r,
            addr !== undefined
              ? `MASQUERADE → ${formatIp(addr)}`
              : msg(
                  'MASQUERADE → (address of the outgoing device unknown)',
                  'MASQUERADE → （出力デバイスのアドレス不明）',
                ),
          );
        return finish(w, frame, 'ACCEPT', target, r, false);
      }
      case 'MARK':
        frame.packet[F.PKT_MARK] = applyMark(frame.packet[F.PKT_MARK]!, r.targetArgs);
        if (w.record)
          addStep(
            w,
            frame,
            chainName,
            r,
            msg(
              `${targetText(r)} (mark now 0x${frame.packet[F.PKT_MARK]!.toString(16)})`,
              `${targetText(r)}（マークは 0x${frame.packet[F.PKT_MARK]!.toString(16)}）`,
            ),
          );
        continue;
      default:
        if (ACCEPTING_TARGETS.has(target)) {
          if (w.record) addStep(w, frame, chainName, r, targetText(r) || target);
          return finish(w, frame, 'ACCEPT', target, r, false);
        }
        if (CONTINUE_TARGETS.has(target)) continue;
        if (BUILTIN.has(target) || !w.table.chains.has(target)) {
          if (w.record)
            addStep(
              w,
              frame,
              chainName,
              r,
              msg(`${target}: target not simulated, ignored`, `${target}: 未対応のターゲットのため無視`),
            );
          continue;
        }
        if (depth >= MAX_DEPTH) {
          if (w.record)
            addStep(
              w,
              frame,
              chainName,
              r,
              msg('chain nesting too deep: stopped', 'チェーンの入れ子が深すぎるため停止'),
            );
          return finish(w, frame, 'ACCEPT', 'ACCEPT', undefined, false);
        }
        if (w.record) addStep(w, frame, chainName, r, r.goto ? `goto ${target}` : `jump ${target}`);
        // -g does not come back here: the caller's caller resumes on RETURN.
        return walkFrom(w, target, 0, frame, depth + 1, r.goto ? stack : [...stack, [chainName, i + 1]]);
    }
  }
  resume(w, frame, depth, stack);
}

function resume(w: Walk, frame: Frame, depth: number, stack: [string, number][]): void {
  const top = stack[stack.length - 1];
  if (top) return walkFrom(w, top[0], top[1], frame, depth - 1, stack.slice(0, -1));
  // Fell off the built-in chain: its policy decides (ACCEPT unless the dump says otherwise).
  const declared = w.table.policies.get(w.chain);
  const policy = declared && declared !== '-' ? declared : 'ACCEPT';
  if (w.record)
    frame.steps.push({ kind: 'iptables', table: `${w.table.name}/${w.chain}`, action: `policy ${policy}` });
  const denied = policy === 'DROP' || policy === 'REJECT';
  finish(
    w,
    frame,
    denied ? 'DROP' : 'ACCEPT',
    policy,
    undefined,
    true,
    denied ? `:${w.chain} ${policy}` : undefined,
  );
}

/** Walks one chain of one indexed table (built-in chains start a walk; others are walked too). */
export function walkTable(
  table: IndexedTable,
  chain: string,
  input: Packet,
  ctx: IptablesContext,
  options: WalkOptions = {},
): IptablesBranch[] {
  const w: Walk = {
    table,
    chain,
    ctx,
    record: options.record ?? true,
    fork: options.fork ?? true,
    collect: options.collect ?? false,
    results: [],
  };
  walkFrom(w, chain, 0, { packet: clonePacket(input), steps: [], path: [], uncertain: [] }, 0, []);
  return w.results;
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
  options: WalkOptions = {},
): IptablesBranch[] {
  const table = tables.get(tableName);
  if (!table || !BUILTIN.has(chain))
    return [{ packet: clonePacket(input), verdict: 'ACCEPT', steps: [], target: 'ACCEPT', byPolicy: false }];
  return walkTable(table, chain, input, ctx, options);
}
