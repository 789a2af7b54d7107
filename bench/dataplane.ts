/**
 * `npm run bench -- dataplane`. Figures:
 * - trace_ratio_vs_ofproto: packets per second through the simulator's br0 (steps recorded) ÷
 *   packets per second through `ovs-appctl ofproto/trace` (pipelined over one control-socket
 *   connection, the fastest way to drive it), same flows, same packets, in one run; each side's
 *   best of 3 rounds, the simulator's after one JIT-warming round;
 * - trace_agreement_pct: how many of those packets end the same way (outputs, tunnel
 *   destinations, drops) — needs root for the private Open vSwitch, else these two are skipped;
 * - trace_lean_per_s: verdict-only packets per second through the same br0 (no OVS needed);
 * - matrix_<N>_s, matrix_<N>_peak_mb (1000 and 2000): `matrix` on synthetic multitenant clusters of N nodes × 30
 *   pods whose per-node flows come from the lab's generateNodeFlows, rendered as exact
 *   `ovs-ofctl dump-flows` text (written to disk first, untimed) and parsed back; each size in its
 *   own process, peak RSS from getrusage; matrix_<N>_cpu_s is the same run's CPU time (user +
 *   system), which a shared machine disturbs less than the wall time;
 * - matrix_1000_np_s (issue 11): the same on a 1000-node networkpolicy cluster, 10 NetworkPolicies
 *   per project (their table 80 flows from the generator the policy-flows check uses);
 * - matrix_1000_eager_s, matrix_1000_eager_peak_mb: the same 1000-node run, but with every node's
 *   dump read and parsed into the model first and every node kept by the dataplane, as
 *   `sdn-doctor matrix` worked before it loaded nodes on demand; at 2000 nodes this way runs out
 *   of heap, so it is not a figure there;
 * - matrix_<N>_product_s, matrix_<N>_product_peak_mb (1000 and 2000): what `sdn-doctor matrix`
 *   does with a bundle now (src/model/build.ts buildModelLazily): every dump held as text, as the
 *   bundle reader holds it, every node's flows parsed once for their warnings and note, then again
 *   when the dataplane compiles the node; run with Node's default flags, as the CLI runs.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchHostPrefix, fixtureCluster, nodeFlowSpec } from '../testkit/dataplane/cluster-fixture.js';
import { renderDumpFlows } from '../testkit/dataplane/dump-render.js';
import { compareWithOvs, sandboxPorts } from '../testkit/dataplane/ofproto-compare.js';
import { nodeFacts } from '../testkit/dataplane/fixture-model.js';
import { Bridge } from '../src/dataplane/engine/bridge.js';
import { ovsAvailable, startOvsSandbox } from '../testkit/dataplane/ovs-sandbox.js';
import { generatePackets } from '../testkit/dataplane/packet-gen.js';
import { generateNodeFlows } from '../src/lab/flows.js';
import { runJsonChild } from './lib/json-child.js';

const PODS = 30;
const SIZES = (process.env.DATAPLANE_BENCH_SIZES ?? '100,300,1000,2000').split(',').map(Number);
/** Sizes whose peak RSS is a figure (the goals: < 1.5 GB at 1000 nodes, < 3 GB at 2000). */
const PEAK_SIZES = new Set([1000, 2000]);

/**
 * Verdict-only packets per second through one node's br0 (no steps recorded), on one core: what
 * the matrix pays per trace. Needs no Open vSwitch: the same node and packets as the ratio below.
 */
function leanFigure(): Record<string, number> {
  const cluster = fixtureCluster('multitenant', 300, PODS, 24);
  const node = cluster.nodes[0]!;
  const facts = nodeFacts(
    cluster,
    node.name,
    [],
    renderDumpFlows(generateNodeFlows(nodeFlowSpec(cluster, node.name))),
  );
  const bridge = new Bridge(facts.ovs.flows!.value, facts.ovs.ports!.value);
  void bridge.flowCount; // every table compiled before the timing (they compile on first lookup)
  const packets = generatePackets(nodeFlowSpec(cluster, node.name), 20_000, 42);
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const t0 = performance.now();
    for (const p of packets) bridge.run(p, false);
    best = Math.min(best, performance.now() - t0);
  }
  return { trace_lean_per_s: Math.round((packets.length / best) * 1000) };
}

async function traceFigures(): Promise<Record<string, number>> {
  const avail = ovsAvailable();
  if (!avail.ok) {
    console.error(`dataplane bench: trace figures skipped (${avail.reason})`);
    return {};
  }
  // One node of a 300-node cluster: ~1050 flows, the size of a real mid-size node's br0.
  const cluster = fixtureCluster('multitenant', 300, PODS, 24);
  const node = cluster.nodes[0]!;
  const spec = nodeFlowSpec(cluster, node.name);
  const ports = cluster.pods
    .filter((p) => p.node === node.name)
    .map((p) => ({ name: p.veth, ofport: p.ofport }));
  const sb = startOvsSandbox(ports);
  try {
    sb.replaceFlows(generateNodeFlows(spec));
    const packets = generatePackets(spec, 20_000, 42);
    const r = await compareWithOvs(sb, packets, sandboxPorts(sb, ports), [], 3);
    return {
      trace_ratio_vs_ofproto: Number((r.ovsMs / r.simulatorMs).toFixed(1)),
      trace_agreement_pct: Number(((100 * r.agreed) / r.packets).toFixed(2)),
    };
  } finally {
    sb.stop();
  }
}

/** One matrix run in its own process; undefined when it failed (said on stderr). */
function matrixRun(
  plugin: 'multitenant' | 'networkpolicy',
  n: number,
  load: 'lazy' | 'eager' | 'product' = 'lazy',
): { seconds: number; cpuSeconds?: number; peakMb: number } | undefined {
  const dir = mkdtempSync(join(tmpdir(), `sdd-bench-dataplane-${process.pid}-`));
  try {
    const cluster = fixtureCluster(plugin, n, PODS, benchHostPrefix(n));
    for (const node of cluster.nodes) {
      writeFileSync(
        join(dir, `${node.name}.txt`),
        renderDumpFlows(generateNodeFlows(nodeFlowSpec(cluster, node.name))),
      );
    }
    const child = runJsonChild<{ seconds: number; cpuSeconds?: number; peakMb: number }>(
      join(import.meta.dirname, 'lib', 'matrix-child.ts'),
      [String(n), String(PODS), dir, plugin, load],
      load === 'product'
        ? []
        : [
            // a heap cap makes V8 collect before the machine's memory decides for it (goal < 4 GB)
            '--max-old-space-size=3072',
            // a larger young generation: the matrix allocates millions of short-lived packets and
            // traces, and scavenging a small nursery that often promotes them needlessly
            '--max-semi-space-size=128',
          ],
    );
    if (!child.ok) {
      console.error(`dataplane bench: matrix ${plugin} ${n} ${load} failed: ${child.error}`);
      return undefined;
    }
    const r = child.value;
    console.error(`dataplane bench: matrix ${plugin} ${n} nodes ${load}: ${JSON.stringify(r)}`);
    return r;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function matrixFigures(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const n of SIZES) {
    const r = matrixRun('multitenant', n);
    if (!r) continue;
    out[`matrix_${n}_s`] = Number(r.seconds.toFixed(2));
    if (r.cpuSeconds !== undefined) out[`matrix_${n}_cpu_s`] = Number(r.cpuSeconds.toFixed(2));
    if (PEAK_SIZES.has(n)) out[`matrix_${n}_peak_mb`] = Math.round(r.peakMb);
  }
  if (SIZES.includes(1000)) {
    const np = matrixRun('networkpolicy', 1000);
    if (np) out.matrix_1000_np_s = Number(np.seconds.toFixed(2));
    const eager = matrixRun('multitenant', 1000, 'eager');
    if (eager) {
      out.matrix_1000_eager_s = Number(eager.seconds.toFixed(2));
      out.matrix_1000_eager_peak_mb = Math.round(eager.peakMb);
    }
  }
  for (const n of SIZES.filter((x) => PEAK_SIZES.has(x))) {
    const product = matrixRun('multitenant', n, 'product');
    if (!product) continue;
    out[`matrix_${n}_product_s`] = Number(product.seconds.toFixed(2));
    out[`matrix_${n}_product_peak_mb`] = Math.round(product.peakMb);
  }
  return out;
}

export async function run(): Promise<Record<string, number>> {
  return { ...(await traceFigures()), ...leanFigure(), ...matrixFigures() };
}
