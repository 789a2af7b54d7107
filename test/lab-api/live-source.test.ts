/**
 * The live API source against the lab API server: a full snapshot in the REST shape
 * kubectl shows, and one resource failing (403, timeout) or the whole API gone, each reported for
 * what it is without taking the other resources down.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_RESOURCES, type ApiList } from '../../src/artifacts/types.js';
import { readApiSnapshot } from '../../src/sources/live/api.js';
import { startTestApi, type TestApi } from './helpers.js';
import { closedLoopbackPort } from '../../testkit/loopback.js';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi('live');
});
afterAll(async () => {
  await api?.stop();
});

function itemsOf(list: ApiList | undefined): Record<string, unknown>[] {
  if (!list?.ok) throw new Error(`not ok: ${list && !list.ok ? list.error : 'missing'}`);
  return list.items as Record<string, unknown>[];
}

describe('readApiSnapshot against the lab API', () => {
  it('reads every resource, with items in the same shape as kubectl get -o json', async () => {
    const snapshot = await readApiSnapshot({ kubeconfig: api.kubeconfig, timeoutMs: 5000 });
    expect(Object.keys(snapshot).sort()).toEqual([...API_RESOURCES].sort());
    for (const resource of API_RESOURCES) expect(snapshot[resource]?.ok, resource).toBe(true);
    expect(itemsOf(snapshot.pods)).toHaveLength(api.objects.pods.length);
    expect(
      itemsOf(snapshot.hostsubnets).map((h) => [h.kind, h.apiVersion, h.host, h.hostIP, h.subnet]),
    ).toEqual([
      ['HostSubnet', 'network.openshift.io/v1', 'node-1', '192.168.122.202', '10.128.0.0/23'],
      ['HostSubnet', 'network.openshift.io/v1', 'node-2', '192.168.122.203', '10.129.0.0/23'],
      ['HostSubnet', 'network.openshift.io/v1', 'node-3', '192.168.122.204', '10.130.0.0/23'],
    ]);
    // Only the node-config namespaces: the web namespace's configmap is not read.
    expect(itemsOf(snapshot.configmaps).map((c) => (c.metadata as { name: string }).name)).toEqual([
      'node-config-compute',
      'node-config-infra',
      'node-config-master',
      'sdn-config',
    ]);
    // Plain JSON, not client classes: timestamps stay strings, upper-case CIDR stays as sent.
    const [cn] = itemsOf(snapshot.clusternetworks);
    expect(typeof (cn?.metadata as { creationTimestamp: unknown }).creationTimestamp).toBe('string');
    expect(cn?.clusterNetworks).toEqual([{ CIDR: '10.128.0.0/14', hostSubnetLength: 9 }]);

    const kubectl = await api.kubectl(['get', 'pods', '-A', '-o', 'json']);
    const fromKubectl = (JSON.parse(kubectl.stdout) as { items: unknown[] }).items;
    expect(itemsOf(snapshot.pods)).toEqual(fromKubectl);
    const routes = JSON.parse((await api.kubectl(['get', 'routes', '-A', '-o', 'json'])).stdout) as {
      items: unknown[];
    };
    expect(itemsOf(snapshot.routes)).toEqual(routes.items);
  });

  it('reads only the resources asked for', async () => {
    const snapshot = await readApiSnapshot({
      kubeconfig: api.kubeconfig,
      timeoutMs: 5000,
      resources: ['nodes', 'hostsubnets'],
    });
    expect(Object.keys(snapshot).sort()).toEqual(['hostsubnets', 'nodes']);
  });

  it('a 403 on hostsubnets fails that resource only, saying what and why', async () => {
    api.setFaults({ hostsubnets: { status: 403 } });
    try {
      const snapshot = await readApiSnapshot({ kubeconfig: api.kubeconfig, timeoutMs: 5000 });
      const hs = snapshot.hostsubnets;
      expect(hs?.ok).toBe(false);
      if (hs && !hs.ok) {
        expect(hs.status).toBe(403);
        expect(hs.error).toBe(
          'cannot read hostsubnets (GET /apis/network.openshift.io/v1/hostsubnets): the API server answered 403 Forbidden: hostsubnets.network.openshift.io is forbidden: User "system:serviceaccount:sdn-doctor:lab-reader" cannot list resource "hostsubnets" in API group "network.openshift.io" at the cluster scope',
        );
        expect(hs.message?.en).toBe(hs.error);
        expect(hs.message?.ja).toContain('hostsubnets');
        expect(hs.message?.ja).toContain('403');
      }
      for (const resource of API_RESOURCES.filter((r) => r !== 'hostsubnets')) {
        expect(snapshot[resource]?.ok, resource).toBe(true);
      }
    } finally {
      api.setFaults({});
    }
  });

  it('a 404 (an API group the cluster does not have, e.g. routes on plain Kubernetes) fails that resource', async () => {
    api.setFaults({ routes: { status: 404, message: 'the server could not find the requested resource' } });
    try {
      const snapshot = await readApiSnapshot({ kubeconfig: api.kubeconfig, timeoutMs: 5000 });
      expect(snapshot.routes).toMatchObject({
        ok: false,
        status: 404,
        error:
          'cannot read routes (GET /apis/route.openshift.io/v1/routes): the API server answered 404 NotFound: the server could not find the requested resource',
      });
      expect(snapshot.pods?.ok).toBe(true);
    } finally {
      api.setFaults({});
    }
  });

  it('a 500 on one of the two configmap namespaces fails configmaps (no half list)', async () => {
    api.setFaults({ configmaps: { status: 500, message: 'etcdserver: request timed out' } });
    try {
      const snapshot = await readApiSnapshot({ kubeconfig: api.kubeconfig, timeoutMs: 5000 });
      const cm = snapshot.configmaps;
      expect(cm).toMatchObject({ ok: false, status: 500 });
      expect(cm && !cm.ok && cm.error).toContain('etcdserver: request timed out');
      expect(snapshot.nodes?.ok).toBe(true);
    } finally {
      api.setFaults({});
    }
  });

  it('a resource that answers after 10 s times out on its own, within about timeoutMs', async () => {
    api.setFaults({ pods: { delayMs: 10_000 } });
    try {
      const started = Date.now();
      const snapshot = await readApiSnapshot({ kubeconfig: api.kubeconfig, timeoutMs: 500 });
      const elapsed = Date.now() - started;
      // timeoutMs plus scheduling slack on a busy CI machine; the answer itself would take 10 s.
      expect(elapsed).toBeLessThan(1500);
      expect(elapsed).toBeGreaterThanOrEqual(450);
      const pods = snapshot.pods;
      expect(pods?.ok).toBe(false);
      if (pods && !pods.ok) {
        expect(pods.status).toBeUndefined();
        expect(pods.error).toBe(
          `cannot read pods (GET /api/v1/pods): no answer from ${api.url} within 500 ms`,
        );
      }
      expect(snapshot.nodes?.ok).toBe(true);
      expect(snapshot.hostsubnets?.ok).toBe(true);
    } finally {
      api.setFaults({});
    }
  });

  it('an API server that is down: every resource not ok, quickly, with the reason', async () => {
    const port = await closedLoopbackPort();
    const kubeconfig = join(api.dir, 'kubeconfig-down');
    writeFileSync(
      kubeconfig,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [
          { name: 'down', cluster: { server: `http://127.0.0.1:${port}`, 'insecure-skip-tls-verify': true } },
        ],
        users: [{ name: 'u', user: { token: 'dummy' } }],
        contexts: [{ name: 'down', context: { cluster: 'down', user: 'u' } }],
        'current-context': 'down',
      }),
    );
    const started = Date.now();
    const snapshot = await readApiSnapshot({ kubeconfig, timeoutMs: 2000 });
    expect(Date.now() - started).toBeLessThan(1500);
    for (const resource of API_RESOURCES) {
      const list = snapshot[resource];
      expect(list?.ok, resource).toBe(false);
      if (list && !list.ok) {
        expect(list.error).toContain(`cannot read ${resource}`);
        expect(list.error).toContain(`cannot reach the API server http://127.0.0.1:${port}`);
        expect(list.error).toContain('ECONNREFUSED');
      }
    }
  });

  it('honours KUBECONFIG and --context like kubectl', async () => {
    const port = await closedLoopbackPort();
    const kubeconfig = join(api.dir, 'kubeconfig-two');
    writeFileSync(
      kubeconfig,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [
          { name: 'down', cluster: { server: `http://127.0.0.1:${port}`, 'insecure-skip-tls-verify': true } },
          { name: 'lab', cluster: { server: api.url, 'insecure-skip-tls-verify': true } },
        ],
        users: [{ name: 'u', user: { token: 'dummy' } }],
        contexts: [
          { name: 'down', context: { cluster: 'down', user: 'u' } },
          { name: 'lab', context: { cluster: 'lab', user: 'u' } },
        ],
        'current-context': 'down',
      }),
    );
    const saved = process.env.KUBECONFIG;
    process.env.KUBECONFIG = kubeconfig;
    try {
      const current = await readApiSnapshot({ timeoutMs: 2000, resources: ['nodes'] });
      expect(current.nodes?.ok).toBe(false);
      const lab = await readApiSnapshot({ context: 'lab', timeoutMs: 2000, resources: ['nodes'] });
      expect(itemsOf(lab.nodes)).toHaveLength(3);
      const missing = await readApiSnapshot({ context: 'nope', timeoutMs: 2000, resources: ['nodes'] });
      expect(missing.nodes).toMatchObject({ ok: false });
      expect(missing.nodes && !missing.nodes.ok && missing.nodes.error).toContain(
        'context "nope" is not in the kubeconfig',
      );
    } finally {
      if (saved === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = saved;
    }
  });

  it('a kubeconfig that does not exist: every resource says so', async () => {
    const snapshot = await readApiSnapshot({ kubeconfig: join(api.dir, 'no-such-file'), timeoutMs: 1000 });
    for (const resource of API_RESOURCES) {
      const list = snapshot[resource];
      expect(list?.ok).toBe(false);
      expect(list && !list.ok && list.error).toContain('cannot load the kubeconfig');
      expect(list && !list.ok && list.message?.ja).toContain('kubeconfig');
    }
  });
});
