/**
 * The lab's generators over its state, with and without faults: what the API, DNS, router, flows
 * and iptables look like (pure; the e2e tests show the same things on the real lab).
 */
import { mkdtempSync, writeFileSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { labApiObjects } from '../../src/lab/api-objects.js';
import { nodeFlows, nodeIptables } from '../../src/lab/apply.js';
import { dnsConfig } from '../../src/lab/dns.js';
import { resolveFault } from '../../src/lab/fault-targets.js';
import type { ActiveFault, LabState } from '../../src/lab/model.js';
import { aptCommand, missingPackages } from '../../src/lab/prereq.js';
import { routerConfig } from '../../src/lab/router.js';
import { buildLabSpec } from '../../src/lab/spec.js';
import type { FaultId } from '../../src/model/faults.js';

const spec = buildLabSpec(
  { name: 'unit', nodes: 3, podsPerNode: 2, plugin: 'multitenant' },
  new Date('2026-11-21T22:00:00Z'),
);
const state = (...faults: ActiveFault[]): LabState => ({ spec, processes: [], faults, resourceVersion: 7 });
const on = (id: FaultId, t = {}) => resolveFault(state(), id, t);

describe('lab spec', () => {
  it('is deterministic and follows the address plan', () => {
    expect(
      buildLabSpec(
        { name: 'unit', nodes: 3, podsPerNode: 2, plugin: 'multitenant' },
        new Date('2026-11-21T22:00:00Z'),
      ),
    ).toEqual(spec);
    expect(spec.nodes.map((n) => `${n.ip} ${n.subnet} ${n.gateway} ${n.netns}`)).toEqual([
      '192.168.122.11 10.128.0.0/23 10.128.0.1 sdl-unit-n1',
      '192.168.122.12 10.128.2.0/23 10.128.2.1 sdl-unit-n2',
      '192.168.122.13 10.128.4.0/23 10.128.4.1 sdl-unit-n3',
    ]);
    const p = spec.pods[0]!;
    expect([p.ip, p.mac, p.ofport]).toEqual(['10.128.0.2', '0a:58:0a:80:00:02', 3]);
    expect(p.veth).toMatch(/^veth[0-9a-f]{8}$/);
    // demo/web, demo/web-tls (the passthrough route's, 39.13.2), shop/shop
    expect(new Set(spec.services.map((s) => s.clusterIP)).size).toBe(3);
    for (const s of spec.services) expect(s.clusterIP).toMatch(/^172\.30\./);
  });
});

describe('API objects', () => {
  const api = labApiObjects(state());
  it('are lists in the REST shapes', () => {
    expect(api.pods.kind).toBe('PodList');
    expect(api.hostsubnets.apiVersion).toBe('network.openshift.io/v1');
    const router = api.pods.items.find(
      (p) => (p.metadata as { labels: Record<string, string> }).labels.router === 'router',
    )!;
    expect(router).toMatchObject({
      spec: { hostNetwork: true, nodeName: 'node-1' },
      status: { podIP: '192.168.122.11' },
    });
    const ep = api.endpoints.items.find((e) => (e.metadata as { name: string }).name === 'web')!;
    const first = (ep as { subsets: { addresses: unknown[] }[] }).subsets[0]!.addresses[0];
    expect(first).toMatchObject({
      ip: '10.128.0.2',
      nodeName: 'node-1',
      targetRef: { kind: 'Pod', namespace: 'demo' },
    });
    expect(api.clusternetworks.items[0]).toMatchObject({
      pluginName: 'redhat/openshift-ovs-multitenant',
      clusterNetworks: [{ CIDR: '10.128.0.0/14', hostSubnetLength: 9 }],
      serviceNetwork: '172.30.0.0/16',
      vxlanPort: 4789,
      mtu: 1450,
    });
    expect(api.configmaps.items[0]).toMatchObject({
      metadata: { name: 'node-config-compute', namespace: 'openshift-node' },
    });
    expect((api.configmaps.items[0] as { data: Record<string, string> }).data['node-config.yaml']).toContain(
      '  mtu: 1450',
    );
    expect(api.netnamespaces.items.find((n) => n.netname === 'default')!.netid).toBe(0);
  });

  it('follow the faults as a real cluster would', () => {
    const a = labApiObjects(
      state(
        on('hostsubnet-stale'),
        on('svc-no-endpoints'),
        on('route-missing'),
        on('router-refused'),
        on('mtu-mismatch'),
      ),
    );
    expect(a.hostsubnets.items.find((h) => h.host === 'node-2')!.hostIP).toBe('192.168.122.62');
    expect(
      a.endpoints.items.find((e) => (e.metadata as { name: string }).name === 'web')!.subsets,
    ).toBeUndefined();
    expect(a.routes.items.map((r) => (r.metadata as { name: string }).name)).not.toContain('web');
    expect(a.clusternetworks.items[0]!.mtu).toBe(1500);
  });
});

describe('DNS and router configs', () => {
  it('healthy: route hosts, the apps wildcard and the outside host', () => {
    const c = dnsConfig(state(), '/x');
    expect(c).toContain('address=/web-demo.apps.example.com/192.168.122.11\n');
    expect(c).toContain('address=/apps.example.com/192.168.122.11\n');
    expect(c).toContain('address=/www.example.org/192.168.122.200\n');
  });

  it('dns-missing / dns-wrong-ip / egress-dns-wildcard', () => {
    const missing = dnsConfig(state(on('dns-missing')), '/x');
    expect(missing).not.toContain('web-demo.apps.example.com');
    expect(missing).not.toContain('address=/apps.example.com/');
    expect(missing).toContain('address=/www.example.com/192.168.122.11');
    expect(dnsConfig(state(on('dns-wrong-ip')), '/x')).toContain(
      'address=/web-demo.apps.example.com/192.168.122.12\n',
    );
    expect(dnsConfig(state(on('egress-dns-wildcard')), '/x')).toContain(
      'address=/example.com/192.168.122.11\n',
    );
  });

  it('router backends point at the endpoints; a missing route has no backend', () => {
    const healthy = routerConfig(state(), '/r');
    expect(healthy).toContain('backend be_http:demo:web\n');
    expect(healthy).toMatch(/server pod:web-1-\w+:web:10\.128\.0\.2:8080 10\.128\.0\.2:8080/);
    expect(healthy).toContain('backend be_edge_http:shop:shop');
    const gone = routerConfig(state(on('route-missing')), '/r');
    expect(gone).not.toContain('be_http:demo:web\n');
    expect(gone).toContain('be_http:demo:web-test');
  });

  it('39.13.2: the passthrough route goes by SNI to pods off the router node; the others end TLS in fe_sni', () => {
    const c = routerConfig(state(), '/r');
    expect(c).toContain(
      'frontend public_ssl\n  mode tcp\n  option tcplog\n  bind :443\n  tcp-request inspect-delay 5s\n',
    );
    expect(c).toContain(
      '  use_backend be_tcp:demo:web-tls if { req.ssl_sni,lower -m str web-tls-demo.apps.example.com }\n',
    );
    expect(c).toContain('  default_backend be_sni\nbackend be_sni\n  mode tcp\n');
    expect(c).toMatch(/frontend fe_sni\n {2}bind 127\.0\.0\.1:10444 ssl crt \S+ accept-proxy\n/);
    expect(c).toContain('backend be_tcp:demo:web-tls\n  mode tcp\n  balance source\n');
    const servers = c
      .split('backend be_tcp:demo:web-tls\n')[1]!
      .split('backend ')[0]!
      .match(/server \S+/g);
    // the web pods of node-2 and node-3 (node-1 runs the router): the handshake crosses VXLAN
    expect(servers).toEqual([
      expect.stringMatching(/:web-tls:10\.128\.2\.2:8443$/),
      expect.stringMatching(/:web-tls:10\.128\.4\.2:8443$/),
    ]);
    // no plain-HTTP side for it on port 80
    expect(c.split('frontend public_ssl')[0]).not.toContain('web-tls');
    const route = labApiObjects(state()).routes.items.find(
      (r) => (r.metadata as { name: string }).name === 'web-tls',
    );
    expect(route).toMatchObject({ spec: { tls: { termination: 'passthrough' } } });
  });
});

describe('faults in the generated flows and iptables', () => {
  it('flow faults delete exactly their flows', () => {
    const base = nodeFlows(state(), 1);
    const src = nodeFlows(state(on('flow-tun-src-missing')), 1);
    expect(base.filter((f) => !src.includes(f))).toEqual([
      expect.stringMatching(/^table=10, priority=100, cookie=0x[0-9a-f]+, tun_src=192\.168\.122\.12,/),
    ]);
    const dst = nodeFlows(state(on('flow-tun-dst-missing')), 1);
    expect(base.filter((f) => !dst.includes(f))).toEqual([
      expect.stringMatching(/^table=90, .*nw_dst=10\.128\.2\.0\/23,/),
    ]);
    const f = on('flow-pod-missing');
    const pod = spec.pods.find((p) => `${p.namespace}/${p.name}` === f.pod)!;
    const node2 = nodeFlows(state(), 2);
    const gone = node2.filter((x) => !nodeFlows(state(f), 2).includes(x));
    expect(gone.map((x) => x.slice(0, 9))).toEqual(['table=20,', 'table=20,', 'table=40,', 'table=70,']);
    for (const g of gone) expect(g).toContain(pod.ip);
  });

  it("veth-peer-mismatch (§13.3): two pods of node-2 get each other's port in tables 20/40/70, nothing else changes", () => {
    const f = on('veth-peer-mismatch');
    const [a, b] = spec.pods.filter((p) => p.nodeIndex === 2);
    expect([f.node, f.pod, f.peerPod]).toEqual([
      2,
      `${a!.namespace}/${a!.name}`,
      `${b!.namespace}/${b!.name}`,
    ]);
    const before = nodeFlows(state(), 2);
    const after = nodeFlows(state(f), 2);
    const changed = after.filter((x) => !before.includes(x));
    expect(changed).toHaveLength(8);
    for (const [p, q] of [
      [a!, b!],
      [b!, a!],
    ] as const) {
      expect(after).toContain(`table=40, priority=100, arp, nw_dst=${p.ip}, actions=output:${q.ofport}`);
      expect(
        after.some(
          (x) => x.startsWith('table=20,') && x.includes(`in_port=${q.ofport}, ip, nw_src=${p.ip},`),
        ),
      ).toBe(true);
      expect(
        after.some(
          (x) =>
            x.startsWith('table=70,') &&
            x.includes(`nw_dst=${p.ip},`) &&
            x.includes(`load:${q.ofport}->NXM_NX_REG2[]`),
        ),
      ).toBe(true);
    }
    // the other nodes are untouched; a lone pod cannot be swapped
    expect(nodeFlows(state(f), 1)).toEqual(nodeFlows(state(), 1));
    const lone = buildLabSpec({ name: 'unit', nodes: 1, podsPerNode: 1, plugin: 'subnet' }, new Date(0));
    expect(() =>
      resolveFault({ spec: lone, processes: [], faults: [], resourceVersion: 1 }, 'veth-peer-mismatch', {}),
    ).toThrow(/second pod/);
  });

  it('hostsubnet-stale: the other nodes tunnel to the recorded (wrong) IP', () => {
    const flows = nodeFlows(state(on('hostsubnet-stale')), 1);
    expect(flows.some((x) => x.includes('tun_src=192.168.122.62,'))).toBe(true);
    expect(flows.some((x) => x.includes('192.168.122.12'))).toBe(false);
  });

  it('iptables faults land on their node only', () => {
    expect(nodeIptables(state(on('iptables-drop')), 2)).toContain('-A FORWARD -s 10.128.0.0/14 -j DROP');
    expect(nodeIptables(state(on('iptables-drop')), 1)).not.toContain('-j DROP\n-A INPUT');
    expect(nodeIptables(state(on('router-timeout')), 1)).toContain(
      '-A INPUT -p tcp -m tcp --dport 80 -j DROP',
    );
    expect(nodeIptables(state(on('svc-masquerade-missing')), 2)).not.toContain('masquerade pod-to-service');
    expect(nodeIptables(state(on('svc-masquerade-missing')), 1)).toContain('masquerade pod-to-service');
  });

  it('rejects targets that do not exist', () => {
    expect(() => on('endpoint-down', { pod: 'demo/nope' })).toThrow(/no pod/);
    expect(() => on('ip-forward-off', { node: 'node-9' })).toThrow(/no node/);
    expect(() => on('svc-nat-missing', { service: 'x/y' })).toThrow(/no service/);
  });
});

describe('prerequisites', () => {
  it('names the missing Debian packages and the apt-get command', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sdl-prereq-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    for (const tool of ['ip', 'curl']) {
      writeFileSync(join(dir, tool), '#!/bin/sh\n');
      chmodSync(join(dir, tool), 0o755);
    }
    const missing = await missingPackages([dir]);
    expect(missing).toContain('openvswitch-switch');
    expect(missing).toContain('haproxy');
    expect(missing).not.toContain('iproute2');
    expect(missing).not.toContain('curl');
    expect(aptCommand(['a', 'b'])).toBe('apt-get install -y --no-install-recommends a b');
  });
});
