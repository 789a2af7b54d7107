/**
 * 39.6 (node to node): HostSubnets against the nodes' real addresses (the passive check), then
 * ping between the hosts the walk needs, with `ip route get` and tracepath where ping fails.
 */
import { count, mapText, msg } from '../i18n/message.js';
import type { PingOutcome } from '../sources/probes/types.js';
import { linkFrom, routeGetFrom, tracepathFrom } from '../sources/probes/shell-probes.js';
import type { WalkContext } from './context.js';
import { passiveStep } from './passive-step.js';
import type { StepRecorder, StepScope } from './recorder.js';
import type { WalkState } from './state.js';
import { kubeNode } from '../checks/lib/nodes.js';

const T = {
  hostsubnets: msg('HostSubnets match the nodes', 'HostSubnet とノードの一致'),
  connectivity: msg(
    'node-to-node connectivity (ping, tracepath, ip route get)',
    'ノード間の疎通 (ping, tracepath, ip route get)',
  ),
};

/** One ping of a node pair: `a` pings `b` at `ip` (undefined when `b`'s address is unknown). */
export interface PairPing {
  readonly a: string;
  readonly b: string;
  readonly ip?: string;
  readonly r?: PingOutcome;
}

/** 39.6 step 3 (and ipf-debug.sh's node matrix, §12): every node of `nodes` pings every other. */
export function pingPairs(ctx: WalkContext, nodes: readonly string[]): Promise<readonly PairPing[]> {
  const m = ctx.model();
  const ips = new Map(nodes.map((n) => [n, kubeNode(m, n)?.internalIP]));
  const pairs = nodes.flatMap((a) => nodes.filter((b) => b !== a).map((b) => ({ a, b, ip: ips.get(b) })));
  return Promise.all(
    pairs.map(async (p) => ({
      ...p,
      ...(p.ip ? { r: await ctx.pingFromNode(p.a, p.ip) } : {}),
    })),
  );
}

/** 39.6 step 3: ping every node on the path from every other (started early, awaited by the step). */
export function startNodeProbes(
  ctx: WalkContext,
  st: WalkState,
): NonNullable<WalkState['prefetch']['pings']> {
  st.prefetch.pings ??= pingPairs(ctx, st.nodes);
  return st.prefetch.pings;
}

export async function nodeSteps(ctx: WalkContext, rec: StepRecorder, st: WalkState): Promise<void> {
  await passiveStep(ctx, rec, st, 'nodes.hostsubnets', '6', T.hostsubnets, (s) => {
    const m = ctx.model();
    s.ran({ where: 'api', argv: ['oc', 'get', 'hostsubnet'] });
    for (const h of m.hostSubnets?.value ?? []) {
      const real = kubeNode(m, h.name)?.internalIP;
      s.evidence(
        real && real !== h.hostIP
          ? msg(
              `${h.name} HOST IP ${h.hostIP} SUBNET ${h.subnet} (node address ${real})`,
              `${h.name} HOST IP ${h.hostIP} SUBNET ${h.subnet}（ノードのアドレス ${real}）`,
            )
          : `${h.name} HOST IP ${h.hostIP} SUBNET ${h.subnet}`,
      );
    }
  });

  if (st.nodes.length < 2) {
    rec.skip(
      'nodes.connectivity',
      '6',
      T.connectivity,
      msg('only one node on the path', '経路上のノードは 1 つだけです'),
    );
    return;
  }
  await rec.run('nodes.connectivity', '6', T.connectivity, async (s) =>
    judgePairs(ctx, s, st.nodes, await startNodeProbes(ctx, st)),
  );
}

/**
 * 39.6 steps 3-4 over ping results: every pair answered, or tracepath and `ip route get` from the
 * side that cannot reach the other, and `underlay-down` on the node common to every broken pair.
 */
export async function judgePairs(
  ctx: WalkContext,
  s: StepScope,
  nodes: readonly string[],
  results: readonly PairPing[],
): Promise<void> {
  const failed: { a: string; b: string; ip: string }[] = [];
  let unknown = 0;
  for (const { a, b, ip, r } of results) {
    if (!r || !ip) {
      unknown++;
      s.evidence(msg(`${a} → ${b}: node address unknown`, `${a} → ${b}: ノードのアドレスが不明です`));
      continue;
    }
    ctx.keep(r.artifact);
    s.ran(r.ran);
    s.evidence(mapText(r.excerpt, (x) => `${a} → ${b} (${ip}): ${x}`));
    if (r.unavailable) unknown++;
    else if ((r.received ?? 0) === 0) failed.push({ a, b, ip });
  }
  if (failed.length === 0) {
    if (unknown > 0)
      s.unknown(msg(`${count(unknown, 'pair')} could not be checked`, `${unknown} 組を確認できませんでした`));
    else
      s.pass(
        msg(
          `every pair of ${nodes.join(', ')} answers ping`,
          `${nodes.join(', ')} のすべての組が ping に応答します`,
        ),
      );
    return;
  }
  // 39.6 step 3-4: tracepath and `ip route get` from the side that cannot reach the other.
  const details = await Promise.all(
    failed.map(async (f) => {
      const [rg, tp] = await Promise.all([
        routeGetFrom(ctx.shell, { kind: 'node', node: f.a }, f.ip, ctx.timeoutMs),
        tracepathFrom(ctx.shell, { kind: 'node', node: f.a }, f.ip, ctx.timeoutMs),
      ]);
      // 39.6: is there an Ethernet link on the interface the route leaves by?
      const link = rg.dev
        ? await linkFrom(ctx.shell, { kind: 'node', node: f.a }, rg.dev, ctx.timeoutMs)
        : undefined;
      for (const r of [rg, tp, link]) {
        if (!r) continue;
        ctx.keep(r.artifact);
        s.ran(r.ran);
      }
      return { ...f, rg, tp, link };
    }),
  );
  // The node common to every broken pair is the one cut off; otherwise report each pair.
  const failuresOf = new Map<string, number>();
  for (const f of failed) for (const n of [f.a, f.b]) failuresOf.set(n, (failuresOf.get(n) ?? 0) + 1);
  const common = [...failuresOf.entries()].filter(([, c]) => c === failed.length).map(([n]) => n);
  const culprits =
    common.length === 1
      ? common
      : [...new Set(details.filter((d) => d.rg.error || !d.rg.dev).map((d) => d.a))];
  const blame = culprits.length > 0 ? culprits : [failed[0]!.a];
  for (const d of details) {
    s.evidence(
      mapText(d.rg.excerpt, (x) => `${d.a}: ip route get ${d.ip} → ${x}`),
      mapText(d.tp.excerpt, (x) => `${d.a}: tracepath ${d.ip} → ${x}`),
      d.link ? mapText(d.link.excerpt, (x) => `${d.a}: ethtool ${d.link!.ifname} → ${x}`) : undefined,
    );
  }
  const pairsText = [...new Set(failed.map((f) => [f.a, f.b].sort().join(' ↔ ')))].join(', ');
  s.fail(msg(`no ping between ${pairsText}`, `${pairsText} の間で ping が通りません`));
  for (const node of blame) {
    const mine = details.filter((d) => d.a === node || d.b === node);
    s.cause({
      fault: 'underlay-down',
      node,
      summary: msg(`node-to-node link broken: ${pairsText}`, `ノード間リンクの障害: ${pairsText}`),
      fix: msg(
        `Check ${node}'s link and routes to the other nodes (ethtool <nic>: Link detected; ip route get; switch and cabling).`,
        `${node} のリンクと他ノードへのルートを確認してください (ethtool <nic> の Link detected、ip route get、スイッチと配線)。`,
      ),
      evidence: mine.flatMap((d) => [
        `${d.a} → ${d.b}: ping ${d.ip}: 0 received`,
        mapText(d.rg.excerpt, (x) => `${d.a}: ip route get ${d.ip} → ${x}`),
      ]),
      involves: [...new Set(mine.flatMap((d) => [d.a, d.b]))],
      active: true,
    });
  }
}
