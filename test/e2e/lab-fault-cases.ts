/**
 * The real symptom of every fault of DESIGN.md §5 in a 3-node lab, and the health that must come
 * back after `off`. Shared by the subnet and multitenant lab tests; the probes use the defaults of
 * `lab fault on` (node-2, its demo pod, demo/web, the demo/web route).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { NODE_COMMANDS } from '../../src/artifacts/commands.js';
import type { LabStatus } from '../../src/lab/types.js';
import type { PlainFaultId } from '../../src/model/faults.js';
import { createLabShell } from '../../src/sources/lab-shell/index.js';
import { parseNodeJournal } from '../../src/parsers/journal.js';
import { curl, dig, sh } from '../../testkit/lab-helpers.js';

/** API objects as the probes read them: loose JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export interface FaultCase {
  readonly on: () => Promise<void>;
  readonly healthy: () => Promise<void>;
}

/** Accessors over a lab's status for the probes. */
export function labView(getStatus: () => LabStatus) {
  const st = () => getStatus();
  return {
    st,
    /** A web/shop pod (not a client pod) of a project on a node. */
    pod: (ns: string, node: number) =>
      st().pods.find(
        (p) => p.namespace === ns && p.node === `node-${node}` && !p.name.startsWith('client-'),
      )!,
    /** Where service probes start: demo's client pod (same project, no endpoint), else a shop pod. */
    svcClient: (node: number) =>
      st().pods.find((p) => p.name.startsWith('client-') && p.node === `node-${node}`) ??
      st().pods.find((p) => p.namespace === 'shop' && p.node === `node-${node}`)!,
    svc: (n: string) => st().services.find((s) => s.name === n)!,
    api: (res: string) =>
      JSON.parse(readFileSync(join(st().runDir, 'api', `${res}.json`), 'utf8')) as { items: Json[] },
    nodeNs: (i: number) => st().nodes[i - 1]!.netns,
  };
}

export function faultCases(name: string, getStatus: () => LabStatus): Record<PlainFaultId, FaultCase> {
  const v = labView(getStatus);
  const { pod, svc, api, nodeNs, svcClient } = v;
  const webUrl = () => `http://${svc('web').clusterIP}/`;
  const podUrl = (ns: string, node: number, path = '') => `http://${pod(ns, node).ip}:8080/${path}`;
  // Every fault: its real symptom while on, health when off. Symptoms use the defaults of
  // `lab fault on` (node-2, its demo pod, demo/web, the demo/web route).
  const failed = (r: { exit: number | null }) => r.exit !== 0;
  return {
    'dns-missing': {
      on: async () => {
        expect(await dig(v.st().client.netns, 'web-demo.apps.example.com')).toEqual([]);
        expect((await curl(v.st().client.netns, v.st().routerUrl)).exit).toBe(6);
      },
      healthy: async () => expect((await curl(v.st().client.netns, v.st().routerUrl)).http).toBe('200'),
    },
    'dns-wrong-ip': {
      on: async () => {
        expect(await dig(v.st().client.netns, 'web-demo.apps.example.com')).toEqual(['192.168.122.12']);
        expect((await curl(v.st().client.netns, v.st().routerUrl)).exit).toBe(7);
      },
      healthy: async () => expect((await curl(v.st().client.netns, v.st().routerUrl)).http).toBe('200'),
    },
    'router-refused': {
      on: async () => {
        expect((await curl(v.st().client.netns, v.st().routerUrl)).exit).toBe(7);
        const router = api('pods').items.find((p) => p.metadata.labels?.router === 'router')!;
        expect(router.status.conditions.find((c: { type: string }) => c.type === 'Ready').status).toBe(
          'False',
        );
      },
      healthy: async () => expect((await curl(v.st().client.netns, v.st().routerUrl)).http).toBe('200'),
    },
    'router-timeout': {
      on: async () => expect((await curl(v.st().client.netns, v.st().routerUrl, 1)).exit).toBe(28),
      healthy: async () => expect((await curl(v.st().client.netns, v.st().routerUrl)).http).toBe('200'),
    },
    'route-missing': {
      on: async () => {
        expect((await curl(v.st().client.netns, v.st().routerUrl)).http).toBe('503');
        expect(api('routes').items.map((r) => r.metadata.name)).not.toContain('web');
      },
      healthy: async () => {
        expect((await curl(v.st().client.netns, v.st().routerUrl)).http).toBe('200');
        expect(api('routes').items.map((r) => r.metadata.name)).toContain('web');
      },
    },
    'svc-no-endpoints': {
      on: async () => {
        expect((await curl(svcClient(1).netns, webUrl())).exit).toBe(7); // REJECT: refused at once
        const ep = api('endpoints').items.find((e) => e.metadata.name === 'web')!;
        expect(ep.subsets).toBeUndefined();
        expect(api('services').items.find((s) => s.metadata.name === 'web')!.spec.selector).toEqual({
          app: 'web-v2',
        });
        expect((await curl(v.st().client.netns, v.st().routerUrl)).http).toBe('503');
      },
      healthy: async () => {
        expect((await curl(svcClient(1).netns, webUrl())).http).toBe('200');
        expect(
          api('endpoints').items.find((e) => e.metadata.name === 'web')!.subsets[0].addresses,
        ).toHaveLength(3);
      },
    },
    'endpoint-down': {
      on: async () => {
        expect((await curl(pod('demo', 1).netns, podUrl('demo', 2))).exit).toBe(7);
        // still listed: the pod has no readiness probe, the API keeps it Ready
        const ep = api('endpoints').items.find((e) => e.metadata.name === 'web')!;
        expect(ep.subsets[0].addresses.map((a: { ip: string }) => a.ip)).toContain(pod('demo', 2).ip);
      },
      healthy: async () => expect((await curl(pod('demo', 1).netns, podUrl('demo', 2))).http).toBe('200'),
    },
    'svc-nat-missing': {
      on: async () => {
        expect(failed(await curl(svcClient(2).netns, webUrl(), 1))).toBe(true);
        expect((await curl(svcClient(1).netns, webUrl())).http).toBe('200'); // other nodes unaffected
      },
      healthy: async () => expect((await curl(svcClient(2).netns, webUrl())).http).toBe('200'),
    },
    'hostsubnet-stale': {
      on: async () => {
        expect((await curl(pod('demo', 1).netns, podUrl('demo', 2), 1)).exit).toBe(28);
        const hs = api('hostsubnets').items.find((h) => h.metadata.name === 'node-2')!;
        expect(hs.hostIP).toBe('192.168.122.62');
        expect((await curl(pod('demo', 1).netns, podUrl('demo', 3))).http).toBe('200');
      },
      healthy: async () => {
        expect((await curl(pod('demo', 1).netns, podUrl('demo', 2))).http).toBe('200');
        expect(api('hostsubnets').items.find((h) => h.metadata.name === 'node-2')!.hostIP).toBe(
          '192.168.122.12',
        );
      },
    },
    'underlay-down': {
      on: async () => {
        expect((await curl(pod('demo', 1).netns, podUrl('demo', 2), 1)).exit).toBe(28);
        expect((await sh(nodeNs(2), ['ping', '-c', '1', '-W', '1', '192.168.122.11'])).code).not.toBe(0);
        expect((await curl(pod('demo', 1).netns, podUrl('demo', 3))).http).toBe('200');
      },
      healthy: async () => expect((await curl(pod('demo', 1).netns, podUrl('demo', 2))).http).toBe('200'),
    },
    'ip-forward-off': {
      on: async () => {
        expect((await curl(svcClient(2).netns, webUrl(), 1)).exit).toBe(28);
        expect((await sh(nodeNs(2), ['sysctl', 'net.ipv4.ip_forward'])).stdout.trim()).toBe(
          'net.ipv4.ip_forward = 0',
        );
      },
      healthy: async () => expect((await curl(svcClient(2).netns, webUrl())).http).toBe('200'),
    },
    'cluster-route-missing': {
      on: async () => expect(failed(await curl(nodeNs(2), podUrl('demo', 3), 1))).toBe(true),
      healthy: async () => expect((await curl(nodeNs(2), podUrl('demo', 3))).http).toBe('200'),
    },
    'ovs-port-missing': {
      on: async () => {
        expect((await curl(pod('demo', 1).netns, podUrl('demo', 2), 1)).exit).toBe(28);
        const ports = await sh(nodeNs(2), ['ip', 'link', 'show']);
        expect(ports.code).toBe(0);
      },
      healthy: async () => expect((await curl(pod('demo', 1).netns, podUrl('demo', 2))).http).toBe('200'),
    },
    'flow-tun-src-missing': {
      // node-1 drops VXLAN from node-2: node-2's pods cannot reach node-1's
      on: async () => {
        expect((await curl(pod('demo', 2).netns, podUrl('demo', 1), 1)).exit).toBe(28);
        expect((await curl(pod('demo', 3).netns, podUrl('demo', 1))).http).toBe('200');
      },
      healthy: async () => expect((await curl(pod('demo', 2).netns, podUrl('demo', 1))).http).toBe('200'),
    },
    'flow-tun-dst-missing': {
      on: async () => {
        expect((await curl(pod('demo', 1).netns, podUrl('demo', 2), 1)).exit).toBe(28);
        expect((await curl(pod('demo', 1).netns, podUrl('demo', 3))).http).toBe('200');
      },
      healthy: async () => expect((await curl(pod('demo', 1).netns, podUrl('demo', 2))).http).toBe('200'),
    },
    'flow-pod-missing': {
      on: async () => {
        expect((await curl(pod('demo', 1).netns, podUrl('demo', 2), 1)).exit).toBe(28);
        expect((await curl(pod('demo', 1).netns, `http://${svcClient(2).ip}:8080/`)).http).toBe('200'); // same node, other pod
      },
      healthy: async () => expect((await curl(pod('demo', 1).netns, podUrl('demo', 2))).http).toBe('200'),
    },
    'iptables-drop': {
      on: async () => {
        expect((await curl(svcClient(2).netns, webUrl(), 1)).exit).toBe(28);
        expect((await curl(pod('demo', 2).netns, 'http://www.example.org/', 1)).exit).toBe(28);
      },
      healthy: async () => expect((await curl(svcClient(2).netns, webUrl())).http).toBe('200'),
    },
    'mtu-mismatch': {
      on: async () => {
        expect((await curl(pod('demo', 1).netns, podUrl('demo', 2))).http).toBe('200'); // small: fine
        const big = await curl(pod('demo', 1).netns, podUrl('demo', 2, 'big.bin'), 3);
        expect(big.exit).toBe(28); // large transfers across nodes hang
        expect(readFileSync(join(v.st().runDir, 'n2', 'node-config.yaml'), 'utf8')).toContain('  mtu: 1500');
      },
      healthy: async () => {
        const big = await curl(pod('demo', 1).netns, podUrl('demo', 2, 'big.bin'), 10);
        expect([big.http, big.bytes]).toEqual(['200', 2 * 1024 * 1024]);
      },
    },
    'egress-dns-wildcard': {
      on: async () => {
        expect(await dig(pod('demo', 1).netns, 'www.example.org', true)).toEqual(['192.168.122.11']);
        const r = await curl(pod('demo', 1).netns, 'http://www.example.org/');
        expect(r.body).not.toContain('outside host');
      },
      healthy: async () =>
        expect((await curl(pod('demo', 1).netns, 'http://www.example.org/')).body).toContain('outside host'),
    },
    'sdn-setup-error': {
      on: async () => {
        const shell = createLabShell(name);
        const j = await shell.run(
          { kind: 'node', node: 'node-2' },
          NODE_COMMANDS.find((c) => c.kind === 'node-journal')!.argv,
          {
            timeoutMs: 5000,
          },
        );
        expect(j.stdout).toContain('+ ip addr add 10.128.2.1/23 dev tun0');
        expect(j.stdout).toMatch(
          /node-2 atomic-openshift-node\[\d+\]: Error: ipv4: Address already assigned\./,
        );
        expect(j.stdout).toMatch(/E\d{4} [\d:.]+ +\d+ node\.go:\d+\] error setting up SDN/);
        // what sdn-doctor's own parser makes of it (39.10)
        const parsed = parseNodeJournal(j.stdout);
        expect(parsed.records.blocks[0]!.errors.map((e) => e.text)).toEqual([
          'Error: ipv4: Address already assigned.',
        ]);
        expect(failed(await curl(nodeNs(2), podUrl('demo', 3), 1))).toBe(true);
      },
      healthy: async () => {
        const shell = createLabShell(name);
        const j = await shell.run(
          { kind: 'node', node: 'node-2' },
          NODE_COMMANDS.find((c) => c.kind === 'node-journal')!.argv,
          {
            timeoutMs: 5000,
          },
        );
        expect(j.stdout).not.toMatch(/Error|error setting up/);
        const parsed = parseNodeJournal(j.stdout);
        expect(parsed.records.errors).toEqual([]);
        expect(parsed.records.blocks.map((b) => b.kind)).toContain('adding-table0');
        expect((await curl(nodeNs(2), podUrl('demo', 3))).http).toBe('200');
      },
    },
    'svc-masquerade-missing': {
      on: async () => {
        for (let k = 0; k < 3; k++) expect(failed(await curl(svcClient(2).netns, webUrl(), 1))).toBe(true);
        const save = await sh(nodeNs(2), ['iptables-save', '-t', 'nat']);
        expect(save.stdout).not.toContain('masquerade pod-to-service and pod-to-external traffic');
      },
      healthy: async () => expect((await curl(svcClient(2).netns, webUrl())).http).toBe('200'),
    },
  };
}
