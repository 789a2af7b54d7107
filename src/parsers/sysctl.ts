/**
 * `sysctl net.ipv4.ip_forward` (39.7.3.1: forwarding must be 1) and `sysctl -a` style listings.
 */
import type { ParseResult, ParseWarning, SysctlRecord } from './types.js';
import { msg } from '../i18n/message.js';
import { lineWarning, nonBlankLines } from './util/numbered-lines.js';

/** `net.ipv4.ip_forward = 1`; interface keys may hold `/` for VLANs (`net.ipv4.conf.eth0/100.rp_filter`). */
const KEY_VALUE = /^([A-Za-z0-9_][A-Za-z0-9_.\-/:@+]*)\s*=\s?(.*)$/;
/** `sysctl: cannot stat /proc/sys/net/ipv4/no_such_key: No such file or directory` */
const SYSCTL_ERROR = /^sysctl: (.*)$/;

/**
 * Parses `key = value` lines. A `sysctl:` error line (unknown key, permission denied) is a warning
 * naming the key, so a check that needs it says `unknown` instead of guessing a default.
 */
export function parseSysctl(text: string): ParseResult<SysctlRecord[]> {
  const records: SysctlRecord[] = [];
  const warnings: ParseWarning[] = [];
  nonBlankLines(text).forEach(({ line, raw, body }) => {
    if (body.startsWith('#') || body.startsWith(';')) return;
    const err = SYSCTL_ERROR.exec(body);
    if (err) {
      const what = err[1] as string;
      warnings.push(
        lineWarning(
          line,
          raw,
          msg(`sysctl could not read: ${what}`, `sysctl が読み取れませんでした: ${what}`),
        ),
      );
      return;
    }
    const kv = KEY_VALUE.exec(body);
    if (!kv) {
      warnings.push(
        lineWarning(
          line,
          raw,
          msg('not a `key = value` sysctl line', '`key = value` 形式の sysctl 行ではありません'),
        ),
      );
      return;
    }
    records.push({ line, raw, key: kv[1] as string, value: (kv[2] as string).trim() });
  });
  return { records, warnings };
}
