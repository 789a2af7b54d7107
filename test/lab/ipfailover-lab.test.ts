/**
 * `lab up --ipfailover` (§12), the pure parts: the DeploymentConfig the lab API serves reads back
 * (through the model's own normalizer) as the configuration keepalived runs; VIPs outside every
 * lab address; the VRRP rules, DNS names and routers that follow; fault targets.
 */
import { describe, expect, it } from 'vitest';
import { labApiObjects } from '../../src/lab/api-objects.js';
import { nodeIptables } from '../../src/lab/apply.js';
import { dnsConfig } from '../../src/lab/dns.js';
import { homeHolders } from '../../src/lab/ipfailover.js';
import { vrrpRoles } from '../../src/lab/ipfailover-config.js';
import { resolveFault } from '../../src/lab/fault-targets.js';
import { LabError } from '../../src/lab/errors.js';
import type { ActiveFault, LabState } from '../../src/lab/model.js';
import { routerNodes } from '../../src/lab/router.js';
import { buildLabSpec } from '../../src/lab/spec.js';
import { labStatus } from '../../src/lab/status.js';
import { toIpFailover } from '../../src/model/build/normalize-ipfailover.js';
import { IPF_FAULT_IDS } from '../../src/model/faults.js';

const at = new Date('2026-12-05T12:00:00Z');
const spec = buildLabSpec({ name: 'unit', nodes: 3, podsPerNode: 2, plugin: 'subnet', ipfailover: true }, at);
const plain = buildLabSpec({ name: 'unit', nodes: 3, podsPerNode: 2, plugin: 'subnet' }, at);
const state = (...faults: ActiveFault[]): LabState => ({ spec, processes: [], faults, resourceVersion: 3 });

const dcs = (s: LabState) =>
  labApiObjects(s).deploymentconfigs.items.map((d) => {
    const c = toIpFailover(d, 'DeploymentConfig');
    if (!c || 'error' in c) throw new Error('not an ipfailover configuration');
    return c;
  });

describe('lab up --ipfailover', () => {
  it('serves dc/ipf-ha-router as oc adm ipfailover creates it, read back by the model', () => {
    const [c, ...rest] = dcs(state());
    expect(rest).toEqual([]);
    expect(c).toMatchObject({
      namespace: 'default',
      name: 'ipf-ha-router',
      configName: 'ipf-ha-router',
      virtualIPs: ['192.168.122.240', '192.168.122.241'],
      vrrpIds: [11, 12],
      networkInterface: 'br-ex',
      monitorPort: 80,
      replicas: 2,
      iptablesChain: 'INPUT',
      nodeSelector: { 'ha-router': 'primary' },
    });
    const nodes = labApiObjects(state()).nodes.items as { metadata: { name: string; labels: object } }[];
    expect(nodes.filter((n) => 'ha-router' in n.metadata.labels).map((n) => n.metadata.name)).toEqual([
      'node-1',
      'node-2',
    ]);
    const pods = labApiObjects(state()).pods.items as {
      metadata: { name: string };
      spec: { nodeName: string };
    }[];
    const ipfPods = pods.filter((p) => p.metadata.name.startsWith('ipf-ha-router-1-'));
    expect(ipfPods.map((p) => p.spec.nodeName).sort()).toEqual(['node-1', 'node-2']);
    expect(pods.filter((p) => p.metadata.name.startsWith('router-1-'))).toHaveLength(2);
  });

  it('puts the VIPs outside every address of the lab', () => {
    const taken = [spec.dnsServer, spec.clientIp, spec.outsideIp, ...spec.nodes.map((n) => n.ip)];
    for (const vip of [...spec.ipfailover!.main.virtualIPs, ...spec.ipfailover!.conflict.virtualIPs])
      expect(taken).not.toContain(vip);
  });

  it('admits VRRP on the keepalived nodes; ipf-vrrp-blocked drops it above that rule', () => {
    const accept = '-A INPUT -d 224.0.0.18/32 -j ACCEPT';
    expect(nodeIptables(state(), 1)).toContain(accept);
    expect(nodeIptables(state(), 3)).not.toContain(accept);
    const blocked = nodeIptables(state({ id: 'ipf-vrrp-blocked', node: 2 }), 2);
    expect(blocked.indexOf('-A INPUT -p vrrp -j DROP')).toBeLessThan(blocked.indexOf(accept));
    expect(nodeIptables({ ...state(), spec: plain }, 1)).not.toContain('224.0.0.18');
  });

  it('resolves the route names to the VIPs and runs a router on each keepalived node', () => {
    const dns = dnsConfig(state(), '/d');
    expect(dns).toContain('address=/web-demo.apps.example.com/192.168.122.240');
    expect(dns).toContain('address=/web-demo.apps.example.com/192.168.122.241');
    expect(dns).not.toContain('/192.168.122.11\n');
    expect(routerNodes(state())).toEqual([1, 2]);
    expect(routerNodes({ ...state(), spec: plain })).toEqual([1]);
  });

  it('ipf-interface-missing and ipf-vrrp-id-conflict change the API objects', () => {
    expect(dcs(state({ id: 'ipf-interface-missing', node: 2 }))[0]!.networkInterface).toBe('ens192');
    const both = dcs(state({ id: 'ipf-vrrp-id-conflict' }));
    expect(both.map((c) => `${c.name} ${c.vrrpIds.join(',')}`).sort()).toEqual([
      'ipf-ha-db 12,13',
      'ipf-ha-router 11,12',
    ]);
  });

  it("each VIP's home is the node with its highest priority, the image's MASTER instance", () => {
    // node-1 (.11): slot 11, every 2nd VIP MASTER; node-2 (.12): slot 12, every VIP MASTER, the 2nd a flip-flop
    expect(vrrpRoles('192.168.122.11', 2, 2)).toEqual([
      { master: false, priority: 11 },
      { master: true, priority: 244 },
    ]);
    expect(vrrpRoles('192.168.122.12', 2, 2)).toEqual([
      { master: true, priority: 243 },
      { master: true, priority: 13 },
    ]);
    expect(homeHolders(state())).toEqual({ '192.168.122.240': 'node-2', '192.168.122.241': 'node-1' });
    // .139 takes slot 139 % 128 = 11, node-1's: equal priorities everywhere, the higher address wins
    const twin = {
      ...spec,
      nodes: spec.nodes.map((n) => (n.name === 'node-2' ? { ...n, ip: '192.168.122.139' } : n)),
    };
    expect(homeHolders({ ...state(), spec: twin })).toEqual({
      '192.168.122.240': 'node-2',
      '192.168.122.241': 'node-2',
    });
  });

  it('lab status lists each VIP with its holders', () => {
    const s = labStatus(state(), { '192.168.122.240': ['node-2'], '192.168.122.241': ['node-1'] });
    expect(s.ipfailover?.configs[0]?.vips).toEqual([
      { vip: '192.168.122.240', holders: ['node-2'] },
      { vip: '192.168.122.241', holders: ['node-1'] },
    ]);
    expect(labStatus({ ...state(), spec: plain }).ipfailover).toBeUndefined();
  });

  it('places the ipf faults on a keepalived node (node-2 by default) and refuses them without --ipfailover', () => {
    expect(resolveFault(state(), 'ipf-keepalived-down', {})).toEqual({ id: 'ipf-keepalived-down', node: 2 });
    expect(resolveFault(state(), 'ipf-check-failing', { node: 'node-1' })).toEqual({
      id: 'ipf-check-failing',
      node: 1,
    });
    expect(() => resolveFault(state(), 'ipf-vrrp-blocked', { node: 'node-3' })).toThrow(LabError);
    for (const id of IPF_FAULT_IDS)
      expect(() => resolveFault({ ...state(), spec: plain }, id, {})).toThrow(/--ipfailover/);
  });
});
