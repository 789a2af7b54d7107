/**
 * Lists are read page by page as kubectl reads them (`limit=500`, then `continue`), so a large
 * cluster's lists never arrive as one body; a server that hands out `continue` tokens forever is
 * stopped at the page cap with a clear failure, not followed without end.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readApiSnapshot } from '../../src/sources/live/api.js';
import { listenOnLoopback, loopbackKubeconfig } from '../../testkit/loopback.js';
import { tempDir } from '../bundle/helpers.js';

const NODES = Array.from({ length: 1234 }, (_, i) => ({ metadata: { name: `n${i}` } }));

describe('API lists in pages', () => {
  let server: http.Server;
  let dir: { path: string; cleanup: () => Promise<void> };
  let kubeconfig: string;
  const seen: string[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      seen.push(url.pathname + url.search);
      const limit = Number(url.searchParams.get('limit'));
      const offset = Number(url.searchParams.get('continue') ?? '0');
      res.writeHead(200, { 'content-type': 'application/json' });
      if (url.pathname === '/api/v1/nodes') {
        const next = offset + limit < NODES.length ? String(offset + limit) : undefined;
        res.end(
          JSON.stringify({
            kind: 'NodeList',
            apiVersion: 'v1',
            metadata: next ? { continue: next } : {},
            items: NODES.slice(offset, offset + limit),
          }),
        );
        return;
      }
      // every other list: an empty page that always says there is more
      res.end(JSON.stringify({ kind: 'List', metadata: { continue: String(offset + 1) }, items: [] }));
    });
    const port = await listenOnLoopback(server);
    dir = await tempDir();
    kubeconfig = await loopbackKubeconfig(dir.path, port);
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await dir.cleanup();
  });

  it('reads every page of a list, 500 at a time, and keeps the items in order', async () => {
    const api = await readApiSnapshot({ kubeconfig, timeoutMs: 5000, resources: ['nodes'] });
    expect(api.nodes?.ok).toBe(true);
    const names = api.nodes?.ok
      ? api.nodes.items.map((n) => (n as { metadata: { name: string } }).metadata.name)
      : [];
    expect(names).toEqual(NODES.map((n) => n.metadata.name));
    expect(seen.filter((p) => p.startsWith('/api/v1/nodes'))).toEqual([
      '/api/v1/nodes?limit=500',
      '/api/v1/nodes?limit=500&continue=500',
      '/api/v1/nodes?limit=500&continue=1000',
    ]);
  });

  it('a server whose continue never ends: failure at the page cap, naming the list', async () => {
    const api = await readApiSnapshot({ kubeconfig, timeoutMs: 5000, resources: ['routes'] });
    expect(api.routes).toMatchObject({
      ok: false,
      error:
        'cannot read routes (GET /apis/route.openshift.io/v1/routes): more than 1000 pages of 500 (the cap on one list)',
    });
  }, 60_000);
});
