/**
 * `ovs-vsctl list-br` and `ovs-vsctl show` (39.7.4: br0 must exist, with vxlan0 and tun0 as ports;
 * 36.7.4 shows `ovs-vsctl show` with `options: {dst_port="4789", key=flow, remote_ip=flow}`).
 * Both OVS renderings are read: 2.x quotes names (`Bridge "br0"`), 3.x does not (`Bridge br0`).
 */
import type {
  OvsShowBridge,
  OvsShowInterface,
  OvsShowPort,
  OvsShowRecord,
  ParseResult,
  ParseWarning,
} from './types.js';
import { msg } from '../i18n/message.js';
import { lineWarning, nonBlankLines } from './util/numbered-lines.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A bare or double-quoted OVSDB string. */
const NAME = /^(?:"(?:[^"\\]|\\.)*"|[^\s"{}]+)$/;

/** Keys `ovs-vsctl show` prints that no check needs; accepted silently. */
const IGNORED_KEYS = new Set([
  'is_connected',
  'role',
  'status',
  'bond_mode',
  'lacp',
  'lacp_status',
  'trunks',
  'vlan_mode',
  'link_state',
  'mac_in_use',
  'mac',
  'ofport',
  'ofport_request',
  'bfd',
  'bfd_status',
  'cfm_fault',
  'other_config',
  'external_ids',
  'protocols',
  'mtu',
  'mtu_request',
  'datapath_id',
  'stp_enable',
  'rstp_enable',
  'mcast_snooping_enable',
  'connection_mode',
  'target',
]);

/** One bridge name per line. */
export function parseOvsListBr(text: string): ParseResult<string[]> {
  const records: string[] = [];
  const warnings: ParseWarning[] = [];
  nonBlankLines(text).forEach(({ line, raw, body: t }) => {
    if (!NAME.test(t)) {
      warnings.push(lineWarning(line, raw, msg('not a bridge name', 'ブリッジ名ではありません')));
      return;
    }
    records.push(unquote(t));
  });
  return { records, warnings };
}

type Mut<T> = { -readonly [K in keyof T]: T[K] };

/** The tree of bridges → ports → interfaces, with fail_mode, datapath_type, tags, options, errors. */
export function parseOvsShow(text: string): ParseResult<OvsShowRecord> {
  const warnings: ParseWarning[] = [];
  const out: Mut<OvsShowRecord> = { bridges: [] };
  const bridges: Mut<OvsShowBridge>[] = [];
  let bridge: (Mut<OvsShowBridge> & { ports: Mut<OvsShowPort>[] }) | undefined;
  let port: (Mut<OvsShowPort> & { interfaces: Mut<OvsShowInterface>[] }) | undefined;
  let iface: Mut<OvsShowInterface> | undefined;

  for (const { line, raw, body: t } of nonBlankLines(text)) {
    const warn = (en: string, ja: string): void => {
      warnings.push(lineWarning(line, raw, msg(en, ja)));
    };
    if (UUID.test(t)) {
      if (out.uuid === undefined) out.uuid = t;
      else warn('second Open_vSwitch uuid', '2つ目の Open_vSwitch uuid');
      continue;
    }
    const kw = /^(Bridge|Port|Interface|Controller|Manager)\s+(.+)$/.exec(t);
    if (kw) {
      const [, keyword, rest] = kw as unknown as [string, string, string];
      if (!NAME.test(rest)) {
        warn(`bad ${keyword} name`, `${keyword} の名前が不正です`);
        continue;
      }
      const name = unquote(rest);
      if (keyword === 'Bridge') {
        bridge = { name, ports: [], line };
        bridges.push(bridge);
        port = undefined;
        iface = undefined;
      } else if (keyword === 'Port') {
        if (!bridge) warn('Port outside a Bridge', 'Bridge の外にある Port');
        else {
          port = { name, interfaces: [], line };
          bridge.ports.push(port);
          iface = undefined;
        }
      } else if (keyword === 'Interface') {
        if (!port) warn('Interface outside a Port', 'Port の外にある Interface');
        else {
          iface = { name, options: {}, line };
          port.interfaces.push(iface);
        }
      } else if (keyword === 'Controller') {
        if (bridge) bridge.controller = name;
        else warn('Controller outside a Bridge', 'Bridge の外にある Controller');
      }
      // Manager: Open_vSwitch level, not needed.
      continue;
    }
    const kv = /^([a-z_]+):\s*(.*)$/.exec(t);
    if (!kv) {
      warn('unreadable line in ovs-vsctl show', 'ovs-vsctl show の読めない行です');
      continue;
    }
    const [, key, value] = kv as unknown as [string, string, string];
    switch (key) {
      case 'ovs_version':
        out.ovsVersion = unquote(value);
        break;
      case 'fail_mode':
        if (bridge) bridge.failMode = unquote(value);
        else warn('fail_mode outside a Bridge', 'Bridge の外にある fail_mode');
        break;
      case 'datapath_type':
        if (bridge) bridge.datapathType = unquote(value);
        else warn('datapath_type outside a Bridge', 'Bridge の外にある datapath_type');
        break;
      case 'tag': {
        if (port && /^\d+$/.test(value)) port.tag = Number(value);
        else warn('bad or misplaced tag', 'tag の値または位置が不正です');
        break;
      }
      case 'type':
        if (iface) iface.type = unquote(value);
        else warn('type outside an Interface', 'Interface の外にある type');
        break;
      case 'options': {
        const opts = parseOptions(value);
        if (!iface || !opts) warn('bad or misplaced options', 'options の値または位置が不正です');
        else iface.options = opts;
        break;
      }
      case 'error':
        // 39.7.4: `error: "could not open network device vethX (No such device)"` = a dead pod port.
        if (iface) iface.error = unquote(value);
        else warn('error outside an Interface', 'Interface の外にある error');
        break;
      default:
        if (!IGNORED_KEYS.has(key)) warn(`unknown key "${key}"`, `不明なキー "${key}"`);
    }
  }
  out.bridges = bridges;
  if (out.uuid === undefined && bridges.length === 0 && text.trim() !== '') {
    warnings.push(
      lineWarning(0, '', msg('no Open vSwitch found in the output', '出力に Open vSwitch がありません')),
    );
  }
  return { records: out, warnings };
}

/** `{dst_port="4789", key=flow, remote_ip=flow}` → record; undefined when malformed. */
function parseOptions(value: string): Record<string, string> | undefined {
  if (!value.startsWith('{') || !value.endsWith('}')) return undefined;
  const body = value.slice(1, -1).trim();
  const out: Record<string, string> = {};
  if (!body) return out;
  const re = /\s*([A-Za-z0-9_:-]+)=("(?:[^"\\]|\\.)*"|[^,"\s]*)\s*(?:,|$)/y;
  let pos = 0;
  while (pos < body.length) {
    re.lastIndex = pos;
    const m = re.exec(body);
    if (!m || re.lastIndex === pos) return undefined;
    out[m[1] as string] = unquote(m[2] as string);
    pos = re.lastIndex;
  }
  return out;
}

function unquote(s: string): string {
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) return s.slice(1, -1).replace(/\\(.)/g, '$1');
  return s;
}
