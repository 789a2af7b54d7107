/**
 * Node command artifacts → NodeFacts, through NODE_FACET_TABLE. An artifact that errored, did
 * not finish, exited non-zero or printed nothing leaves its facet undefined with a warning: a
 * facet is never "empty because unreadable" (DESIGN.md §2, §6).
 */
import { appliesTo, NODE_COMMANDS, type Release } from '../../artifacts/commands.js';
import type { Artifact } from '../../artifacts/types.js';
import { msg, type Msg } from '../../i18n/message.js';
import type { Flow, NodeFacet, NodeFacts, OvsFacts, Sourced } from '../types.js';
import { rowRank, rowsForKind, type FacetRow } from './node-facet-table.js';
import { MODELED_RULE_VERSIONS, PIPELINES } from '../pipeline.js';
import { partialContent, partialCoverage } from './coverage.js';
import { ovsVersionNote } from './ovs-note.js';
import { unusableArtifact, WarningSink } from './warnings.js';

type Draft = { -readonly [K in keyof NodeFacts]?: unknown } & {
  ovs: { -readonly [K in keyof OvsFacts]?: unknown };
};

/** Artifacts that describe a node's own host network (not a pod netns on it, not the client). */
export function isNodeHostArtifact(a: Artifact): a is Artifact & { node: string } {
  return typeof a.node === 'string' && a.node !== '' && a.where === undefined;
}

/**
 * Every node's facts. With `flows: 'read-only'`, br0's flows are read as always (their warnings,
 * their table 253 note) but not kept: a 2000-node cluster's flows are gigabytes of records, and
 * the dataplane reads them again one node at a time ({@link flowsRereader}).
 */
export function buildNodeFacts(
  artifacts: readonly Artifact[],
  apiNodeNames: readonly string[],
  sink: WarningSink,
  /** Artifacts the snapshot already warned about (collect, bundle reader): not reported twice. */
  alreadyWarned: ReadonlySet<string> = new Set(),
  /** The release the snapshot shows: an unreadable file that release's nodes never have is no warning. */
  release?: Release,
  flows: 'kept' | 'read-only' = 'kept',
): Record<string, NodeFacts> {
  const byNode = hostArtifactsByNode(artifacts);
  // the API's nodes, and any other node with an output the model reads
  const readable = [...byNode].filter(([, mine]) => mine.some((a) => rowsForKind(a.kind).length > 0));
  const names = [...new Set([...apiNodeNames, ...readable.map(([name]) => name)])].sort();
  const out: Record<string, NodeFacts> = {};
  // node by node, so that with 'read-only' one node's flows are dropped before the next is read
  for (const name of names) {
    const mine = byNode.get(name) ?? [];
    const d = readFacets(mine, sink, alreadyWarned, release, () => true);
    const read = d.ovs.flows as Sourced<readonly Flow[]> | undefined;
    const note = read ? ovsVersionNote(read.value) : undefined;
    if (read && note && !PIPELINES.has(note.ruleVersion)) {
      sink.message(
        read.artifact,
        msg(
          `rule version ${note.ruleVersion} is not modeled (modeled: ${MODELED_RULE_VERSIONS.join(', ')}); checks that depend on the br0 layout report unknown`,
          `ルールバージョン ${note.ruleVersion} はモデル化されていません（対応: ${MODELED_RULE_VERSIONS.join(', ')}）。br0 の構成に依存するチェックは unknown になります`,
        ),
        name,
      );
    }
    const ovs = { ...d.ovs, ...(note ?? {}) };
    if (flows === 'read-only') delete ovs.flows;
    out[name] = { ...(d as object), name, ovs } as NodeFacts;
    warnListingOnly(name, mine, d.iptables !== undefined, sink);
  }
  return out;
}

/** Each node's own host artifacts (not a pod netns on it, not the client), in the snapshot's order. */
function hostArtifactsByNode(artifacts: readonly Artifact[]): Map<string, (Artifact & { node: string })[]> {
  const byNode = new Map<string, (Artifact & { node: string })[]>();
  for (const a of artifacts) {
    if (!isNodeHostArtifact(a)) continue;
    const mine = byNode.get(a.node);
    if (mine) mine.push(a);
    else byNode.set(a.node, [a]);
  }
  return byNode;
}

/**
 * For facts built with `flows: 'read-only'`: a function giving a node's facts with its br0 flows
 * read again from its artifacts, through the same rows, checks and parser as
 * {@link buildNodeFacts} (whose reading reported their input warnings: this one's are dropped).
 * Where the first reading found no flows it could use, neither does this one.
 */
export function flowsRereader(
  artifacts: readonly Artifact[],
  alreadyWarned: ReadonlySet<string>,
  release?: Release,
): (light: NodeFacts) => NodeFacts {
  const byNode = hostArtifactsByNode(artifacts.filter((a) => a.kind === 'ovs-flows'));
  const wanted = (row: FacetRow) => row.facet === 'ovs.flows';
  return (light) => {
    const mine = byNode.get(light.name) ?? [];
    const draft = readFacets(mine, new WarningSink(), alreadyWarned, release, wanted);
    const flows = draft.ovs.flows as Sourced<readonly Flow[]> | undefined;
    return flows ? { ...light, ovs: { ...light.ovs, flows } } : light;
  };
}

/** One node's facets from its host artifacts (rows `wanted`), the preferred artifact per facet. */
function readFacets(
  mine: readonly (Artifact & { node: string })[],
  sink: WarningSink,
  alreadyWarned: ReadonlySet<string>,
  release: Release | undefined,
  wanted: (row: FacetRow) => boolean,
): Draft {
  const draft: Draft = { ovs: {} };
  const work = mine
    .flatMap((a) => rowsForKind(a.kind).flatMap((row) => (wanted(row) ? [{ a, row }] : [])))
    .sort((x, y) => rowRank(x.row) - rowRank(y.row) || x.a.id.localeCompare(y.a.id));
  // An artifact two rows read with the same parser (the node journal: `journal` and `nodeJournal`)
  // is parsed once (a 5000-line tail per node, on clusters of 2000 nodes).
  const readBefore = new Map<FacetRow['read'], Map<Artifact, unknown>>();
  for (const { a, row } of work) {
    if (getFacet(draft, row.facet) !== undefined) continue; // a preferred artifact already gave it
    // A 3.x-only file on a 4.x node is no input: no facet (an empty atomic-openshift-node journal
    // would read as a clean setup log) and no warning.
    if (!kindAppliesTo(a.kind, release)) continue;
    const byArtifact = readBefore.get(row.read) ?? new Map<Artifact, unknown>();
    readBefore.set(row.read, byArtifact);
    const value = byArtifact.has(a) ? byArtifact.get(a) : readArtifact(a, row, sink, alreadyWarned.has(a.id));
    byArtifact.set(a, value);
    if (value !== undefined) setFacet(draft, row.facet, { value, artifact: a.id });
  }
  return draft;
}

/**
 * A node whose only iptables output is an `iptables -L` listing (what sos collects: it never runs
 * the host's `iptables-save`): the listing lacks the match options the iptables checks read
 * (§7.4.1, §11), so they say unknown; the warning says why and what to capture.
 */
function warnListingOnly(
  node: string,
  mine: readonly Artifact[],
  hasIptables: boolean,
  sink: WarningSink,
): void {
  if (hasIptables) return;
  const listing = mine.find((a) => a.kind === 'iptables-nat-list');
  if (!listing || mine.some((a) => a.kind === 'iptables-save')) return;
  sink.message(
    listing.id,
    msg(
      `node ${node}: only an iptables listing (\`${listing.argv.join(' ')}\`) was collected, not iptables-save, whose match options the iptables checks (§7.4.1, §11) read: they report unknown; capture \`iptables-save\` on the node`,
      `ノード ${node}: 取得されたのは iptables の一覧（\`${listing.argv.join(' ')}\`）だけで、iptables のチェック（§7.4.1、§11）が読むマッチ条件を含む iptables-save ではありません。これらのチェックは unknown になります。ノードで \`iptables-save\` を取得してください`,
    ),
    node,
  );
}

/**
 * Whether nodes of `release` have what the artifact's command reads: a 4.x node has no
 * node-config.yaml nor atomic-openshift-node journal (artifacts/commands.ts `releases`), so a
 * bundle that tried them anyway (an older collect, an import) holds a failure or an empty journal
 * that is no problem of the input and no evidence. Their facet stays undefined; checks take the
 * 4.x sources instead.
 */
function kindAppliesTo(kind: Artifact['kind'], release: Release | undefined): boolean {
  const command = NODE_COMMANDS.find((c) => c.kind === kind);
  return command === undefined || appliesTo(command, release);
}

function readArtifact(
  a: Artifact & { node: string },
  row: FacetRow,
  sink: WarningSink,
  warned: boolean,
): unknown {
  const why = unusableReason(a, row);
  if (why) {
    if (!warned) sink.message(a.id, unusableArtifact(a.id, why), a.node);
    return undefined;
  }
  const partial = partialCoverage(a);
  if (partial) {
    reportPartial(a, partial, sink);
    return undefined;
  }
  let parsed;
  try {
    parsed = row.read(a.text);
  } catch (e) {
    // Parsers are total by contract; should one break it, the artifact is unknown, not a crash.
    sink.message(
      a.id,
      unusableArtifact(a.id, `parser error: ${(e as Error).message?.split('\n')[0] ?? e}`),
      a.node,
    );
    return undefined;
  }
  const { records, warnings } = parsed;
  for (const w of warnings) sink.fromParser(a.id, a.node, w);
  const cutAt = cutOffLine(a.text);
  if (cutAt !== undefined) {
    // A complete output ends with a newline. One without it was cut (a partial copy, a full
    // disk): whatever is missing after it, or the cut last value, would otherwise read as "no
    // such flow / route / rule" or a wrong address, a false finding. The facet is unknown instead.
    sink.message(
      a.id,
      msg(
        `${a.id} looks cut off at line ${cutAt} (no newline at the end: the last line may be incomplete); checks that need it report unknown`,
        `${a.id} は ${cutAt} 行目で途切れているようです（末尾に改行がなく最終行が不完全な可能性があります）。これを必要とするチェックは unknown になります`,
      ),
      a.node,
    );
    return undefined;
  }
  if (a.text.trim() !== '' && warnings.length > 0 && (row.strict || row.isEmpty(records))) {
    sink.message(
      a.id,
      msg(
        `nothing could be read from ${a.id}; checks that need it report unknown`,
        `${a.id} から何も読み取れませんでした。これを必要とするチェックは unknown になります`,
      ),
      a.node,
    );
    return undefined;
  }
  const wrapAt = terminalWrapWidth(a.text, warnings);
  if (wrapAt !== undefined) {
    // A console copy wrapped at its width: the first part of each long line reads as a whole
    // (shorter) flow, rule or log line, whose cut actions or text would be a false finding.
    sink.message(
      a.id,
      msg(
        `${a.id} looks wrapped by a terminal at ${wrapAt} columns (long lines continue on the next line); checks that need it report unknown`,
        `${a.id} は端末の ${wrapAt} 桁で折り返されているようです（長い行が次の行に続いています）。これを必要とするチェックは unknown になります`,
      ),
      a.node,
    );
    return undefined;
  }
  const partialText = partialContent(a, records, warnings);
  if (partialText) {
    reportPartial(a, partialText, sink);
    return undefined;
  }
  return records;
}

function reportPartial(a: Artifact & { node: string }, why: Msg, sink: WarningSink): void {
  sink.message(
    a.id,
    msg(
      `${a.id} is partial (${why.en}); checks that need the whole output report unknown`,
      `${a.id} は一部だけです（${why.ja}）。出力全体を必要とするチェックは unknown になります`,
    ),
    a.node,
  );
}

/**
 * The width a terminal wrapped the text at, or undefined. A wrapped copy splits every longer line
 * at exactly the terminal's width, so no line is longer than that width and the continuation
 * parts, which the parser could not read, each follow a line of exactly that length. (A command's
 * own output has no such pattern: its unreadable lines, if any, follow lines of any length.)
 */
function terminalWrapWidth(text: string, warnings: readonly { line: number }[]): number | undefined {
  if (warnings.length === 0) return undefined;
  const lines = text.split('\n');
  const width = Math.max(...lines.map((l) => [...l].length));
  if (width < 40) return undefined;
  const atWidth = lines.filter((l) => [...l].length === width).length;
  const continued = warnings.filter((w) => w.line > 1 && [...(lines[w.line - 2] ?? '')].length === width);
  // One unreadable line after one of several equally long lines is a paste's "..." after a
  // repeated log line (openshift-ansible issue 2154), not a wrap: a wrap continues every long line.
  return continued.length >= 2 || (continued.length === 1 && atWidth === 1) ? width : undefined;
}

/**
 * Where an output without its final newline stops: it was cut (a partial copy, a full disk, a
 * pasted excerpt). A command's output always ends with one; so do the files sdn-doctor reads
 * (node-config.yaml, resolv.conf, written by tools). A file's last line may read as a complete
 * value when it is not (`nodeIP: 192.168.122.1` cut from `…122.11` is a stale HostSubnet that is
 * not there), so no kind is exempt: the facet is unknown with a warning, never a finding.
 */
function cutOffLine(text: string): number | undefined {
  if (text === '' || text.endsWith('\n')) return undefined;
  return text.split('\n').length;
}

function unusableReason(a: Artifact, row: FacetRow): string | undefined {
  if (a.error) return a.error;
  if (a.exitCode === null) return 'the command did not finish';
  if (a.exitCode !== 0)
    return `exit code ${a.exitCode}${a.stderr ? `: ${a.stderr.trim().split('\n')[0]}` : ''}`;
  if (a.text.trim() === '' && !row.emptyOutputIsAnswer) return 'empty output';
  return undefined;
}

function getFacet(d: Draft, facet: NodeFacet): unknown {
  return facet.startsWith('ovs.') ? d.ovs[facet.slice(4) as keyof OvsFacts] : d[facet as keyof NodeFacts];
}

function setFacet(d: Draft, facet: NodeFacet, value: Sourced<unknown>): void {
  if (facet.startsWith('ovs.')) d.ovs[facet.slice(4) as keyof OvsFacts] = value;
  else d[facet as Exclude<keyof NodeFacts, 'ovs'>] = value;
}
