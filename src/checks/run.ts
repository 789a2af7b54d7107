/**
 * The check runner (DESIGN.md §2, §6): runs every check over the model, turns missing facets into
 * `unknown` (never `pass`), survives a check that throws, and sorts the result deterministically
 * (guide section order, then node and object).
 */
import { msg, type Msg } from '../i18n/message.js';
import { pipelineOf, ruleVersionOf } from '../model/pipeline.js';
import { compareSections } from '../model/sections.js';
import type { ClusterFacet, ClusterModel, NodeFacet, NodeFacts } from '../model/types.js';
import { allNodeNames } from './lib/nodes.js';
import { ALL_CHECKS } from './rules/index.js';
import type { CheckDefinition, CheckStatus, Finding } from './types.js';

export interface CheckRunResult {
  readonly findings: readonly Finding[];
  readonly statuses: readonly CheckStatus[];
}

/** Runs `checks` (default: every check) over `model`. Never throws. */
export function runChecks(
  model: ClusterModel,
  checks: readonly CheckDefinition[] = ALL_CHECKS,
): CheckRunResult {
  const ordered = [...checks].sort((a, b) => compareSections(a.section, b.section));
  const findings: Finding[] = [];
  const statuses: CheckStatus[] = [];
  for (const def of ordered) {
    const r = runOne(model, def);
    findings.push(...r.findings.sort(compareFindings));
    statuses.push(r.status);
  }
  return { findings, statuses };
}

function runOne(model: ClusterModel, def: CheckDefinition): { findings: Finding[]; status: CheckStatus } {
  const findings: Finding[] = [];
  const unknown: { node?: string; reason: Msg }[] = [];
  const status = (): CheckStatus => ({
    check: def.id,
    section: def.section,
    title: def.title,
    status: findings.length ? 'fail' : unknown.length ? 'unknown' : 'pass',
    unknown,
  });

  const missingCluster = (def.requires.cluster ?? []).filter((f) => model[f] === undefined);
  if (missingCluster.length) {
    unknown.push({ reason: missingFacetReason(missingCluster.map((f) => CLUSTER_FACET_NAMES[f])) });
    return { findings, status: status() };
  }

  const nodeFacets = def.requires.node ?? [];
  const nodes: string[] = [];
  for (const node of allNodeNames(model)) {
    const facts = model.nodeFacts[node];
    const missing = nodeFacets.filter((f) => !hasNodeFacet(facts, f));
    if (missing.length)
      unknown.push({ node, reason: missingFacetReason(missing.map((f) => NODE_FACET_NAMES[f])) });
    else if (def.requires.layout && facts && facts.ovs.flows && !pipelineOf(facts))
      unknown.push({ node, reason: unmodeledReason(ruleVersionOf(facts)) });
    else nodes.push(node);
  }
  if (nodeFacets.length && !nodes.length && !unknown.length) {
    unknown.push({ reason: msg('no node data in the collection', '収集データにノードの情報がありません') });
  }

  try {
    def.run({
      model,
      nodes,
      report(f) {
        const fault = 'fault' in f ? f.fault : def.fault;
        findings.push({
          ...f,
          check: def.id,
          section: def.section,
          severity: f.severity ?? def.severity,
          ...(fault ? { fault } : {}),
        });
      },
      layout(node) {
        const layout = pipelineOf(model.nodeFacts[node]);
        if (!layout) throw new Error(`no modeled pipeline layout for node ${node}`);
        return layout;
      },
      unknown(reason, node) {
        unknown.push(node === undefined ? { reason } : { node, reason });
      },
    });
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    unknown.push({
      reason: msg(`the check failed: ${text}`, `チェックの実行に失敗しました: ${text}`),
    });
  }
  return { findings, status: status() };
}

/** Same words as the input warning (model/build/node-facts.ts) so both read as one cause. */
function unmodeledReason(ruleVersion: number | undefined): Msg {
  return ruleVersion === undefined
    ? msg(
        'br0 has no table 253 note: the rule version, hence the pipeline layout, is unknown',
        'br0 にテーブル 253 の注記がなく、ルールバージョン（パイプラインの構成）が分かりません',
      )
    : msg(
        `rule version ${ruleVersion} is not modeled`,
        `ルールバージョン ${ruleVersion} はモデル化されていません`,
      );
}

function hasNodeFacet(facts: NodeFacts | undefined, facet: NodeFacet): boolean {
  if (!facts) return false;
  if (facet.startsWith('ovs.')) {
    const key = facet.slice(4) as keyof NodeFacts['ovs'];
    return facts.ovs[key] !== undefined;
  }
  return facts[facet as Exclude<NodeFacet, `ovs.${string}`>] !== undefined;
}

const CLUSTER_FACET_NAMES: Readonly<Record<ClusterFacet, string>> = {
  clusterNetwork: 'ClusterNetwork',
  hostSubnets: 'HostSubnets',
  netNamespaces: 'NetNamespaces',
  namespaces: 'Namespaces',
  networkPolicies: 'NetworkPolicies',
  nodes: 'Nodes',
  pods: 'Pods',
  services: 'Services',
  endpoints: 'Endpoints',
  routes: 'Routes',
  dnsLookups: 'DNS answers (dig)',
  ipFailovers: 'DeploymentConfigs/Deployments (ipfailover)',
  nics: 'ethtool -S eth0 in the pods / ethtool -i (39.13.3)',
};

const NODE_FACET_NAMES: Readonly<Record<NodeFacet, string>> = {
  links: 'ip addr',
  routes: 'ip route',
  sysctls: 'sysctl',
  'ovs.bridges': 'ovs-vsctl list-br',
  'ovs.show': 'ovs-vsctl show',
  'ovs.ports': 'ovs-ofctl dump-ports-desc br0',
  'ovs.flows': 'ovs-ofctl dump-flows br0',
  'ovs.groups': 'ovs-ofctl dump-groups br0',
  iptables: 'iptables-save',
  resolvConf: '/etc/resolv.conf',
  nodeConfig: 'node config',
  journal: 'journalctl (node service)',
  nodeJournal: 'journalctl (the node, kubelet and docker)',
  processes: 'ps',
  keepalivedLog: 'journalctl (keepalived)',
};

function missingFacetReason(names: readonly string[]): Msg {
  const list = names.join(', ');
  return msg(
    `not in the collection (or unreadable): ${list}`,
    `収集データにない（または読み取れない）ため判定できません: ${list}`,
  );
}

function compareFindings(a: Finding, b: Finding): number {
  const keys: (keyof Finding)[] = ['node', 'pod', 'service', 'route'];
  for (const k of keys) {
    const d = String(a[k] ?? '').localeCompare(String(b[k] ?? ''));
    if (d) return d;
  }
  return a.message.en.localeCompare(b.message.en);
}
