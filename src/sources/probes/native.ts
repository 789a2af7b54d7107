/**
 * Probes run natively where sdn-doctor runs (39.3, outside the cluster): DNS through a Resolver
 * with explicit servers and timeout, TCP connect that tells refused from timeout, and HTTP(S)
 * like `curl -kv` (SNI and Host from the URL, certificate not verified).
 */
import { Resolver } from 'node:dns/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIPv4, Socket } from 'node:net';
import { msg } from '../../i18n/message.js';
import type { ConnectResult, DnsOutcome, HttpOutcome } from './types.js';

/** 39.3 `dig +short <host>`: resolves `name` with `servers` (default: the system's). */
export async function resolveNative(
  name: string,
  timeoutMs: number,
  servers?: readonly string[],
): Promise<DnsOutcome> {
  const started = Date.now();
  const resolver = new Resolver({ timeout: Math.max(100, timeoutMs), tries: 1 });
  if (servers && servers.length > 0) resolver.setServers([...servers]);
  const used = resolver.getServers().join(',') || 'system';
  const ran = { where: 'local', argv: ['dns.resolve4', name, `@${used}`] };
  if (isIPv4(name)) {
    return {
      ran,
      durationMs: 0,
      name,
      resolver: used,
      addresses: [name],
      excerpt: msg(`${name} is an address`, `${name} はアドレスです（名前解決なし）`),
    };
  }
  try {
    const addresses = await resolver.resolve4(name);
    return {
      ran,
      durationMs: Date.now() - started,
      name,
      resolver: used,
      addresses,
      excerpt: addresses.join(' '),
    };
  } catch (e) {
    const code = (e as { code?: string }).code ?? 'error';
    const error =
      code === 'ENOTFOUND'
        ? 'NXDOMAIN'
        : code === 'ENODATA'
          ? 'NODATA'
          : code === 'ETIMEOUT'
            ? 'timeout'
            : code;
    return {
      ran,
      durationMs: Date.now() - started,
      name,
      resolver: used,
      addresses: [],
      error,
      excerpt: `${name}: ${error}`,
    };
  }
}

/** Maps a socket error code to what telnet would have shown (39.3). */
export function connectResultFromCode(code: string | undefined): ConnectResult {
  switch (code) {
    case 'ECONNREFUSED':
      return 'refused';
    case 'ETIMEDOUT':
      return 'timeout';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'no-route';
    case 'ECONNRESET':
      return 'reset';
    default:
      return 'other';
  }
}

/** 39.3 `telnet <ip> <port>`: connected, refused, or timeout. */
export function tcpConnectNative(
  ip: string,
  port: number,
  timeoutMs: number,
): Promise<{ result: ConnectResult; durationMs: number; detail: string }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = new Socket();
    let done = false;
    const finish = (result: ConnectResult, detail: string): void => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve({ result, durationMs: Date.now() - started, detail });
    };
    socket.setTimeout(timeoutMs, () => finish('timeout', `no answer from ${ip}:${port} in ${timeoutMs} ms`));
    socket.once('connect', () => finish('connected', `Connected to ${ip}:${port}`));
    socket.once('error', (e: Error & { code?: string }) =>
      finish(connectResultFromCode(e.code), `${ip}:${port}: ${e.message}`),
    );
    socket.connect({ host: ip, port });
  });
}

/** 39.3 `curl -kv <url>` against `ip` (the address DNS gave), with the URL's Host and SNI. */
export function httpNative(url: string, ip: string, timeoutMs: number): Promise<HttpOutcome> {
  const started = Date.now();
  const u = new URL(url);
  const https = u.protocol === 'https:';
  const port = u.port ? Number(u.port) : https ? 443 : 80;
  const ran = { where: 'local', argv: ['curl', '-kv', '--resolve', `${u.hostname}:${port}:${ip}`, url] };
  return new Promise((resolve) => {
    let done = false;
    const finish = (o: Omit<HttpOutcome, 'ran' | 'durationMs' | 'url' | 'ip' | 'port'>): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.destroy();
      resolve({ ran, durationMs: Date.now() - started, url, ip, port, ...o });
    };
    const options = {
      host: ip,
      port,
      path: `${u.pathname}${u.search}`,
      method: 'GET',
      headers: { Host: u.host, 'User-Agent': 'sdn-doctor', Accept: '*/*' },
      agent: false as const,
      ...(https ? { servername: u.hostname, rejectUnauthorized: false } : {}),
    };
    let connected = false;
    let secured = false;
    const req = (https ? httpsRequest : httpRequest)(options, (res) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers))
        if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      res.resume();
      finish({
        connect: 'connected',
        tcpConnected: true,
        status: res.statusCode,
        headers,
        excerpt: `HTTP/${res.httpVersion} ${res.statusCode ?? ''} ${res.statusMessage ?? ''}`.trim(),
      });
    });
    req.on('socket', (s) => {
      s.once('connect', () => (connected = true));
      s.once('secureConnect', () => (secured = true));
    });
    const timer = setTimeout(
      () =>
        finish({
          connect: 'timeout',
          tcpConnected: connected,
          // 39.13.2: TCP connected, the TLS handshake never finished
          ...(https && connected && !secured ? { tlsHandshakeStalled: true as const } : {}),
          headers: {},
          excerpt:
            https && connected && !secured
              ? msg(
                  `connected to ${ip}:${port} but the TLS handshake did not finish in ${timeoutMs} ms`,
                  `${ip}:${port} に接続しましたが ${timeoutMs} ms 以内に TLS ハンドシェイクが終わりません`,
                )
              : connected
                ? msg(
                    `connected to ${ip}:${port} but no HTTP answer in ${timeoutMs} ms`,
                    `${ip}:${port} に接続しましたが ${timeoutMs} ms 以内に HTTP の応答がありません`,
                  )
                : msg(
                    `no answer from ${ip}:${port} in ${timeoutMs} ms`,
                    `${ip}:${port} から ${timeoutMs} ms 以内に応答がありません`,
                  ),
        }),
      timeoutMs,
    );
    req.on('error', (e: Error & { code?: string }) => {
      const r = connectResultFromCode(e.code);
      finish({
        connect: connected && r === 'other' ? 'tls' : r,
        tcpConnected: connected,
        headers: {},
        excerpt: `${ip}:${port}: ${e.message}`,
      });
    });
    req.end();
  });
}
