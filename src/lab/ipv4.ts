/** Small IPv4 helpers for the lab's address plan (pure). */

export function ipToInt(ip: string): number {
  return ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
}

export function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

export function parseCidr(cidr: string): { base: number; prefix: number } {
  const [ip = '', len = '32'] = cidr.split('/');
  return { base: ipToInt(ip), prefix: Number(len) };
}

/** `10.128.0.0/14`, 23, 2 → `10.128.4.0/23` (the n-th subnet of that size, from 0). */
export function nthSubnet(cidr: string, prefix: number, n: number): string {
  const { base } = parseCidr(cidr);
  return `${intToIp(base + n * 2 ** (32 - prefix))}/${prefix}`;
}

/** The k-th address of a CIDR (`10.128.2.0/23`, 1 → `10.128.2.1`). */
export function hostInCidr(cidr: string, k: number): string {
  return intToIp(parseCidr(cidr).base + k);
}

/** openshift-sdn pod MAC: `0a:58:` + the IPv4 bytes (ip.SetHWAddrByIP). */
export function podMac(ip: string): string {
  return ['0a', '58', ...ip.split('.').map((o) => Number(o).toString(16).padStart(2, '0'))].join(':');
}

export function inCidr(ip: string, cidr: string): boolean {
  const { base, prefix } = parseCidr(cidr);
  const size = 2 ** (32 - prefix);
  const v = ipToInt(ip);
  return v >= base && v < base + size;
}
