/**
 * 39.7.4.1 / reference §7.3: openshift-sdn's nat chain OPENSHIFT-MASQUERADE (jumped to from
 * POSTROUTING) masquerades pod traffic leaving the cluster network. With the subnet and multitenant
 * plugins (rule version < 13) it must also masquerade pod → service → pod traffic: the endpoint
 * then replies to tun0's address, the reply comes back through tun0 and is un-DNATed; without it the
 * reply goes straight to the client pod with the wrong source and the connection is reset.
 * Checked by walking POSTROUTING with concrete packets, so a RETURN inserted before the MASQUERADE
 * rule is caught as surely as a deleted chain.
 */
import { msg } from '../../i18n/message.js';
import type { IptablesRule, IptablesTable } from '../../model/types.js';
import { defineCheck } from '../define.js';
import { formatIp, nthAddress, parseCidr } from '../../net/ipv4.js';
import { lineEvidence, summaryEvidence } from '../lib/evidence.js';
import { versionNote } from '../lib/flows.js';
import { chainExists, rulesOf, tableNamed, targetOf, walkChain, type Packet } from '../lib/iptables.js';
import { remoteHostSubnets } from '../lib/nodes.js';
import { pluginKindById, pluginKindOf } from '../lib/plugin.js';
import { EXTERNAL_IP, nodeTraffic } from '../lib/traffic.js';
import type { CheckContext, Evidence } from '../types.js';

const CHAIN = 'OPENSHIFT-MASQUERADE';
const SNAT_VERDICTS = new Set(['MASQUERADE', 'SNAT']);

export default defineCheck({
  id: 'masquerade',
  section: '7.4.1',
  severity: 'error',
  fault: 'svc-masquerade-missing',
  title: msg(
    'OPENSHIFT-MASQUERADE masquerades pod traffic',
    'OPENSHIFT-MASQUERADE が Pod のトラフィックをマスカレードしている',
  ),
  requires: { cluster: ['clusterNetwork', 'hostSubnets'], node: ['iptables'] },
  run(ctx) {
    for (const node of ctx.nodes) {
      const src = ctx.model.nodeFacts[node]?.iptables;
      const nat = src && tableNamed(src.value, 'nat');
      const t = nodeTraffic(ctx.model, node);
      if (!src || !nat || !nat.committed || !t) {
        ctx.unknown(
          !t
            ? msg(
                'the node has no HostSubnet or known IP',
                'ノードに HostSubnet または既知の IP がありません',
              )
            : msg(
                'the nat table is missing or truncated in iptables-save',
                'iptables-save の nat テーブルがないか、途中で切れています',
              ),
          node,
        );
        continue;
      }
      const header: Evidence = summaryEvidence(src.artifact, '*nat', nat.line);
      const jumps = rulesOf(nat, 'POSTROUTING').filter((r) => targetOf(r) === CHAIN);
      if (!chainExists(nat, CHAIN) || !jumps.length) {
        report(ctx, node, chainExists(nat, CHAIN) ? 'no-jump' : 'no-chain', [header]);
        continue;
      }
      const kind = pluginKind(ctx, node);
      const flows = ctx.model.nodeFacts[node]?.ovs.flows;
      const ruleVersion = flows ? versionNote(flows.value)?.ruleVersion : undefined;
      const egress: Packet = {
        proto: 'tcp',
        dport: 443,
        src: t.podIP,
        dst: EXTERNAL_IP,
        ...(t.nic ? { out: t.nic } : {}),
      };
      const failures = [probe(nat, egress, 'egress')];
      // 4.13+ (rule version 13) and networkpolicy handle hairpin in OVS conntrack instead.
      if (kind === 'networkpolicy' || (ruleVersion !== undefined && ruleVersion >= 13)) {
        // nothing more to check
      } else if (kind === undefined) {
        ctx.unknown(
          msg(
            'plugin unknown: pod → service → pod masquerading not checked',
            'プラグインが不明なため、Pod → サービス → Pod のマスカレードは確認していません',
          ),
          node,
        );
      } else {
        const other = otherPodIP(ctx, node) ?? t.podIP;
        failures.push(
          probe(nat, { proto: 'tcp', dport: 8080, src: t.podIP, dst: other, out: 'tun0' }, 'hairpin'),
        );
      }
      const failed = failures.filter((f): f is Failure => !!f);
      if (failed.length) reportFailures(ctx, node, nat, src.artifact, failed);
    }
  },
});

function pluginKind(ctx: CheckContext, node: string) {
  const facts = ctx.model.nodeFacts[node];
  const note = facts?.ovs.flows ? versionNote(facts.ovs.flows.value) : undefined;
  return (
    pluginKindOf(ctx.model.clusterNetwork?.value.pluginName) ??
    pluginKindOf(facts?.nodeConfig?.value.networkPluginName) ??
    (note ? pluginKindById(note.pluginId) : undefined)
  );
}

/** A pod address on another node (service traffic often crosses nodes). */
function otherPodIP(ctx: CheckContext, node: string): string | undefined {
  const remote = remoteHostSubnets(ctx.model, node)[0];
  const c = remote && parseCidr(remote.subnet);
  return c ? formatIp(nthAddress(c, 2)) : undefined;
}

interface Failure {
  readonly kind: 'egress' | 'hairpin';
  readonly pkt: Packet;
  /** The rule that sent the packet back out of OPENSHIFT-MASQUERADE, if one did. */
  readonly culprit?: IptablesRule;
}

/** Walks POSTROUTING with one packet; a failure when nothing masquerades it. */
function probe(nat: IptablesTable, pkt: Packet, kind: Failure['kind']): Failure | undefined {
  const r = walkChain(nat, 'POSTROUTING', pkt);
  if (SNAT_VERDICTS.has(r.verdict)) return undefined;
  const culprit = [...r.path].reverse().find((x) => x.chain.startsWith(CHAIN) && targetOf(x) === 'RETURN');
  return culprit ? { kind, pkt, culprit } : { kind, pkt };
}

/** One finding per node for every kind of pod traffic left unmasqueraded. */
function reportFailures(
  ctx: CheckContext,
  node: string,
  nat: IptablesTable,
  artifact: string,
  failed: readonly Failure[],
): void {
  const evidence: Evidence[] = [];
  const culprits = [...new Set(failed.map((f) => f.culprit).filter((x): x is IptablesRule => !!x))];
  if (culprits.length) evidence.push(...culprits.map((x) => lineEvidence(artifact, x)));
  else {
    const chainRules = rulesOf(nat, CHAIN);
    const pairs = failed.map((f) => `${f.pkt.src} → ${f.pkt.dst}`).join(', ');
    evidence.push(
      summaryEvidence(
        artifact,
        msg(
          `no rule of ${CHAIN} masquerades ${pairs}`,
          `${CHAIN} のどのルールも ${pairs} をマスカレードしません`,
        ),
      ),
      ...chainRules.map((x) => lineEvidence(artifact, x)),
    );
  }
  const parts = failed.map((f) => sentence(node, f));
  ctx.report({
    node,
    message: msg(parts.map((p) => p.en).join(' '), parts.map((p) => p.ja).join('')),
    fix: FIX,
    evidence,
  });
}

function sentence(node: string, f: Failure) {
  const by = f.culprit ? ` (${f.culprit.raw.trim()})` : '';
  const { src, dst } = f.pkt;
  return f.kind === 'egress'
    ? msg(
        `Pod traffic leaving the cluster from node ${node} (${src} → ${dst}) is not masqueraded${by}: replies from outside never come back.`,
        `ノード ${node} からクラスター外へ出る Pod のトラフィック（${src} → ${dst}）がマスカレードされません${by}。外部からの応答が戻りません。`,
      )
    : msg(
        `Pod → service → pod traffic on node ${node} (${src} → ${dst}) is not masqueraded${by}: the endpoint's reply bypasses tun0 and connections through service IPs are reset.`,
        `ノード ${node} の Pod → サービス → Pod のトラフィック（${src} → ${dst}）がマスカレードされません${by}。エンドポイントの応答が tun0 を経由せず、サービス IP 経由の接続がリセットされます。`,
      );
}

const FIX = msg(
  `Remove the rule that returns early, or restart the node service so openshift-sdn rewrites ${CHAIN} (it resyncs its chains every iptablesSyncPeriod).`,
  `早期に RETURN しているルールを削除するか、ノードサービスを再起動して openshift-sdn に ${CHAIN} を書き直させてください（iptablesSyncPeriod ごとに再同期されます）。`,
);

function report(ctx: CheckContext, node: string, kind: 'no-chain' | 'no-jump', evidence: Evidence[]): void {
  const message =
    kind === 'no-chain'
      ? msg(
          `Node ${node} has no ${CHAIN} chain in the nat table: pod traffic is not masqueraded.`,
          `ノード ${node} の nat テーブルに ${CHAIN} チェーンがありません。Pod のトラフィックがマスカレードされません。`,
        )
      : msg(
          `POSTROUTING on node ${node} does not jump to ${CHAIN}: pod traffic is not masqueraded.`,
          `ノード ${node} の POSTROUTING から ${CHAIN} へのジャンプがありません。Pod のトラフィックがマスカレードされません。`,
        );
  ctx.report({ node, message, fix: FIX, evidence });
}
