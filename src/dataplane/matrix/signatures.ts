/**
 * Equivalence of pods and addresses as a node's flows see them. Two pods on a node are alike when
 * the flows that name them individually (their per-pod flows, setupPodFlows §4.1) are the same up
 * to the pod's own IP, port and MAC, and they share a VNID. Two values of a field (a sender's
 * tun_src, a source IP) are alike on a node when the same flow templates — the flow with that
 * field's value blanked out — accept them. This is what lets the matrix trace one representative
 * per class instead of every pair.
 */
import type { Flow } from '../../model/types.js';
import { formatIp, parseCidr, parseIp } from '../../net/ipv4.js';
import type { NodeView } from '../trace/node-view.js';
import { detach } from './outcomes.js';

const IP_FIELDS = new Set(['nw_src', 'nw_dst', 'arp_spa', 'arp_tpa', 'ip_src', 'ip_dst']);
const DEFAULT_MASK = 0xffffffff;

function exactIp(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const c = parseCidr(value);
  return c && c.len === 32 ? c.base : undefined;
}

/** What one flow match names: its exact IPs (a repeat in a row once) and its in_port values. */
interface MatchNames {
  readonly ips: readonly number[];
  readonly ports: readonly string[];
}

const NAMES_NONE: MatchNames = { ips: [], ports: [] };

/**
 * What the matrix reads of one match array, read once: the parser gives every line of the same
 * segment one match array (its segment cache), and most of a node's flows are such lines shared
 * with every other node (tables 50 and 90 name each HostSubnet on each node). At 2000 nodes,
 * reading the names anew was 8·10⁶ CIDRs parsed (1.9 s); a lookup by the array is one WeakMap
 * probe per flow, and one for both readings ({@link nodeFlowIndex}) where a probe each cost
 * 1.6 s.
 */
interface MatchMemo {
  readonly names: MatchNames;
  /** The flow templates last read with this match ({@link templatesOf}). */
  templates: FlowTemplates | undefined;
}

const memoOfMatch = new WeakMap<Flow['match'], MatchMemo>();

function memoOf(match: Flow['match']): MatchMemo {
  let memo = memoOfMatch.get(match);
  if (!memo) memoOfMatch.set(match, (memo = { names: readNames(match), templates: undefined }));
  return memo;
}

function readNames(match: Flow['match']): MatchNames {
  const ips: number[] = [];
  const ports: string[] = [];
  let last: number | undefined;
  for (const m of match) {
    if (IP_FIELDS.has(m.field)) {
      const ip = exactIp(m.value);
      // a flow naming one IP twice (nw_src and nw_dst) is listed once
      if (ip !== undefined && ip !== last) ips.push(ip);
      last = ip;
    } else if (m.field === 'in_port' && m.value) ports.push(m.value);
  }
  return ips.length === 0 && ports.length === 0 ? NAMES_NONE : { ips, ports };
}

/** Per-node index of flows by the exact IPs and ports they name. */
export class FlowMentions {
  readonly byIp = new Map<number, Flow[]>();
  readonly byPortToken = new Map<string, Flow[]>();

  constructor(flows: readonly Flow[]) {
    for (const f of flows) this.add(f, memoOf(f.match).names);
  }

  /** Adds `f`, whose match names `names`. */
  add(f: Flow, { ips, ports }: MatchNames): void {
    for (const ip of ips) push(this.byIp, ip, f);
    for (const port of ports) push(this.byPortToken, port, f);
  }
}

function push<K, V>(map: Map<K, V[]>, k: K, v: V): void {
  const list = map.get(k);
  if (list) list.push(v);
  else map.set(k, [v]);
}

/**
 * The signature of a local pod on its node: its per-pod flows with its IP/port/MAC blanked,
 * its VNID, and whether its port is on br0. Equal signatures ⇒ the node treats the pods alike.
 */
export function podSignature(
  view: NodeView,
  mentions: FlowMentions,
  ip: number,
  vnid: number | undefined,
): string {
  const port = view.portOfPod(ip);
  const ipText = formatIp(ip);
  const portName = port === undefined ? undefined : view.bridge?.ports.nameOf(port);
  const hexIp = ipText
    .split('.')
    .map((b) => Number(b).toString(16).padStart(2, '0'))
    .join(':');
  const flows = new Set<Flow>(mentions.byIp.get(ip) ?? []);
  for (const tok of [port === undefined ? undefined : String(port), portName]) {
    if (tok !== undefined) for (const f of mentions.byPortToken.get(tok) ?? []) flows.add(f);
  }
  const tokens = [port === undefined ? undefined : String(port), portName].filter((t): t is string => !!t);
  // Plain string scans, not RegExps: a RegExp built per pod (30 000 of them at 1000 nodes) costs
  // more to compile than the handful of flows it is used on.
  const regTexts =
    port === undefined ? [] : [`load:0x${port.toString(16)}->NXM_NX_REG2[]`, `load:${port}->NXM_NX_REG2[]`];
  const lines = [...flows].map((f) => {
    let t = `${f.table}|${f.priority}|${f.match.map((m) => (m.value === undefined ? m.field : `${m.field}=${m.value}`)).join(',')}|${f.actionsText}`;
    t = blankIp(t, ipText).split(hexIp).join('<iphex>');
    if (tokens.length) t = blankPort(t, tokens);
    for (const r of regTexts) t = t.split(r).join('load:<port>->NXM_NX_REG2[]');
    return t;
  });
  lines.sort();
  const onBridge = port === undefined ? 'noport' : view.bridge?.ports.exists(port) ? 'port' : 'port-missing';
  return `${vnid ?? '?'}#${onBridge}#${lines.join('\n')}`;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
/** A RegExp `\w` character. */
const isWord = (c: number): boolean =>
  isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/** `t` with every `ip` not after a digit or dot nor before a digit as `<ip>` (/(?<![\d.])ip(?!\d)/g). */
function blankIp(t: string, ip: string): string {
  let out = '';
  let from = 0;
  let i = t.indexOf(ip);
  while (i >= 0) {
    const before = i > 0 ? t.charCodeAt(i - 1) : -1;
    if (before === 46 || isDigit(before) || isDigit(t.charCodeAt(i + ip.length))) {
      i = t.indexOf(ip, i + 1);
      continue;
    }
    out += `${t.slice(from, i)}<ip>`;
    from = i + ip.length;
    i = t.indexOf(ip, from);
  }
  return from === 0 ? t : out + t.slice(from);
}

/**
 * `t` with the first of `tokens` that follows `in_port=` or `output:` and is not followed by a
 * word character as `<port>` (/(in_port=|output:)(?:tok1|tok2)(?!\w)/g → `$1<port>`).
 */
function blankPort(t: string, tokens: readonly string[]): string {
  let out = '';
  let from = 0;
  for (let i = 0; ; ) {
    const a = t.indexOf('in_port=', i);
    const b = t.indexOf('output:', i);
    const p = a < 0 ? b : b < 0 ? a : Math.min(a, b);
    if (p < 0) break;
    const q = p + (p === a ? 8 : 7);
    const tok = tokens.find((k) => t.startsWith(k, q) && !isWord(t.charCodeAt(q + k.length)));
    if (tok === undefined) {
      i = p + 1;
      continue;
    }
    out += `${t.slice(from, q)}<port>`;
    from = q + tok.length;
    i = from;
  }
  return from === 0 ? t : out + t.slice(from);
}

/** IPs a node's flows name exactly, other than the ones given (its own pods and gateway). */
export function foreignMentions(mentions: FlowMentions, own: ReadonlySet<number>): number[] {
  return [...mentions.byIp.keys()].filter((ip) => !own.has(ip));
}

/**
 * Template signatures of one field (`tun_src`, `nw_src`…) on a node: for a value, the set of
 * flow templates whose constraint on the field it satisfies.
 */
export class FieldSignature {
  /** The masks the node's templates use. */
  private readonly masks: number[] = [];
  /**
   * Per mask (as `masks`), masked value → the number of the contents of its template id list
   * (lists of the same ids in any order share it): which contents a value hits decides its
   * signature, so {@link idOf} keys by them. Most lists are alike (a table 90 flow per remote
   * node, all of one template): a node's values then hit only a few combinations.
   */
  private readonly contentsOf: Map<number, number>[] = [];
  /** Per contents number - 1, its template ids. */
  private readonly contents: (readonly number[])[] = [];

  /** @param templates the templates of a node's flows that constrain the field ({@link nodeSignatures}). */
  constructor(templates: readonly Template[]) {
    /**
     * mask → masked value → the id of the one template constraining the field to that value, or
     * the ids of several; then, in place, the number of their contents. One Map per mask and no
     * list for a value of one template (nearly all: a table 90 flow per remote node): built for
     * every node, these were 12 % of the 1000-node matrix's allocations (sampled).
     */
    const byMask = new Map<number, Map<number, number | number[]>>();
    for (const t of templates) {
      let byValue = byMask.get(t.mask);
      if (!byValue) byMask.set(t.mask, (byValue = new Map()));
      // signed 32-bit keys (no `>>> 0`): small integers to V8, where addresses above 2³¹ as
      // unsigned numbers are heap numbers, hashed and boxed at each of ~10⁷ lookups
      const value = t.ip & t.mask;
      const ids = byValue.get(value);
      if (ids === undefined) byValue.set(value, t.id);
      else if (typeof ids === 'number') byValue.set(value, [ids, t.id]);
      else ids.push(t.id);
    }
    /** Contents → number, keyed by {@link contentsKey}. */
    const numbers = new Map<number | string, number>();
    for (const [mask, byValue] of byMask) {
      for (const [value, ids] of byValue) {
        const key = typeof ids === 'number' ? ids : contentsKey(ids);
        let n = numbers.get(key);
        if (n === undefined) {
          numbers.set(key, (n = numbers.size + 1));
          this.contents.push(typeof ids === 'number' ? [ids] : ids);
        }
        // a key already in the Map: set in place while iterating, the table is not rebuilt
        byValue.set(value, n);
      }
      this.masks.push(mask);
      this.contentsOf.push(byValue as Map<number, number>);
    }
  }

  /** The template ids `value` hits under mask number `m`, if any. */
  private hit(m: number, value: number): readonly number[] | undefined {
    const n = this.contentsOf[m]!.get(value & this.masks[m]!);
    return n === undefined ? undefined : this.contents[n - 1];
  }

  /**
   * The templates accepting `value`, as their sorted ids: equal for two values exactly when the
   * same templates (as texts, counted with repeats) accept both. Called for every sender of every
   * node (4·10⁶ times at 1000 nodes): numbers, not the templates' texts, are sorted and joined.
   */
  of(value: number): string {
    const ids: number[] = [];
    for (let m = 0; m < this.masks.length; m++) for (const id of this.hit(m, value) ?? []) ids.push(id);
    return ids.sort((x, y) => x - y).join(',');
  }

  private readonly ids = new Map<string, number>();
  /** Signatures of 2 or 3 templates with ids < 2¹⁶, packed into one number (see idOf). */
  private readonly packedIds = new Map<number, number>();
  private nextId = 0;
  /** Ids of the signatures of one template or none, by template id + 1 (0 = none). */
  private readonly smallIds: number[] = [];

  /**
   * A small number standing for {@link of}'s signature (keys built millions of times stay short).
   * Called for every sender of every receiving node (~8·10⁶ times at 1000 nodes, each value
   * about once per node: nothing is remembered by value), so no text is built: the template
   * lists a value hits (one per mask at most) decide its signature, and a node's values hit only
   * a few combinations of their contents, each looked up as one number.
   */
  idOf(value: number): number {
    const radix = this.contents.length + 1;
    if (radix ** this.masks.length > Number.MAX_SAFE_INTEGER) return this.idOfTemplates(value);
    let hits = 0;
    for (let m = 0; m < this.masks.length; m++)
      hits = hits * radix + (this.contentsOf[m]!.get(value & this.masks[m]!) ?? 0);
    let id = this.byHits.get(hits);
    if (id === undefined) this.byHits.set(hits, (id = this.idOfTemplates(value)));
    return id;
  }

  /** Signature ids by the contents numbers a value hits, packed in base (contents + 1), mask by mask. */
  private readonly byHits = new Map<number, number>();

  /**
   * {@link idOf} computed from the templates themselves: signatures of one to three templates (a
   * remote sender's address, a remote pod on a node) are told apart by their template ids as
   * numbers, others by {@link of}'s text.
   */
  private idOfTemplates(value: number): number {
    let a = -1;
    let b = -1;
    let c = -1;
    let count = 0;
    for (let m = 0; m < this.masks.length; m++) {
      const t = this.hit(m, value);
      if (!t) continue;
      for (const x of t) {
        if (count === 0) a = x;
        else if (count === 1) b = x;
        else c = x;
        count++;
      }
    }
    let id: number | undefined;
    if (count <= 1) {
      const slot = count === 0 ? 0 : a + 1;
      id = this.smallIds[slot];
      if (id === undefined) this.smallIds[slot] = id = this.nextId++;
    } else if (count <= 3 && a < 65536 && b < 65536 && c < 65536) {
      // sorted, so that the same templates found in another order give the same key
      if (a > b) [a, b] = [b, a];
      if (count === 3) {
        if (b > c) [b, c] = [c, b];
        if (a > b) [a, b] = [b, a];
      }
      const key = count * 2 ** 48 + a * 2 ** 32 + b * 2 ** 16 + (count === 3 ? c : 0);
      id = this.packedIds.get(key);
      if (id === undefined) this.packedIds.set(key, (id = this.nextId++));
    } else {
      const sig = this.of(value);
      id = this.ids.get(sig);
      if (id === undefined) this.ids.set(sig, (id = this.nextId++));
    }
    return id;
  }
}

/**
 * A key equal for two lists of template ids exactly when they hold the same ids (in any order):
 * one id as itself; two or three small ones sorted in place (the list is the caller's own) and
 * packed into a negative small integer; more as their sorted ids' text. A node has a list per
 * remote HostSubnet (~10⁶ at 1000 nodes): a copy, a sort and a text each were a tenth of the
 * matrix's allocations.
 */
function contentsKey(list: number[]): number | string {
  if (list.length === 1) return list[0]!;
  if (list.length <= 3 && list.every((id) => id < 1 << 10)) {
    if (list.length === 3 && list[1]! > list[2]!) swap(list, 1, 2);
    if (list[0]! > list[1]!) swap(list, 0, 1);
    if (list.length === 3 && list[1]! > list[2]!) swap(list, 1, 2);
    const c = list.length === 3 ? list[2]! : 0;
    return -1 - (((list.length - 2) * 1024 + list[0]!) * 1024 + list[1]!) * 1024 - c;
  }
  return [...list].sort((x, y) => x - y).join(',');
}

function swap(list: number[], i: number, j: number): void {
  const t = list[i]!;
  list[i] = list[j]!;
  list[j] = t;
}

/**
 * A flow's template for one field: its value (address and mask) and the id of the rest of the
 * flow as text (equal texts, equal ids: {@link templateIdOf}).
 */
interface Template {
  readonly ip: number;
  readonly mask: number;
  readonly id: number;
}

/** The field signatures the matrix keeps of a node. */
export interface NodeSignatures {
  /** Remote pods' addresses (HostSubnet flows alike but for their node's hostIP share templates). */
  readonly nwDst: FieldSignature;
  /** Senders' tunnel sources. */
  readonly tunSrc: FieldSignature;
  /** Senders' pod addresses. */
  readonly nwSrc: FieldSignature;
}

/**
 * A node's three field signatures, read in one walk over its flows (one memo lookup per flow,
 * not one per flow and field: ~10⁷ lookups at 1000 nodes).
 * @param hostIpBySubnet for a flow matching nw_dst on exactly a HostSubnet (`10.129.2.0/23`), the
 *   address to blank in its actions too (that node's hostIP, which its table 90 flow loads into
 *   tun_dst): flows alike but for whose subnet and node they serve then share a template.
 */
export function nodeSignatures(
  flows: readonly Flow[],
  hostIpBySubnet: ReadonlyMap<string, string>,
): NodeSignatures {
  return readNodeFlows(flows, hostIpBySubnet, undefined);
}

/**
 * A node's {@link FlowMentions} and {@link nodeSignatures} in one walk over its flows, one memo
 * lookup per flow (~1.2·10⁷ flows at 2000 nodes).
 */
export function nodeFlowIndex(
  flows: readonly Flow[],
  hostIpBySubnet: ReadonlyMap<string, string>,
): { readonly mentions: FlowMentions; readonly signatures: NodeSignatures } {
  const mentions = new FlowMentions([]);
  return { mentions, signatures: readNodeFlows(flows, hostIpBySubnet, mentions) };
}

function readNodeFlows(
  flows: readonly Flow[],
  hostIpBySubnet: ReadonlyMap<string, string>,
  mentions: FlowMentions | undefined,
): NodeSignatures {
  const nwDst: Template[] = [];
  const tunSrc: Template[] = [];
  const nwSrc: Template[] = [];
  for (const f of flows) {
    const memo = memoOf(f.match);
    mentions?.add(f, memo.names);
    const t = templatesOf(f, hostIpBySubnet, memo);
    if (t.nwDst) nwDst.push(t.nwDst);
    if (t.tunSrc) tunSrc.push(t.tunSrc);
    if (t.nwSrc) nwSrc.push(t.nwSrc);
  }
  return {
    nwDst: new FieldSignature(nwDst),
    tunSrc: new FieldSignature(tunSrc),
    nwSrc: new FieldSignature(nwSrc),
  };
}

/** What {@link templatesOf} read of a match list, and for which flow and blanks. */
interface FlowTemplates {
  readonly blanks: ReadonlyMap<string, string>;
  readonly table: number;
  readonly priority: number;
  readonly actionsText: string;
  readonly nwDst: Template | undefined;
  readonly tunSrc: Template | undefined;
  readonly nwSrc: Template | undefined;
}

/**
 * The templates of `f`, kept with its match list (`matchMemo`): the parser shares one list among
 * the flows of all nodes that read the same (table 10/50/90 flows for each other node repeat on
 * every node, 39.7.4), so a 1000-node matrix builds each template text once instead of once per
 * node (3·10⁶ times).
 */
function templatesOf(f: Flow, blanks: ReadonlyMap<string, string>, matchMemo: MatchMemo): FlowTemplates {
  const memo = matchMemo.templates;
  if (
    memo &&
    memo.blanks === blanks &&
    memo.table === f.table &&
    memo.priority === f.priority &&
    memo.actionsText === f.actionsText
  )
    return memo;
  const read: FlowTemplates = {
    blanks,
    table: f.table,
    priority: f.priority,
    actionsText: f.actionsText,
    nwDst: readTemplate(f, NW_DST_FIELDS, blanks),
    tunSrc: readTemplate(f, TUN_SRC_FIELDS),
    nwSrc: readTemplate(f, NW_SRC_FIELDS),
  };
  matchMemo.templates = read;
  return read;
}

function readTemplate(
  f: Flow,
  fields: ReadonlySet<string>,
  actionBlanks?: ReadonlyMap<string, string>,
): Template | undefined {
  const m = f.match.find((x) => fields.has(x.field));
  if (!m?.value) return undefined;
  const slash = m.value.indexOf('/');
  const ip = parseIp(slash < 0 ? m.value : m.value.slice(0, slash));
  const c = parseCidr(m.value);
  const mask = c?.mask ?? (slash >= 0 ? parseIp(m.value.slice(slash + 1)) : DEFAULT_MASK);
  if (ip === undefined || mask === undefined) return undefined;
  const template = `${f.table}|${f.priority}|${f.match
    .filter((x) => x !== m)
    .map((x) => (x.value === undefined ? x.field : `${x.field}=${x.value}`))
    .join(',')}|${blankActions(f.actionsText, actionBlanks?.get(m.value))}`;
  return { ip, mask, id: templateIdOf(fields, template) };
}

/**
 * Per field set, template text → id, for the whole process: a template is read once per distinct
 * flow (see {@link templateMemos}), and the signatures of every node then compare ids. The texts
 * are kept as copies (no slice of a dump); ~N·30 of them (one per pod's own flows), a few MB at
 * 2000 nodes.
 */
const templateIds = new Map<ReadonlySet<string>, Map<string, number>>();

function templateIdOf(fields: ReadonlySet<string>, template: string): number {
  let ids = templateIds.get(fields);
  if (!ids) templateIds.set(fields, (ids = new Map()));
  let id = ids.get(template);
  if (id === undefined) ids.set(detach(template), (id = ids.size));
  return id;
}

/** The actions with every occurrence of `ip` (as a whole address) replaced by a placeholder. */
function blankActions(actions: string, ip: string | undefined): string {
  if (!ip) return actions;
  const isAddrChar = (c: string | undefined): boolean => c !== undefined && /[\d.]/.test(c);
  let out = '';
  let from = 0;
  for (let i = actions.indexOf(ip); i >= 0; i = actions.indexOf(ip, i + ip.length)) {
    if (isAddrChar(actions[i - 1]) || isAddrChar(actions[i + ip.length])) continue;
    out += `${actions.slice(from, i)}<hostip>`;
    from = i + ip.length;
  }
  return out + actions.slice(from);
}

const NW_DST_FIELDS: ReadonlySet<string> = new Set(['nw_dst', 'ip_dst', 'arp_tpa']);
const TUN_SRC_FIELDS: ReadonlySet<string> = new Set(['tun_src']);
const NW_SRC_FIELDS: ReadonlySet<string> = new Set(['nw_src', 'ip_src', 'arp_spa']);
