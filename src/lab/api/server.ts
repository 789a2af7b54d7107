/**
 * The lab API's HTTP(S) server: answers each request with `handleRequest`, as JSON, and logs one
 * line per request. Plain HTTP by default (the kubeconfig then marks the cluster
 * `insecure-skip-tls-verify`); HTTPS with a self-signed certificate on request. No real credential
 * ever goes to it.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { createHostExecBackend, type ExecBackend } from './exec/backend.js';
import { execUpgradeHandler } from './exec/socket.js';
import { createFileStore, type ObjectStore } from './object-store.js';
import { handleRequest, type Answer, type LabApiContext } from './handler.js';
import { statusBody } from './status.js';

/** PEM files for HTTPS. */
export interface TlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
}

/**
 * A server for the objects in `dataDir` (not yet listening); HTTPS when `tls` is given. `backend`
 * runs exec and serves logs (default: this machine stands for every node); `store` keeps writes
 * (default: the data files).
 */
export function createLabApiServer(
  dataDir: string,
  log: (line: string) => void = () => {},
  tls?: TlsFiles,
  backend: ExecBackend = createHostExecBackend(),
  store: ObjectStore = createFileStore(dataDir),
): Server {
  const ctx: LabApiContext = { dataDir, backend, store };
  const handler = (req: IncomingMessage, res: ServerResponse) => respond(ctx, log, req, res);
  const server = tls
    ? createTlsServer({ cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) }, handler)
    : createServer(handler);
  server.on('upgrade', execUpgradeHandler(dataDir, backend, log));
  return server;
}

function respond(
  ctx: LabApiContext,
  log: (line: string) => void,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const started = Date.now();
  const gone = new AbortController();
  // The client gave up (a timeout on its side): stop waiting on a delay hook for it.
  res.on('close', () => gone.abort());
  handleRequest(ctx, req, gone.signal)
    .catch((e: unknown): Answer => ({ code: 500, body: internalError(e) }))
    .then(async (answer) => {
      if (res.destroyed || res.writableEnded) return log(`${req.method} ${req.url} (client gone)`);
      if ('stream' in answer) {
        // A watch: headers now, then one JSON event per line until the watch ends.
        res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
        res.flushHeaders();
        log(`${req.method} ${req.url} 200 watch started`);
        await answer
          .stream((line) => res.write(`${line}\n`), gone.signal)
          .catch((e: unknown) => {
            res.write(`${JSON.stringify({ type: 'ERROR', object: internalError(e) })}\n`);
          });
        res.end();
        return log(`${req.method} ${req.url} watch ended after ${Date.now() - started}ms`);
      }
      const { code, body } = answer;
      log(`${req.method} ${req.url} ${code} ${Date.now() - started}ms`);
      const text = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
      const type = typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json';
      res.writeHead(code, {
        'Content-Type': answer.contentType ?? type,
        'Content-Length': Buffer.byteLength(text),
        'Cache-Control': 'no-cache, private',
      });
      res.end(req.method === 'HEAD' ? undefined : text);
    });
}

function internalError(e: unknown) {
  return statusBody(500, `Internal error occurred: ${e instanceof Error ? e.message : String(e)}`, {});
}

/** Listens and resolves with the URL clients use (`http(s)://host:port`). */
export function listen(server: Server, host: string, port: number, scheme = 'http'): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      const boundPort = typeof address === 'object' && address ? address.port : port;
      const urlHost = host.includes(':') ? `[${host}]` : host;
      resolve(`${scheme}://${urlHost}:${boundPort}`);
    });
  });
}
