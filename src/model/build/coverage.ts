/**
 * What an artifact's command covers, read from its argv (a bundle's manifest, debug.sh's `> cmd`
 * header, an importer's file table). A filtered flow dump, `iptables-save -t nat`, a `grep`-cut
 * output or a `journalctl -n` tail holds only part of the state: a check reading "no such flow /
 * rule / route / line" in it would be judging the part that was never dumped (DESIGN.md §6: partial
 * input ⇒ unknown). Such an artifact leaves its facet unknown with a warning saying what it holds.
 * A `journalctl -n` tail is not one: 39.10 reads the lines that are there (errors, the latest
 * setup state), and a tail keeps the latest ones; our own collector takes the last 5000.
 */
import type { Artifact } from '../../artifacts/types.js';
import { count, msg, type Msg } from '../../i18n/message.js';

/** Commands that cut another command's output when piped into (`| grep`, `| head`). */
const FILTERS = new Set(['grep', 'egrep', 'fgrep', 'head', 'tail', 'awk', 'sed', 'cut', 'sort', 'uniq']);

/** Why `a` holds only part of what its kind needs, or undefined when it is whole. */
export function partialCoverage(a: Artifact): Msg | undefined {
  const argv = a.argv.flatMap((w) => w.split(/(?<=\|)|(?=\|)/)).filter((w) => w !== '');
  const pipe = argv.indexOf('|');
  if (pipe >= 0) {
    const filter = argv[pipe + 1];
    if (filter !== undefined && FILTERS.has(filter.replace(/^.*\//, ''))) {
      const cmd = argv.slice(pipe + 1).join(' ');
      return msg(
        `only the lines \`${cmd}\` kept were captured`,
        `\`${cmd}\` で残った行だけが取得されています`,
      );
    }
  }
  const own = pipe >= 0 ? argv.slice(0, pipe) : argv;
  switch (a.kind) {
    case 'ovs-flows':
      return flowDumpCoverage(own);
    case 'iptables-save':
      return iptablesSaveCoverage(own);
    case 'ip-route':
      return routeCoverage(own);
    default:
      return undefined;
  }
}

/**
 * The same question asked of the content, for text whose command line was lost (pasted, or a
 * file without a header): a br0 dump always has table 0 (39.7.4), so flows from a single other
 * table are a filtered dump (one flow alone says too little to tell); openshift-sdn nodes always have the filter and nat tables (39.7.4.1),
 * so a save holding one table was made with `-t`.
 */
export function partialContent(
  a: Artifact,
  records: unknown,
  warnings: readonly { line: number; excerpt?: string }[] = [],
): Msg | undefined {
  if (!Array.isArray(records) || records.length === 0) return undefined;
  if (a.kind === 'ovs-flows') {
    const tables = new Set((records as { table: number }[]).map((f) => f.table));
    const only = [...tables][0];
    if (tables.size === 1 && only !== 0 && records.length > 1)
      return msg(`only table ${only} is in the dump`, `ダンプにはテーブル ${only} しかありません`);
    // Text that is not flows among the flows (a shell transcript, a diff, an author's "..."): a
    // pasted excerpt, which need not hold every flow (public excerpts read as whole dumps would
    // give false "no table 253 version note" and "no table N flow" findings).
    const unreadableLines = notFlowLines(a.text, warnings);
    if (unreadableLines > 0)
      return msg(
        `${count(unreadableLines, 'line')} in it ${unreadableLines === 1 ? 'is' : 'are'} not flows: a pasted excerpt, which may leave flows out`,
        `フローでない行が ${unreadableLines} 行あります: 貼り付けられた抜粋で、フローが欠けている可能性があります`,
      );
    const gaps = missingCoreTables(tables);
    if (gaps.length)
      return msg(
        `tables ${gaps.join(', ')} are missing below table ${Math.max(...[...tables].filter((t) => t < 253))}: a selection of flows`,
        `テーブル ${Math.max(...[...tables].filter((t) => t < 253))} より前のテーブル ${gaps.join(', ')} がありません: フローの抜粋です`,
      );
  }
  if (a.kind === 'iptables-save' && records.length === 1) {
    const name = (records[0] as { name?: string }).name ?? '?';
    return msg(`only the ${name} table is in the save`, `保存には ${name} テーブルしかありません`);
  }
  return undefined;
}

/** A shell prompt with or without the command (`[root@node-1 ~]# ovs-ofctl …`, `sh-4.4# `, `$ `). */
const PROMPT = /^\s*(\[[^\]]*\]\s?[#$]|[\w.@:~/-]*[#$]|sh-[\d.]+[#$])(\s|$)/;

/**
 * Unreadable lines of a flow dump that are not the prompt and command line pasted before it or the
 * next prompt after it: those are only the terminal around a whole dump (still warned).
 */
function notFlowLines(text: string, warnings: readonly { line: number; excerpt?: string }[]): number {
  const lines = text.split('\n');
  const filled = lines.flatMap((l, i) => (l.trim() !== '' ? [i + 1] : []));
  const edges = new Set([filled[0], filled[filled.length - 1]]);
  return warnings.filter((w) => !(edges.has(w.line) && PROMPT.test(lines[w.line - 1] ?? ''))).length;
}

/**
 * Tables every openshift-sdn version's SetupOVS writes, in the order it writes them (openshift/sdn
 * pkg/network/node/ovscontroller.go; origin 3.x the same core): a setup that failed stops at a
 * table, so a whole dump is a prefix of this list; a table missing below one that is present
 * means the flows were selected (a `grep`, an author's choice), not that the setup failed.
 */
const CORE_TABLES = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100];

function missingCoreTables(tables: ReadonlySet<number>): number[] {
  const highest = Math.max(...[...tables].filter((t) => t < 253));
  return CORE_TABLES.filter((t) => t < highest && !tables.has(t));
}

/** `ovs-ofctl [opts] dump-flows BRIDGE [FLOW]`: a FLOW argument (`table=100`, `ip,nw_dst=…`) filters. */
function flowDumpCoverage(argv: readonly string[]): Msg | undefined {
  const at = argv.indexOf('dump-flows');
  if (at < 0) return undefined;
  const filter = argv
    .slice(at + 2)
    .filter((w) => !w.startsWith('-'))
    .join(' ');
  if (filter === '') return undefined;
  const table = /^table=(\d+)$/.exec(filter);
  return table
    ? msg(`only table ${table[1]} was dumped`, `テーブル ${table[1]} だけがダンプされています`)
    : msg(
        `only the flows matching ${filter} were dumped`,
        `${filter} に一致するフローだけがダンプされています`,
      );
}

/** `iptables-save -t nat` / `--table=filter`: one table of the several 39.7.4.1 reads. */
function iptablesSaveCoverage(argv: readonly string[]): Msg | undefined {
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i] as string;
    const table = w === '-t' || w === '--table' ? argv[i + 1] : /^--table=(.+)$/.exec(w)?.[1];
    if (table !== undefined)
      return msg(`only the ${table} table was saved`, `${table} テーブルだけが保存されています`);
  }
  return undefined;
}

/** `ip route show table X` / `ip route show dev tun0` / `ip route show 10.128.0.0/14`: a selection. */
function routeCoverage(argv: readonly string[]): Msg | undefined {
  const at = argv.findIndex((w) => /^(route|ro|r)$/.test(w));
  if (at < 0) return undefined;
  let rest = argv.slice(at + 1).filter((w) => !w.startsWith('-'));
  if (rest[0] !== undefined && /^(show|list|ls|sh|lst)$/.test(rest[0])) rest = rest.slice(1);
  // `table main` is what `ip route` shows anyway; `table all` shows more, not less.
  const selection = rest.join(' ');
  if (selection === '' || /^table (main|all|254)$/.test(selection)) return undefined;
  return msg(
    `only the routes selected by \`${selection}\` were listed`,
    `\`${selection}\` で選んだ経路だけが一覧されています`,
  );
}
