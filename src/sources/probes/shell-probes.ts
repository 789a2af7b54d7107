/**
 * The same probes as argv through a node shell (39.3–39.9): from the outside vantage point
 * (`client`), from a node's host network, or from inside a pod's network namespace. Argv come
 * only from `probeCommands`; outputs are read with the real parsers.
 */
import { probeCommands } from '../../artifacts/commands.js';
import type { Artifact, ArtifactKind } from '../../artifacts/types.js';
import { msg } from '../../i18n/message.js';
import { parseCurlVerbose } from '../../parsers/curl.js';
import { parseDigAnswer, parseDigShort } from '../../parsers/dig.js';
import { parseEthtool } from '../../parsers/ethtool.js';
import { parseIpRouteGet } from '../../parsers/ip-route.js';
import { parsePing } from '../../parsers/ping.js';
import { parseTracepath } from '../../parsers/tracepath.js';
import { parseIp } from '../../net/ipv4.js';
import type { NodeShell, ShellResult, ShellTarget } from '../node-shell.js';
import type {
  DnsOutcome,
  HttpOutcome,
  LinkOutcome,
  PingOutcome,
  Ran,
  RouteGetOutcome,
  TracepathOutcome,
} from './types.js';

/** `client`, `node/<n>`, `pod/<ns>/<name>` — how steps show where a command ran. */
export function whereOf(target: ShellTarget): string {
  if (target.kind === 'client') return 'client';
  if (target.kind === 'node') return `node/${target.node}`;
  return `pod/${target.namespace}/${target.name}`;
}

let seq = 0;

/** One probe that ran: what, the shell's result, its artifact, and stdout+stderr as one text. */
export interface ProbeRun {
  readonly ran: Ran;
  readonly result: ShellResult;
  readonly artifact: Artifact;
  readonly text: string;
}

/** Runs one probe argv and wraps the output as an artifact (for `--save-bundle`). */
export async function runProbe(
  shell: NodeShell,
  target: ShellTarget,
  kind: ArtifactKind,
  argv: readonly string[],
  timeoutMs: number,
): Promise<ProbeRun> {
  const ran = { where: whereOf(target), argv };
  const result = await shell.run(target, argv, { timeoutMs });
  const text =
    result.stdout +
    (result.stderr ? (result.stdout && !result.stdout.endsWith('\n') ? '\n' : '') + result.stderr : '');
  seq += 1;
  const folder =
    target.kind === 'client'
      ? 'client'
      : target.kind === 'node'
        ? `nodes/${target.node}`
        : `pods/${target.namespace}/${target.name}`;
  const artifact: Artifact = {
    id: `probes/${folder}/${String(seq).padStart(3, '0')}-${kind}.txt`,
    kind,
    ...(target.kind !== 'client' ? { node: target.node } : {}),
    // `where` marks a probe: node facts are read only from artifacts without it (model/build).
    where: ran.where,
    argv,
    text,
    exitCode: result.exitCode,
    collectedAt: new Date().toISOString(),
    ...(result.error ? { error: result.error } : {}),
    ...(result.stderr ? { stderr: result.stderr } : {}),
  };
  return { ran, result, artifact, text };
}

/** Exit status with no output and an error means the shell could not run it: the answer is unknown. */
function unavailable(r: ShellResult, text: string): string | undefined {
  if (r.exitCode === null && r.error && !/timeout/.test(r.error)) return r.error;
  if (r.exitCode === null && r.error && text.trim() === '') return r.error;
  if (r.exitCode === 127 || /executable file not found|command not found|not found in \$PATH/.test(text))
    return `command not available: ${text.trim().split('\n')[0] ?? ''}`;
  return undefined;
}

/** Text with something other than dig comments in it. */
function meaningful(stdout: string): boolean {
  return stdout.split('\n').some((l) => l.trim() !== '' && !l.startsWith(';'));
}

/**
 * Why the probe gives no answer: the shell could not run it, or (`unread`) its output says neither
 * yes nor no — unknown, never a failure.
 */
function noAnswer(p: ProbeRun, tool: string, unread: boolean): string | undefined {
  return (
    unavailable(p.result, p.text) ??
    (unread ? `could not read the ${tool} output: ${firstLines(p.text, 1) || '(empty)'}` : undefined)
  );
}

/** What every outcome carries: the command and where it ran, how long it took, its artifact. */
function ranFields(p: ProbeRun): { ran: Ran; durationMs: number; artifact: Artifact } {
  return { ran: p.ran, durationMs: p.result.durationMs, artifact: p.artifact };
}

/** The probes' own timeout, in whole seconds (at least 1), a little under the shell's. */
function wholeSeconds(timeoutMs: number): number {
  return Math.max(1, Math.round(timeoutMs / 1000));
}

function firstLines(text: string, n = 3): string {
  return text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '')
    .slice(0, n)
    .join(' | ');
}

/** 39.3 / 39.5 `curl -kv <url>` from `target`. */
export async function curlFrom(
  shell: NodeShell,
  target: ShellTarget,
  url: string,
  timeoutMs: number,
): Promise<HttpOutcome> {
  const argv = probeCommands.curl(url, wholeSeconds(timeoutMs));
  const p = await runProbe(shell, target, 'curl', argv, timeoutMs + 1000);
  const rec = parseCurlVerbose(p.text).records;
  // Output that says neither "connected" nor why not cannot be read.
  const na = noAnswer(
    p,
    'curl',
    !rec.connected && !rec.failure && rec.status === undefined && !p.result.error,
  );
  const connect =
    rec.connected && !rec.failure ? 'connected' : (rec.failure ?? (p.result.error ? 'timeout' : 'other'));
  const excerpt = rec.statusLine?.raw ?? rec.failureLine?.raw ?? firstLines(p.text) ?? '';
  // 39.13.2: connected, no TLS parameters and no request sent, then the deadline: the handshake stalled
  const stalled =
    new URL(url).protocol === 'https:' &&
    rec.connected &&
    connect === 'timeout' &&
    rec.tls === undefined &&
    rec.requestLine === undefined &&
    rec.status === undefined;
  return {
    ...ranFields(p),
    url,
    ...(rec.resolvedIp ? { ip: rec.resolvedIp } : {}),
    ...(rec.port ? { port: rec.port } : {}),
    connect: rec.status !== undefined ? 'connected' : connect,
    tcpConnected: rec.connected || rec.status !== undefined,
    ...(stalled ? { tlsHandshakeStalled: true as const } : {}),
    ...(rec.status !== undefined ? { status: rec.status } : {}),
    headers: rec.responseHeaders,
    excerpt: excerpt || p.result.error || '',
    ...(na ? { unavailable: na } : {}),
  };
}

/** 39.3 `dig +short <name>` from `target` (its resolv.conf). */
export async function digShortFrom(
  shell: NodeShell,
  target: ShellTarget,
  name: string,
  timeoutMs: number,
): Promise<DnsOutcome> {
  const p = await runProbe(shell, target, 'dig-short', probeCommands.digShort(name), timeoutMs + 1000);
  const rec = parseDigShort(p.result.stdout).records;
  return dnsOutcome(p, name, {
    addresses: rec.answers.filter((a) => parseIp(a) !== undefined),
    error: rec.error ?? (p.result.error ? 'timeout' : 'NXDOMAIN'),
    unread: rec.answers.length === 0 && !rec.error && meaningful(p.result.stdout),
  });
}

/** 39.9 `dig +search +noall +answer <name>` from `target` (a pod: its resolv.conf search list applies). */
export async function digSearchFrom(
  shell: NodeShell,
  target: ShellTarget,
  name: string,
  timeoutMs: number,
): Promise<DnsOutcome> {
  const p = await runProbe(
    shell,
    target,
    'dig-answer',
    probeCommands.digSearchAnswer(name),
    timeoutMs + 1000,
  );
  const recs = parseDigAnswer(p.result.stdout).records;
  return dnsOutcome(p, name, {
    addresses: recs.filter((r) => r.type === 'A').map((r) => r.data),
    records: recs.map((r) => ({ name: r.name, type: r.type, data: r.data })),
    error: p.result.error ? 'timeout' : 'no answer',
    unread: recs.length === 0 && meaningful(p.result.stdout),
  });
}

/** A dig outcome; `error` is said only when no address came back. */
function dnsOutcome(
  p: ProbeRun,
  name: string,
  a: { addresses: string[]; records?: DnsOutcome['records']; error: string; unread: boolean },
): DnsOutcome {
  const na = noAnswer(p, 'dig', a.unread);
  return {
    ...ranFields(p),
    name,
    resolver: `resolv.conf of ${p.ran.where}`,
    addresses: a.addresses,
    ...(a.records ? { records: a.records } : {}),
    ...(a.addresses.length === 0 ? { error: a.error } : {}),
    excerpt: firstLines(p.text) || msg(`${name}: no answer`, `${name}: 応答なし`),
    ...(na ? { unavailable: na } : {}),
  };
}

function pingOutcome(p: ProbeRun, target: string): PingOutcome {
  const rec = parsePing(p.text).records;
  const na = noAnswer(p, 'ping', rec.transmitted === undefined && rec.errors.length === 0 && !p.result.error);
  const summary = p.text.split('\n').find((l) => /packets transmitted/.test(l));
  return {
    ...ranFields(p),
    target,
    ...(rec.transmitted !== undefined ? { transmitted: rec.transmitted } : {}),
    ...(rec.received !== undefined ? { received: rec.received } : {}),
    ...(rec.fragNeededMtu !== undefined ? { fragNeededMtu: rec.fragNeededMtu } : {}),
    errors: rec.errors.map((e) => e.raw),
    excerpt:
      [summary, ...rec.errors.map((e) => e.raw)].filter(Boolean).slice(0, 2).join(' | ') ||
      firstLines(p.text),
    ...(na ? { unavailable: na } : {}),
  };
}

/** 39.3 / 39.6 `ping -c 3 <ip>`. */
export async function pingFrom(
  shell: NodeShell,
  target: ShellTarget,
  ip: string,
  timeoutMs: number,
): Promise<PingOutcome> {
  const argv = probeCommands.ping(ip, wholeSeconds(timeoutMs));
  return pingOutcome(await runProbe(shell, target, 'ping', argv, timeoutMs + 1500), ip);
}

/** 39.8 / 39.13.2: one full-size ping with don't-fragment set. */
export async function pingDfFrom(
  shell: NodeShell,
  target: ShellTarget,
  ip: string,
  size: number,
  timeoutMs: number,
): Promise<PingOutcome> {
  const argv = probeCommands.pingDf(ip, size, wholeSeconds(timeoutMs));
  return pingOutcome(await runProbe(shell, target, 'ping', argv, timeoutMs + 1000), ip);
}

/** 39.3 / 39.6 `tracepath <ip>`. */
export async function tracepathFrom(
  shell: NodeShell,
  target: ShellTarget,
  ip: string,
  timeoutMs: number,
): Promise<TracepathOutcome> {
  const p = await runProbe(shell, target, 'tracepath', probeCommands.tracepath(ip), timeoutMs);
  const rec = parseTracepath(p.result.stdout).records;
  const na = noAnswer(p, 'tracepath', rec.hops.length === 0 && !p.result.error);
  return {
    ...ranFields(p),
    target: ip,
    reached: rec.reached,
    ...(rec.pmtu !== undefined ? { pmtu: rec.pmtu } : {}),
    hops: rec.hops.map((h) => ({ ttl: h.ttl, ...(h.host ? { host: h.host } : {}), noReply: h.noReply })),
    excerpt:
      rec.hops
        .map((h) => h.raw.trim())
        .slice(-2)
        .join(' | ') ||
      firstLines(p.text) ||
      (p.result.error ?? msg('no output', '出力なし')),
    ...(na ? { unavailable: na } : {}),
  };
}

/** 39.6 step 4 `ip route get <ip>`. */
export async function routeGetFrom(
  shell: NodeShell,
  target: ShellTarget,
  ip: string,
  timeoutMs: number,
): Promise<RouteGetOutcome> {
  const p = await runProbe(shell, target, 'ip-route-get', probeCommands.ipRouteGet(ip), timeoutMs);
  const rec = parseIpRouteGet(p.text).records[0];
  const na = unavailable(p.result, p.text);
  return {
    ...ranFields(p),
    target: ip,
    ...(rec?.dev ? { dev: rec.dev } : {}),
    ...(rec?.via ? { via: rec.via } : {}),
    ...(rec?.src ? { src: rec.src } : {}),
    ...(rec?.error ? { error: rec.error } : {}),
    excerpt: rec?.raw ?? firstLines(p.text),
    ...(na ? { unavailable: na } : {}),
  };
}

/** 39.6: `ethtool <nic>` — is there a link (Link detected), at what speed and duplex. */
export async function linkFrom(
  shell: NodeShell,
  target: ShellTarget,
  ifname: string,
  timeoutMs: number,
): Promise<LinkOutcome> {
  const p = await runProbe(shell, target, 'ethtool', probeCommands.ethtool(ifname), timeoutMs);
  const rec = parseEthtool(p.result.stdout).records;
  const na = unavailable(p.result, p.text);
  return {
    ...ranFields(p),
    ifname,
    ...(rec.linkDetected !== undefined ? { linkDetected: rec.linkDetected } : {}),
    ...(rec.speed ? { speed: rec.speed } : {}),
    ...(rec.duplex ? { duplex: rec.duplex } : {}),
    excerpt:
      rec.linkDetected !== undefined
        ? `${ifname}: Link detected: ${rec.linkDetected ? 'yes' : 'no'}${rec.speed ? `, Speed: ${rec.speed}` : ''}${rec.duplex ? `, Duplex: ${rec.duplex}` : ''}`
        : firstLines(p.text, 1),
    ...(na ? { unavailable: na } : {}),
  };
}
