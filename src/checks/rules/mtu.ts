/**
 * 39.8.1 / 39.13.2: the SDN MTU must be at least 50 below the MTU of the node's network interface
 * ("プライマリーネットワークインターフェースの MTU よりも少なくとも 50 単位分下げて"): VXLAN adds 50
 * bytes, so bigger pod packets do not fit and large transfers (builds, TLS handshakes) hang.
 */
import { msg } from '../../i18n/message.js';
import type { LinkEntry } from '../../model/types.js';
import { defineCheck } from '../define.js';
import { lineEvidence, summaryEvidence } from '../lib/evidence.js';
import { expectedNodeIP, linkCarrying } from '../lib/nodes.js';
import { defaultRoute } from '../lib/routes.js';
import type { Evidence } from '../types.js';

/** VXLAN overhead (reference §7.2). */
const VXLAN_OVERHEAD = 50;

export default defineCheck({
  id: 'mtu',
  section: '8, 13.2',
  severity: 'error',
  fault: 'mtu-mismatch',
  title: msg(
    'SDN MTU is at least 50 below the node NIC MTU',
    'SDN の MTU がノードの NIC の MTU より 50 以上小さい',
  ),
  requires: { node: ['links'] },
  run(ctx) {
    for (const node of ctx.nodes) {
      const facts = ctx.model.nodeFacts[node];
      const links = facts?.links;
      if (!facts || !links) continue;
      const nic = nodeNic(links.value, expectedNodeIP(ctx.model, node), facts.routes?.value);
      if (!nic || nic.mtu === undefined) {
        ctx.unknown(
          msg(
            'cannot tell which interface carries the node IP',
            'ノード IP を持つインターフェースを特定できません',
          ),
          node,
        );
        continue;
      }
      const sdn: { value: number; ev: Evidence; what: string }[] = [];
      const tun0 = links.value.find((l) => l.name === 'tun0');
      if (tun0?.mtu !== undefined)
        sdn.push({ value: tun0.mtu, ev: lineEvidence(links.artifact, tun0), what: 'tun0 mtu' });
      const cfg = facts.nodeConfig;
      if (cfg?.value.mtu !== undefined) {
        sdn.push({
          value: cfg.value.mtu,
          ev: summaryEvidence(cfg.artifact, `mtu: ${cfg.value.mtu}`, cfg.value.mtuLine),
          what: 'node config networkConfig.mtu',
        });
      } else {
        // 4.x has no node-config.yaml: the SDN MTU is the Network operator's
        // spec.defaultNetwork.openshiftSDNConfig.mtu, which the operator writes into the
        // ClusterNetwork's `mtu` (openshift-sdn-pipeline.md §7.2), or the target of an MTU migration.
        const op = ctx.model.sdnOperatorConfig;
        if (op?.value.mtu !== undefined) {
          sdn.push({
            value: op.value.mtu,
            ev: summaryEvidence(
              op.artifact,
              `network.operator.openshift.io/cluster openshiftSDNConfig.mtu: ${op.value.mtu}`,
            ),
            what: 'Network operator openshiftSDNConfig.mtu',
          });
        }
        if (op?.value.migrationMtu !== undefined) {
          sdn.push({
            value: op.value.migrationMtu,
            ev: summaryEvidence(
              'api/configmaps.json',
              `openshift-sdn/sdn-config-mtu-migration mtu: ${op.value.migrationMtu}`,
            ),
            what: 'sdn-config-mtu-migration mtu',
          });
        }
        const cn = ctx.model.clusterNetwork;
        if (cn?.value.mtu !== undefined) {
          sdn.push({
            value: cn.value.mtu,
            ev: summaryEvidence(cn.artifact, `clusternetwork mtu: ${cn.value.mtu}`),
            what: 'ClusterNetwork mtu',
          });
        }
      }
      if (!sdn.length) {
        ctx.unknown(
          msg(
            'no SDN MTU known (no tun0, no configured mtu)',
            'SDN の MTU が分かりません（tun0 も MTU 設定もありません）',
          ),
          node,
        );
        continue;
      }
      const limit = nic.mtu - VXLAN_OVERHEAD;
      const bad = sdn.filter((s) => s.value > limit);
      if (!bad.length) continue;
      const values = bad.map((b) => `${b.what} ${b.value}`).join(', ');
      ctx.report({
        node,
        message: msg(
          `On node ${node} the SDN MTU (${values}) is not at least ${VXLAN_OVERHEAD} below ${nic.name}'s MTU ${nic.mtu}: encapsulated packets exceed the link, so large transfers between nodes hang.`,
          `ノード ${node} で SDN の MTU（${values}）が ${nic.name} の MTU ${nic.mtu} より ${VXLAN_OVERHEAD} 以上小さくありません。カプセル化したパケットがリンクに収まらず、ノード間の大きな転送が停止します。`,
        ),
        fix:
          ctx.model.release?.release === '4.x' && !cfg
            ? msg(
                `Lower the cluster network MTU to ${limit} or less: on 4.x it is spec.defaultNetwork.openshiftSDNConfig.mtu of network.operator.openshift.io/cluster (4.8+: the MTU migration procedure, spec.migration.mtu), which the operator writes into the ClusterNetwork.`,
                `クラスターネットワークの MTU を ${limit} 以下にしてください。4.x では network.operator.openshift.io/cluster の spec.defaultNetwork.openshiftSDNConfig.mtu で（4.8 以降は MTU 移行手順 spec.migration.mtu）、オペレーターが ClusterNetwork に書き込みます。`,
              )
            : msg(
                `Set networkConfig.mtu to ${limit} or less in the node config (config map node-config-*), then restart the node service.`,
                `ノード設定（設定マップ node-config-*）の networkConfig.mtu を ${limit} 以下にし、ノードサービスを再起動してください。`,
              ),
        evidence: [...bad.map((b) => b.ev), lineEvidence(links.artifact, nic)],
      });
    }
  },
});

/** The interface carrying the node IP, else the default route's interface. */
function nodeNic(
  links: readonly LinkEntry[],
  nodeIP: string | undefined,
  routes: Parameters<typeof defaultRoute>[0] | undefined,
): LinkEntry | undefined {
  const byIP = nodeIP ? linkCarrying(links, nodeIP) : undefined;
  if (byIP) return byIP;
  const dev = routes ? defaultRoute(routes)?.dev : undefined;
  return dev ? links.find((l) => l.name === dev) : undefined;
}
