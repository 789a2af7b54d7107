/**
 * Every API GET is bounded, against loopback servers that misbehave: one that accepts and never
 * answers, one that answers slowly (within the deadline), one that drops mid-body and one that
 * streams forever. Memory is capped by the body cap, time by the deadline.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpGet, type ApiConnection } from '../../src/sources/live/api-get.js';

describe('httpGet against misbehaving API servers', () => {
  let server: http.Server;
  let conn: ApiConnection;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      switch (req.url) {
        case '/silent':
          return; // accepts, never answers
        case '/slow':
          setTimeout(() => res.end('{"items":[]}'), 300);
          return;
        case '/drop':
          res.writeHead(200, { 'content-length': '100000' });
          res.write('{"items":[');
          setTimeout(() => res.destroy(), 50);
          return;
        case '/endless': {
          res.writeHead(200);
          const chunk = Buffer.alloc(64 * 1024, 0x20);
          const pump = (): void => {
            while (res.write(chunk));
            res.once('drain', pump);
          };
          res.on('close', () => res.removeAllListeners('drain'));
          pump();
          return;
        }
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    conn = { server: `http://127.0.0.1:${port}`, agent: undefined, headers: {}, auth: undefined };
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('a server that never answers: timeout', async () => {
    expect(await httpGet(conn, '/silent', 500)).toEqual({ kind: 'timeout' });
  });

  it('a slow answer within the deadline is read', async () => {
    expect(await httpGet(conn, '/slow', 5000)).toEqual({ kind: 'answer', status: 200, text: '{"items":[]}' });
  });

  it('a connection dropped mid-body is not an answer', async () => {
    const r = await httpGet(conn, '/drop', 5000);
    expect(r.kind).toBe('unreachable');
  });

  it('an endless body stops at the byte cap', async () => {
    const r = await httpGet(conn, '/endless', 20_000, 4 * 1024 * 1024);
    expect(r).toEqual({ kind: 'too-large', limit: 4 * 1024 * 1024, shared: false });
  });

  it('endless bodies read in parallel share one cap, and the cap is given back', async () => {
    const budget = { held: 0, max: 2 * 1024 * 1024 };
    const shared = { ...conn, budget };
    const results = await Promise.all([1, 2, 3].map(() => httpGet(shared, '/endless', 20_000)));
    expect(results.every((r) => r.kind === 'too-large' && r.shared && r.limit === budget.max)).toBe(true);
    expect(budget.held).toBe(0);
    expect(await httpGet(shared, '/slow', 5000)).toMatchObject({ kind: 'answer', status: 200 });
    expect(budget.held).toBe(0);
  });
});
