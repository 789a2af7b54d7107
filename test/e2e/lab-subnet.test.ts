/**
 * The lab for real, ovs-subnet plugin, 3 nodes: traffic works end to end, every fault
 * of DESIGN.md §5 shows its real symptom and `off` restores health, and `lab down` leaves nothing.
 */
import { existsSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODE_COMMANDS, probeCommands } from '../../src/artifacts/commands.js';
import { downLab } from '../../src/lab/down.js';
import { faultOff, faultOn } from '../../src/lab/faults.js';
import type { LabState } from '../../src/lab/model.js';
import { loadState } from '../../src/lab/state.js';
import { loadLabStatus } from '../../src/lab/status.js';
import type { LabStatus } from '../../src/lab/types.js';
import { upLab } from '../../src/lab/up.js';
import { PLAIN_FAULT_IDS } from '../../src/model/faults.js';
import { createLabShell } from '../../src/sources/lab-shell/index.js';
import { alive } from '../../src/lab/procs.js';
import { run } from '../../src/lab/exec.js';
import { faultCases, labView } from './lab-fault-cases.js';
import { canRunLab, curl, dig, sh, uniqueLabName } from '../../testkit/lab-helpers.js';

const name = uniqueLabName('es');

describe.skipIf(!canRunLab)('lab e2e: ovs-subnet, 3 nodes', () => {
  let st: LabStatus;
  let state: LabState;
  const { pod, svc } = labView(() => st);
  const webUrl = () => `http://${svc('web').clusterIP}/`;
  const podUrl = (ns: string, node: number, path = '') => `http://${pod(ns, node).ip}:8080/${path}`;

  beforeAll(async () => {
    const t0 = Date.now();
    await upLab({ name, nodes: 3, podsPerNode: 2, plugin: 'subnet' });
    console.log(`lab ${name} up in ${Date.now() - t0} ms`);
    st = (await loadLabStatus(name))!;
    state = (await loadState(name))!;
  }, 90_000);

  afterAll(async () => {
    await downLab(name);
  }, 60_000);

  describe('healthy lab', () => {
    it('status has the contract fields', () => {
      expect(st.name).toBe(name);
      expect(st.plugin).toBe('subnet');
      expect(st.nodes.map((n) => [n.ip, n.subnet])).toEqual([
        ['192.168.122.11', '10.128.0.0/23'],
        ['192.168.122.12', '10.128.2.0/23'],
        ['192.168.122.13', '10.128.4.0/23'],
      ]);
      expect(st.pods).toHaveLength(6);
      expect(st.routerUrl).toBe('http://web-demo.apps.example.com/');
      expect(existsSync(st.kubeconfig)).toBe(true);
      expect(st.faults).toEqual([]);
    });

    it('pod <-> pod across nodes, both ways', async () => {
      expect((await curl(pod('demo', 1).netns, podUrl('demo', 2))).body).toContain(pod('demo', 2).name);
      expect((await curl(pod('shop', 3).netns, podUrl('demo', 1))).body).toContain(pod('demo', 1).name);
      const ping = await sh(pod('demo', 2).netns, [
        'ping',
        '-c',
        '2',
        '-i',
        '0.2',
        '-W',
        '1',
        pod('shop', 3).ip,
      ]);
      expect(ping.stdout).toContain('2 received');
    });

    it('pod -> service IP reaches every endpoint (kube-proxy NAT + OPENSHIFT-MASQUERADE)', async () => {
      const seen = new Set<string>();
      for (let k = 0; k < 15; k++) {
        const r = await curl(pod('shop', 2).netns, webUrl());
        expect(r.http).toBe('200');
        seen.add(r.body.split(' ')[0]!);
      }
      expect(seen.size).toBeGreaterThanOrEqual(2);
      const shop = svc('shop');
      expect((await curl(pod('demo', 3).netns, `http://${shop.clusterIP}:8080/`)).http).toBe('200');
    });

    it('client -> router -> pod by host name via the lab DNS (http, path, edge TLS, NodePort)', async () => {
      expect(await dig(st.client.netns, 'web-demo.apps.example.com')).toEqual(['192.168.122.11']);
      const r = await curl(st.client.netns, st.routerUrl);
      expect(r.http).toBe('200');
      expect(r.body).toMatch(/^pod=demo\/web-1-/);
      expect((await curl(st.client.netns, 'http://www.example.com/test/')).body).toMatch(
        /^test-path pod=demo/,
      );
      expect((await curl(st.client.netns, 'https://shop-shop.apps.example.com/')).body).toMatch(
        /^pod=shop\//,
      );
      expect((await curl(st.client.netns, 'http://nope.apps.example.com/')).http).toBe('503');
      expect((await curl(st.client.netns, 'http://192.168.122.13:30080/')).body).toMatch(/^pod=shop\//);
    });

    it('pod -> outside host by name through the node NAT', async () => {
      const r = await curl(pod('demo', 2).netns, 'http://www.example.org/');
      expect(r.body).toContain('outside host www.example.org');
    });

    it("br0's flows look like a real rule-version-7 node's", async () => {
      const shell = createLabShell(name);
      const d = await shell.run(
        { kind: 'node', node: 'node-1' },
        NODE_COMMANDS.find((c) => c.kind === 'ovs-flows')!.argv,
        {
          timeoutMs: 5000,
        },
      );
      expect(d.exitCode).toBe(0);
      expect(d.stdout.split('\n')[0]).toBe('OFPST_FLOW reply (OF1.3) (xid=0x2):');
      expect(d.stdout).toContain('table=253, n_packets=0, n_bytes=0, actions=note:00.07.00.00.00.00');
      expect(d.stdout).toMatch(
        /cookie=0x[0-9a-f]+, duration=[\d.]+s, table=10, n_packets=\d+, n_bytes=\d+, priority=100,tun_src=192\.168\.122\.12 actions=goto_table:30/,
      );
      expect(d.stdout).toContain(
        `priority=100,ip,nw_dst=${pod('demo', 1).ip} actions=load:0->NXM_NX_REG1[],load:0x3->NXM_NX_REG2[],goto_table:80`,
      );
      expect(d.stdout).toContain('table=80, n_packets=');
      const ports = await shell.run(
        { kind: 'node', node: 'node-1' },
        ['ovs-ofctl', '-O', 'OpenFlow13', 'dump-ports-desc', 'br0'],
        {
          timeoutMs: 5000,
        },
      );
      expect(ports.stdout).toMatch(/ 1\(vxlan0\)/);
      expect(ports.stdout).toMatch(/ 2\(tun0\)/);
      expect(ports.stdout).toMatch(/ 3\(veth[0-9a-f]{8}\)/);
    });

    it('the lab shell: node files, pod resolv.conf, client probes, refusals', async () => {
      const shell = createLabShell(name);
      const o = { timeoutMs: 5000 };
      const journal = await shell.run(
        { kind: 'node', node: 'node-2' },
        NODE_COMMANDS.find((c) => c.kind === 'node-journal')!.argv,
        o,
      );
      expect(journal.stdout).toMatch(/^-- Logs begin at /);
      expect(journal.stdout).toMatch(
        /^\w{3} \d\d \d\d:\d\d:\d\d node-2 atomic-openshift-node\[\d+\]: Output of setup script:$/m,
      );
      expect(journal.stdout).toContain('+ ip route add 10.128.0.0/14 dev tun0 scope link');
      expect(journal.stdout).toContain('net.ipv4.ip_forward = 1');
      expect(journal.stdout).toMatch(
        /\] Output of adding table=0,priority=200,in_port=1,arp,.*: +\(<nil>\)$/m,
      );
      const cfg = await shell.run(
        { kind: 'node', node: 'node-2' },
        ['cat', '/etc/origin/node/node-config.yaml'],
        o,
      );
      expect(cfg.stdout).toContain('  mtu: 1450\n  networkPluginName: redhat/openshift-ovs-subnet');
      const routes = await shell.run({ kind: 'node', node: 'node-2' }, ['ip', 'route', 'show'], o);
      expect(routes.stdout).toContain('10.128.0.0/14 dev tun0 scope link');
      const p = pod('demo', 2);
      const resolv = await shell.run(
        { kind: 'pod', node: 'node-2', namespace: p.namespace, name: p.name },
        ['cat', '/etc/resolv.conf'],
        o,
      );
      expect(resolv.stdout).toContain('search demo.svc.cluster.local svc.cluster.local cluster.local');
      const d = await shell.run({ kind: 'client' }, probeCommands.digShort('www.example.com'), o);
      expect(d.stdout.trim()).toBe('192.168.122.11');
      const bad = await shell.run({ kind: 'node', node: 'node-1' }, ['rm', '-rf', '/tmp/x'], o);
      expect(bad.exitCode).toBeNull();
      expect(bad.error).toMatch(/refused/);
      const sneaky = await shell.run(
        { kind: 'node', node: 'node-1' },
        ['ping', '-c', '3', '-i', '0.2', '-W', '1', '-f'],
        o,
      );
      expect(sneaky.error).toMatch(/refused/);
      const slow = await shell.run(
        { kind: 'node', node: 'node-1' },
        probeCommands.ping('192.168.122.250', 5),
        { timeoutMs: 300 },
      );
      expect(slow.exitCode).toBeNull();
      expect(slow.error).toMatch(/timeout/);
    });

    it('kubectl (Debian) works against the lab API', async () => {
      const k = (args: string[]) =>
        run(['kubectl', '--kubeconfig', st.kubeconfig, ...args], { timeoutMs: 20_000 });
      const pods = await k(['get', 'pods', '-A', '-o', 'wide']);
      expect(pods.code).toBe(0);
      expect(pods.stdout).toContain(pod('demo', 1).name);
      const eps = await k(['get', 'endpoints', '-n', 'demo', '--selector=app=web']);
      expect(eps.stdout).toContain(`${pod('demo', 1).ip}:8080`);
      const hs = await k(['get', 'hostsubnets']);
      expect(hs.stdout).toMatch(/node-2\s+node-2\s+192\.168\.122\.12\s+10\.128\.2\.0\/23/);
    });
  });

  const cases = faultCases(name, () => st);

  it('has a symptom test for every fault of the catalogue', () => {
    expect(Object.keys(cases).sort()).toEqual([...PLAIN_FAULT_IDS].sort());
  });

  describe('faults', () => {
    for (const id of PLAIN_FAULT_IDS) {
      it(`${id}: real symptom while on, healthy after off`, async () => {
        await faultOn(name, id);
        try {
          expect((await loadLabStatus(name))!.faults.map((f) => f.id)).toEqual([id]);
          await cases[id].on();
        } finally {
          await faultOff(name, id);
        }
        expect((await loadLabStatus(name))!.faults).toEqual([]);
        await cases[id].healthy();
      });
    }
  });

  it('lab down leaves nothing behind', async () => {
    const pids = state.processes.map((p) => p.pid);
    const t0 = Date.now();
    await downLab(name);
    console.log(`lab ${name} down in ${Date.now() - t0} ms`);
    expect(readdirSync('/run/netns').filter((n) => n.startsWith(`sdl-${name}-`))).toEqual([]);
    expect(existsSync(st.runDir)).toBe(false);
    expect(readdirSync('/etc/netns').filter((n) => n.startsWith(`sdl-${name}-`))).toEqual([]);
    for (const pid of pids) expect(await alive(pid)).toBe(false);
  });
});
