/**
 * The lab API over plain HTTP: discovery documents, REST shapes, Status errors, Table answers,
 * paging and the fault hooks, checked the way a client library sees them.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './helpers.js';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi('http');
});
afterAll(async () => {
  await api?.stop();
});

async function getJson(
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${api.url}${path}`, init);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const TABLE_V1 = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
const names = (body: Record<string, unknown>) =>
  (body.items as { metadata: { name: string } }[]).map((i) => i.metadata.name);

describe('discovery', () => {
  it('/version is an OpenShift 3.11 master (Kubernetes 1.11)', async () => {
    const { status, body } = await getJson('/version');
    expect(status).toBe(200);
    expect(body).toMatchObject({ major: '1', minor: '11+', gitVersion: 'v1.11.0+d4cacc0' });
  });

  it('/api, /api/v1, /apis and the OpenShift groups', async () => {
    expect((await getJson('/api')).body).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const core = (await getJson('/api/v1')).body;
    expect(core.kind).toBe('APIResourceList');
    expect(core.groupVersion).toBe('v1');
    const coreNames = (core.resources as { name: string }[]).map((r) => r.name).sort();
    expect(coreNames).toEqual([
      'configmaps',
      'endpoints',
      'namespaces',
      'nodes',
      'pods',
      'pods/exec',
      'pods/log',
      'services',
    ]);
    const pods = (core.resources as { name: string; verbs: string[]; namespaced: boolean }[]).find(
      (r) => r.name === 'pods',
    );
    // Read-only: only get and list are announced.
    expect(pods).toMatchObject({ namespaced: true, kind: 'Pod', verbs: ['get', 'list'], shortNames: ['po'] });
    const groups = (await getJson('/apis')).body;
    expect(groups.kind).toBe('APIGroupList');
    expect((groups.groups as { name: string }[]).map((g) => g.name)).toEqual([
      'apps',
      'networking.k8s.io',
      'apps.openshift.io',
      'route.openshift.io',
      'network.openshift.io',
    ]);
    // §12: `oc get dc` (ipfailover DeploymentConfigs) is served from the OpenShift apps group.
    const dcs = (await getJson('/apis/apps.openshift.io/v1')).body;
    expect((dcs.resources as { name: string }[]).map((r) => r.name)).toEqual(['deploymentconfigs']);
    const network = (await getJson('/apis/network.openshift.io/v1')).body;
    expect(
      (network.resources as { name: string; namespaced: boolean }[]).map((r) => [r.name, r.namespaced]),
    ).toEqual([
      ['hostsubnets', false],
      ['clusternetworks', false],
      ['netnamespaces', false],
    ]);
    expect((await getJson('/apis/route.openshift.io')).body).toMatchObject({
      kind: 'APIGroup',
      preferredVersion: { groupVersion: 'route.openshift.io/v1' },
    });
  });

  it('paths we do not serve are 404 Status objects (other groups, other versions)', async () => {
    for (const path of ['/apis/apps/v2', '/apis/batch', '/api/v2', '/apis/network.openshift.io/v2', '/x']) {
      const { status, body } = await getJson(path);
      expect(status, path).toBe(404);
      expect(body, path).toMatchObject({
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        reason: 'NotFound',
        code: 404,
      });
    }
  });
});

describe('list and get', () => {
  it('a list has the REST shape: kind, apiVersion, metadata.resourceVersion, items without type', async () => {
    const { status, body } = await getJson('/apis/network.openshift.io/v1/hostsubnets');
    expect(status).toBe(200);
    expect(body.kind).toBe('HostSubnetList');
    expect(body.apiVersion).toBe('network.openshift.io/v1');
    expect(typeof (body.metadata as { resourceVersion: unknown }).resourceVersion).toBe('string');
    const items = body.items as Record<string, unknown>[];
    // As from a real API server: list items carry no kind/apiVersion of their own.
    expect(items.map((i) => [i.kind, i.apiVersion, i.hostIP, i.subnet])).toEqual([
      [undefined, undefined, '192.168.122.202', '10.128.0.0/23'],
      [undefined, undefined, '192.168.122.203', '10.129.0.0/23'],
      [undefined, undefined, '192.168.122.204', '10.130.0.0/23'],
    ]);
  });

  it('namespaced and cluster-wide paths', async () => {
    expect(names((await getJson('/api/v1/namespaces/openshift-node/configmaps')).body)).toEqual([
      'node-config-compute',
      'node-config-infra',
      'node-config-master',
    ]);
    expect(names((await getJson('/api/v1/namespaces/nowhere/pods')).body)).toEqual([]);
    expect(names((await getJson('/api/v1/configmaps')).body)).toHaveLength(5);
    expect(names((await getJson('/apis/route.openshift.io/v1/namespaces/web/routes')).body)).toEqual([
      'api',
      'hello',
      'secure',
    ]);
  });

  it('get by name, including a namespace itself and the status subresource', async () => {
    const pod = await getJson('/api/v1/namespaces/default/pods/router-1-8x2kq');
    expect(pod.status).toBe(200);
    expect(pod.body).toMatchObject({ kind: 'Pod', apiVersion: 'v1', status: { podIP: '10.128.0.4' } });
    expect((await getJson('/api/v1/namespaces/web')).body).toMatchObject({ kind: 'Namespace' });
    expect((await getJson('/api/v1/nodes/node-2/status')).body).toMatchObject({ kind: 'Node' });
    // The same name in another namespace is not this pod.
    expect((await getJson('/api/v1/namespaces/web/pods/router-1-8x2kq')).status).toBe(404);
  });

  it('NotFound names the resource (with its group) like the API server', async () => {
    const { status, body } = await getJson('/apis/network.openshift.io/v1/hostsubnets/node-9');
    expect(status).toBe(404);
    expect(body).toMatchObject({
      message: 'hostsubnets.network.openshift.io "node-9" not found',
      reason: 'NotFound',
      details: { name: 'node-9', group: 'network.openshift.io', kind: 'hostsubnets' },
    });
  });

  it('label selectors: =, ==, !=, in, notin, exists, !key', async () => {
    const sel = async (s: string) =>
      names((await getJson(`/api/v1/pods?labelSelector=${encodeURIComponent(s)}`)).body);
    expect(await sel('router')).toEqual(['router-1-8x2kq']);
    expect(await sel('app=hello')).toEqual(['hello-1-7d4kx', 'hello-1-qm9vb']);
    expect(await sel('app==sdn')).toEqual(['sdn-2lwcs', 'sdn-hj5rf', 'sdn-w8tnq']);
    expect(await sel('app in (ovs, api)')).toHaveLength(5);
    expect(await sel('app notin (ovs,sdn,hello,api)')).toEqual(['docker-registry-1-5tkpz', 'router-1-8x2kq']);
    expect(await sel('!app')).toEqual(['docker-registry-1-5tkpz', 'router-1-8x2kq']);
    expect(await sel('app!=hello,tier')).toEqual(['api-1-pend1', 'api-1-zz8rt']);
    expect(await sel('')).toHaveLength(api.objects.pods.length);
  });

  it('a malformed selector is a 400 BadRequest', async () => {
    for (const s of ['app in hello', 'app=(x', '=x', 'app notin (a b)']) {
      const { status, body } = await getJson(`/api/v1/pods?labelSelector=${encodeURIComponent(s)}`);
      expect(status, s).toBe(400);
      expect(body.reason, s).toBe('BadRequest');
    }
  });

  it('limit and continue page through a sorted list', async () => {
    const first = await getJson('/api/v1/pods?limit=5');
    const meta = first.body.metadata as { continue?: string; remainingItemCount?: number };
    expect(names(first.body)).toHaveLength(5);
    expect(meta.remainingItemCount).toBe(api.objects.pods.length - 5);
    const rest = await getJson(`/api/v1/pods?limit=500&continue=${meta.continue}`);
    expect((rest.body.metadata as { continue?: string }).continue).toBeUndefined();
    expect([...names(first.body), ...names(rest.body)]).toEqual(names((await getJson('/api/v1/pods')).body));
    expect((await getJson('/api/v1/pods?continue=bogus')).status).toBe(400);
  });
});

describe('tables', () => {
  it('answers a Table when asked, with metadata rows for kubectl', async () => {
    const { body } = await getJson('/api/v1/namespaces/web/pods?labelSelector=app%3Dhello', {
      headers: { Accept: TABLE_V1 },
    });
    expect(body.kind).toBe('Table');
    expect(body.apiVersion).toBe('meta.k8s.io/v1');
    const columns = body.columnDefinitions as { name: string; priority: number }[];
    expect(columns.map((c) => `${c.name}:${c.priority}`)).toEqual([
      'Name:0',
      'Ready:0',
      'Status:0',
      'Restarts:0',
      'Age:0',
      'IP:1',
      'Node:1',
      'Nominated Node:1',
      'Readiness Gates:1',
    ]);
    const rows = body.rows as {
      cells: unknown[];
      object: { kind: string; metadata: { namespace: string } };
    }[];
    expect(rows.map((r) => r.cells)).toEqual([
      ['hello-1-7d4kx', '1/1', 'Running', 0, '3d', '10.129.0.10', 'node-2', '<none>', '<none>'],
      ['hello-1-qm9vb', '1/1', 'Running', 2, '3d', '10.130.0.12', 'node-3', '<none>', '<none>'],
    ]);
    expect(rows[0]?.object).toMatchObject({ kind: 'PartialObjectMetadata', metadata: { namespace: 'web' } });
  });

  it('v1beta1 Tables for older clients, full objects with includeObject=Object', async () => {
    const { body } = await getJson('/apis/network.openshift.io/v1/hostsubnets/node-2?includeObject=Object', {
      headers: { Accept: 'application/json;as=Table;v=v1beta1;g=meta.k8s.io' },
    });
    expect(body.apiVersion).toBe('meta.k8s.io/v1beta1');
    const rows = body.rows as { cells: unknown[]; object: { kind: string } }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]?.cells).toEqual([
      'node-2',
      'node-2',
      '192.168.122.203',
      '10.129.0.0/23',
      '',
      '[192.168.122.250]',
    ]);
    expect(rows[0]?.object.kind).toBe('HostSubnet');
  });

  it('plain JSON when the client does not ask for a Table', async () => {
    const { body } = await getJson('/api/v1/pods', { headers: { Accept: 'application/json' } });
    expect(body.kind).toBe('PodList');
  });
});

describe('read-only verbs', () => {
  it('POST, PUT, PATCH and DELETE are 405 MethodNotAllowed', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const { status, body } = await getJson('/api/v1/namespaces/web/pods/hello-1-7d4kx', {
        method,
        body: method === 'DELETE' ? undefined : '{}',
        headers: { 'Content-Type': 'application/json' },
      });
      expect(status, method).toBe(405);
      expect(body, method).toMatchObject({ kind: 'Status', reason: 'MethodNotAllowed', code: 405 });
    }
  });

  it('pods/exec is 403 Forbidden for a user RBAC does not let exec', async () => {
    const { status, body } = await getJson('/api/v1/namespaces/web/pods/hello-1-7d4kx/exec?command=ls', {
      method: 'POST',
      headers: { Authorization: 'Bearer lab-test-reader-token' },
    });
    expect(status).toBe(403);
    expect(body.reason).toBe('Forbidden');
  });

  it('pods/exec without a WebSocket upgrade is 400, as kube-apiserver answers', async () => {
    const { status, body } = await getJson('/api/v1/namespaces/web/pods/hello-1-7d4kx/exec?command=ls', {
      method: 'POST',
    });
    expect(status).toBe(400);
    expect(body.message).toBe('Upgrade request required');
  });

  it('a watch on one named object is refused (kubectl watches a list with a fieldSelector)', async () => {
    expect((await getJson('/api/v1/namespaces/web/pods/hello-1-7d4kx?watch=true')).status).toBe(405);
  });
});

describe('watch', () => {
  it('streams ADDED for the current objects, then MODIFIED / DELETED as the lab changes', async () => {
    const controller = new AbortController();
    const res = await fetch(`${api.url}/api/v1/namespaces/web/pods?watch=true&labelSelector=app%3Dhello`, {
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    const events = eventReader(res);
    try {
      expect(await events.next()).toEqual(['ADDED', 'hello-1-7d4kx']);
      expect(await events.next()).toEqual(['ADDED', 'hello-1-qm9vb']);
      // A fault stops hello-1-qm9vb and restarts hello-1-7d4kx: the lab rewrites pods.json.
      const pods = api.objects.pods
        .filter((p) => (p.metadata as { name: string }).name !== 'hello-1-qm9vb')
        .map((p) =>
          (p.metadata as { name: string }).name === 'hello-1-7d4kx'
            ? { ...p, status: { phase: 'Pending' } }
            : p,
        );
      api.write('pods', pods);
      const changes = [await events.next(), await events.next()].sort();
      expect(changes).toEqual([
        ['DELETED', 'hello-1-qm9vb'],
        ['MODIFIED', 'hello-1-7d4kx'],
      ]);
    } finally {
      controller.abort();
      api.write('pods', api.objects.pods);
    }
  });

  it('from a list resourceVersion: only later changes; Table events for kubectl', async () => {
    const list = await getJson('/api/v1/namespaces/default/pods');
    const rv = (list.body.metadata as { resourceVersion: string }).resourceVersion;
    const controller = new AbortController();
    const res = await fetch(`${api.url}/api/v1/namespaces/default/pods?watch=1&resourceVersion=${rv}`, {
      signal: controller.signal,
      headers: { Accept: TABLE_V1 },
    });
    const events = eventReader(res);
    try {
      const extra = {
        metadata: { name: 'zz-new', namespace: 'default' },
        spec: { containers: [{}] },
        status: {},
      };
      api.write('pods', [...api.objects.pods, extra]);
      const raw = await events.nextRaw();
      expect(raw.type).toBe('ADDED');
      expect(raw.object).toMatchObject({
        kind: 'Table',
        rows: [{ cells: ['zz-new', '0/1', '', 0, '<unknown>', '<none>', '<none>', '<none>', '<none>'] }],
      });
    } finally {
      controller.abort();
      api.write('pods', api.objects.pods);
    }
  });
  it('a watch from an older resourceVersion replays the current objects instead of missing changes', async () => {
    const controller = new AbortController();
    const res = await fetch(
      `${api.url}/apis/network.openshift.io/v1/hostsubnets?watch=true&resourceVersion=1`,
      {
        signal: controller.signal,
      },
    );
    const events = eventReader(res);
    try {
      expect([await events.next(), await events.next(), await events.next()]).toEqual([
        ['ADDED', 'node-1'],
        ['ADDED', 'node-2'],
        ['ADDED', 'node-3'],
      ]);
    } finally {
      controller.abort();
    }
  });
});

/** Reads watch events (one JSON object per line) from a streaming response. */
function eventReader(res: Response) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const nextRaw = async (): Promise<{ type: string; object: Record<string, unknown> }> => {
    for (;;) {
      const newline = buffer.indexOf('\n');
      if (newline >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        return JSON.parse(line) as { type: string; object: Record<string, unknown> };
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('watch ended');
      buffer += decoder.decode(value, { stream: true });
    }
  };
  return {
    nextRaw,
    next: async () => {
      const e = await nextRaw();
      return [e.type, (e.object.metadata as { name: string }).name];
    },
  };
}

describe('data files and fault hooks', () => {
  it('a missing data file is an empty list; a corrupt one is a 500, and the server keeps serving', async () => {
    writeFileSync(join(api.dataDir, 'routes.json'), '{ not json');
    try {
      const bad = await getJson('/apis/route.openshift.io/v1/routes');
      expect(bad.status).toBe(500);
      expect(bad.body.reason).toBe('InternalError');
      expect(String(bad.body.message)).toContain('routes.json is not valid JSON');
      expect((await getJson('/api/v1/nodes')).status).toBe(200);
    } finally {
      api.write('routes', api.objects.routes);
    }
  });

  it('403 and 500 per resource; the others answer normally', async () => {
    api.setFaults({
      hostsubnets: { status: 403 },
      netnamespaces: { status: 500, message: 'etcd unavailable' },
    });
    try {
      const hs = await getJson('/apis/network.openshift.io/v1/hostsubnets');
      expect(hs.status).toBe(403);
      expect(hs.body).toMatchObject({ reason: 'Forbidden', code: 403 });
      const get = await getJson('/apis/network.openshift.io/v1/hostsubnets/node-1');
      expect(String(get.body.message)).toContain('cannot get resource "hostsubnets"');
      const nn = await getJson('/apis/network.openshift.io/v1/netnamespaces');
      expect(nn.status).toBe(500);
      expect(nn.body).toMatchObject({
        reason: 'InternalError',
        message: 'Internal error occurred: etcd unavailable',
      });
      expect((await getJson('/apis/network.openshift.io/v1/clusternetworks')).status).toBe(200);
      // Discovery stays readable, as with a real RBAC denial.
      expect((await getJson('/apis/network.openshift.io/v1')).status).toBe(200);
    } finally {
      api.setFaults({});
    }
    expect((await getJson('/apis/network.openshift.io/v1/hostsubnets')).status).toBe(200);
  });

  it('"*" applies to every resource', async () => {
    api.setFaults({ '*': { status: 503 } });
    try {
      expect((await getJson('/api/v1/pods')).status).toBe(503);
      expect((await getJson('/api/v1/nodes')).body.reason).toBe('ServiceUnavailable');
    } finally {
      api.setFaults({});
    }
  });

  it('delayMs delays that resource only; a client that gives up gets no answer', async () => {
    api.setFaults({ pods: { delayMs: 1500 } });
    try {
      let started = Date.now();
      expect((await getJson('/api/v1/nodes')).status).toBe(200);
      expect(Date.now() - started).toBeLessThan(1000);
      started = Date.now();
      expect((await getJson('/api/v1/pods')).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1450);
      await expect(fetch(`${api.url}/api/v1/pods`, { signal: AbortSignal.timeout(200) })).rejects.toThrow();
    } finally {
      api.setFaults({});
    }
  });
});
