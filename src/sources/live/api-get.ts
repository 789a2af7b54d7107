/**
 * One GET against the Kubernetes API with the kubeconfig's credentials and TLS settings, bounded
 * by a timeout that really aborts the request (so a hanging API never keeps sdn-doctor waiting).
 * The body is returned as text: callers keep the REST JSON exactly as the server sent it.
 */
import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

/** Everything needed to send requests to one API server. */
export interface ApiConnection {
  /** Base URL from the kubeconfig (may carry a path prefix, e.g. behind a proxy). */
  readonly server: string;
  readonly agent: http.Agent | undefined;
  readonly headers: http.OutgoingHttpHeaders;
  /** `user:password` for basic auth, when the kubeconfig has one. */
  readonly auth: string | undefined;
  /** Bytes of answers held at once over every request on this connection (absent: no shared cap). */
  readonly budget?: ByteBudget;
}

/**
 * The answers in flight on one connection share one cap: lists are read in parallel, so a server
 * that streams endless bodies on every path would otherwise cost the per-answer cap times the
 * number of paths. Lists are read in pages (api.ts), so a real cluster's pages fit well inside.
 */
export interface ByteBudget {
  held: number;
  readonly max: number;
}

/** Bytes of API answers held at once on one connection (README "Security"). */
export const MAX_API_BYTES_HELD = 96 * 1024 * 1024;

/** What one GET produced. */
export type GetResult =
  | { readonly kind: 'answer'; readonly status: number; readonly text: string }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'too-large'; readonly limit: number; readonly shared: boolean }
  | { readonly kind: 'unreachable'; readonly reason: string };

/**
 * Credentials, CA and agent from the kubeconfig (client-node resolves tokens, client certs,
 * exec/OIDC plugins and proxies). Throws with client-node's reason when it cannot.
 */
export async function prepareConnection(kc: KubeConfig, server: string): Promise<ApiConnection> {
  const opts: https.RequestOptions = {};
  await kc.applyToHTTPSOptions(opts);
  const headers: http.OutgoingHttpHeaders = { ...(opts.headers as http.OutgoingHttpHeaders | undefined) };
  return {
    server: server.replace(/\/+$/, ''),
    agent: opts.agent instanceof http.Agent ? opts.agent : undefined,
    headers,
    auth: typeof opts.auth === 'string' ? opts.auth : undefined,
    budget: { held: 0, max: MAX_API_BYTES_HELD },
  };
}

/**
 * Cap on one API answer's body: an API server that streams an endless body costs this much memory,
 * not all of it (README "Security"). A real list of a large cluster is tens of MiB.
 */
export const MAX_API_BODY_BYTES = 128 * 1024 * 1024;

/** Sends `GET <server><path>`; resolves (never rejects) with the answer, a timeout, or why not. */
export function httpGet(
  conn: ApiConnection,
  path: string,
  timeoutMs: number,
  maxBytes = MAX_API_BODY_BYTES,
): Promise<GetResult> {
  return new Promise((resolve) => {
    const url = new URL(conn.server + path);
    const client = url.protocol === 'https:' ? https : http;
    let settled = false;
    let size = 0;
    const finish = (result: GetResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (conn.budget) conn.budget.held -= size;
      resolve(result);
    };
    const req = client.request(url, {
      method: 'GET',
      agent: conn.agent,
      auth: conn.auth,
      headers: { ...conn.headers, Accept: 'application/json', 'User-Agent': 'sdn-doctor' },
    });
    // The timeout covers connect, the wait for the answer and reading it (a slow body too).
    const timer = setTimeout(() => {
      finish({ kind: 'timeout' });
      req.destroy();
    }, timeoutMs);
    req.on('error', (e) =>
      finish({ kind: 'unreachable', reason: e.message || (e as NodeJS.ErrnoException).code || String(e) }),
    );
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => {
        if (settled) return;
        size += c.length;
        if (conn.budget) conn.budget.held += c.length;
        const shared = conn.budget !== undefined && conn.budget.held > conn.budget.max;
        if (size > maxBytes || shared) {
          finish({ kind: 'too-large', limit: shared && conn.budget ? conn.budget.max : maxBytes, shared });
          req.destroy();
          return;
        }
        chunks.push(c);
      });
      // a server that drops the connection mid-body: not an answer
      res.on('close', () => {
        if (!res.complete) finish({ kind: 'unreachable', reason: 'the connection was closed mid-answer' });
      });
      res.on('error', (e) => finish({ kind: 'unreachable', reason: e.message }));
      res.on('end', () =>
        finish({ kind: 'answer', status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.end();
  });
}

/** Releases the connection's sockets (idempotent). */
export function closeConnection(conn: ApiConnection): void {
  conn.agent?.destroy();
}
