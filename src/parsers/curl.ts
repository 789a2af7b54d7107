/**
 * `curl -kv <url>` (39.3 router, 39.5 service and endpoints, 39.9 egress): where the connection
 * failed (refused = nothing listens; timeout = packets dropped; resolve = DNS; no-route) or what
 * the server answered. Wording of curl 7.x and 8.x (verbose lines go to stderr).
 */
import type { CurlRecord, Located, ParseResult, ParseWarning } from './types.js';
import { msg } from '../i18n/message.js';
import { lineWarning, splitLines } from './util/numbered-lines.js';

type Failure = NonNullable<CurlRecord['failure']>;

/** `*   Trying 10.99.2.2:8000...`, `*   Trying [::1]:80...`, old `*   Trying 1.2.3.4...` */
const TRYING = /^\*\s+Trying \[?([0-9a-fA-F:.]+?)\]?(?::(\d+))?\.\.\.\s*$/;
/** `* Connected to host (10.99.2.2) port 8000 (#0)` (7.x) / `… port 8000` (8.x) */
const CONNECTED = /^\* Connected to (\S+) \(([^)]*)\) port (\d+)/;
/** 8.x: `* IPv4: 10.99.2.2, 10.99.2.3` */
const RESOLVED = /^\* IPv[46]: ([0-9a-fA-F:.]+)/;
const REQUEST = /^> ([A-Z]+ \S+ HTTP\/[\d.]+)\s*$/;
const STATUS = /^< HTTP\/([\d.]+) (\d{3})\b/;
const HEADER = /^< ([!#$%&'*+.^_`|~0-9A-Za-z-]+):\s?(.*)$/;
/** `curl: (7) Failed to connect …`; without -s the progress meter runs into it (`…     0curl: (7) …`). */
const CURL_EXIT = /(?:^|\d)curl: \((\d+)\) (.*)$/;

/** Failure kind from a message's wording (errno strings of connect(2), curl's own phrases). */
function classify(text: string): Failure | undefined {
  if (/connection refused/i.test(text)) return 'refused';
  if (/timed out|timeout|time-out/i.test(text)) return 'timeout';
  if (/could not resolve|couldn't resolve|resolve host/i.test(text)) return 'resolve';
  if (/no route to host|network is unreachable|host is unreachable/i.test(text)) return 'no-route';
  if (/reset by peer|connection reset/i.test(text)) return 'reset';
  if (/\bSSL\b|\bTLS\b|certificate/i.test(text)) return 'tls';
  return undefined;
}

/** curl exit codes (libcurl-errors(3)) when the message itself is not specific. */
function fromExitCode(code: number, text: string): Failure {
  const byText = classify(text);
  if (byText) return byText;
  if (code === 6) return 'resolve';
  if (code === 28) return 'timeout';
  if (code === 35 || code === 60 || code === 58 || code === 59) return 'tls';
  return 'other';
}

/** Lines whose meaning is a failure, with the pattern that recognises them. */
const FAILURE_LINES: readonly RegExp[] = [
  /^\* connect to .* failed: (.*)$/, // 7.x/8.x per-address failure (8.x adds `from <ip> port <n>`)
  /^\* Immediate connect fail for .*: (.*)$/,
  /^\* Failed to connect to .*$/,
  /^\* Failed connect to .*$/, // curl 7.29 (RHEL 7, the OpenShift 3 hosts)
  /^\* (?:Connection refused|Connection timed out|No route to host|Network is unreachable)$/,
  /^\* Connection timed out after .*$/,
  /^\* Connection timeout after .*$/,
  /^\* Operation timed out after .*$/,
  /^\* (?:Resolving timed out|Could not resolve (?:host|proxy)).*$/,
  /^\* Recv failure: .*$/,
  /^\* Send failure: .*$/,
  /^\* (?:OpenSSL|schannel|GnuTLS|NSS|TLS|SSL)\S* .*(?:error|ERROR|fail|reset).*$/,
  /^\* SSL certificate problem: .*$/,
  /^\* Empty reply from server.*$/,
];

/**
 * Parses curl's verbose trace: the address tried, whether the TCP connection was made, the first
 * specific failure (a later generic "Failed to connect … Couldn't connect to server" keeps the
 * specific reason seen before it), the request line and Host, TLS parameters, the status line and
 * the last response's headers (names lower-cased, HTTP header names being case-insensitive).
 */
export function parseCurlVerbose(text: string): ParseResult<CurlRecord> {
  const warnings: ParseWarning[] = [];
  let resolvedIp: string | undefined;
  let port: number | undefined;
  let connected = false;
  let failure: Failure | undefined;
  let failureLine: Located | undefined;
  let requestLine: string | undefined;
  let requestHost: string | undefined;
  let httpVersion: string | undefined;
  let status: number | undefined;
  let statusLine: Located | undefined;
  let headers: Record<string, string> = {};
  const tls: { version?: string; cipher?: string; subject?: string } = {};
  let recognised = 0;

  const fail = (kind: Failure, line: number, raw: string) => {
    // Keep the most specific reason: a generic 'other' never overwrites a known one.
    if (failure === undefined || (failure === 'other' && kind !== 'other')) {
      failure = kind;
      failureLine = { line, raw };
    }
  };

  splitLines(text).forEach((raw, idx) => {
    const line = idx + 1;
    const body = raw.replace(/\s+$/, '');
    if (body === '') return;
    let m: RegExpExecArray | null;
    if ((m = TRYING.exec(body))) {
      resolvedIp = m[1];
      if (m[2]) port = Number(m[2]);
    } else if ((m = CONNECTED.exec(body))) {
      connected = true;
      if (m[2]) resolvedIp = m[2];
      port = Number(m[3]);
    } else if ((m = RESOLVED.exec(body))) {
      resolvedIp ??= m[1];
    } else if ((m = REQUEST.exec(body))) {
      requestLine = m[1];
    } else if (/^> Host: /i.test(body)) {
      requestHost = body.slice(body.indexOf(':') + 1).trim();
    } else if ((m = STATUS.exec(body))) {
      httpVersion = m[1];
      status = Number(m[2]);
      statusLine = { line, raw };
      headers = {}; // a new response (100 Continue, redirect) replaces the previous headers
    } else if ((m = HEADER.exec(body))) {
      headers[(m[1] as string).toLowerCase()] = (m[2] as string).trim();
    } else if ((m = /^\* SSL connection using (\S+) \/ (\S+)/.exec(body))) {
      tls.version = m[1];
      tls.cipher = m[2];
    } else if ((m = /^\*\s+subject: (.*)$/.exec(body))) {
      tls.subject = m[1];
    } else if ((m = CURL_EXIT.exec(body))) {
      fail(fromExitCode(Number(m[1]), m[2] as string), line, raw);
    } else if (FAILURE_LINES.some((re) => re.test(body))) {
      fail(classify(body) ?? 'other', line, raw);
    } else if (!/^[*<>{}]/.test(body)) {
      return; // response body or unrelated text: not part of the trace
    }
    recognised++;
  });
  if (recognised === 0 && text.trim() !== '') {
    warnings.push(
      lineWarning(
        0,
        text.slice(0, 200),
        msg('no curl -v trace lines found', 'curl -v のトレース行が見つかりません'),
      ),
    );
  }
  return {
    records: {
      ...(resolvedIp !== undefined ? { resolvedIp } : {}),
      ...(port !== undefined ? { port } : {}),
      connected,
      ...(failure !== undefined ? { failure, ...(failureLine ? { failureLine } : {}) } : {}),
      ...(requestLine !== undefined ? { requestLine } : {}),
      ...(requestHost !== undefined ? { requestHost } : {}),
      ...(httpVersion !== undefined ? { httpVersion } : {}),
      ...(status !== undefined ? { status } : {}),
      ...(statusLine ? { statusLine } : {}),
      responseHeaders: headers,
      ...(tls.version || tls.subject ? { tls } : {}),
    },
    warnings,
  };
}
