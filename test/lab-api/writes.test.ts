/**
 * NetworkPolicy and namespace-label writes through the lab API with Debian's kubectl (issue 11):
 * `kubectl apply -f` (create, then client-side apply's strategic PATCH with the last-applied
 * annotation), `kubectl delete -f`, `kubectl label namespace` (--overwrite, `k-`), `kubectl patch`
 * (merge, json), and the API server's shapes: 201 with uid / resourceVersion / creationTimestamp,
 * 409 AlreadyExists, 409 Conflict on a stale resourceVersion, 404 NotFound, 403 for the reader,
 * watch events. Data-file store (no lab, no root): the lab's store and its SDN are the E2E's.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READER_USER } from '../../src/lab/api/users.js';
import { startTestApi, type TestApi } from './helpers.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi('labapi-writes');
});
afterAll(async () => {
  await api?.stop();
});

const POLICY = (ingress: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-team-a
  namespace: web
spec:
  podSelector: {}
  ingress:
${ingress}`;

function file(name: string, text: string): string {
  const path = join(api.dir, name);
  writeFileSync(path, text);
  return path;
}

async function http(
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${api.url}${path}`, init);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const NP = '/apis/networking.k8s.io/v1/namespaces/web/networkpolicies';

describe('kubectl apply / delete -f on NetworkPolicies', () => {
  it('apply creates (201 shape), re-apply patches, get -A shows it, delete -f removes it', async () => {
    const v1 = file(
      'np-v1.yaml',
      POLICY('  - from:\n    - namespaceSelector:\n        matchLabels:\n          team: a\n'),
    );
    const created = await api.kubectl(['apply', '-f', v1]);
    expect(created.stderr).toBe('');
    expect(created.stdout.trim()).toBe('networkpolicy.networking.k8s.io/allow-team-a created');
    const first = await http(`${NP}/allow-team-a`);
    const meta = first.body.metadata as Record<string, unknown>;
    expect(meta.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(meta.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(meta.generation).toBe(1);
    expect(Object.keys(meta.annotations as object)).toEqual([
      'kubectl.kubernetes.io/last-applied-configuration',
    ]);
    // the API server's defaulting
    expect((first.body.spec as { policyTypes: string[] }).policyTypes).toEqual(['Ingress']);

    expect((await api.kubectl(['apply', '-f', v1])).stdout.trim()).toBe(
      'networkpolicy.networking.k8s.io/allow-team-a unchanged',
    );
    const v2 = file('np-v2.yaml', POLICY('  - ports:\n    - port: 8080\n'));
    expect((await api.kubectl(['apply', '-f', v2])).stdout.trim()).toBe(
      'networkpolicy.networking.k8s.io/allow-team-a configured',
    );
    const second = await http(`${NP}/allow-team-a`);
    const meta2 = second.body.metadata as Record<string, unknown>;
    // strategic merge: the ingress list is replaced whole (no merge key), the protocol defaulted
    expect((second.body.spec as { ingress: unknown }).ingress).toEqual([
      { ports: [{ port: 8080, protocol: 'TCP' }] },
    ]);
    expect(meta2.uid).toBe(meta.uid);
    expect(meta2.generation).toBe(2);
    expect(Number(meta2.resourceVersion)).toBeGreaterThan(Number(meta.resourceVersion));
    expect(
      JSON.parse(
        (meta2.annotations as Record<string, string>)['kubectl.kubernetes.io/last-applied-configuration']!,
      ).spec.ingress,
    ).toEqual([{ ports: [{ port: 8080 }] }]);
    const log = readFileSync(join(api.runDir, 'api-server.log'), 'utf8');
    expect(log).toMatch(
      /PATCH \/apis\/networking\.k8s\.io\/v1\/namespaces\/web\/networkpolicies\/allow-team-a\S* 200/,
    );

    const list = await api.kubectl(['get', 'networkpolicy', '-A']);
    expect(list.stdout).toMatch(/^web\s+allow-team-a\s+<none>\s+\d+s$/m);

    expect((await api.kubectl(['delete', '-f', v2])).stdout.trim()).toBe(
      'networkpolicy.networking.k8s.io "allow-team-a" deleted',
    );
    const again = await api.kubectl(['delete', '-f', v2]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('networkpolicies.networking.k8s.io "allow-team-a" not found');
    expect((await http(`${NP}/allow-team-a`)).body).toMatchObject({
      kind: 'Status',
      reason: 'NotFound',
      code: 404,
    });
  });

  it('kubectl patch: merge and JSON patch', async () => {
    const path = file('np-p.yaml', POLICY('  - {}\n'));
    await api.kubectl(['apply', '-f', path]);
    const patch = (type: string, body: string) =>
      api.kubectl(['patch', 'networkpolicy', 'allow-team-a', '-n', 'web', '--type', type, '-p', body]);
    const merge = await patch('merge', '{"metadata":{"labels":{"x":"1"}}}');
    expect(merge.stdout.trim()).toBe('networkpolicy.networking.k8s.io/allow-team-a patched');
    const json = await patch(
      'json',
      '[{"op":"replace","path":"/spec/podSelector","value":{"matchLabels":{"app":"hello"}}}]',
    );
    expect(json.code, json.stderr).toBe(0);
    const got = await http(`${NP}/allow-team-a`);
    expect((got.body.metadata as { labels: unknown }).labels).toEqual({ x: '1' });
    expect((got.body.spec as { podSelector: unknown }).podSelector).toEqual({
      matchLabels: { app: 'hello' },
    });
    const bad = await patch('json', '[{"op":"remove","path":"/spec/nope"}]');
    expect(bad.code).not.toBe(0);
    await api.kubectl(['delete', '-f', path]);
  });
});

describe('the API server answers', () => {
  const body = JSON.stringify({ metadata: { name: 'dup' }, spec: { podSelector: {} } });
  const json = { 'Content-Type': 'application/json' };

  it('201 on create, 409 AlreadyExists on a second, 409 Conflict on a stale resourceVersion', async () => {
    const first = await http(NP, { method: 'POST', body, headers: json });
    expect(first.status).toBe(201);
    const second = await http(NP, { method: 'POST', body, headers: json });
    expect(second).toMatchObject({
      status: 409,
      body: {
        kind: 'Status',
        reason: 'AlreadyExists',
        message: 'networkpolicies.networking.k8s.io "dup" already exists',
      },
    });
    const stale = JSON.stringify({
      metadata: { name: 'dup', resourceVersion: '1' },
      spec: { podSelector: {} },
    });
    const put = await http(`${NP}/dup`, { method: 'PUT', body: stale, headers: json });
    expect(put.status).toBe(409);
    expect(put.body.reason).toBe('Conflict');
    const del = await http(`${NP}/dup`, { method: 'DELETE' });
    expect(del).toMatchObject({
      status: 200,
      body: { kind: 'Status', status: 'Success', details: { name: 'dup', kind: 'networkpolicies' } },
    });
  });

  it('422 Invalid for a bad name or a policy without podSelector; 415 for an apply patch; 405 for namespace create/delete', async () => {
    const noSelector = await http(NP, {
      method: 'POST',
      body: JSON.stringify({ metadata: { name: 'x' }, spec: {} }),
      headers: json,
    });
    expect(noSelector).toMatchObject({ status: 422, body: { reason: 'Invalid' } });
    const badName = await http(NP, {
      method: 'POST',
      body: JSON.stringify({ metadata: { name: 'X_' }, spec: { podSelector: {} } }),
      headers: json,
    });
    expect(badName.status).toBe(422);
    const apply = await http('/api/v1/namespaces/web', {
      method: 'PATCH',
      body: '{}',
      headers: { 'Content-Type': 'application/apply-patch+yaml' },
    });
    expect(apply).toMatchObject({ status: 415, body: { reason: 'UnsupportedMediaType' } });
    expect(
      (await http('/api/v1/namespaces', { method: 'POST', body: '{"metadata":{"name":"n"}}', headers: json }))
        .status,
    ).toBe(405);
    expect((await http('/api/v1/namespaces/web', { method: 'DELETE' })).status).toBe(405);
  });

  it('dryRun=All answers without keeping the change', async () => {
    const r = await http(`${NP}?dryRun=All`, { method: 'POST', body, headers: json });
    expect(r.status).toBe(201);
    expect((await http(`${NP}/dup`)).status).toBe(404);
  });

  it('the reader may not write (403 worded as RBAC)', async () => {
    const path = file('np-r.yaml', POLICY('  - {}\n'));
    const r = await api.kubectl(['--as', READER_USER, 'apply', '-f', path]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      `is forbidden: User "${READER_USER}" cannot create resource "networkpolicies" in API group "networking.k8s.io" in the namespace "web"`,
    );
    const l = await api.kubectl(['--as', READER_USER, 'label', 'namespace', 'web', 'team=a']);
    expect(l.stderr).toContain('cannot patch resource "namespaces"');
  });
});

describe('kubectl label namespace', () => {
  it('adds, refuses to overwrite without --overwrite, overwrites, removes with k-', async () => {
    expect((await api.kubectl(['label', 'namespace', 'web', 'team=a'])).stdout.trim()).toBe(
      'namespace/web labeled',
    );
    const refused = await api.kubectl(['label', 'namespace', 'web', 'team=b']);
    expect(refused.stderr).toContain("'team' already has a value (a), and --overwrite is false");
    await api.kubectl(['label', 'namespace', 'web', 'team=b', '--overwrite']);
    expect(
      (await api.kubectl(['get', 'namespace', 'web', '-o', 'jsonpath={.metadata.labels.team}'])).stdout,
    ).toBe('b');
    const ns = await http('/api/v1/namespaces/web');
    // the namespace itself is unchanged: only its labels
    expect(ns.body).toMatchObject({
      spec: { finalizers: ['kubernetes', 'openshift.io/origin'] },
      status: { phase: 'Active' },
    });
    await api.kubectl(['label', 'namespace', 'web', 'team-']);
    expect((await http('/api/v1/namespaces/web')).body.metadata).not.toHaveProperty('labels.team');
  });
});

describe('watch', () => {
  it('a watcher sees ADDED, MODIFIED and DELETED for written policies', async () => {
    const controller = new AbortController();
    const res = await fetch(`${api.url}${NP}?watch=true&resourceVersion=0`, { signal: controller.signal });
    const reader = res.body!.getReader();
    const events: string[] = [];
    let buffer = '';
    const until = async (n: number) => {
      while (events.length < n) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += new TextDecoder().decode(value);
        const lines = buffer.split('\n');
        buffer = lines.pop()!;
        for (const line of lines) {
          const e = JSON.parse(line) as { type: string; object: { metadata: { name: string } } };
          events.push(`${e.type} ${e.object.metadata.name}`);
        }
      }
    };
    try {
      const path = file('np-w.yaml', POLICY('  - {}\n'));
      await api.kubectl(['apply', '-f', path]);
      await until(1);
      await api.kubectl(['label', 'networkpolicy', 'allow-team-a', '-n', 'web', 'k=v']);
      await until(2);
      await api.kubectl(['delete', '-f', path]);
      await until(3);
      expect(events).toEqual(['ADDED allow-team-a', 'MODIFIED allow-team-a', 'DELETED allow-team-a']);
    } finally {
      controller.abort();
    }
  });
});
