/**
 * `ethtool <if>` (39.6: `Link detected: yes`, speed and duplex on both sides),
 * `ethtool -S <if>` (39.13.3: a veth's `peer_ifindex` names its peer) and
 * `ethtool -i <if>` (39.13.3: the driver type).
 */
import type {
  EthtoolDriverRecord,
  EthtoolRecord,
  EthtoolStatsRecord,
  ParseResult,
  ParseWarning,
} from './types.js';
import { msg } from '../i18n/message.js';
import { lineWarning, nonBlankLines } from './util/numbered-lines.js';

/** `Cannot get device settings: No such device`, `no stats available`, `Cannot get driver information: …` */
const ETHTOOL_ERROR = /^(Cannot .*|no stats available.*|.*: No such device|Operation not supported.*)$/i;
const KEY_VALUE = /^([^:]+):\s?(.*)$/;

const errorWarning = (line: number, raw: string) =>
  lineWarning(line, raw, msg(`ethtool: ${raw.trim()}`, `ethtool: ${raw.trim()}`));

/**
 * Parses `ethtool <if>`: `Settings for eth0:` then tab-indented `Key: value` lines; values that
 * wrap (link mode lists, message level names) continue on deeper-indented lines without a key.
 */
export function parseEthtool(text: string): ParseResult<EthtoolRecord> {
  const warnings: ParseWarning[] = [];
  const settings: Record<string, string> = {};
  let iface: string | undefined;
  let lastKey: string | undefined;
  nonBlankLines(text).forEach(({ line, raw, body }) => {
    const head = /^Settings for (\S+):$/.exec(body);
    if (head && !/^\s/.test(raw)) {
      iface = head[1];
      return;
    }
    if (ETHTOOL_ERROR.test(body)) {
      warnings.push(errorWarning(line, raw));
      return;
    }
    const kv = /^\s/.test(raw) ? KEY_VALUE.exec(body) : null;
    if (kv && /^[A-Za-z][\w -]*[\w)]$/.test((kv[1] as string).trim())) {
      lastKey = (kv[1] as string).trim();
      settings[lastKey] = (kv[2] as string).trim();
    } else if (lastKey !== undefined && /^\s{2,}/.test(raw) && !body.includes(':')) {
      settings[lastKey] = `${settings[lastKey]} ${body}`.trim(); // a wrapped value
    } else
      warnings.push(lineWarning(line, raw, msg('unreadable ethtool line', 'ethtool の行を読み取れません')));
  });
  const link = settings['Link detected'];
  return {
    records: {
      ...(iface !== undefined ? { iface } : {}),
      ...(link === 'yes' || link === 'no' ? { linkDetected: link === 'yes' } : {}),
      ...(settings['Speed'] !== undefined ? { speed: settings['Speed'] } : {}),
      ...(settings['Duplex'] !== undefined ? { duplex: settings['Duplex'] } : {}),
      settings,
    },
    warnings,
  };
}

/** Parses `ethtool -S`: `NIC statistics:` then `name: number` counters. */
export function parseEthtoolStats(text: string): ParseResult<EthtoolStatsRecord> {
  const warnings: ParseWarning[] = [];
  const stats: Record<string, number> = {};
  nonBlankLines(text).forEach(({ line, raw, body }) => {
    if (body === 'NIC statistics:') return;
    if (ETHTOOL_ERROR.test(body)) {
      warnings.push(errorWarning(line, raw));
      return;
    }
    const kv = /^([^\s:][^:]*):\s+(-?\d+)$/.exec(body);
    if (kv) stats[kv[1] as string] = Number(kv[2]);
    else
      warnings.push(
        lineWarning(
          line,
          raw,
          msg('unreadable ethtool -S counter', 'ethtool -S のカウンターを読み取れません'),
        ),
      );
  });
  const peer = stats['peer_ifindex'];
  return { records: { stats, ...(peer !== undefined ? { peerIfindex: peer } : {}) }, warnings };
}

/** Parses `ethtool -i`: `driver: veth`, `version: 1.0`, `bus-info: …` (values may be empty). */
export function parseEthtoolDriver(text: string): ParseResult<EthtoolDriverRecord> {
  const warnings: ParseWarning[] = [];
  const fields: Record<string, string> = {};
  nonBlankLines(text).forEach(({ line, raw, body }) => {
    if (ETHTOOL_ERROR.test(body)) {
      warnings.push(errorWarning(line, raw));
      return;
    }
    const kv = /^([a-z][a-z0-9-]*):\s?(.*)$/.exec(body);
    if (kv) fields[kv[1] as string] = (kv[2] as string).trim();
    else
      warnings.push(
        lineWarning(line, raw, msg('unreadable ethtool -i line', 'ethtool -i の行を読み取れません')),
      );
  });
  const opt = (k: string) => (fields[k] ? fields[k] : undefined);
  const driver = opt('driver');
  const version = opt('version');
  const busInfo = opt('bus-info');
  return {
    records: {
      ...(driver !== undefined ? { driver } : {}),
      ...(version !== undefined ? { version } : {}),
      ...(busInfo !== undefined ? { busInfo } : {}),
      fields,
    },
    warnings,
  };
}
