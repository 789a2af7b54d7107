/**
 * Results of the active probes (39.3, 39.5, 39.6, 39.8, 39.9): the same shapes whether the probe
 * ran natively where sdn-doctor runs or as an argv (curl, dig, ping, tracepath, ip route get)
 * through a node shell. Diagnose reads only these, never parser types.
 */
import type { Artifact } from '../../artifacts/types.js';
import type { Text } from '../../i18n/message.js';

/** What ran and where (the `ran` entries of a diagnose step). */
export interface Ran {
  /** `client`, `local`, `node/<name>`, `pod/<ns>/<name>`. */
  readonly where: string;
  readonly argv: readonly string[];
}

interface ProbeBase {
  readonly ran: Ran;
  readonly durationMs: number;
  /** Set when the probe could not run at all (shell hung, exec refused): the answer is unknown. */
  readonly unavailable?: string;
  /** The raw output kept for `--save-bundle` (absent for native probes). */
  readonly artifact?: Artifact;
  /** Short excerpt for evidence: the tool's own lines (verbatim), or what we saw instead (both languages). */
  readonly excerpt: Text;
}

export interface DnsOutcome extends ProbeBase {
  readonly name: string;
  /** Servers asked (`192.168.122.1`), or `system` / `resolv.conf of <where>`. */
  readonly resolver: string;
  /** IPv4 addresses in the answer (CNAME targets followed). */
  readonly addresses: readonly string[];
  /** Full answer records (dig +noall +answer), when available. */
  readonly records?: readonly { readonly name: string; readonly type: string; readonly data: string }[];
  /** `NXDOMAIN`, `NODATA`, `timeout`, … when no address came back. */
  readonly error?: string;
}

/** 39.3: what `telnet host port` shows: connected, refused or timed out. */
export type ConnectResult =
  | 'connected'
  | 'refused'
  | 'timeout'
  | 'no-route'
  | 'reset'
  | 'resolve'
  | 'tls'
  | 'other';

export interface HttpOutcome extends ProbeBase {
  readonly url: string;
  readonly ip?: string;
  readonly port?: number;
  readonly connect: ConnectResult;
  /** The TCP connection was established (even if no HTTP answer followed). */
  readonly tcpConnected: boolean;
  /**
   * 39.13.2: an https URL whose TCP connection was made but whose TLS handshake never finished
   * before the deadline ("TLS handshake timeout"): the server's answer (its certificate chain) did
   * not arrive, which large packets dropped on the path cause.
   */
  readonly tlsHandshakeStalled?: true;
  readonly status?: number;
  readonly headers: Readonly<Record<string, string>>;
}

export interface PingOutcome extends ProbeBase {
  readonly target: string;
  readonly transmitted?: number;
  readonly received?: number;
  /** Don't-fragment probe: the MTU the kernel or a hop reported. */
  readonly fragNeededMtu?: number;
  readonly errors: readonly string[];
}

export interface TracepathOutcome extends ProbeBase {
  readonly target: string;
  readonly reached: boolean;
  readonly pmtu?: number;
  readonly hops: readonly { readonly ttl: number; readonly host?: string; readonly noReply: boolean }[];
}

export interface RouteGetOutcome extends ProbeBase {
  readonly target: string;
  readonly dev?: string;
  readonly via?: string;
  readonly src?: string;
  readonly error?: string;
}

export interface LinkOutcome extends ProbeBase {
  readonly ifname: string;
  /** 39.6: `ethtool <nic>` → `Link detected: yes|no`. */
  readonly linkDetected?: boolean;
  readonly speed?: string;
  readonly duplex?: string;
}
