/**
 * IPv4 addresses and CIDRs, the one copy every stage uses (checks, dataplane simulator, lab
 * address plan). A leaf: imports nothing. Addresses are unsigned 32-bit numbers; the string-level
 * helpers at the bottom are built on the numeric ones. Pure; unreadable input gives `undefined`,
 * never an exception.
 */

/** `10.128.0.1` → 0x0a800001; undefined unless a dotted quad of 0–255 without leading zeros. */
export function parseIp(text: string): number | undefined {
  const n = parseIpAt(text, 0, text.length);
  return n < 0 ? undefined : n;
}

/**
 * The dotted quad in `text[start, end)`, or -1: a hand loop over the characters, no regex and no
 * slice, because the dataplane simulator reads millions of addresses per matrix, and a slice of a
 * dump kept in a cache would keep the whole dump alive.
 */
export function parseIpAt(text: string, start: number, end: number): number {
  let n = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 /* . */) {
      if (digits === 0 || ++dots > 3) return -1;
      n = n * 256 + octet;
      octet = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      // `010` is octal to inet_aton, decimal to others: refuse rather than guess
      if (digits > 0 && octet === 0) return -1;
      octet = octet * 10 + (c - 48);
      if (++digits > 3 || octet > 255) return -1;
    } else return -1;
  }
  if (dots !== 3 || digits === 0) return -1;
  return n * 256 + octet;
}

/** 0x0a800001 → `10.128.0.1` (taken modulo 2^32). */
export function formatIp(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** The four octets as colon-separated hex (`10.128.2.5` → `0a:80:02:05`), as MACs embed them. */
export function ipHex(n: number): string {
  return [n >>> 24, n >>> 16, n >>> 8, n].map((o) => (o & 255).toString(16).padStart(2, '0')).join(':');
}

/** openshift-sdn pod MAC: `0a:58:` + the IPv4 bytes (ip.SetHWAddrByIP). */
export function podMac(ip: number): string {
  return `0a:58:${ipHex(ip)}`;
}

/** Network mask of a prefix length, as an unsigned number (`/0` → 0). */
export function prefixMask(len: number): number {
  return len <= 0 ? 0 : len >= 32 ? 0xffffffff : (0xffffffff << (32 - len)) >>> 0;
}

/** An IPv4 network: host bits of `base` are cleared; `mask` = prefixMask(len). */
export interface Cidr {
  readonly base: number;
  /** Prefix length, 0–32. */
  readonly len: number;
  readonly mask: number;
}

/** The network of `len` bits that holds `ip` (host bits cleared). */
export function cidrOf(ip: number, len: number): Cidr {
  const mask = prefixMask(len);
  return { base: (ip & mask) >>> 0, len, mask };
}

/**
 * `10.128.0.0/14`, a bare address (→ /32), `default` (→ /0), or `ip/dotted-mask`; host bits are
 * cleared. Surrounding white space is ignored.
 */
export function parseCidr(text: string): Cidr | undefined {
  // No cache of texts (a cached slice of a dump would keep the whole dump alive): reading the
  // text in place costs about what a hash lookup of it would.
  if (text.length === 0) return undefined;
  // white space around the text is rare: trim (copy) only then
  if (isSpaceOrOther(text.charCodeAt(0)) || isSpaceOrOther(text.charCodeAt(text.length - 1)))
    text = text.trim();
  const start = 0;
  const end = text.length;
  if (end - start === 7 && text.startsWith('default', start)) return cidrOf(0, 0);
  const slash = text.indexOf('/', start);
  const ipEnd = slash < 0 || slash >= end ? end : slash;
  const ip = parseIpAt(text, start, ipEnd);
  if (ip < 0) return undefined;
  if (ipEnd === end) return cidrOf(ip, 32);
  const len = prefixLengthAt(text, ipEnd + 1, end);
  return len < 0 ? undefined : cidrOf(ip, len);
}

/**
 * The prefix length written in `text[start, end)` after a `/`: one or two digits (≤ 32) or a
 * dotted contiguous mask; -1 otherwise.
 */
export function prefixLengthAt(text: string, start: number, end: number): number {
  const n = end - start;
  if (n === 1 || n === 2) {
    let len = 0;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return -1;
      len = len * 10 + c;
    }
    return len > 32 ? -1 : len;
  }
  const m = parseIpAt(text, start, end);
  if (m < 0) return -1;
  const len = Math.clz32(~m >>> 0);
  return prefixMask(len) === m ? len : -1;
}

/** A character String.prototype.trim might strip (all its white space is ≤ 32 or > 126). */
const isSpaceOrOther = (c: number): boolean => c <= 32 || c > 126;

/** Canonical text of a CIDR (`10.128.0.0/14`); `/32` is kept. */
export function formatCidr(c: Cidr): string {
  return `${formatIp(c.base)}/${c.len}`;
}

/** How many addresses the network spans (2^(32-len)). */
export function cidrSize(c: Cidr): number {
  return 2 ** (32 - c.len);
}

export function inCidr(ip: number, cidr: Cidr): boolean {
  return (ip & cidr.mask) >>> 0 === cidr.base;
}

/** True when every address of `inner` is in `outer`. */
export function cidrCovers(outer: Cidr, inner: Cidr): boolean {
  return outer.len <= inner.len && inCidr(inner.base, outer);
}

/** The `n`-th address of a CIDR (`10.128.0.0/23`, 1 → 10.128.0.1: openshift-sdn's gateway). */
export function nthAddress(cidr: Cidr, n: number): number {
  return (cidr.base + n) >>> 0;
}

/** The `n`-th subnet of length `len` inside `cidr`, from 0 (`10.128.0.0/14`, 23, 2 → `10.128.4.0/23`). */
export function nthSubnet(cidr: Cidr, len: number, n: number): Cidr {
  return cidrOf(cidr.base + n * 2 ** (32 - len), len);
}

// String-level helpers: unreadable text is never inside, equal to or overlapping anything.

/** True when `ip` (an address) is inside `cidr`. */
export function cidrContains(cidr: string, ip: string): boolean {
  const c = parseCidr(cidr);
  const n = parseIp(ip);
  return !!c && n !== undefined && inCidr(n, c);
}

/** True when the two CIDRs denote the same network (`10.1.0.1/32` = `10.1.0.1`). */
export function sameCidr(a: string, b: string): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  return !!x && !!y && x.base === y.base && x.len === y.len;
}

/** True when the two networks share at least one address. */
export function cidrsOverlap(a: string, b: string): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  return !!x && !!y && (cidrCovers(x, y) || cidrCovers(y, x));
}

/** The `n`-th address of a CIDR as text (`10.128.2.0/23`, 2 → `10.128.2.2`). */
export function hostInCidr(cidr: string, n: number): string | undefined {
  const c = parseCidr(cidr);
  return c && formatIp(nthAddress(c, n));
}

/** 39.7.1: the node's tun0 gateway is the first host of its HostSubnet (`10.128.2.0/23` → `10.128.2.1`). */
export function gatewayOf(subnet: string): string | undefined {
  const c = parseCidr(subnet);
  return c && c.len < 32 ? formatIp(nthAddress(c, 1)) : undefined;
}

/** Address part of `10.128.0.1/23` (or the text itself when it has no prefix). */
export function addressOf(cidrOrIp: string): string {
  return cidrOrIp.split('/')[0] ?? cidrOrIp;
}

/** Prefix-length part of `10.128.0.1/23` (`23`), as written; undefined without one. */
export function prefixOf(cidr: string): string | undefined {
  const slash = cidr.indexOf('/');
  return slash < 0 ? undefined : cidr.slice(slash + 1);
}
