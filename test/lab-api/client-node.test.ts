/**
 * @kubernetes/client-node's generated clients against the lab API (DESIGN.md §4: "client-node and
 * Debian's kubectl both work against it unchanged"): typed core lists, custom objects for the
 * OpenShift groups, ApiException codes, and exec refused with 403 for the reader.
 */
import { Writable } from 'node:stream';
import { CoreV1Api, CustomObjectsApi, Exec, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './helpers.js';

let api: TestApi;
let kc: KubeConfig;

beforeAll(async () => {
  api = await startTestApi('client-node');
  kc = new KubeConfig();
  kc.loadFromFile(api.kubeconfig);
});
afterAll(async () => {
  await api?.stop();
});

describe('@kubernetes/client-node against the lab API', () => {
  it('CoreV1Api: lists with selectors, typed fields', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const routers = await core.listPodForAllNamespaces({ labelSelector: 'router' });
    expect(routers.items.map((p) => [p.metadata?.name, p.status?.hostIP, p.status?.podIP])).toEqual([
      ['router-1-8x2kq', '192.168.122.202', '10.128.0.4'],
    ]);
    expect(routers.items[0]?.metadata?.creationTimestamp).toBeInstanceOf(Date);
    const onNode2 = await core.listPodForAllNamespaces({ fieldSelector: 'spec.nodeName=node-2' });
    expect(onNode2.items.map((p) => p.metadata?.name)).toEqual([
      'docker-registry-1-5tkpz',
      'ovs-bq9dn',
      'sdn-hj5rf',
      'hello-1-7d4kx',
    ]);
    const sdnPods = await core.listNamespacedPod({ namespace: 'openshift-sdn', labelSelector: 'app=ovs' });
    expect(sdnPods.items).toHaveLength(3);
  });

  it('CoreV1Api: a missing object is an ApiException with code 404', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    await expect(core.readNamespacedPod({ name: 'nope', namespace: 'web' })).rejects.toMatchObject({
      code: 404,
    });
  });

  it('CustomObjectsApi: HostSubnets and Routes', async () => {
    const custom = kc.makeApiClient(CustomObjectsApi);
    const hostsubnets = (await custom.listClusterCustomObject({
      group: 'network.openshift.io',
      version: 'v1',
      plural: 'hostsubnets',
    })) as { items: { hostIP: string }[] };
    expect(hostsubnets.items.map((h) => h.hostIP)).toEqual([
      '192.168.122.202',
      '192.168.122.203',
      '192.168.122.204',
    ]);
    const route = (await custom.getNamespacedCustomObject({
      group: 'route.openshift.io',
      version: 'v1',
      namespace: 'web',
      plural: 'routes',
      name: 'secure',
    })) as { spec: { tls: { termination: string } } };
    expect(route.spec.tls.termination).toBe('edge');
  });

  it('Exec (websocket) is refused for a user RBAC does not let exec', async () => {
    const sink = new Writable({ write: (_c, _e, cb) => cb() });
    const reader = new KubeConfig();
    reader.loadFromFile(api.kubeconfig);
    reader.setCurrentContext('client-node-reader');
    const attempt = new Exec(reader).exec('web', 'hello-1-7d4kx', 'hello', ['true'], sink, sink, null, false);
    const error = await attempt.then(
      () => undefined,
      (e: unknown) => e as { message?: string },
    );
    // The websocket handshake gets the 403 (ws reports it as "Unexpected server response: 403").
    expect(error?.message).toBe('Unexpected server response: 403');
  });
});
