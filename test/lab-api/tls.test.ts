/**
 * The lab API over HTTPS with its own self-signed certificate, as a real master serves: kubectl and
 * the live source verify it through the kubeconfig's certificate-authority-data, and refuse it
 * without.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_RESOURCES } from '../../src/artifacts/types.js';
import { readApiSnapshot } from '../../src/sources/live/api.js';
import { lines, startTestApi, type TestApi } from './helpers.js';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi('tls', { tls: true });
});
afterAll(async () => {
  await api?.stop();
});

describe('the lab API over HTTPS', () => {
  it('serves https with a certificate the kubeconfig trusts', () => {
    expect(api.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const kubeconfig = readFileSync(api.kubeconfig, 'utf8');
    expect(kubeconfig).toContain('certificate-authority-data:');
    expect(kubeconfig).not.toContain('insecure-skip-tls-verify');
  });

  it('kubectl verifies the server and works', async () => {
    const r = await api.kubectl(['get', 'hostsubnets']);
    expect(r.stderr).toBe('');
    expect(lines(r.stdout)[1]).toBe('node-1   node-1   192.168.122.202   10.128.0.0/23');
  });

  it('the live source reads every resource over TLS', async () => {
    const snapshot = await readApiSnapshot({ kubeconfig: api.kubeconfig, timeoutMs: 5000 });
    for (const resource of API_RESOURCES) expect(snapshot[resource]?.ok, resource).toBe(true);
  });

  it('without the CA, both refuse the certificate (and the live source says why, per resource)', async () => {
    const untrusting = join(api.dir, 'kubeconfig-no-ca');
    writeFileSync(
      untrusting,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'c', cluster: { server: api.url } }],
        users: [{ name: 'u', user: { token: 'dummy' } }],
        contexts: [{ name: 'c', context: { cluster: 'c', user: 'u' } }],
        'current-context': 'c',
      }),
    );
    const snapshot = await readApiSnapshot({ kubeconfig: untrusting, timeoutMs: 5000, resources: ['nodes'] });
    expect(snapshot.nodes).toMatchObject({ ok: false });
    expect(snapshot.nodes && !snapshot.nodes.ok && snapshot.nodes.error).toContain('self-signed certificate');
    const r = await api.kubectl(['--kubeconfig', untrusting, 'get', 'nodes']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('x509');
  });
});
