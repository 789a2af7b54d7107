/**
 * `iptables-save` (39.7.4.1: filter rules that drop pod, service or VXLAN traffic; 39.11: kube-proxy's
 * KUBE-SERVICES → KUBE-SVC → KUBE-SEP chains in nat). Reads iptables-legacy and iptables-nft output,
 * `iptables-save -c` counters, shell quoting, and `!` before an option (`! -s x`) or, as old
 * iptables wrote it, before its value (`-s ! x`). A table without `COMMIT` is kept with
 * `committed: false` (a truncated capture), so checks can refuse to conclude from it.
 */
import type {
  IptablesChainDecl,
  IptablesRuleRecord,
  IptablesTableRecord,
  ParseResult,
  ParseWarning,
} from './types.js';
import { msg, type Msg } from '../i18n/message.js';
import { lineWarning, splitLines } from './util/numbered-lines.js';
import { shellWords } from './util/shell-words.js';
import { iptablesListingForm } from './iptables-list.js';

type Mut<T> = { -readonly [K in keyof T]: T[K] };
type TableBuilder = Mut<IptablesTableRecord> & { chains: IptablesChainDecl[]; rules: IptablesRuleRecord[] };

/** Name given to rules found before any `*table` line (fragments pasted without their header). */
export const UNKNOWN_TABLE = '';

const CHAIN_DECL = /^:(\S+)\s+(\S+)(?:\s+\[(\d+):(\d+)\])?\s*$/;
const COUNTERS_PREFIX = /^\[\d+:\d+\]\s+/;
const TABLE_NAME = /^[a-z_]+$/;

/** Options that take two values (`--tcp-flags FIN,SYN,RST,ACK SYN`). */
const TWO_VALUE_OPTIONS = new Set(['--tcp-flags']);
/** Options this parser reads: their value is required (a missing one means a cut line). */
const VALUE_OPTIONS = new Set([
  '--dport',
  '--destination-port',
  '--dports',
  '--destination-ports',
  '--sport',
  '--source-port',
  '--sports',
  '--source-ports',
  '--comment',
  '--mark',
  '--probability',
  '--mode',
  '--ctstate',
  '--state',
  '--dst-type',
  '--src-type',
]);
/** Options that never take a value (iptables-extensions(8)); everything else not starting with `-` does. */
const FLAG_OPTIONS = new Set([
  '--syn',
  '--rcheck',
  '--set',
  '--update',
  '--remove',
  '--reap',
  '--rsource',
  '--rdest',
  '--random',
  '--random-fully',
  '--persistent',
  '--log-uid',
  '--log-tcp-sequence',
  '--log-tcp-options',
  '--log-ip-options',
  '--physdev-is-in',
  '--physdev-is-out',
  '--physdev-is-bridged',
  '--clamp-mss-to-pmtu',
  '--checksum-fill',
  '--notrack',
  '--fragment',
  '-f',
]);

/** Every `*table` block, with its chain declarations and rules in order. */
export function parseIptablesSave(text: string): ParseResult<IptablesTableRecord[]> {
  const tables: TableBuilder[] = [];
  const warnings: ParseWarning[] = [];
  let cur: TableBuilder | undefined;
  const lines = splitLines(text);
  // `iptables -L` text where iptables-save was expected (a sosreport's `iptables_-t_nat_-nvL`, a
  // paste): a listing drops the match options the checks read, so it is refused by name, never
  // read line by line into false "no such rule" findings.
  const listing = lines.some((l) => /^(\*|-A |:)/.test(l.trim())) ? undefined : iptablesListingForm(text);
  if (listing !== undefined) {
    const at = lines.findIndex((l) => l.trim() !== '');
    return {
      records: [],
      warnings: [
        lineWarning(
          at + 1,
          lines[at] ?? '',
          msg(
            `this is \`${listing}\` output (a rule listing), not iptables-save; it is not read (capture \`iptables-save\`)`,
            `これは \`${listing}\` の出力（ルール一覧）で iptables-save ではないため読み取りません（\`iptables-save\` を取得してください）`,
          ),
        ),
      ],
    };
  }

  const close = (): void => {
    if (cur && !cur.committed && cur.name !== UNKNOWN_TABLE) {
      warnings.push(
        lineWarning(
          cur.line,
          `*${cur.name}`,
          msg(
            `table "${cur.name}" has no COMMIT (truncated output?)`,
            `テーブル "${cur.name}" に COMMIT がありません（出力が途中で切れている可能性）`,
          ),
        ),
      );
    }
    cur = undefined;
  };

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    const line = i + 1;
    const t = raw.trim();
    const warn = (m: Msg): void => {
      warnings.push(lineWarning(line, raw, m));
    };
    if (!t || t.startsWith('#')) continue;
    if (t.startsWith('*')) {
      close();
      const name = t.slice(1);
      if (!TABLE_NAME.test(name)) {
        warn(msg('bad table name', 'テーブル名が不正です'));
        continue;
      }
      cur = { name, line, chains: [], rules: [], committed: false };
      tables.push(cur);
      continue;
    }
    if (t === 'COMMIT') {
      if (!cur) warn(msg('COMMIT without a table', 'テーブルのない COMMIT'));
      else if (cur.name !== UNKNOWN_TABLE) cur.committed = true;
      cur = undefined;
      continue;
    }
    const body = t.replace(COUNTERS_PREFIX, '');
    const isDecl = body.startsWith(':');
    if (!isDecl && !body.startsWith('-A ')) {
      warn(msg('not an iptables-save line', 'iptables-save の行ではありません'));
      continue;
    }
    if (!cur) {
      // Fragments copied without `*nat`: keep the lines (evidence) under an unnamed, never
      // committed table; one warning for the whole orphan block.
      warn(msg('lines outside a *table block', '*テーブル ブロック外の行です'));
      cur = { name: UNKNOWN_TABLE, line, chains: [], rules: [], committed: false };
      tables.push(cur);
    }
    if (isDecl) {
      const m = CHAIN_DECL.exec(body);
      if (!m) warn(msg('bad chain declaration', 'チェーン宣言が不正です'));
      else cur.chains.push({ line, raw, name: m[1] as string, policy: m[2] as string });
      continue;
    }
    const rule = parseRule(body, cur.name, line, raw, warn);
    if (rule) cur.rules.push(rule);
  }
  close();
  return { records: tables, warnings };
}

function parseRule(
  body: string,
  table: string,
  line: number,
  raw: string,
  warn: (m: Msg) => void,
): IptablesRuleRecord | undefined {
  const { words, unterminatedQuote } = shellWords(body);
  if (unterminatedQuote) {
    warn(msg('unterminated quote (truncated line?)', '引用符が閉じていません（行の途中で切れている可能性）'));
    return undefined;
  }
  const chain = words[1];
  if (!chain || chain.startsWith('-')) {
    warn(msg('rule without a chain name', 'チェーン名のないルール'));
    return undefined;
  }
  const args = words.slice(2);
  const r: Mut<IptablesRuleRecord> & { modules: string[]; targetArgs: string[] } = {
    line,
    raw,
    table,
    chain,
    args,
    modules: [],
    targetArgs: [],
  };
  let neg = false;
  let i = 0;
  /** The value after option `opt`; handles the legacy `-s ! x` negation. */
  const value = (opt: string): string | undefined => {
    let v = args[i + 1];
    if (v === '!') {
      neg = true;
      i++;
      v = args[i + 1];
    }
    if (v === undefined) {
      warn(msg(`option ${opt} has no value`, `オプション ${opt} に値がありません`));
      return undefined;
    }
    i++;
    return v;
  };
  for (; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '!') {
      neg = true;
      continue;
    }
    switch (a) {
      case '-s':
      case '--source':
      case '--src': {
        const v = value(a);
        if (v === undefined) return undefined;
        r.source = v;
        if (neg) r.sourceNegated = true;
        break;
      }
      case '-d':
      case '--destination':
      case '--dst': {
        const v = value(a);
        if (v === undefined) return undefined;
        r.destination = v;
        if (neg) r.destinationNegated = true;
        break;
      }
      case '-p':
      case '--protocol': {
        const v = value(a);
        if (v === undefined) return undefined;
        r.protocol = v;
        if (neg) r.protocolNegated = true;
        break;
      }
      case '-i':
      case '--in-interface': {
        const v = value(a);
        if (v === undefined) return undefined;
        r.inInterface = neg ? `!${v}` : v;
        break;
      }
      case '-o':
      case '--out-interface': {
        const v = value(a);
        if (v === undefined) return undefined;
        r.outInterface = neg ? `!${v}` : v;
        break;
      }
      case '-m':
      case '--match': {
        const v = value(a);
        if (v === undefined) return undefined;
        r.modules.push(v);
        break;
      }
      case '-j':
      case '--jump': {
        const v = value(a);
        if (v === undefined) return undefined;
        r.jump = v;
        // Target options follow the target to the end of the line (iptables-save order).
        r.targetArgs = args.slice(i + 1);
        readTargetArgs(r);
        i = args.length;
        break;
      }
      case '-g':
      case '--goto': {
        const v = value(a);
        if (v === undefined) return undefined;
        r.goto = v;
        break;
      }
      default: {
        if (!a.startsWith('-')) {
          warn(msg(`unexpected word "${a}"`, `予期しない語 "${a}"`));
          return undefined;
        }
        const next = args[i + 1];
        // Unknown options: a following word that is not itself an option is their value.
        const looksLikeFlag = next === undefined || (next.startsWith('-') && next !== '-');
        const n = FLAG_OPTIONS.has(a)
          ? 0
          : TWO_VALUE_OPTIONS.has(a)
            ? 2
            : VALUE_OPTIONS.has(a) || !looksLikeFlag
              ? 1
              : 0;
        const vals: string[] = [];
        for (let k = 0; k < n; k++) {
          const v = value(a);
          if (v === undefined) return undefined;
          vals.push(v);
        }
        readMatchOption(r, a, vals[0], neg);
      }
    }
    neg = false;
  }
  if (neg) warn(msg('dangling "!" at the end of the rule', 'ルール末尾に "!" だけがあります'));
  return r;
}

function readMatchOption(r: Mut<IptablesRuleRecord>, opt: string, v: string | undefined, neg: boolean): void {
  if (v === undefined) return;
  switch (opt) {
    case '--dport':
    case '--destination-port':
    case '--dports':
    case '--destination-ports':
      r.dport = neg ? `!${v}` : v;
      break;
    case '--sport':
    case '--source-port':
    case '--sports':
    case '--source-ports':
      r.sport = neg ? `!${v}` : v;
      break;
    case '--comment':
      r.comment = v;
      break;
    case '--mark':
      r.mark = v;
      if (neg) r.markNegated = true;
      break;
    case '--probability': {
      const p = Number(v);
      if (Number.isFinite(p)) r.probability = p;
      break;
    }
    case '--ctstate':
    case '--state':
      r.ctstate = neg ? `!${v}` : v;
      break;
    case '--dst-type':
      r.dstType = neg ? `!${v}` : v;
      break;
    default:
      break;
  }
}

function readTargetArgs(r: Mut<IptablesRuleRecord> & { targetArgs: string[] }): void {
  const ta = r.targetArgs;
  for (let k = 0; k < ta.length; k++) {
    if (ta[k] === '--to-destination' && ta[k + 1] !== undefined) r.toDestination = ta[k + 1];
    if (ta[k] === '--to-source' && ta[k + 1] !== undefined) r.toSource = ta[k + 1];
  }
}
