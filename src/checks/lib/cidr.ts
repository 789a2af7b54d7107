/**
 * IPv4 address and CIDR arithmetic shared by the checks (HostSubnets, cluster network, routes,
 * iptables -s/-d). Pure; unreadable input gives `undefined`, never an exception.
 */

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** `10.128.0.1` → 32-bit unsigned integer, or undefined when not a dotted quad. */
export function ipToInt(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4 || !parts.every((p) => OCTET.test(p))) return undefined;
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

/** 32-bit integer → dotted quad. */
export function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

export interface Cidr {
  /** Network base as an integer (host bits cleared). */
  readonly base: number;
  readonly prefix: number;
}

/** `10.128.0.0/14` or a bare address (`/32`) → Cidr; host bits are cleared. */
export function parseCidr(text: string): Cidr | undefined {
  const [addr, len, extra] = text.trim().split('/');
  if (addr === undefined || extra !== undefined) return undefined;
  const ip = ipToInt(addr);
  const prefix = len === undefined ? 32 : /^\d{1,2}$/.test(len) ? Number(len) : NaN;
  if (ip === undefined || !(prefix >= 0 && prefix <= 32)) return undefined;
  const size = 2 ** (32 - prefix);
  return { base: Math.floor(ip / size) * size, prefix };
}

/** Canonical text of a CIDR (`10.128.0.0/14`); `/32` is kept. */
export function cidrText(c: Cidr): string {
  return `${intToIp(c.base)}/${c.prefix}`;
}

/** True when `ip` (an address) is inside `cidr`. */
export function cidrContains(cidr: string, ip: string): boolean {
  const c = parseCidr(cidr);
  const n = ipToInt(ip);
  if (!c || n === undefined) return false;
  return n >= c.base && n < c.base + 2 ** (32 - c.prefix);
}

/** True when the two CIDRs denote the same network (`10.1.0.1/32` = `10.1.0.1`). */
export function sameCidr(a: string, b: string): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  return !!x && !!y && x.base === y.base && x.prefix === y.prefix;
}

/** True when the two networks share at least one address. */
export function cidrsOverlap(a: string, b: string): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  if (!x || !y) return false;
  const xEnd = x.base + 2 ** (32 - x.prefix);
  const yEnd = y.base + 2 ** (32 - y.prefix);
  return x.base < yEnd && y.base < xEnd;
}

/** 39.7.1: the node's tun0 gateway is the first host of its HostSubnet (`10.128.2.0/23` → `10.128.2.1`). */
export function gatewayOf(subnet: string): string | undefined {
  const c = parseCidr(subnet);
  return c && c.prefix < 32 ? intToIp(c.base + 1) : undefined;
}

/** Address part of `10.128.0.1/23` (or the text itself when it has no prefix). */
export function addressOf(cidrOrIp: string): string {
  return cidrOrIp.split('/')[0] ?? cidrOrIp;
}
