/**
 * Address syntax shared by the host-command parsers (ip, ping, curl, dig, node config): only the
 * shape is checked, so a corrupted octet (`10.99.1.256`) becomes a warning instead of a record.
 */
import { parseIp } from '../../net/ipv4.js';

// IPv6 as iproute2 prints it: hex groups, `::` compression, optional IPv4 tail.
const IPV6 = /^(?=.*:)[0-9a-fA-F:.]{2,45}$/;

/** `10.128.2.1` */
export function isIPv4(s: string): boolean {
  return parseIp(s) !== undefined;
}

/** `fe80::3495:a3ff:fe21:5347`, `::1` (shape only). */
export function isIPv6(s: string): boolean {
  return IPV6.test(s) && (s.match(/::/g) ?? []).length <= 1;
}

export function isIp(s: string): boolean {
  return isIPv4(s) || isIPv6(s);
}

/** `10.128.0.0/14`, `fe80::/64`, or a bare address. */
export function isCidrOrIp(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash < 0) return isIp(s);
  const addr = s.slice(0, slash);
  const len = s.slice(slash + 1);
  if (!/^\d{1,3}$/.test(len)) return false;
  const n = Number(len);
  return isIPv4(addr) ? n <= 32 : isIPv6(addr) && n <= 128;
}

/** A bare address gets its host prefix (`/32`, `/128`), as `ip route` means it. */
export function withPrefix(s: string): string {
  if (s.includes('/')) return s;
  return isIPv4(s) ? `${s}/32` : `${s}/128`;
}

/** `76:4d:d5:b2:07:f4` */
export function isMac(s: string): boolean {
  return /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/.test(s);
}
