/**
 * The scale harness: the lab API with N emulated nodes, for load tests of the collector — NOT a
 * replacement for the real lab (nothing runs: no namespaces, no OVS). The cluster is the lab's own
 * spec for N nodes (with a cluster network large enough for them, applications on three nodes), served with the lab's API
 * objects; each node's `sdn` pod answers exec with that node's outputs from the lab's generators
 * (br0 flows, iptables, node-config) and fixed plain outputs for the rest, after a latency drawn
 * from a log-normal distribution. A chosen share of nodes hang (accept the exec, never answer) and
 * another refuses exec (RBAC-style 403), both picked deterministically by node name.
 */
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { NODE_COMMANDS } from '../../../artifacts/commands.js';
import { labApiObjects, labDaemonSets } from '../../api-objects.js';
import { nodeFlows, nodeIptables } from '../../apply.js';
import type { LabState } from '../../model.js';
import { nodeConfigYaml } from '../../node-config.js';
import { buildLabSpec } from '../../spec.js';
import { writeStoredList } from '../data-files.js';
import { rec, str } from '../printers/access.js';
import type { ExecBackend } from './backend.js';

export interface HarnessOptions {
  readonly nodes: number;
  /** Median exec latency (ms) and the log-normal spread (sigma of ln latency). */
  readonly medianMs: number;
  readonly sigma: number;
  /** Shares (0..1) of nodes whose exec hangs, and whose exec is refused with 403. */
  readonly hungShare: number;
  readonly refuseShare: number;
}

/** The lab's spec for `nodes` nodes, with room for them in the address plan. */
export function harnessState(nodes: number): LabState {
  const base = buildLabSpec(
    { name: 'scale', nodes, podsPerNode: 1, plugin: 'subnet' },
    new Date('2026-01-01T00:00:00Z'),
  );
  // /23 host subnets one after the other from 10.128.0.0: a /12 holds 4096 of them; node IPs in a /16
  // The applications run on the first three nodes, as a large cluster's few services have a
  // handful of endpoints (not one on every node): a URL's path is three nodes at any N.
  const spec = {
    ...base,
    clusterNetwork: '10.128.0.0/12',
    nodes: base.nodes.map((n) => ({ ...n, ip: `172.16.${n.index >> 8}.${n.index & 255}` })),
    pods: base.pods.filter((p) => p.nodeIndex <= 3),
  };
  return { spec, processes: [], faults: [], resourceVersion: 1 };
}

/** Writes the harness cluster's API objects into `dataDir`. */
export function writeHarnessApi(dataDir: string, state: LabState): void {
  for (const [resource, list] of Object.entries(labApiObjects(state))) {
    writeStoredList(dataDir, resource as keyof ReturnType<typeof labApiObjects>, list.items);
  }
  writeStoredList(dataDir, 'daemonsets', labDaemonSets(state).items);
}

/** Deterministic share membership: a node is in the first `share` of the hash space. */
function picked(node: string, salt: string, share: number): boolean {
  const h = createHash('sha256').update(`${salt}/${node}`).digest().readUInt32BE(0);
  return h / 2 ** 32 < share;
}

export function harnessHangs(node: string, o: HarnessOptions): boolean {
  return picked(node, 'hang', o.hungShare);
}

export function createHarnessBackend(o: HarnessOptions): ExecBackend {
  const state = harnessState(o.nodes);
  const byName = new Map(state.spec.nodes.map((n) => [n.name, n]));
  const argvOf = (kind: string) => NODE_COMMANDS.find((c) => c.kind === kind)!.argv.join('\0');
  const outputs: Record<string, (i: number) => string> = {
    [argvOf('ovs-flows')]: (i) => dumpFlows(nodeFlows(state, i)),
    [argvOf('iptables-save')]: (i) => nodeIptables(state, i),
    [argvOf('node-config')]: (i) => nodeConfigYaml(state.spec, state.spec.mtu, state.spec.nodes[i - 1]),
    [argvOf('sysctl')]: () => 'net.ipv4.ip_forward = 1\n',
    [argvOf('ovs-list-br')]: () => 'br0\n',
    [argvOf('resolv-conf')]: () => 'search cluster.local\nnameserver 172.30.0.10\n',
  };
  // a normal draw (Box-Muller) for the log-normal latency
  const latency = () => {
    const u = 1 - Math.random();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * Math.random());
    return o.medianMs * Math.exp(o.sigma * z);
  };
  return {
    refuses: (pod) => picked(str(rec(pod.spec).nodeName), 'refuse', o.refuseShare),
    async exec(pod, _container, argv) {
      const nodeName = str(rec(pod.spec).nodeName);
      const node = byName.get(nodeName);
      if (harnessHangs(nodeName, o)) return new Promise(() => {});
      await sleep(latency());
      const out = node ? outputs[argv.join('\0')]?.(node.index) : undefined;
      return { stdout: out ?? '', stderr: '', exitCode: 0, durationMs: 0 };
    },
    logs: async () => [],
  };
}

/** `ovs-ofctl dump-flows` lines from add-flow syntax (durations and counters zero). */
function dumpFlows(flows: readonly string[]): string {
  const lines = flows.map((f) => {
    const spaced = f.replace(/, /g, ',');
    const table = /^table=(\d+),/.exec(spaced);
    const rest = table ? spaced.slice(table[0].length) : spaced;
    const cookie = /^cookie=([^,]+),/.exec(rest);
    const body = cookie ? rest.slice(cookie[0].length) : rest;
    return ` cookie=${cookie?.[1] ?? '0x0'}, duration=1.000s, table=${table?.[1] ?? 0}, n_packets=0, n_bytes=0, ${body.replace(',actions=', ' actions=')}`;
  });
  return `OFPST_FLOW reply (OF1.3) (xid=0x2):\n${lines.join('\n')}\n`;
}
