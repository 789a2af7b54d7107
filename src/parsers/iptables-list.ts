/**
 * `iptables -t nat -L -n` and `-nvL` (36.11/39.11 show kube-proxy's chains in this listing form:
 * `Chain KUBE-SERVICES (2 references)`, a header row, then `target prot opt source destination`
 * rows whose tail holds `/* comment *\/`, `tcp dpt:443`, `to:10.128.0.5:8080`). The verbose
 * form adds `pkts bytes` before and `in out` after `opt`; `--line-numbers` adds `num` first.
 * A rule without a target (`-A X -s 1.2.3.4`) leaves the target column blank; rows are therefore
 * anchored on the `opt` column (`--`, `-f`, `!f`), not on word positions. `prot` is given by name
 * (`tcp`), also when iptables ≥ 1.8.9 prints the number (`6`).
 */
import type { IptablesListChain, IptablesListRule, ParseResult, ParseWarning } from './types.js';
import { msg } from '../i18n/message.js';
import { lineWarning, nonBlankLines } from './util/numbered-lines.js';

type Mut<T> = { -readonly [K in keyof T]: T[K] };
type ChainBuilder = Mut<IptablesListChain> & { rules: IptablesListRule[] };

/** `Chain OUTPUT (policy ACCEPT 4753 packets, 489K bytes)` / `Chain KUBE-SVC-X (1 references)`. */
const CHAIN_HEAD = /^Chain\s+(\S+)\s+\((?:policy\s+(\S+)[^)]*|(\d+)\s+references?)\)\s*$/;
const OPT = /^(--|-f|!f)$/;
/** Packet/byte counters as `-v` prints them: `2702M`, `274G`, `60`. */
const COUNTER = /^\d+[KMGTP]?$/;
/** iptables ≥ 1.8.9 lists protocols by number (`0`, `6`, `17`); older versions by name. */
const PROTO_NAMES: Readonly<Record<string, string>> = {
  '0': 'all',
  '1': 'icmp',
  '6': 'tcp',
  '17': 'udp',
  '132': 'sctp',
};

/**
 * The `iptables -L` form a text is in, as its command line (`iptables -L -n -v --line-numbers`),
 * or undefined when no line is a listing's chain heading. Read from the headings: `pkts bytes`
 * is `-v`, `num` is `--line-numbers`, an `anywhere` column is a listing without `-n`.
 */
export function iptablesListingForm(text: string): string | undefined {
  const lines = text.split('\n').map((l) => l.trim());
  if (!lines.some((l) => CHAIN_HEAD.test(l))) return undefined;
  const header = lines.find((l) => /\btarget\s+prot\s+opt\b/.test(l)) ?? '';
  const flags = [
    lines.some((l) => /\sanywhere(\s|$)/.test(l)) ? '' : ' -n',
    /\bpkts\s+bytes\b/.test(header) ? ' -v' : '',
    /^num\b/.test(header) ? ' --line-numbers' : '',
  ];
  return `iptables -L${flags.join('')}`;
}

/** One record per chain, with its rule rows. */
export function parseIptablesList(text: string): ParseResult<IptablesListChain[]> {
  const chains: ChainBuilder[] = [];
  const warnings: ParseWarning[] = [];
  let cur: ChainBuilder | undefined;
  let verbose = false;
  let numbered = false;
  for (const { line, raw, body: t } of nonBlankLines(text)) {
    const head = CHAIN_HEAD.exec(t);
    if (head) {
      cur = { line, raw, name: head[1] as string, rules: [] };
      if (head[2] !== undefined) cur.policy = head[2];
      if (head[3] !== undefined) cur.references = Number(head[3]);
      chains.push(cur);
      continue;
    }
    const words = t.split(/\s+/);
    if (words[0] === 'target' || words[0] === 'pkts' || words[0] === 'num') {
      // The header row tells which optional columns the rows carry.
      verbose = words.includes('pkts');
      numbered = words[0] === 'num';
      continue;
    }
    if (!cur) {
      warnings.push(
        lineWarning(line, raw, msg('rule row before any "Chain" line', '"Chain" 行より前のルール行です')),
      );
      continue;
    }
    const rule = parseRow(raw, line, verbose, numbered);
    if (rule === 'names')
      warnings.push(
        lineWarning(
          line,
          raw,
          msg(
            'host or service names instead of addresses and ports (a listing without -n): this row is not read',
            'アドレスやポート番号の代わりにホスト名やサービス名があります（-n なしの一覧）: この行は読みません',
          ),
        ),
      );
    else if (rule) cur.rules.push(rule);
    else
      warnings.push(
        lineWarning(line, raw, msg('unreadable iptables listing row', 'iptables 一覧の読めない行です')),
      );
  }
  return { records: chains, warnings };
}

/**
 * Without -n iptables prints `anywhere` for 0.0.0.0/0 and resolves other addresses to names;
 * `anywhere` is read, a name (`localhost`, `node1.example.com`) is refused, never kept as an address.
 * Addresses it could not resolve stay numeric (a listing without -n in a netns without DNS).
 */
function address(word: string): string | undefined {
  if (word === 'anywhere') return '0.0.0.0/0';
  const bare = word.startsWith('!') ? word.slice(1) : word;
  return /^[0-9a-fA-F:.]+(\/\d+)?$/.test(bare) ? word : undefined;
}

function parseRow(
  raw: string,
  line: number,
  verbose: boolean,
  numbered: boolean,
): IptablesListRule | 'names' | undefined {
  // Words with their offsets, so `extra` is the untouched tail of the line.
  const words: { w: string; end: number }[] = [];
  const re = /\S+/g;
  for (let m = re.exec(raw); m; m = re.exec(raw)) words.push({ w: m[0], end: m.index + m[0].length });
  const optAt = words.findIndex((x, k) => k > 0 && OPT.test(x.w));
  if (optAt < 1) return undefined;
  let first = 0;
  if (numbered) {
    if (!/^\d+$/.test(words[0]?.w ?? '')) return undefined;
    first++;
  }
  if (verbose) {
    if (!COUNTER.test(words[first]?.w ?? '') || !COUNTER.test(words[first + 1]?.w ?? '')) return undefined;
    first += 2;
  }
  // Between the leading columns and `prot` there is the target, or nothing (no -j).
  const targetWords = optAt - 1 - first;
  if (targetWords < 0 || targetWords > 1) return undefined;
  const target = targetWords === 1 ? (words[first]?.w as string) : '';
  const protWord = words[optAt - 1]?.w as string;
  const prot = PROTO_NAMES[protWord] ?? protWord;
  const opt = words[optAt]?.w as string;
  let k = optAt + 1;
  // No interface is `*` with -n and `any` without it (iptables print_iface: FMT_NUMERIC ? "*" : "any").
  const iface = (w: string | undefined): string | undefined =>
    w === undefined || w === '*' || w === 'any' ? undefined : w;
  const inInterface = verbose ? iface(words[k]?.w) : undefined;
  const outInterface = verbose ? iface(words[k + 1]?.w) : undefined;
  if (verbose) k += 2;
  const src = words[k];
  const dst = words[k + 1];
  if (!src || !dst) return undefined;
  const source = address(src.w);
  const destination = address(dst.w);
  if (source === undefined || destination === undefined) return 'names';
  const extra = raw.slice(dst.end).trim();
  const rule: Mut<IptablesListRule> = {
    line,
    raw,
    target,
    prot,
    opt,
    source,
    destination,
    extra,
    ...(inInterface !== undefined ? { inInterface } : {}),
    ...(outInterface !== undefined ? { outInterface } : {}),
  };
  const comment = /\/\*\s?(.*?)\s?\*\//.exec(extra);
  if (comment) rule.comment = comment[1];
  const rest = comment ? extra.replace(comment[0], ' ') : extra;
  const dpt = /\bdpts?:(\S+)/.exec(rest);
  // Without -n ports are service names (`dpt:http-alt` is 8080): refused like host names.
  if (dpt && !/^[\d:,]+$/.test(dpt[1] as string)) return 'names';
  if (dpt) rule.dport = dpt[1];
  // 39.11: the DNAT row of a KUBE-SEP chain (`tcp to:10.128.10.57:8080`); SNAT's `to:` is a source.
  const to = /\bto:(\S+)/.exec(rest);
  if (to && target === 'DNAT') rule.toDestination = to[1];
  return rule;
}
