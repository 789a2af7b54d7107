/**
 * 39.13.3 in `collect` (sources/nic-details.ts): after a node's `ip addr show`, the drivers of its
 * tunnel device, tun0 and veths (`ethtool -i`), and per local SDN pod `ethtool -S eth0` in the pod's
 * network namespace. The shell answers with real outputs (test/fixtures/ethtool, ip-addr).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ApiSnapshot } from '../../src/artifacts/types.js';
import { buildModel } from '../../src/model/index.js';
import { collectSnapshot } from '../../src/sources/collect.js';
import { nicTasks } from '../../src/sources/nic-details.js';
import type { NodeShell, ShellTarget } from '../../src/sources/node-shell.js';

const fixture = (p: string) => readFileSync(new URL(`../fixtures/${p}`, import.meta.url), 'utf8');
const IP_ADDR = fixture('ip-addr/koktlzz-show-veth.txt');
const STATS = fixture('ethtool/veth-stats.txt');
const DRIVER = fixture('ethtool/veth-driver.txt');
const NO_DEVICE = fixture('ethtool/no-such-dev.txt');

const pod = (ns: string, name: string, node: string, extra: Record<string, unknown> = {}) => ({
  metadata: { name, namespace: ns },
  spec: { nodeName: node, ...extra },
  status: { podIP: '10.128.0.5', phase: 'Running' },
});
const API: ApiSnapshot = {
  pods: {
    ok: true,
    items: [
      pod('demo', 'web', 'node-a'),
      pod('demo', 'elsewhere', 'node-b'),
      pod('openshift-sdn', 'sdn-x', 'node-a', { hostNetwork: true }), // host network: no veth
    ],
  },
};

describe('39.13.3 veth peers and drivers in collect', () => {
  it('plans ethtool -i for the veths and tun0 of ip addr, ethtool -S eth0 in each local SDN pod', () => {
    const tasks = nicTasks(API, 'node-a', IP_ADDR);
    expect(tasks.map((t) => [t.id, t.argv.join(' '), t.target.kind])).toEqual([
      ['nodes/node-a/ethtool-i/vethe9f523a9.txt', 'ethtool -i vethe9f523a9', 'node'],
      ['nodes/node-a/pods/demo/web/ethtool-S-eth0.txt', 'ethtool -S eth0', 'pod'],
    ]);
    // without ip addr: tun0 only
    expect(nicTasks(API, 'node-a', undefined).map((t) => t.argv.join(' '))).toEqual([
      'ethtool -i tun0',
      'ethtool -S eth0',
    ]);
    // diagnose's scope: the peers the veth-peer check decides on, no drivers
    expect(nicTasks(API, 'node-a', IP_ADDR, 'peers').map((t) => t.argv.join(' '))).toEqual([
      'ethtool -S eth0',
    ]);
  });

  it('collect --nics records the artifacts and the model reads the peer index and drivers', async () => {
    const ran: string[] = [];
    const shell: NodeShell = {
      name: 'fake',
      async run(target: ShellTarget, argv: readonly string[]) {
        const where = target.kind === 'pod' ? `pod/${target.namespace}/${target.name}` : target.kind;
        ran.push(`${where}: ${argv.join(' ')}`);
        const out = (stdout: string, exitCode = 0) => ({ stdout, stderr: '', exitCode, durationMs: 1 });
        if (argv.join(' ') === 'ip addr show') return out(IP_ADDR);
        if (argv[1] === '-S') return out(STATS);
        if (argv[1] === '-i') return argv[2] === 'tun0' ? out(NO_DEVICE, 71) : out(DRIVER);
        return out('', 1);
      },
    };
    const snap = await collectSnapshot({
      api: async () => API,
      shell,
      nodes: ['node-a'],
      timeoutMs: 1000,
      nics: 'all',
      commands: [{ kind: 'ip-addr', file: 'ip-addr.txt', argv: ['ip', 'addr', 'show'] }],
    });
    expect(ran).toContain('pod/demo/web: ethtool -S eth0');
    expect(ran).not.toContain('pod/openshift-sdn/sdn-x: ethtool -S eth0');
    const { model } = buildModel(snap);
    expect(model.nics?.peers).toEqual([
      {
        pod: 'demo/web',
        node: 'node-a',
        peerIfindex: 20,
        line: 2,
        artifact: 'nodes/node-a/pods/demo/web/ethtool-S-eth0.txt',
      },
    ]);
    expect(model.nics?.drivers).toEqual([
      {
        node: 'node-a',
        ifname: 'vethe9f523a9',
        driver: 'veth',
        artifact: 'nodes/node-a/ethtool-i/vethe9f523a9.txt',
      },
    ]);
  });

  it('collect without nics runs none of them', async () => {
    const ran: string[] = [];
    const shell: NodeShell = {
      name: 'fake',
      async run(_t, argv) {
        ran.push(argv.join(' '));
        return { stdout: IP_ADDR, stderr: '', exitCode: 0, durationMs: 1 };
      },
    };
    await collectSnapshot({
      api: async () => API,
      shell,
      nodes: ['node-a'],
      timeoutMs: 1000,
      commands: [{ kind: 'ip-addr', file: 'ip-addr.txt', argv: ['ip', 'addr', 'show'] }],
    });
    expect(ran).toEqual(['ip addr show']);
  });

  it("diagnose's peers scope asks only the pods of nodes whose ip addr answered", async () => {
    const ran: string[] = [];
    const shell: NodeShell = {
      name: 'fake',
      async run(target: ShellTarget, argv: readonly string[]) {
        const who = target.kind === 'pod' ? target.name : target.kind === 'node' ? target.node : target.kind;
        ran.push(`${who}: ${argv.join(' ')}`);
        // node-b's ip addr fails: without its links no peer index could be placed
        const failed = who === 'node-b';
        return { stdout: failed ? '' : IP_ADDR, stderr: '', exitCode: failed ? 1 : 0, durationMs: 1 };
      },
    };
    await collectSnapshot({
      api: async () => API,
      shell,
      nodes: ['node-a', 'node-b'],
      timeoutMs: 1000,
      nics: 'peers',
      commands: [{ kind: 'ip-addr', file: 'ip-addr.txt', argv: ['ip', 'addr', 'show'] }],
    });
    expect(ran.sort()).toEqual(['node-a: ip addr show', 'node-b: ip addr show', 'web: ethtool -S eth0']);
  });
});
