/** IPv4 helpers for the simulator: addresses are unsigned 32-bit numbers. */

const DOTTED = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** `10.128.0.1` → 0x0a800001; undefined when not a dotted quad. */
export function parseIp(text: string): number | undefined {
  const m = DOTTED.exec(text);
  if (!m) return undefined;
  let n = 0;
  for (let i = 1; i <= 4; i++) {
    const b = Number(m[i]);
    if (b > 255) return undefined;
    n = n * 256 + b;
  }
  return n;
}

export function formatIp(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** Network mask of a prefix length, as an unsigned number (`/0` → 0). */
export function prefixMask(len: number): number {
  return len <= 0 ? 0 : len >= 32 ? 0xffffffff : (0xffffffff << (32 - len)) >>> 0;
}

export interface Cidr {
  readonly base: number;
  readonly len: number;
  readonly mask: number;
}

const cidrCache = new Map<string, Cidr | undefined>();

/** `10.128.0.0/14`, a bare address (→ /32), `default` (→ /0), or `ip/dotted-mask`. */
export function parseCidr(text: string): Cidr | undefined {
  // Dumps repeat the same few prefixes thousands of times (cluster network, HostSubnets).
  if (cidrCache.has(text)) return cidrCache.get(text);
  const c = readCidr(text);
  if (cidrCache.size > 200_000) cidrCache.clear();
  cidrCache.set(text, c);
  return c;
}

function readCidr(text: string): Cidr | undefined {
  if (text === 'default') return { base: 0, len: 0, mask: 0 };
  const slash = text.indexOf('/');
  const ip = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (ip === undefined) return undefined;
  if (slash < 0) return { base: ip, len: 32, mask: 0xffffffff };
  const rest = text.slice(slash + 1);
  let len: number;
  if (/^\d{1,2}$/.test(rest)) len = Number(rest);
  else {
    const m = parseIp(rest);
    if (m === undefined) return undefined;
    len = Math.clz32(~m >>> 0);
    if (prefixMask(len) !== m) return undefined;
  }
  if (len > 32) return undefined;
  const mask = prefixMask(len);
  return { base: (ip & mask) >>> 0, len, mask };
}

export function inCidr(ip: number, cidr: Cidr): boolean {
  return (ip & cidr.mask) >>> 0 === cidr.base;
}

/** The `n`-th address of a CIDR (`10.128.0.0/23`, 1 → 10.128.0.1: openshift-sdn's gateway). */
export function nthAddress(cidr: Cidr, n: number): number {
  return (cidr.base + n) >>> 0;
}
