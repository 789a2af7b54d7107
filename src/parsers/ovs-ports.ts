/**
 * `ovs-ofctl -O OpenFlow13 dump-ports-desc br0`, and the port part of `ovs-ofctl show br0`
 * (39.7.4: vxlan0 must be ofport 1, tun0 ofport 2, and each pod's veth a port of br0).
 * One record per ` N(name): addr:..` block, with its config/state flags and speed.
 */
import type { OvsPortDescRecord, ParseResult, ParseWarning } from './types.js';
import { msg } from '../i18n/message.js';
import { lineWarning, nonBlankLines } from './util/numbered-lines.js';

/** ` 1(vxlan0): addr:72:23:a0:a9:14:a7` / ` LOCAL(br0): addr:..` (name may hold any char but `)`). */
const PORT_HEAD = /^(\d+|LOCAL)\(([^()\s]+)\):\s*addr:\s*([0-9a-fA-F:]+)\s*$/;
const FLAGS = /^(config|state):\s*(.*)$/;
const SPEED = /^speed:\s*(\d+)\s*Mbps now/;
/** Port-block lines without meaning for a check. */
const PORT_DETAIL = /^(current|advertised|supported|peer|speed):/;
/** Lines of `ovs-ofctl show` around the port list. */
const SHOW_NOISE =
  /^(OFPST_PORT_DESC reply|OFPT_FEATURES_REPLY|OFPT_GET_CONFIG_REPLY|NXST_PORT_DESC|n_tables:|capabilities:|actions:|dpid:)/;

type Mut<T> = { -readonly [K in keyof T]: T[K] };

/** One record per OpenFlow port. */
export function parseOvsPortsDesc(text: string): ParseResult<OvsPortDescRecord[]> {
  const records: OvsPortDescRecord[] = [];
  const warnings: ParseWarning[] = [];
  let cur: (Mut<OvsPortDescRecord> & { config: string[]; state: string[] }) | undefined;
  for (const { line, raw, body: t } of nonBlankLines(text)) {
    if (SHOW_NOISE.test(t)) continue;
    const head = PORT_HEAD.exec(t);
    if (head) {
      const [, num, name, mac] = head as unknown as [string, string, string, string];
      const ofport = num === 'LOCAL' ? 'LOCAL' : Number(num);
      cur = { line, raw, ofport, name, mac: mac.toLowerCase(), config: [], state: [] };
      records.push(cur);
      continue;
    }
    const flags = FLAGS.exec(t);
    if (flags && cur) {
      const list = (flags[2] as string).split(/\s+/).filter((f) => f && f !== '0');
      if (!list.every((f) => /^[A-Z_]+$/.test(f))) {
        warnings.push(lineWarning(line, raw, msg('unreadable port flags', 'ポートのフラグが読めません')));
      } else if (flags[1] === 'config') cur.config = list;
      else cur.state = list;
      continue;
    }
    const speed = SPEED.exec(t);
    if (speed && cur) {
      cur.speedMbps = Number(speed[1]);
      continue;
    }
    if (PORT_DETAIL.test(t) && cur) continue;
    warnings.push(
      lineWarning(line, raw, msg('unreadable line in the port list', 'ポート一覧の読めない行です')),
    );
  }
  return { records, warnings };
}
