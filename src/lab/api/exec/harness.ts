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

/**
 * The harness shares the machine with the collector it loads (bench: 2 cores), so what it spends
 * per exec is kept small — the bytes it sends stay those of the lab's generators: whether a node
 * hangs or refuses is hashed once per node, not per exec, and the tunnel flows are converted to
 * dump syntax once (see flowDumps).
 */
export function createHarnessBackend(o: HarnessOptions): ExecBackend {
  const state = harnessState(o.nodes);
  const byName = new Map(state.spec.nodes.map((n) => [n.name, n]));
  const hangs = new Set(state.spec.nodes.filter((n) => harnessHangs(n.name, o)).map((n) => n.name));
  const refusing = new Set(
    state.spec.nodes.filter((n) => picked(n.name, 'refuse', o.refuseShare)).map((n) => n.name),
  );
  const dumpOf = flowDumps(state);
  const argvOf = (kind: string) => NODE_COMMANDS.find((c) => c.kind === kind)!.argv.join('\0');
  const outputs: Record<string, (i: number) => string> = {
    [argvOf('ovs-flows')]: dumpOf,
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
    refuses: (pod) => refusing.has(str(rec(pod.spec).nodeName)),
    async exec(pod, _container, argv) {
      const nodeName = str(rec(pod.spec).nodeName);
      const node = byName.get(nodeName);
      if (hangs.has(nodeName)) return new Promise(() => {});
      await sleep(latency());
      const out = node ? outputs[argv.join('\0')]?.(node.index) : undefined;
      return { stdout: out ?? '', stderr: '', exitCode: 0, durationMs: 0 };
    },
    logs: async () => [],
  };
}

/** The rule before the tunnel flows in generateNodeFlows: then 3 per remote HostSubnet (tables 10, 50, 90). */
const TUNNELS_AFTER = 'table=10, priority=0, actions=drop';
const FLOWS_PER_REMOTE = 3;
const DUMP_HEADER = 'OFPST_FLOW reply (OF1.3) (xid=0x2):\n';

/**
 * Each node's `ovs-ofctl dump-flows br0`, the same text as dumpFlows(nodeFlows(state, i)) but
 * cheap: every node's flows hold the tunnel flows of all the others (4 million lines on 2000
 * nodes, 6,000 distinct), so those are converted once, kept joined in node order, and each node's
 * dump takes them all but its own; its own few other rules are converted as they come. Should the
 * generator's layout not be the one expected, the node's flows are converted line by line.
 */
export function flowDumps(state: LabState): (i: number) => string {
  const nodes = state.spec.nodes;
  const count = nodes.length;
  let tunnels: { text: string; at: number[]; len: number[] } | undefined;
  const tunnelsAt = (flows: readonly string[]): number | undefined => {
    const a = flows.indexOf(TUNNELS_AFTER) + 1;
    const b = a + FLOWS_PER_REMOTE * (count - 1);
    const fits =
      a > 0 &&
      b <= flows.length &&
      (count === 1 || flows[a]!.startsWith('table=10, priority=100, cookie=')) &&
      !flows[b]?.startsWith('table=90, priority=100, cookie=');
    return fits ? a : undefined;
  };
  const build = (): typeof tunnels => {
    const blocks: (string | undefined)[] = new Array<string | undefined>(count);
    // node 1's flows hold the tunnels of nodes 2..N, node 2's those of node 1
    for (const i of count > 1 ? [1, 2] : []) {
      const flows = nodeFlows(state, i);
      const a = tunnelsAt(flows);
      if (a === undefined) return undefined;
      nodes
        .filter((n) => n.index !== i)
        .forEach((n, k) => {
          const at = a + FLOWS_PER_REMOTE * k;
          blocks[n.index - 1] ??= flows
            .slice(at, at + FLOWS_PER_REMOTE)
            .map(dumpFlowLine)
            .join('\n');
        });
    }
    const at: number[] = [];
    const len: number[] = [];
    let offset = 0;
    for (const b of blocks) {
      at.push(offset);
      len.push(b?.length ?? 0);
      offset += (b?.length ?? 0) + 1;
    }
    return { text: blocks.join('\n'), at, len };
  };
  let built = false;
  return (i) => {
    const flows = nodeFlows(state, i);
    const a = tunnelsAt(flows);
    if (!built) {
      tunnels = build();
      built = true;
    }
    if (a === undefined || !tunnels || count < 2) return dumpFlows(flows);
    const k = i - 1;
    const { text, at, len } = tunnels;
    const others =
      k === 0
        ? text.slice(len[0]! + 1)
        : k === count - 1
          ? text.slice(0, at[k]! - 1)
          : text.slice(0, at[k]!) + text.slice(at[k]! + len[k]! + 1);
    const before = flows.slice(0, a).map(dumpFlowLine);
    const after = flows.slice(a + FLOWS_PER_REMOTE * (count - 1)).map(dumpFlowLine);
    return `${DUMP_HEADER}${[...before, others, ...after].join('\n')}\n`;
  };
}

/** `ovs-ofctl dump-flows` lines from add-flow syntax (durations and counters zero). */
export function dumpFlows(flows: readonly string[]): string {
  return `${DUMP_HEADER}${flows.map(dumpFlowLine).join('\n')}\n`;
}

function dumpFlowLine(f: string): string {
  const spaced = f.replace(/, /g, ',');
  const table = /^table=(\d+),/.exec(spaced);
  const rest = table ? spaced.slice(table[0].length) : spaced;
  const cookie = /^cookie=([^,]+),/.exec(rest);
  const body = cookie ? rest.slice(cookie[0].length) : rest;
  return ` cookie=${cookie?.[1] ?? '0x0'}, duration=1.000s, table=${table?.[1] ?? 0}, n_packets=0, n_bytes=0, ${body.replace(',actions=', ' actions=')}`;
}
