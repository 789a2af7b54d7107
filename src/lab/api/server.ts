/**
 * The lab API's HTTP server: answers each request with `handleRequest`, as JSON, and logs one
 * line per request. Plain HTTP on the loopback or the lab's own address: the kubeconfig marks the
 * cluster `insecure-skip-tls-verify`, and no real credential ever goes to it.
 */
import { createServer, type Server } from 'node:http';
import { handleRequest, type Answer } from './handler.js';
import { statusBody } from './status.js';

/** A server for the objects in `dataDir` (not yet listening). */
export function createLabApiServer(dataDir: string, log: (line: string) => void = () => {}): Server {
  return createServer((req, res) => {
    const started = Date.now();
    const gone = new AbortController();
    // The client gave up (a timeout on its side): stop waiting on a delay hook for it.
    res.on('close', () => gone.abort());
    handleRequest(dataDir, req, gone.signal)
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
        const text = typeof body === 'string' ? body : JSON.stringify(body);
        res.writeHead(code, {
          'Content-Type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json',
          'Content-Length': Buffer.byteLength(text),
          'Cache-Control': 'no-cache, private',
        });
        res.end(req.method === 'HEAD' ? undefined : text);
      });
  });
}

function internalError(e: unknown) {
  return statusBody(500, `Internal error occurred: ${e instanceof Error ? e.message : String(e)}`, {});
}

/** Listens and resolves with the URL clients use (`http://host:port`). */
export function listen(server: Server, host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      const boundPort = typeof address === 'object' && address ? address.port : port;
      const urlHost = host.includes(':') ? `[${host}]` : host;
      resolve(`http://${urlHost}:${boundPort}`);
    });
  });
}
