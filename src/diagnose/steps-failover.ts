/**
 * §12 (IP failover), the layer between DNS and the router when the URL's host is a virtual IP of
 * an `oc adm ipfailover` configuration: the guide sends people to openshift-sdn's unsupported
 * `hack/ipf-debug.sh` for it, which lists the nodes keepalived should run on, greps each one's
 * addresses for the VIP, its processes for keepalived, its iptables for the VRRP rule, and pings
 * node ↔ node and node → VIP. Each of those is a step here, with its evidence; the findings are
 * the same checks as `analyze` (checks/rules/ipf-*.ts). The walk then goes on from the node that
 * holds the VIP. Nothing here runs unless the address is such a VIP: no steps for other URLs.
 */
import { isIPv4 } from 'node:net';
import { keepalivedNodes, keepalivedProcesses, configLabel, vipHolders } from '../checks/lib/ipfailover.js';
import { kubeNode } from '../checks/lib/nodes.js';
import { count, mapText, msg } from '../i18n/message.js';
import type { ClusterModel, IpFailover } from '../model/types.js';
import type { PingOutcome } from '../sources/probes/types.js';
import { curlFrom } from '../sources/probes/shell-probes.js';
import type { WalkContext } from './context.js';
import { passiveStep } from './passive-step.js';
import type { StepRecorder, StepScope } from './recorder.js';
import type { FailoverPath, WalkState } from './state.js';
import type { StepId } from './types.js';
import { judgePairs, pingPairs } from './steps-nodes.js';

/** The failover layer's steps, in the walk's order (docs/diagnose.md). */
export const FAILOVER_STEP_IDS = [
  'failover.config',
  'failover.holders',
  'failover.keepalived',
  'failover.vrrp',
  'failover.monitor',
  'failover.node-matrix',
  'failover.vip-matrix',
] as const satisfies readonly StepId[];

const T = {
  config: msg('the address is an IP failover virtual IP', 'アドレスが IP フェイルオーバーの仮想 IP か'),
  holders: msg('which nodes hold the virtual IP (ip addr)', '仮想 IP を保持するノード (ip addr)'),
  keepalived: msg('keepalived runs and its VRRP state (ps, log)', 'keepalived の動作と VRRP 状態 (ps、ログ)'),
  vrrp: msg(
    'VRRP adverts admitted, VRRP ids distinct (iptables-save)',
    'VRRP 広告の許可と VRRP ID の重複 (iptables-save)',
  ),
  monitor: msg('the monitored port answers on each node', '監視ポートが各ノードで応答するか'),
  nodeMatrix: msg('keepalived nodes reach each other (ping)', 'keepalived ノード間の疎通 (ping)'),
  vipMatrix: msg(
    'each node reaches the virtual IP (ping, routes)',
    '各ノードから仮想 IP への到達 (ping、経路)',
  ),
};

/**
 * The configuration that lists one of the addresses DNS gave, when none of them is a node's own
 * address (a VIP is never a node address; an address that is both is a node, §12).
 */
export function failoverOf(
  m: ClusterModel,
  addresses: readonly string[],
): { config: IpFailover; vips: string[] } | undefined {
  const own = new Set((m.nodes?.value ?? []).flatMap((n) => (n.internalIP ? [n.internalIP] : [])));
  for (const c of m.ipFailovers?.value ?? []) {
    // in the configuration's order, not DNS's (round robin): the walk follows the same VIP each run
    const vips = c.virtualIPs.filter((v) => addresses.includes(v) && isIPv4(v) && !own.has(v));
    if (vips.length > 0) return { config: c, vips };
  }
  return undefined;
}

/**
 * The nodes holding `vip`, derived from the addresses read; undefined while a node keepalived
 * should run on has not had its addresses read (no holder seen there proves nothing).
 */
export function holdersOf(m: ClusterModel, path: FailoverPath, vip: string): readonly string[] | undefined {
  return path.nodes.every((n) => m.nodeFacts[n]?.links) ? vipHolders(m, vip) : undefined;
}

export async function failoverSteps(ctx: WalkContext, rec: StepRecorder, st: WalkState): Promise<void> {
  if (!st.resolved || st.resolved.length === 0) return;
  const found = failoverOf(ctx.model(), st.resolved);
  if (!found) return;
  const { config, vips } = found;
  const nodes = keepalivedNodes(ctx.model(), config);
  const path: FailoverPath = { config, vips, nodes };
  st.failover = path;

  await rec.run('failover.config', '12', T.config, async (s) => {
    s.ran({ where: 'api', argv: ['oc', 'get', 'dc,deployment', '--all-namespaces', '-o', 'yaml'] });
    s.evidence(
      `${configLabel(config)}: OPENSHIFT_HA_VIRTUAL_IPS ${config.virtualIPs.join(',')}`,
      msg(
        `VRRP ids ${config.vrrpIds.join(', ')}; interface ${config.networkInterface ?? '(default route)'}; monitor port ${config.monitorPort}; selector ${selectorText(config)}`,
        `VRRP ID ${config.vrrpIds.join(', ')}、インターフェース ${config.networkInterface ?? '（デフォルトルート）'}、監視ポート ${config.monitorPort}、セレクター ${selectorText(config)}`,
      ),
    );
    if (nodes.length === 0) {
      s.fail(
        msg(
          `${vips.join(', ')} is a virtual IP of ${configLabel(config)}, but its node selector picks no node: nothing can hold it`,
          `${vips.join(', ')} は ${configLabel(config)} の仮想 IP ですが、ノードセレクターに一致するノードがなく、保持できるノードがありません`,
        ),
      );
      return;
    }
    // ipf-debug.sh reads every node the configuration runs on: their facts are read once, together.
    await ctx.collectNodes(nodes);
    s.pass(
      msg(
        `${vips.join(', ')}: virtual IP of ${configLabel(config)}; keepalived should run on ${nodes.join(', ')}`,
        `${vips.join(', ')}: ${configLabel(config)} の仮想 IP。keepalived は ${nodes.join(', ')} で動作するはずです`,
      ),
    );
  });
  if (nodes.length === 0) return;
  // ipf-debug.sh's two ping matrices run while the passive steps read the facts.
  const nodePings = nodes.length >= 2 ? pingPairs(ctx, nodes) : undefined;
  const vipPings = pingVips(ctx, path);

  await passiveStep(
    ctx,
    rec,
    st,
    'failover.holders',
    '12',
    T.holders,
    (s) => {
      const m = ctx.model();
      for (const vip of vips) {
        const held = vipHolders(m, vip);
        s.evidence(
          held.length > 0
            ? msg(`${vip}: held by ${held.join(', ')}`, `${vip}: ${held.join(', ')} が保持`)
            : msg(`${vip}: held by no node`, `${vip}: 保持するノードなし`),
        );
      }
    },
    nodes,
  );

  await passiveStep(
    ctx,
    rec,
    st,
    'failover.keepalived',
    '12',
    T.keepalived,
    (s) => keepalivedEvidence(ctx, s, nodes),
    nodes,
  );
  await passiveStep(ctx, rec, st, 'failover.vrrp', '12', T.vrrp, undefined, nodes);
  await passiveStep(
    ctx,
    rec,
    st,
    'failover.monitor',
    '12',
    T.monitor,
    (s) => monitorProbes(ctx, s, config, nodes),
    nodes,
  );

  if (!nodePings)
    rec.skip(
      'failover.node-matrix',
      '12',
      T.nodeMatrix,
      msg('keepalived runs on one node only', 'keepalived は 1 ノードのみで動作します'),
    );
  else
    await rec.run('failover.node-matrix', '12', T.nodeMatrix, async (s) =>
      judgePairs(ctx, s, nodes, await nodePings),
    );

  await passiveStep(
    ctx,
    rec,
    st,
    'failover.vip-matrix',
    '12',
    T.vipMatrix,
    async (s) => judgeVipPings(ctx, s, path, await vipPings),
    nodes,
  );
}

function selectorText(c: IpFailover): string {
  return (
    Object.entries(c.nodeSelector)
      .map(([k, v]) => `${k}=${v}`)
      .join(',') || '(none)'
  );
}

/** ipf-debug.sh `ps ax | grep keepalived` and the VRRP state lines of keepalived's log, per node. */
function keepalivedEvidence(ctx: WalkContext, s: StepScope, nodes: readonly string[]): void {
  const m = ctx.model();
  for (const n of nodes) {
    const facts = m.nodeFacts[n];
    const ps = facts?.processes;
    if (ps) {
      const k = keepalivedProcesses(ps.value);
      s.evidence(
        k.length > 0
          ? msg(
              `${n}: keepalived running (${count(k.length, 'process', 'processes')})`,
              `${n}: keepalived 動作中（プロセス ${k.length} 個）`,
            )
          : msg(`${n}: no keepalived process`, `${n}: keepalived のプロセスなし`),
      );
    }
    // The last state each VRRP instance entered (`VRRP_Instance(x) Entering MASTER STATE`).
    const last = new Map<string, string>();
    for (const e of facts?.keepalivedLog?.value.events ?? [])
      if (e.kind === 'state' && e.instance && e.state) last.set(e.instance, e.state);
    // with no keepalived running, the log's last state is history, not the node's state now
    const stopped = ps !== undefined && keepalivedProcesses(ps.value).length === 0;
    for (const [instance, state] of last)
      s.evidence(
        stopped
          ? msg(
              `${n}: ${instance} ${state} (last logged before keepalived stopped)`,
              `${n}: ${instance} ${state}（keepalived 停止前の最後の記録）`,
            )
          : `${n}: ${instance} ${state}`,
      );
  }
}

/**
 * What keepalived's check script does (`</dev/tcp/<node IP>/<OPENSHIFT_HA_MONITOR_PORT>` on the
 * node itself), as a connect from each node to its own address: a port that does not answer is
 * the failing check even when keepalived's log was not read.
 */
async function monitorProbes(
  ctx: WalkContext,
  s: StepScope,
  config: IpFailover,
  nodes: readonly string[],
): Promise<void> {
  if (config.monitorPort === 0) {
    s.evidence(msg('OPENSHIFT_HA_MONITOR_PORT 0: no check', 'OPENSHIFT_HA_MONITOR_PORT 0: チェックなし'));
    return;
  }
  const m = ctx.model();
  const probes = await Promise.all(
    nodes.map(async (node) => {
      const ip = kubeNode(m, node)?.internalIP;
      if (!ip) return { node, ip };
      const url = `http://${ip}:${config.monitorPort}/`;
      return { node, ip, r: await curlFrom(ctx.shell, { kind: 'node', node }, url, ctx.timeoutMs) };
    }),
  );
  for (const { node, ip, r } of probes) {
    if (!ip || !r) {
      s.evidence(msg(`${node}: node address unknown`, `${node}: ノードのアドレスが不明です`));
      continue;
    }
    ctx.keep(r.artifact);
    s.ran(r.ran);
    s.evidence(mapText(r.excerpt, (x) => `${node} → ${ip}:${config.monitorPort}: ${x}`));
    if (r.unavailable || r.tcpConnected) continue;
    s.cause({
      fault: 'ipf-check-failing',
      node,
      summary: msg(
        `port ${config.monitorPort} does not answer on ${node} (${r.connect}): the check of ${configLabel(config)} fails there`,
        `${node} でポート ${config.monitorPort} が応答しません（${r.connect}）。${configLabel(config)} のチェックはそこで失敗します`,
      ),
      fix: msg(
        `Make the router (port ${config.monitorPort}) answer on ${node}, or fix OPENSHIFT_HA_MONITOR_PORT.`,
        `${node} でルーター（ポート ${config.monitorPort}）が応答するようにするか、OPENSHIFT_HA_MONITOR_PORT を修正してください。`,
      ),
      evidence: [mapText(r.excerpt, (x) => `${r.ran.argv.join(' ')} → ${x}`)],
    });
    s.fail(
      msg(
        `port ${config.monitorPort} does not answer on ${node}`,
        `${node} でポート ${config.monitorPort} が応答しません`,
      ),
    );
  }
}

interface VipPing {
  readonly node: string;
  readonly vip: string;
  readonly r: PingOutcome;
}

/** ipf-debug.sh's second matrix: every keepalived node pings every VIP of the URL. */
function pingVips(ctx: WalkContext, path: FailoverPath): Promise<readonly VipPing[]> {
  return Promise.all(
    path.nodes.flatMap((node) =>
      path.vips.map(async (vip) => ({
        node,
        vip,
        r: await ctx.pingFromNode(node, vip),
      })),
    ),
  );
}

function judgeVipPings(ctx: WalkContext, s: StepScope, path: FailoverPath, pings: readonly VipPing[]): void {
  const failed: string[] = [];
  for (const { node, vip, r } of pings) {
    ctx.keep(r.artifact);
    s.ran(r.ran);
    s.evidence(mapText(r.excerpt, (x) => `${node} → ${vip}: ${x}`));
    // an unheld VIP answers nobody: that is failover.holders' cause, not a path problem here
    const held = (holdersOf(ctx.model(), path, vip)?.length ?? 0) > 0;
    if (!r.unavailable && (r.received ?? 0) === 0 && held) failed.push(`${node} → ${vip}`);
  }
  if (failed.length > 0)
    s.fail(msg(`no ping answer: ${failed.join(', ')}`, `ping の応答なし: ${failed.join(', ')}`));
}
