/**
 * One `matrix` run on a synthetic cluster, in its own process so its peak RSS is its own
 * (bench/dataplane.ts runs it per size; under bench/lib/ so that `npm run bench` does not take it for a benchmark). Each node's `ovs-ofctl dump-flows` text was written to
 * <dir>/<node>.txt beforehand; nodes are read and parsed on demand, a few at a time, so the
 * whole cluster's flows are never held at once.
 * Usage: tsx bench/lib/matrix-child.ts <nodes> <podsPerNode> <dir> [plugin] [load]  → one JSON line
 * (plugin: multitenant by default; networkpolicy = 10 policies per project, issue 11.
 * load: `lazy` by default, as above; `eager` reads and parses every node first into the model and
 * lets the dataplane keep every node, as `sdn-doctor matrix` did before it loaded nodes on demand;
 * `product` does what `sdn-doctor matrix` does with a bundle (src/model/build.ts
 * buildModelLazily): every dump read as one string, as the bundle reader does, every node's flows
 * parsed once for their warnings and note and dropped, then parsed again when the dataplane
 * compiles the node, which keeps COMPILED_NODES_KEPT of them).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { Artifact } from '../../src/artifacts/types.js';
import { ClusterDataplane, COMPILED_NODES_KEPT } from '../../src/dataplane/trace/cluster.js';
import { buildNodeFacts, flowsRereader } from '../../src/model/build/node-facts.js';
import { WarningSink } from '../../src/model/build/warnings.js';
import type { NodeFacts } from '../../src/model/types.js';
import { textPieces } from '../../src/parsers/util/numbered-lines.js';
import { computeMatrix } from '../../src/dataplane/matrix/matrix.js';
import { benchHostPrefix, fixtureCluster } from '../../testkit/dataplane/cluster-fixture.js';
import { fixtureApi, nodeFacts } from '../../testkit/dataplane/fixture-model.js';

const nodes = Number(process.argv[2] ?? 100);
const pods = Number(process.argv[3] ?? 30);
const dir = process.argv[4] ?? '.';
const plugin = process.argv[5] === 'networkpolicy' ? 'networkpolicy' : 'multitenant';
const load = process.argv[6] ?? 'lazy';
const eager = load === 'eager';
const cluster = fixtureCluster(plugin, nodes, pods, benchHostPrefix(nodes));
const api = fixtureApi(cluster);
const started = performance.now();
let loads = 0;
let flows = 0;
/**
 * One buffer for every dump, grown when a dump is larger: a fresh Buffer per dump costs the first
 * touch of its pages (~5 µs per 4 KiB page on the 2-core VM), 6.5 s of the 2000-node run's
 * reading of 2.3 GB. The text is decoded out of it before the next dump is read.
 */
let scratch = Buffer.allocUnsafe(1 << 20);
function readDump(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size > scratch.length) scratch = Buffer.allocUnsafe(Math.ceil(size * 1.25));
    let filled = 0;
    while (filled < size) {
      const n = readSync(fd, scratch, filled, size - filled, filled);
      if (n === 0) break; // the file shrank while it was read
      filled += n;
    }
    return scratch.subarray(0, filled);
  } finally {
    closeSync(fd);
  }
}
const loadNode = (name: string): NodeFacts => {
  loads++;
  const bytes = readDump(join(dir, `${name}.txt`));
  // read in pieces of lines, as a large dump should be (textPieces: no fresh pages per node); the
  // eager run reads one string per dump, as the bundle reader does
  const facts = nodeFacts(cluster, name, [], eager ? bytes.toString('utf8') : textPieces(bytes));
  flows += facts.ovs.flows?.value.length ?? 0;
  return facts;
};
/**
 * The product's path: the model's facts without flows (their note kept), the dumps' text held as
 * the snapshot holds it, a node's flows read again from it when it is compiled.
 */
function productDataplane(): ClusterDataplane {
  const artifacts: Artifact[] = cluster.nodes.map((node) => ({
    id: `nodes/${node.name}/ovs-flows.txt`,
    kind: 'ovs-flows',
    node: node.name,
    argv: ['ovs-ofctl', '-O', 'OpenFlow13', 'dump-flows', 'br0'],
    exitCode: 0,
    collectedAt: '',
    text: readDump(join(dir, `${node.name}.txt`)).toString('utf8'),
  }));
  const names = cluster.nodes.map((node) => node.name);
  const light = buildNodeFacts(artifacts, names, new WarningSink(), new Set(), undefined, 'read-only');
  const withFlows = flowsRereader(artifacts, new Set());
  // routes, links, iptables and ports as the other modes have them; no flows of their own
  const facts: Record<string, NodeFacts> = Object.fromEntries(
    names.map((name) => {
      const fixture = nodeFacts(cluster, name, [], '');
      return [name, { ...fixture, ovs: { ports: fixture.ovs.ports, ...light[name]!.ovs } }];
    }),
  );
  const loadOnDemand = (name: string): NodeFacts | undefined => {
    loads++;
    const f = facts[name] && withFlows(facts[name]);
    flows += f?.ovs.flows?.value.length ?? 0;
    return f;
  };
  return new ClusterDataplane(
    { ...api, nodeFacts: facts },
    { loadNode: loadOnDemand, cacheSize: COMPILED_NODES_KEPT },
  );
}

const dp =
  load === 'product'
    ? productDataplane()
    : eager
      ? new ClusterDataplane({
          ...api,
          nodeFacts: Object.fromEntries(cluster.nodes.map((node) => [node.name, loadNode(node.name)])),
        })
      : new ClusterDataplane(
          { ...api, nodeFacts: {} },
          {
            loadNode,
            // pass 1 keeps what pass 2 needs of each node (docs/dataplane.md), so a few compiled nodes
            // (~3.5 MB each) are enough; fewer live nodes also mean cheaper garbage collections
            cacheSize: 4,
          },
        );
const result = computeMatrix(dp, { maxPairs: 1000 });
const seconds = (performance.now() - started) / 1000;
const usage = process.resourceUsage();
const peakMb = usage.maxRSS / 1024;
// CPU time too: on a shared machine wall time says more about the neighbours than about us.
const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
process.stdout.write(
  JSON.stringify({
    nodes,
    pods,
    seconds,
    cpuSeconds,
    peakMb,
    loads,
    flowsParsed: flows,
    counts: result.counts,
    stats: result.stats,
    brokenGroups: result.broken.length,
  }) + '\n',
);
