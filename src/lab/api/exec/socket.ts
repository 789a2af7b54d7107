/**
 * `pods/<name>/exec` as kube-apiserver serves it to WebSocket clients (`oc exec`, client-go's
 * WebSocket executor, @kubernetes/client-node, python's kubernetes.stream): an HTTP upgrade
 * with `command=` repeated (the argv, never a shell line), `container=`, `stdin/stdout/stderr=`,
 * then binary frames whose first byte is the channel — 0 stdin, 1 stdout, 2 stderr, 3 error (the
 * final `Status`: `Success`, or `NonZeroExitCode` with an `ExitCode` cause), 4 resize — under the
 * sub-protocol `v4.channel.k8s.io` or `v5.channel.k8s.io` (v5 adds channel 255, "close": `[255, 0]`
 * says the client closed stdin). Errors before the upgrade (404, 400, RBAC's 403) are a plain
 * HTTP answer with a Status body, as the API server gives them.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ApiObject } from '../data-files.js';
import { faultHookFor } from '../fault-hooks.js';
import { parseApiPath } from '../request-path.js';
import { badRequest, forbidden, pathNotFound, statusBody, type StatusBody } from '../status.js';
import { userOf } from '../users.js';
import type { ExecBackend } from './backend.js';
import { notRunning, PODS, resolvePodContainer } from './pod-target.js';

/** The channel protocols offered, best first (kube-apiserver ≥ 1.30 offers v5). */
export const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'] as const;

const STDOUT = 1;
const STDERR = 2;
const ERROR = 3;
/** What the lab's kubelet allows one command before it gives up on it. */
const EXEC_LIMIT_MS = 120_000;

/** The upgrade handler of the server (`server.on('upgrade', …)`). */
export function execUpgradeHandler(
  dataDir: string,
  backend: ExecBackend,
  log: (line: string) => void,
): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => pickProtocol(offered) ?? false,
  });
  return (req, socket, head) => {
    const started = Date.now();
    // a client that resets the connection must not take the server down
    socket.on('error', () => undefined);
    const url = new URL(req.url ?? '/', 'http://lab.invalid');
    void admit(dataDir, req, url, backend).then(async (admitted) => {
      if (isStatusBody(admitted)) {
        log(`${req.method} ${req.url} ${admitted.code} (exec refused) ${Date.now() - started}ms`);
        return reject(socket, admitted);
      }
      const { pod, container, argv, hook } = admitted;
      if (hook?.delayMs) await sleep(hook.delayMs);
      wss.handleUpgrade(req, socket, head, (ws) => {
        log(`${req.method} ${req.url} 101 exec ${ws.protocol} [${argv.join(' ')}]`);
        // stdin (0), resize (4) and v5's close of stdin ([255, 0]) are read and dropped: the
        // read-only commands read no input.
        ws.on('message', () => undefined);
        if (hook?.hang) return; // an exec that never answers: the client's deadline must end it
        void backend.exec(pod, container, argv, EXEC_LIMIT_MS).then((r) => {
          if (ws.readyState !== ws.OPEN) return;
          if (hook?.dropMidStream) {
            send(ws, STDOUT, Buffer.from(r.stdout).subarray(0, Math.ceil(r.stdout.length / 2)));
            ws.terminate(); // no close frame, no Status: the connection just ends
            return log(`exec [${argv.join(' ')}] dropped mid-stream`);
          }
          send(ws, STDOUT, r.stdout);
          send(ws, STDERR, r.stderr);
          send(ws, ERROR, JSON.stringify(execStatus(argv, r.exitCode, r.error)));
          ws.close(1000);
          log(`exec [${argv.join(' ')}] exit ${r.exitCode ?? r.error} ${Date.now() - started}ms`);
        });
      });
    });
  };
}

function isStatusBody(x: Admitted | StatusBody): x is StatusBody {
  return 'kind' in x && x.kind === 'Status';
}

function pickProtocol(offered: Set<string>): string | undefined {
  return EXEC_PROTOCOLS.find((p) => offered.has(p));
}

interface Admitted {
  readonly pod: ApiObject;
  readonly container: string;
  readonly argv: readonly string[];
  readonly hook: ReturnType<typeof faultHookFor>;
}

/** The API server's checks before it upgrades: path, RBAC, pod, container, command, protocol. */
async function admit(
  dataDir: string,
  req: IncomingMessage,
  url: URL,
  backend: ExecBackend,
): Promise<Admitted | StatusBody> {
  const path = parseApiPath(url.pathname);
  if (path.kind !== 'resource' || path.info.plural !== 'pods' || path.subresource !== 'exec')
    return pathNotFound();
  const { namespace, name } = path;
  if (!namespace || !name) return pathNotFound();
  if (!userOf(req).mayWrite) return forbidden(PODS, 'create', namespace, 'exec', name);
  const resolved = resolvePodContainer(dataDir, namespace, name, url.searchParams.get('container'));
  if ('kind' in resolved) return resolved;
  const { pod, container } = resolved;
  if (backend.refuses?.(pod)) return forbidden(PODS, 'create', namespace, 'exec', name);
  const node =
    typeof pod.spec === 'object' && pod.spec ? String((pod.spec as { nodeName?: unknown }).nodeName) : '';
  const hook = faultHookFor(dataDir, 'pods/exec');
  const applies = hook && (!hook.nodes || hook.nodes.includes(node)) ? hook : undefined;
  if (applies?.status) {
    if (applies.status === 403) return forbidden(PODS, 'create', namespace, 'exec', name);
    return statusBody(applies.status, applies.message ?? `injected lab API fault (${applies.status})`, {});
  }
  const argv = url.searchParams.getAll('command');
  if (argv.length === 0) return badRequest('you must specify at least 1 command');
  const offered = String(req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((s) => s.trim());
  if (!pickProtocol(new Set(offered)))
    return badRequest(`unable to upgrade: the client must offer one of ${EXEC_PROTOCOLS.join(', ')}`);
  if (String(req.headers.upgrade ?? '').toLowerCase() !== 'websocket')
    return badRequest('unable to upgrade: missing upgrade headers in request');
  const stopped = notRunning(pod, container);
  if (stopped) return stopped;
  return { pod, container, argv, hook: applies };
}

/** The error channel's last word, as the kubelet's remotecommand writes it. */
export function execStatus(argv: readonly string[], exitCode: number | null, error?: string): object {
  if (exitCode === 0) return { metadata: {}, status: 'Success' };
  if (exitCode !== null) {
    return {
      metadata: {},
      status: 'Failure',
      message: `command terminated with non-zero exit code: error executing command [${argv.join(' ')}], exit code ${exitCode}`,
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
    };
  }
  return {
    metadata: {},
    status: 'Failure',
    message: error ?? 'command did not finish',
    reason: 'InternalError',
    code: 500,
  };
}

/** One binary frame: the channel byte, then the data (encoded straight into the frame, no copy). */
function send(ws: WebSocket, channel: number, data: Buffer | string): void {
  const size = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
  if (size === 0) return;
  const frame = Buffer.allocUnsafe(size + 1);
  frame[0] = channel;
  if (typeof data === 'string') frame.write(data, 1);
  else data.copy(frame, 1);
  ws.send(frame);
}

/** An HTTP answer instead of the upgrade: status line, JSON Status, connection closed. */
function reject(socket: Duplex, status: StatusBody): void {
  const body = JSON.stringify(status);
  const reason = status.reason.replace(/([a-z])([A-Z])/g, '$1 $2');
  socket.end(
    `HTTP/1.1 ${status.code} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
