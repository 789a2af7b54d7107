/**
 * `ip addr` / `ip link` (39.8.1: the NIC MTU the SDN MTU must stay 50 below; link state of tun0,
 * vxlan_sys_4789 and the pod veths).
 */
import type { IpAddress, IpLinkRecord, ParseResult, ParseWarning } from './types.js';
import { msg } from '../i18n/message.js';
import { lineWarning, nonBlankLines } from './util/numbered-lines.js';
import { isCidrOrIp, isMac } from './util/addresses.js';

/** `13: eth0@if12: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP …` */
const LINK_HEAD = /^(\d+):\s+([^\s:@]+)(?:@([^\s:]+))?:\s+<([^>]*)>(.*)$/;
/** `    link/ether 76:4d:d5:b2:07:f4 brd ff:ff:ff:ff:ff:ff link-netns p1-rt` */
const LINK_LAYER = /^\s+link\/(\S+)(?:\s+(\S+))?/;
/** `    inet 10.128.2.1/23 brd 10.128.3.255 scope global tun0` */
const ADDR = /^\s+(inet6?)\s+(\S+)(.*)$/;
/** Address keywords that take a value (ip-address(8)). */
const ADDR_VALUED = new Set(['brd', 'peer', 'scope', 'metric', 'valid_lft', 'preferred_lft', 'proto', 'any']);
/** Address flags; anything else left on an inet line is its label. */
const ADDR_FLAGS = new Set([
  'dynamic',
  'secondary',
  'primary',
  'temporary',
  'noprefixroute',
  'tentative',
  'deprecated',
  'permanent',
  'mngtmpaddr',
  'home',
  'nodad',
  'optimistic',
  'dadfailed',
  'stable-privacy',
  'autojoin',
]);

interface LinkDraft {
  head: Omit<IpLinkRecord, 'addresses' | 'linkType' | 'mac'>;
  linkType?: string;
  mac?: string;
  addresses: IpAddress[];
}

function headFields(rest: string): { mtu?: number; state?: string; master?: string } {
  const t = rest.trim().split(/\s+/);
  const out: { mtu?: number; state?: string; master?: string } = {};
  for (let i = 0; i < t.length - 1; i++) {
    const k = t[i];
    const v = t[i + 1] as string;
    if (k === 'mtu' && /^\d+$/.test(v)) out.mtu = Number(v);
    else if (k === 'state') out.state = v;
    else if (k === 'master') out.master = v;
  }
  return out;
}

function parseAddress(m: RegExpExecArray, line: number, raw: string): IpAddress | undefined {
  const family = m[1] as 'inet' | 'inet6';
  const cidr = m[2] as string;
  if (!isCidrOrIp(cidr)) return undefined;
  const t = (m[3] as string).trim().split(/\s+/).filter(Boolean);
  let scope: string | undefined;
  let label: string | undefined;
  for (let i = 0; i < t.length; i++) {
    const tok = t[i] as string;
    if (ADDR_VALUED.has(tok)) {
      if (tok === 'scope') scope = t[i + 1];
      i++;
    } else if (!ADDR_FLAGS.has(tok) && family === 'inet') label = tok; // the label ends an inet line
  }
  return { line, raw, family, cidr, ...(scope ? { scope } : {}), ...(label ? { label } : {}) };
}

function finish(d: LinkDraft): IpLinkRecord {
  return {
    ...d.head,
    ...(d.linkType ? { linkType: d.linkType } : {}),
    ...(d.mac ? { mac: d.mac } : {}),
    addresses: d.addresses,
  };
}

/**
 * Parses `ip addr [show]` and `ip link [show]` output into one record per interface: index, name,
 * `@peer`, flags, MTU, state, master, link type, MAC and addresses. `up` needs both UP and
 * LOWER_UP (an administratively up link without carrier does not pass traffic).
 */
export function parseIpAddr(text: string): ParseResult<IpLinkRecord[]> {
  const records: IpLinkRecord[] = [];
  const warnings: ParseWarning[] = [];
  let cur: LinkDraft | undefined;
  nonBlankLines(text).forEach(({ line, raw }) => {
    const head = LINK_HEAD.exec(raw);
    if (head) {
      if (cur) records.push(finish(cur));
      const flags = (head[4] as string).split(',').filter(Boolean);
      cur = {
        head: {
          line,
          raw,
          index: Number(head[1]),
          name: head[2] as string,
          ...(head[3] ? { peer: head[3] } : {}),
          flags,
          ...headFields(head[5] as string),
          up: flags.includes('UP') && flags.includes('LOWER_UP'),
        },
        addresses: [],
      };
      return;
    }
    if (!/^\s/.test(raw)) {
      // `Device "x" does not exist.`, the guide's `---` rulers, truncated heads.
      warnings.push(
        lineWarning(line, raw, msg('not an ip addr/link line', 'ip addr/link の行ではありません')),
      );
      return;
    }
    if (!cur) {
      warnings.push(
        lineWarning(line, raw, msg('detail line before any interface', 'インターフェースより前の詳細行')),
      );
      return;
    }
    const ll = LINK_LAYER.exec(raw);
    if (ll) {
      cur.linkType = ll[1] as string;
      if (ll[2] && isMac(ll[2])) cur.mac = ll[2].toLowerCase();
      return;
    }
    const a = ADDR.exec(raw);
    if (a) {
      const addr = parseAddress(a, line, raw);
      if (addr) cur.addresses.push(addr);
      else warnings.push(lineWarning(line, raw, msg('unreadable address', 'アドレスを読み取れません')));
    }
    // Other indented lines (valid_lft, altname, `ip -d` details) carry nothing the checks use.
  });
  if (cur) records.push(finish(cur));
  return { records, warnings };
}
