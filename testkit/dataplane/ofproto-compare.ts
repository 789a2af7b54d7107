/**
 * Runs the same packets through the simulator's br0 and through a real Open vSwitch's
 * `ofproto/trace`, on the same flows (the dump of the real bridge, parsed back), and lists every
 * packet whose outputs differ. Used by the agreement test and the bench.
 */
import { Bridge } from '../../src/dataplane/engine/bridge.js';
import { formatIp } from '../../src/net/ipv4.js';
import { packetToOvsFlow } from '../../src/dataplane/engine/ovs-flow-string.js';
import { CT, ctStateNames, F, type Packet } from '../../src/dataplane/engine/packet.js';
import type { OvsPort } from '../../src/model/types.js';
import { parseOvsFlows } from '../../src/parsers/ovs-flows.js';
import { parseOvsPortsDesc } from '../../src/parsers/ovs-ports.js';
import { ofprotoOutputs } from './ofproto-trace-output.js';
import type { OvsSandbox } from './ovs-sandbox.js';

export interface Disagreement {
  readonly flow: string;
  readonly simulator: readonly string[];
  readonly ovs: readonly string[];
}

export interface Comparison {
  readonly packets: number;
  readonly agreed: number;
  readonly disagreements: readonly Disagreement[];
  /** How many packets ended each way (drop, vxlan, tun0, pod, several): proof the packets were varied. */
  readonly outcomes: Readonly<Record<string, number>>;
  /** The same, for the packets traced as replies (`--ct-next` with `rpl`): the reply path was run. */
  readonly replyOutcomes: Readonly<Record<string, number>>;
  readonly simulatorMs: number;
  readonly ovsMs: number;
}

/** The simulator's outputs in the same notation as {@link ofprotoOutputs}. */
export function simulatorOutputs(bridge: Bridge, p: Packet, ctNext: readonly number[] = []): string[] {
  return bridge
    .run(p, true, ctNext)
    .outputs.map((o) => (o.port === 1 ? `1@${formatIp(o.packet[F.TUN_DST]!)}` : String(o.port)));
}

/** Ports as dump-ports-desc says, or (while that parser is a stub) as the sandbox was built. */
export function sandboxPorts(
  sb: OvsSandbox,
  fallback: readonly { name: string; ofport: number }[],
): OvsPort[] {
  const parsed = parseOvsPortsDesc(sb.dumpPortsDesc()).records;
  if (parsed.length) return parsed;
  return [{ name: 'vxlan0', ofport: 1 }, { name: 'tun0', ofport: 2 }, ...fallback].map((p) => ({
    ...p,
    config: [],
    state: [],
    line: 0,
    raw: '',
  }));
}

export async function compareWithOvs(
  sb: OvsSandbox,
  packets: readonly Packet[],
  ports: readonly OvsPort[],
  dumpArgs: readonly string[] = [],
  /**
   * Timed rounds of each side (the bench: 3): the times are each side's best round. Beyond the
   * first, the simulator's rounds come after a JIT-warming one (the daemon on the other side has
   * been running all along); a 20 000-packet round of either takes well under a second, so on a
   * shared machine one round measures mostly the neighbours.
   */
  rounds = 1,
  /**
   * Per packet, the ct_state of each conntrack recirculation (ofproto/trace's `--ct-next`, once per
   * state): an established connection or a reply instead of the default `trk,new`.
   */
  ctNext: readonly (readonly number[] | undefined)[] = [],
): Promise<Comparison> {
  const dump = parseOvsFlows(sb.dumpFlows(dumpArgs));
  const bridge = new Bridge(dump.records, ports);
  // Tables compile on their first lookup: compile them all here, so that the timing below is the
  // runs' alone (OVS has its flows installed before it is timed too).
  void bridge.flowCount;
  let sim: string[][] = [];
  let simulatorMs = Infinity;
  for (let r = 0; r < (rounds > 1 ? rounds + 1 : 1); r++) {
    const t0 = performance.now();
    sim = packets.map((p, i) => simulatorOutputs(bridge, p, ctNext[i]));
    if (rounds === 1 || r > 0) simulatorMs = Math.min(simulatorMs, performance.now() - t0);
  }
  const flows = packets.map(packetToOvsFlow);
  const options = packets.map((_, i) =>
    (ctNext[i] ?? []).flatMap((bits) => ['--ct-next', ctStateNames(bits).join(',')]),
  );
  let traces: string[] = [];
  let ovsMs = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t1 = performance.now();
    traces = await sb.traceMany(flows, 'br0', options);
    ovsMs = Math.min(ovsMs, performance.now() - t1);
  }
  const disagreements: Disagreement[] = [];
  const outcomes: Record<string, number> = {};
  const replyOutcomes: Record<string, number> = {};
  for (const [i, s] of sim.entries()) {
    const kind =
      s.length === 0
        ? 'drop'
        : s.length > 1
          ? 'several'
          : s[0]!.startsWith('1@')
            ? 'vxlan'
            : s[0] === '2'
              ? 'tun0'
              : 'pod';
    outcomes[kind] = (outcomes[kind] ?? 0) + 1;
    if (ctNext[i]?.some((bits) => (bits & CT.rpl) !== 0))
      replyOutcomes[kind] = (replyOutcomes[kind] ?? 0) + 1;
  }
  for (let i = 0; i < packets.length; i++) {
    const ovs = ofprotoOutputs(traces[i]!);
    const s = sim[i]!;
    const ct = options[i]!.length ? ` (${options[i]!.join(' ')})` : '';
    if (ovs.join(' ') !== s.join(' ')) disagreements.push({ flow: flows[i]! + ct, simulator: s, ovs });
  }
  return {
    packets: packets.length,
    agreed: packets.length - disagreements.length,
    disagreements,
    outcomes,
    replyOutcomes,
    simulatorMs,
    ovsMs,
  };
}
