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

const IP_FIELDS = new Set(['nw_src', 'nw_dst', 'arp_spa', 'arp_tpa', 'ip_src', 'ip_dst']);
const DEFAULT_MASK = 0xffffffff;

function exactIp(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const c = parseCidr(value);
  return c && c.len === 32 ? c.base : undefined;
}

/** Per-node index of flows by the exact IPs and ports they name. */
export class FlowMentions {
  readonly byIp = new Map<number, Flow[]>();
  readonly byPortToken = new Map<string, Flow[]>();

  constructor(flows: readonly Flow[]) {
    for (const f of flows) {
      let last: number | undefined;
      for (const m of f.match) {
        if (IP_FIELDS.has(m.field)) {
          const ip = exactIp(m.value);
          // a flow naming one IP twice (nw_src and nw_dst) is listed once
          if (ip !== undefined && ip !== last) push(this.byIp, ip, f);
          last = ip;
        } else if (m.field === 'in_port' && m.value) push(this.byPortToken, m.value, f);
      }
    }
  }
}

function push<K, V>(map: Map<K, V[]>, k: K, v: V): void {
  const list = map.get(k);
  if (list) list.push(v);
  else map.set(k, [v]);
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

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
  const ipRe = new RegExp(`(?<![\\d.])${escape(ipText)}(?![\\d])`, 'g');
  const tokens = [port === undefined ? undefined : String(port), portName].filter((t): t is string => !!t);
  const portRe = tokens.length
    ? new RegExp(`(in_port=|output:)(?:${tokens.map(escape).join('|')})(?![\\w])`, 'g')
    : undefined;
  const regRe =
    port === undefined
      ? undefined
      : new RegExp(`load:(?:0x${port.toString(16)}|${port})->NXM_NX_REG2\\[\\]`, 'g');
  const lines = [...flows].map((f) => {
    let t = `${f.table}|${f.priority}|${f.match.map((m) => (m.value === undefined ? m.field : `${m.field}=${m.value}`)).join(',')}|${f.actionsText}`;
    t = t.replace(ipRe, '<ip>').split(hexIp).join('<iphex>');
    if (portRe) t = t.replace(portRe, '$1<port>');
    if (regRe) t = t.replace(regRe, 'load:<port>->NXM_NX_REG2[]');
    return t;
  });
  lines.sort();
  const onBridge = port === undefined ? 'noport' : view.bridge?.ports.exists(port) ? 'port' : 'port-missing';
  return `${vnid ?? '?'}#${onBridge}#${lines.join('\n')}`;
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
  /** mask → masked value → ids of the templates constraining the field to that value. */
  private readonly byMask = new Map<number, Map<number, number[]>>();

  /**
   * @param actionBlanks optional: for a flow matching the field on this exact value (a HostSubnet
   *   `10.129.2.0/23`), the address to blank in its actions too (that node's hostIP, which its
   *   table 90 flow loads into tun_dst): flows alike but for whose subnet and node they serve
   *   then share a template.
   */
  constructor(
    flows: readonly Flow[],
    fields: ReadonlySet<string>,
    actionBlanks?: ReadonlyMap<string, string>,
  ) {
    /**
     * Template text → small id: values are compared by these ids, not by their texts. Local: the
     * texts are built from slices of the node's dump and would keep all of it alive.
     */
    const templateIds = new Map<string, number>();
    for (const f of flows) {
      const m = f.match.find((x) => fields.has(x.field));
      if (!m?.value) continue;
      const slash = m.value.indexOf('/');
      const ip = parseIp(slash < 0 ? m.value : m.value.slice(0, slash));
      const c = parseCidr(m.value);
      const mask = c?.mask ?? (slash >= 0 ? parseIp(m.value.slice(slash + 1)) : DEFAULT_MASK);
      if (ip === undefined || mask === undefined) continue;
      const template = `${f.table}|${f.priority}|${f.match
        .filter((x) => x !== m)
        .map((x) => (x.value === undefined ? x.field : `${x.field}=${x.value}`))
        .join(',')}|${blankActions(f.actionsText, actionBlanks?.get(m.value))}`;
      let id = templateIds.get(template);
      if (id === undefined) templateIds.set(template, (id = templateIds.size));
      let byValue = this.byMask.get(mask);
      if (!byValue) this.byMask.set(mask, (byValue = new Map()));
      push(byValue, (ip & mask) >>> 0, id);
    }
  }

  /**
   * The templates accepting `value`, as their sorted ids: equal for two values exactly when the
   * same templates (as texts, counted with repeats) accept both. Called for every sender of every
   * node (4·10⁶ times at 1000 nodes): numbers, not the templates' texts, are sorted and joined.
   */
  of(value: number): string {
    const ids: number[] = [];
    for (const [mask, byValue] of this.byMask) {
      const t = byValue.get((value & mask) >>> 0);
      if (t) for (const id of t) ids.push(id);
    }
    return ids.sort((x, y) => x - y).join(',');
  }

  private readonly ids = new Map<string, number>();
  private readonly idCache = new Map<number, number>();

  /** A small number standing for {@link of}'s signature (keys built millions of times stay short). */
  idOf(value: number): number {
    let id = this.idCache.get(value);
    if (id !== undefined) return id;
    const sig = this.of(value);
    id = this.ids.get(sig);
    if (id === undefined) this.ids.set(sig, (id = this.ids.size));
    this.idCache.set(value, id);
    return id;
  }
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

export const NW_DST_FIELDS: ReadonlySet<string> = new Set(['nw_dst', 'ip_dst', 'arp_tpa']);
export const TUN_SRC_FIELDS: ReadonlySet<string> = new Set(['tun_src']);
export const NW_SRC_FIELDS: ReadonlySet<string> = new Set(['nw_src', 'ip_src', 'arp_spa']);
