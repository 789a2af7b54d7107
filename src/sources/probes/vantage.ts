/**
 * The outside vantage point of 39.3: the machine sdn-doctor runs on (native probes), or a place
 * reached through a shell (the lab's client namespace), where the probes run as argv.
 */
import type { NodeShell } from '../node-shell.js';
import { createLocalShell } from '../live/local-shell.js';
import { httpNative, resolveNative } from './native.js';
import { curlFrom, digShortFrom, pingFrom, tracepathFrom } from './shell-probes.js';
import type { DnsOutcome, HttpOutcome, PingOutcome, TracepathOutcome } from './types.js';

export interface OutsideVantage {
  /** Shown in steps: `local`, `client`. */
  readonly where: string;
  resolve(name: string, timeoutMs: number): Promise<DnsOutcome>;
  /** `curl -kv url` sent to `ip` (what DNS answered) with the URL's Host/SNI. */
  http(url: string, ip: string, timeoutMs: number): Promise<HttpOutcome>;
  ping(ip: string, timeoutMs: number): Promise<PingOutcome>;
  tracepath(ip: string, timeoutMs: number): Promise<TracepathOutcome>;
}

/** Probes from this machine; `dnsServers` overrides the system resolver. */
export function createNativeVantage(opts: { readonly dnsServers?: readonly string[] } = {}): OutsideVantage {
  const local = createLocalShell();
  return {
    where: 'local',
    resolve: (name, t) => resolveNative(name, t, opts.dnsServers),
    http: (url, ip, t) => httpNative(url, ip, t),
    ping: (ip, t) => pingFrom(local, { kind: 'client' }, ip, t),
    tracepath: (ip, t) => tracepathFrom(local, { kind: 'client' }, ip, t),
  };
}

/**
 * Probes as argv through `shell` at its `client` target (the lab's client namespace, whose
 * resolv.conf names the lab's DNS server). curl resolves the name itself there, as a user would.
 */
export function createShellVantage(shell: NodeShell): OutsideVantage {
  const client = { kind: 'client' } as const;
  return {
    where: 'client',
    resolve: (name, t) => digShortFrom(shell, client, name, t),
    http: (url, _ip, t) => curlFrom(shell, client, url, t),
    ping: (ip, t) => pingFrom(shell, client, ip, t),
    tracepath: (ip, t) => tracepathFrom(shell, client, ip, t),
  };
}
