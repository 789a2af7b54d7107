/**
 * Renders `ovs-ofctl add-flow` strings (as openshift-sdn and the lab's generateNodeFlows write
 * them) exactly as `ovs-ofctl -O OpenFlow13 dump-flows br0` prints them back (pipeline reference
 * §6: minimal-hex cookies, `priority=` first and omitted at 32768, ct_state before the protocol,
 * `ip,tcp` → `tcp`, `arp,nw_src` → `arp_spa`, `tcp_dst` → `tp_dst`, `/32` dropped, loads in hex,
 * notes padded to 6 bytes). Lets the bench build 1000-node dumps without running 1000 OVS; the
 * agreement test checks the rendering line for line against a real OVS.
 */

const ORDER = [
  'ct_state',
  '@proto',
  'reg0',
  'reg1',
  'reg2',
  'reg3',
  'reg4',
  'reg5',
  'reg6',
  'reg7',
  'tun_id',
  'tun_src',
  'tun_dst',
  'in_port',
  'dl_src',
  'dl_dst',
  'nw_src',
  'nw_dst',
  'arp_spa',
  'arp_tpa',
  'arp_sha',
  'arp_tha',
  'nw_frag',
  'tp_src',
  'tp_dst',
];
const RANK = new Map(ORDER.map((f, i) => [f, i]));
const PROTOS = new Set(['ip', 'arp', 'tcp', 'udp', 'icmp', 'sctp']);
const RENAME: Readonly<Record<string, string>> = {
  tcp_dst: 'tp_dst',
  udp_dst: 'tp_dst',
  sctp_dst: 'tp_dst',
  tcp_src: 'tp_src',
  udp_src: 'tp_src',
  sctp_src: 'tp_src',
  ip_frag: 'nw_frag',
  eth_dst: 'dl_dst',
  eth_src: 'dl_src',
};

const hex = (v: string): string => {
  if (/^0x/i.test(v)) return `0x${BigInt(v).toString(16)}`;
  return v === '0' ? '0' : `0x${BigInt(v).toString(16)}`;
};

function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of s) {
    if (c === '(' || c === '[') depth++;
    if (c === ')' || c === ']') depth--;
    if (c === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

function renderAction(a: string): string {
  const load = /^load:([^-]+)->(.+)$/.exec(a);
  if (load) return `load:${hex(load[1]!)}->${load[2]}`;
  const note = /^note:(.*)$/.exec(a);
  if (note) {
    // OVS prints the note's bytes in lower-case hex (format_NOTE: "%02"PRIx8): `0D` reads back `0d`
    const bytes = note[1]!.split('.').map((b) => b.toLowerCase());
    while (bytes.length < 6 || (bytes.length + 2) % 8 !== 0) bytes.push('00');
    return `note:${bytes.join('.')}`;
  }
  // OVS prints ct()'s arguments in its own order: commit, table, then nat (ofpact_format_ct)
  const ct = /^ct\((.*)\)$/.exec(a);
  if (ct) {
    const args = ct[1]!.split(',');
    const rank = (x: string) => (x === 'commit' ? 0 : x.startsWith('table=') ? 1 : 2);
    return `ct(${args.sort((x, y) => rank(x) - rank(y)).join(',')})`;
  }
  return a;
}

/** One add-flow string → one dump line (stats form, counters zero, the given duration). */
export function renderDumpLine(flow: string, duration = '1.000s'): string {
  const at = flow.indexOf('actions=');
  const head = splitTop(flow.slice(0, at));
  const actions = splitTop(flow.slice(at + 8))
    .map(renderAction)
    .join(',');
  let table = '0';
  let priority: string | undefined;
  let cookie = '0x0';
  const fields: [string, string | undefined][] = [];
  for (const tok of head) {
    const eq = tok.indexOf('=');
    const k = eq < 0 ? tok : tok.slice(0, eq);
    const v = eq < 0 ? undefined : tok.slice(eq + 1);
    if (k === 'table') table = v!;
    else if (k === 'priority') priority = v;
    else if (k === 'cookie') cookie = hex(v!);
    else fields.push([k, v]);
  }
  const protos = fields.filter(([k, v]) => v === undefined && PROTOS.has(k)).map(([k]) => k);
  const proto = protos.find((p) => p !== 'ip' && p !== 'arp') ?? protos[0];
  const isArp = proto === 'arp';
  const rendered: [number, string][] = [];
  if (proto) rendered.push([RANK.get('@proto')!, proto]);
  for (const [k0, v0] of fields) {
    if (v0 === undefined) continue;
    let k = RENAME[k0] ?? k0;
    if (isArp && k === 'nw_src') k = 'arp_spa';
    if (isArp && k === 'nw_dst') k = 'arp_tpa';
    let v = v0;
    if (/^(nw_|arp_[st]pa|tun_)/.test(k)) v = v.replace(/\/32$/, '');
    if (/^reg\d$/.test(k)) v = hex(v);
    rendered.push([RANK.get(k) ?? 50, `${k}=${v}`]);
  }
  rendered.sort((a, b) => a[0] - b[0]);
  const match = [
    ...(priority !== undefined && priority !== '32768' ? [`priority=${priority}`] : []),
    ...rendered.map((r) => r[1]),
  ].join(',');
  return ` cookie=${cookie}, duration=${duration}, table=${table}, n_packets=0, n_bytes=0, ${match ? `${match} ` : ''}actions=${actions}`;
}

/** A whole dump, with the OpenFlow 1.3 reply header and flows sorted by table then priority, like OVS 3.1. */
export function renderDumpFlows(flows: readonly string[]): string {
  const lines = flows.map((f) => renderDumpLine(f));
  const key = (l: string): [number, number] => [
    Number(/table=(\d+)/.exec(l)?.[1] ?? 0),
    Number(/ priority=(\d+)/.exec(l)?.[1] ?? /,priority=(\d+)/.exec(l)?.[1] ?? 32768),
  ];
  const keyed = lines.map((l) => [key(l), l] as const);
  keyed.sort((a, b) => a[0][0] - b[0][0] || b[0][1] - a[0][1]);
  return ['OFPST_FLOW reply (OF1.3) (xid=0x2):', ...keyed.map((k) => k[1])].join('\n') + '\n';
}
