/**
 * `collect -n NS`: namespaced lists are read per namespace (NS and the SDN's own, whatever -n says),
 * say which namespaces they hold, keep saying it through a bundle, and the model says once that
 * other namespaces are not judged. Cluster-scoped lists are read whole.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { namespaceScope, readApiSnapshot } from '../../src/sources/live/api.js';
import { readBundle, writeBundle } from '../../src/sources/bundle/index.js';
import { buildModel } from '../../src/model/build.js';
import { listenOnLoopback, loopbackKubeconfig } from '../../testkit/loopback.js';
import { tempDir } from '../bundle/helpers.js';

const pod = (namespace: string, name: string) => ({ metadata: { namespace, name }, spec: {}, status: {} });
const PODS = [
  pod('default', 'router-1-abcde'),
  pod('openshift-sdn', 'sdn-x1'),
  pod('shop', 'shop-1'),
  pod('demo', 'web-1'),
];

describe('collect -n: namespaced API lists of the chosen namespaces', () => {
  let server: http.Server;
  let dir: { path: string; cleanup: () => Promise<void> };
  let kubeconfig: string;
  const seen: string[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      seen.push(url.pathname);
      const inNs = /^\/api\/v1\/namespaces\/([^/]+)\/pods$/.exec(url.pathname);
      const items =
        url.pathname === '/api/v1/pods'
          ? PODS
          : inNs
            ? PODS.filter((p) => p.metadata.namespace === decodeURIComponent(inNs[1]!))
            : [];
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'List', apiVersion: 'v1', metadata: {}, items }));
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

  it('the scope is the namespaces asked for plus the SDN own ones, sorted', () => {
    expect(namespaceScope(['shop', 'default'])).toEqual([
      'default',
      'openshift-ingress',
      'openshift-sdn',
      'shop',
    ]);
  });

  it('reads pods per namespace and says which; nodes stay cluster-wide; a bundle keeps the scope', async () => {
    const api = await readApiSnapshot({
      kubeconfig,
      timeoutMs: 5000,
      resources: ['pods', 'nodes'],
      namespaces: ['shop'],
    });
    expect(seen.filter((p) => p.endsWith('/pods')).sort()).toEqual([
      '/api/v1/namespaces/default/pods',
      '/api/v1/namespaces/openshift-ingress/pods',
      '/api/v1/namespaces/openshift-sdn/pods',
      '/api/v1/namespaces/shop/pods',
    ]);
    expect(seen).toContain('/api/v1/nodes');
    expect(api.pods?.ok && api.pods.namespaces).toEqual([
      'default',
      'openshift-ingress',
      'openshift-sdn',
      'shop',
    ]);
    const names = api.pods?.ok
      ? api.pods.items.map((p) => (p as ReturnType<typeof pod>).metadata.name).sort()
      : [];
    expect(names).toEqual(['router-1-abcde', 'sdn-x1', 'shop-1']);
    expect(api.nodes?.ok && api.nodes.namespaces).toBeUndefined();

    const out = `${dir.path}/scoped.tar.gz`;
    await writeBundle(
      { collectedAt: '2026-12-05T00:00:00Z', collector: 'live', api, artifacts: [], warnings: [] },
      out,
    );
    const back = await readBundle(out);
    expect(back.api.pods?.ok && back.api.pods.namespaces).toEqual([
      'default',
      'openshift-ingress',
      'openshift-sdn',
      'shop',
    ]);
    const { model, warnings } = buildModel(back);
    expect(model.apiNamespaces).toEqual(['default', 'openshift-ingress', 'openshift-sdn', 'shop']);
    expect(warnings.filter((w) => /collected with -n/.test(w.message.en))).toHaveLength(1);
    expect(warnings.find((w) => /-n 付きで収集/.test(w.message.ja))).toBeDefined();
  });

  it('without -n: one cluster-wide list and no scope', async () => {
    seen.length = 0;
    const api = await readApiSnapshot({ kubeconfig, timeoutMs: 5000, resources: ['pods'] });
    expect(seen).toEqual(['/api/v1/pods']);
    expect(api.pods?.ok && api.pods.namespaces).toBeUndefined();
    expect(
      buildModel({ collectedAt: '', collector: 'live', api, artifacts: [], warnings: [] }).model
        .apiNamespaces,
    ).toBeUndefined();
  });
});
