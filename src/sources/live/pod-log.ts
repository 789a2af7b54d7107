/**
 * A container's log through the Kubernetes API (`oc logs -n NS POD -c C --tail N --timestamps`):
 * where 3.11 and every 4.x release keep the SDN's log (39.10 reads it; the node journal has only
 * the kubelet there). One GET, bounded in time and size like every API read; never rejects.
 */
import type { ShellResult } from '../node-shell.js';
import { closeConnection, httpGet, prepareConnection, type ApiConnection } from './api-get.js';
import { loadKubeConfig, type KubeConfigOptions } from './kube-config.js';
import type { RateLimiter } from './rate-limit.js';

export interface PodLogRequest {
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
}

/** Lines asked for: the journal command asks for as many (`journalctl -n 5000`). */
export const POD_LOG_TAIL_LINES = 5000;
/** A log tail of 5000 lines is a few MiB; more is not a log tail. */
const MAX_LOG_BYTES = 16 * 1024 * 1024;

export interface PodLogReader {
  read(req: PodLogRequest, timeoutMs: number): Promise<ShellResult>;
  close(): void;
}

/** The argv a person would type for the same log (recorded in the artifact). */
export function podLogArgv(req: PodLogRequest): string[] {
  return [
    'oc',
    'logs',
    '-n',
    req.namespace,
    req.pod,
    '-c',
    req.container,
    '--tail',
    String(POD_LOG_TAIL_LINES),
    '--timestamps',
  ];
}

/** Reads logs with the kubeconfig's credentials; the connection is prepared on first use. */
export function createPodLogReader(
  opts: KubeConfigOptions & { readonly rateLimiter?: RateLimiter },
): PodLogReader {
  let conn: Promise<ApiConnection | string> | undefined;
  const connect = (): Promise<ApiConnection | string> => {
    conn ??= (async () => {
      const loaded = loadKubeConfig(opts);
      if (!loaded.ok) return loaded.error.en;
      try {
        return await prepareConnection(loaded.kc, loaded.server);
      } catch (e) {
        return `cannot prepare credentials for ${loaded.server}: ${(e as Error).message}`;
      }
    })();
    return conn;
  };
  return {
    async read(req, timeoutMs) {
      const started = Date.now();
      const failed = (error: string): ShellResult => ({
        stdout: '',
        stderr: '',
        exitCode: null,
        error,
        durationMs: Date.now() - started,
      });
      const c = await connect();
      if (typeof c === 'string') return failed(c);
      await opts.rateLimiter?.take();
      const query = new URLSearchParams({
        container: req.container,
        tailLines: String(POD_LOG_TAIL_LINES),
        timestamps: 'true',
      });
      const path = `/api/v1/namespaces/${encodeURIComponent(req.namespace)}/pods/${encodeURIComponent(req.pod)}/log?${query.toString()}`;
      const r = await httpGet(c, path, timeoutMs, MAX_LOG_BYTES);
      switch (r.kind) {
        case 'timeout':
          return failed(`timeout after ${timeoutMs} ms (GET pods/log)`);
        case 'too-large':
          return failed(`the log is larger than ${r.limit / (1024 * 1024)} MiB`);
        case 'unreachable':
          return failed(`cannot reach the API server: ${r.reason}`);
        case 'answer':
          if (r.status !== 200) return failed(`GET pods/log: HTTP ${r.status}: ${r.text.slice(0, 200)}`);
          return { stdout: r.text, stderr: '', exitCode: 0, durationMs: Date.now() - started };
      }
    },
    close() {
      void conn?.then((c) => typeof c !== 'string' && closeConnection(c));
    },
  };
}
