/**
 * One command through the Kubernetes exec API (`oc exec`), with a hard deadline over the whole
 * exec: the WebSocket upgrade, the first byte and the rest all count against `timeoutMs`, and the
 * error says which phase it ran out in (an API that never upgrades, a node that never answers, a
 * command that never ends). The argv goes to the API as separate `command=` parameters: no shell
 * on either side. A connection that ends without the final Status (dropped mid-stream) is an
 * error, never a pass.
 */
import { Writable } from 'node:stream';
import { Exec, type KubeConfig, type V1Status } from '@kubernetes/client-node';
// Not re-exported by the package index (1.3.0, pinned by the lockfile); the package has no
// "exports" map, so this is its public file. Needed to own the socket (see execInPod).
import { WebSocketHandler } from '@kubernetes/client-node/dist/web-socket-handler.js';
import WebSocket from 'ws';
import type { ShellResult } from '../node-shell.js';

export interface PodRef {
  readonly namespace: string;
  readonly name: string;
  readonly container?: string;
}

/**
 * A stream's bytes, kept as they came: each chunk is a view of one WebSocket message, which the
 * ws library allocates per message and never reuses, so it is not copied (a 2000-node cluster's
 * flow dumps are gigabytes; every copy of them showed in collect's CPU and peak memory).
 */
function collector(onData: () => void): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      onData();
      chunks.push(chunk);
      cb();
    },
  });
  const text = () => (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8');
  return { stream, text };
}

/** Where an exec stands when its deadline passes. */
type Phase = 'upgrade' | 'first-byte' | 'output';
const PHASE_TEXT: Readonly<Record<Phase, string>> = {
  upgrade: 'the WebSocket upgrade did not complete',
  'first-byte': 'the node sent nothing',
  output: 'the command did not finish',
};

/** Exit code from the exec API's final status (`Success`, or `NonZeroExitCode` with an ExitCode cause). */
export function exitCodeFromStatus(status: V1Status): number | null {
  if (status.status === 'Success') return 0;
  const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
  if (cause?.message !== undefined && /^\d+$/.test(cause.message)) return Number(cause.message);
  return null;
}

/** Runs argv in a pod's container; never rejects. */
export function execInPod(
  kc: KubeConfig,
  pod: PodRef,
  argv: readonly string[],
  timeoutMs: number,
): Promise<ShellResult> {
  const started = Date.now();
  let phase: Phase = 'upgrade';
  const received = () => {
    phase = 'output';
  };
  const out = collector(received);
  const err = collector(received);
  const where = `exec in ${pod.namespace}/${pod.name}`;
  return new Promise((resolve) => {
    let settled = false;
    // The socket is made here, not inside client-node, so that a deadline passing during the
    // upgrade can end it: client-node hands the socket over only once it is open, and an upgrade
    // that is never answered would otherwise keep the process alive after the exec "timed out".
    let socket: WebSocket | undefined;
    const handler = new WebSocketHandler(
      kc,
      (uri: string, protocols: string[], opts: WebSocket.ClientOptions) => {
        socket = new WebSocket(uri, protocols, { ...opts, handshakeTimeout: timeoutMs });
        return socket;
      },
    );
    const finish = (r: Omit<ShellResult, 'durationMs'>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // terminate, not close: a close handshake waits for a peer that may never answer
      socket?.terminate();
      resolve({ ...r, durationMs: Date.now() - started });
    };
    const timer = setTimeout(
      () =>
        finish({
          stdout: out.text(),
          stderr: err.text(),
          exitCode: null,
          error: `timeout after ${timeoutMs} ms (${PHASE_TEXT[phase]})`,
        }),
      timeoutMs,
    );
    let status: V1Status | undefined;
    new Exec(kc, handler)
      .exec(
        pod.namespace,
        pod.name,
        pod.container ?? '',
        [...argv],
        out.stream,
        err.stream,
        null,
        false,
        (s) => {
          status = s;
        },
      )
      .then((ws) => {
        if (phase === 'upgrade') phase = 'first-byte';
        if (settled) ws.terminate();
        ws.on('close', () => {
          const code = status ? exitCodeFromStatus(status) : null;
          const error =
            code === null
              ? `${where}: ${status?.message ?? 'the connection closed before the exit status (dropped mid-stream)'}`
              : undefined;
          finish({ stdout: out.text(), stderr: err.text(), exitCode: code, ...(error ? { error } : {}) });
        });
        ws.on('error', (e: Error) =>
          finish({
            stdout: out.text(),
            stderr: err.text(),
            exitCode: null,
            error: `${where}: ${e.message}`,
          }),
        );
      })
      .catch((e: unknown) =>
        finish({
          stdout: '',
          stderr: '',
          exitCode: null,
          error: `${where} refused: ${describe(e)}`,
        }),
      );
  });
}

function describe(e: unknown): string {
  // the ws library's words for a refused upgrade: name the HTTP answer as the API gave it
  const refused = /Unexpected server response: (\d{3})/.exec((e as { message?: string })?.message ?? '');
  if (refused) {
    const code = Number(refused[1]);
    const why =
      code === 403 ? 'forbidden by RBAC (create pods/exec)' : code === 404 ? 'pod not found' : 'refused';
    return `${why} (HTTP ${code})`;
  }
  if (e && typeof e === 'object') {
    const o = e as { message?: string; statusCode?: number; code?: number };
    const status = o.statusCode ?? o.code;
    return `${o.message ?? String(e)}${status ? ` (${status})` : ''}`;
  }
  return String(e);
}
