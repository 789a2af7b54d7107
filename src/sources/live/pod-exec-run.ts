/**
 * One command through the Kubernetes exec API (`oc exec`), with a hard timeout. The argv goes to
 * the API as separate `command=` parameters: no shell on either side.
 */
import { Writable } from 'node:stream';
import { Exec, type KubeConfig, type V1Status } from '@kubernetes/client-node';
import type { ShellResult } from '../node-shell.js';

export interface PodRef {
  readonly namespace: string;
  readonly name: string;
  readonly container?: string;
}

function collector(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(Buffer.from(chunk));
      cb();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

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
  const out = collector();
  const err = collector();
  return new Promise((resolve) => {
    let settled = false;
    let socket: { close(): void } | undefined;
    const finish = (r: Omit<ShellResult, 'durationMs'>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      try {
        socket?.close();
      } catch {
        // closing a dead socket
      }
      resolve({ ...r, durationMs: Date.now() - started });
    };
    const timer = setTimeout(
      () =>
        finish({
          stdout: out.text(),
          stderr: err.text(),
          exitCode: null,
          error: `timeout after ${timeoutMs} ms`,
        }),
      timeoutMs,
    );
    let status: V1Status | undefined;
    new Exec(kc)
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
        socket = ws;
        if (settled) ws.close();
        ws.on('close', () => {
          const code = status ? exitCodeFromStatus(status) : null;
          const error =
            code === null
              ? `exec in ${pod.namespace}/${pod.name}: ${status?.message ?? 'no exit status'}`
              : undefined;
          finish({ stdout: out.text(), stderr: err.text(), exitCode: code, ...(error ? { error } : {}) });
        });
        ws.on('error', (e: Error) =>
          finish({
            stdout: out.text(),
            stderr: err.text(),
            exitCode: null,
            error: `exec in ${pod.namespace}/${pod.name}: ${e.message}`,
          }),
        );
      })
      .catch((e: unknown) =>
        finish({
          stdout: '',
          stderr: '',
          exitCode: null,
          error: `exec in ${pod.namespace}/${pod.name} refused: ${describe(e)}`,
        }),
      );
  });
}

function describe(e: unknown): string {
  if (e && typeof e === 'object') {
    const o = e as { message?: string; statusCode?: number; code?: number };
    const status = o.statusCode ?? o.code;
    return `${o.message ?? String(e)}${status ? ` (${status})` : ''}`;
  }
  return String(e);
}
