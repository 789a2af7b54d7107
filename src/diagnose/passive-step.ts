/**
 * A step of the walk answered by the passive checks (the same checks as `analyze`) over the
 * nodes the walk needs: findings with a fault id become causes; a check that could not decide
 * for one of those nodes makes the step `unknown` with its reason, never `pass`.
 */
import { foldTlsStall } from './tls-stall.js';
import type { ArtifactKind } from '../artifacts/types.js';
import { ALL_CHECKS } from '../checks/rules/index.js';
import type { Finding } from '../checks/types.js';
import { count, mapText, msg, render, type Msg } from '../i18n/message.js';
import type { FaultId } from '../model/faults.js';
import type { WalkContext } from './context.js';
import type { StepRecorder, StepScope } from './recorder.js';
import type { Candidate } from './root-cause.js';
import type { WalkState } from './state.js';
import type { StepId } from './types.js';

interface PassiveSpec {
  readonly faults: readonly FaultId[];
  readonly kinds: readonly ArtifactKind[];
  /**
   * Checks without a fault id whose findings fail the step (as evidence, not causes): a VIP held
   * twice is what ipf-vrrp-blocked does, seen from the addresses. Default: the section's checks
   * count for their unknowns only.
   */
  readonly checks?: readonly string[];
  /** Cluster-level faults of this step: decided from the API alone (no node facts needed). */
  readonly clusterLevel?: readonly FaultId[];
}

/** Faults each passive step answers for, and the node commands it reads (DESIGN.md §5). */
export const PASSIVE: Partial<Record<StepId, PassiveSpec>> = {
  'external.router-host': { faults: ['dns-wrong-ip'], kinds: [] },
  'router.route': { faults: ['route-missing'], kinds: [] },
  'service.endpoints': { faults: ['svc-no-endpoints'], kinds: [] },
  'nodes.hostsubnets': { faults: ['hostsubnet-stale'], kinds: ['ip-addr'] },
  'local.ip-forward': { faults: ['ip-forward-off'], kinds: ['sysctl'] },
  'local.routes': { faults: ['cluster-route-missing'], kinds: ['ip-route'] },
  // 39.7.4 and pipeline reference §5: br0's flows, with table 80 against the NetworkPolicies and the
  // VNIDs of tables 20/60 against the NetNamespaces (issue 11) on the networkpolicy and multitenant plugins;
  // 39.13.3: the port the flows use for a pod is that pod's own veth (ethtool -S eth0 in the pod)
  'local.ovs': {
    faults: [
      'ovs-port-missing',
      'flow-tun-src-missing',
      'flow-tun-dst-missing',
      'flow-pod-missing',
      'policy-flow-missing',
      'policy-flow-stale',
      'vnid-mismatch',
      'veth-peer-mismatch',
    ],
    kinds: ['ovs-list-br', 'ovs-show', 'ovs-ports', 'ovs-flows', 'ovs-groups', 'ethtool-stats'],
  },
  'local.iptables': {
    faults: ['iptables-drop', 'svc-masquerade-missing', 'router-timeout'],
    kinds: ['iptables-save'],
  },
  mtu: { faults: ['mtu-mismatch'], kinds: ['ip-addr', 'node-config'] },
  'egress-dns': { faults: ['egress-dns-wildcard'], kinds: ['resolv-conf'] },
  logs: { faults: ['sdn-setup-error'], kinds: ['node-journal', 'sdn-pod-log'] },
  // 39.11 reads `iptables -t nat -L`; the kube-proxy check reads the same rules from iptables-save,
  // so the listing is not run again here (collect still keeps it in bundles for people).
  'kube-proxy': { faults: ['svc-nat-missing'], kinds: ['iptables-save'] },
  // §12 (ipf-debug.sh): the failover layer in front of the router, on the nodes keepalived runs on.
  'failover.holders': { faults: ['ipf-vip-unheld'], kinds: ['ip-addr'], checks: ['ipf-vip-split-brain'] },
  'failover.keepalived': {
    faults: ['ipf-keepalived-down', 'ipf-interface-missing'],
    kinds: ['processes', 'keepalived-log', 'ip-addr'],
    checks: [],
  },
  'failover.vrrp': {
    faults: ['ipf-vrrp-blocked', 'ipf-vrrp-id-conflict'],
    kinds: ['iptables-save'],
    clusterLevel: ['ipf-vrrp-id-conflict'],
    checks: [],
  },
  'failover.monitor': { faults: ['ipf-check-failing'], kinds: ['keepalived-log'], checks: [] },
  'failover.vip-matrix': { faults: [], kinds: ['ip-route'], checks: ['ipf-vip-route'] },
};

/** A finding as a root-cause candidate. */
export function findingToCandidate(f: Finding & { fault: FaultId }, step: StepId): Candidate {
  return {
    fault: f.fault,
    section: f.section,
    ...(f.node ? { node: f.node } : {}),
    ...(f.pod ? { pod: f.pod } : {}),
    ...(f.service ? { service: f.service } : {}),
    ...(f.route ? { route: f.route } : {}),
    ...(f.policy ? { policy: f.policy } : {}),
    summary: f.message,
    fix: f.fix,
    evidence: f.evidence.map((e) =>
      mapText(e.excerpt, (x) => `${e.artifact}${e.line ? `:${e.line}` : ''}: ${x}`),
    ),
    step,
    text: [f.message.en, ...f.evidence.map((e) => render(e.excerpt, 'en'))].join('\n'),
  };
}

/**
 * Runs a passive step: `extra` may add evidence or active probes first; then the findings of the
 * step's faults on the walk's nodes (or cluster-wide ones) become causes.
 */
export async function passiveStep(
  ctx: WalkContext,
  rec: StepRecorder,
  st: WalkState,
  id: StepId,
  section: string,
  title: Msg,
  extra?: (s: StepScope) => Promise<void> | void,
  /** The nodes the step judges (default: the walk's path, else every node read so far). */
  onNodes?: readonly string[],
): Promise<void> {
  const spec = PASSIVE[id];
  await rec.run(id, section, title, async (s) => {
    await extra?.(s);
    if (!spec) return;
    const nodes = new Set(onNodes ?? (st.nodes.length > 0 ? st.nodes : ctx.collectedNodes()));
    // Node facts of no node are no evidence of health: without a node on the path, unknown.
    const needsNodes =
      spec.kinds.length > 0 &&
      (spec.faults.some((f) => !CLUSTER_LEVEL.has(f) && !spec.clusterLevel?.includes(f)) ||
        (spec.checks?.length ?? 0) > 0);
    if (needsNodes && nodes.size === 0) {
      s.unknown(
        msg(
          'no node on the path could be determined (router and endpoints unknown)',
          '経路上のノードを特定できませんでした (ルーターとエンドポイントが不明)',
        ),
      );
      return;
    }
    for (const n of nodes) {
      for (const a of ctx.artifacts.filter(
        (x) => x.node === n && spec.kinds.includes(x.kind) && x.id.startsWith('nodes/'),
      )) {
        s.ran({ where: a.where ?? `node/${n}`, argv: a.argv });
        if (a.error) s.evidence(`${n}: ${a.argv.join(' ')}: ${a.error}`);
      }
    }
    const p = ctx.passive();
    const onPath = (f: Finding): boolean =>
      f.severity !== 'info' && (f.node === undefined || nodes.has(f.node));
    const findings = p.findings.filter(
      (f): f is Finding & { fault: FaultId } =>
        f.fault !== undefined && spec.faults.includes(f.fault) && onPath(f),
    );
    for (const f of findings) {
      const c = foldTlsStall(findingToCandidate(f, id), st);
      s.cause(c);
      s.evidence(...c.evidence);
    }
    const seen = p.findings.filter(
      (f) => f.fault === undefined && spec.checks?.includes(f.check) && onPath(f),
    );
    for (const f of seen) s.evidence(f.message, ...f.evidence.map((e) => e.excerpt));
    const statuses = p.statuses.filter((x) => {
      const fault = FAULT_OF_CHECK.get(x.check);
      if (spec.checks)
        return spec.checks.includes(x.check) || (fault !== undefined && spec.faults.includes(fault));
      // A check that reports several faults declares none: it belongs to the step of its section.
      return fault !== undefined ? spec.faults.includes(fault) : x.section === section;
    });
    const unknowns = statuses.flatMap((x) =>
      x.unknown.filter((u) => u.node === undefined || nodes.has(u.node)),
    );
    for (const u of unknowns)
      s.evidence(
        u.node
          ? mapText(u.reason, (x) => `${u.node}: ${x}`)
          : msg(`cluster: ${u.reason.en}`, `クラスター: ${u.reason.ja}`),
      );
    if (findings.length + seen.length > 0) {
      const what = [...new Set([...findings.map((f) => f.fault), ...seen.map((f) => f.check)])].join(', ');
      const n = findings.length + seen.length;
      s.fail(msg(`${count(n, 'finding')}: ${what}`, `検出 ${n} 件: ${what}`));
    } else if (unknowns.length > 0) {
      const r = unknowns[0]!;
      s.unknown(
        msg(
          `could not be checked${r.node ? ` on ${r.node}` : ''}: ${r.reason.en}`,
          `確認できませんでした${r.node ? ` (${r.node})` : ''}: ${r.reason.ja}`,
        ),
      );
    } else if (statuses.length === 0) {
      s.unknown(msg('no passive check answered for this section', 'この節に答える受動チェックがありません'));
    } else {
      s.pass(
        msg(
          `no problem found on ${[...nodes].join(', ') || 'the cluster'}`,
          `${[...nodes].join(', ') || 'クラスター'} で問題は見つかりません`,
        ),
      );
    }
  });
}

/** Faults decided from API objects alone (no node facts needed). */
const CLUSTER_LEVEL: ReadonlySet<FaultId> = new Set<FaultId>([
  'hostsubnet-stale',
  'route-missing',
  'svc-no-endpoints',
  'dns-wrong-ip',
]);

/** The fault each check answers for (its definition's `fault`). */
const FAULT_OF_CHECK: ReadonlyMap<string, FaultId> = new Map(
  ALL_CHECKS.filter((c) => c.fault !== undefined).map((c) => [c.id, c.fault!]),
);
