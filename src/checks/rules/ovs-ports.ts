/**
 * 39.7.4 / 39.7.1: br0 exists, vxlan0 is its port 1 and tun0 its port 2, and "とくにアクティブな
 * すべての Pod の vethX デバイスがポートとして表示されるはずです". A pod is matched to its port through
 * the `in_port` of its table 20 flow; a flow whose port is gone means the pod's veth left br0.
 */
import { count, msg } from '../../i18n/message.js';
import type { OvsPort, Pod } from '../../model/types.js';
import { defineCheck } from '../define.js';
import { lineEvidence, summaryEvidence } from '../lib/evidence.js';
import { findFlows, matchValue } from '../lib/flows.js';
import { bridgeNames, portByName, resolvePort } from '../lib/ovs.js';
import { localSdnPods } from '../lib/pods.js';
import type { CheckContext } from '../types.js';
import { objectKey } from '../../model/object-key.js';

/** 39.7.1: the fixed ports of br0. */
const FIXED_PORTS = [
  { name: 'vxlan0', ofport: 1 },
  { name: 'tun0', ofport: 2 },
] as const;

export default defineCheck({
  id: 'ovs-ports',
  section: '7.4',
  severity: 'error',
  fault: 'ovs-port-missing',
  title: msg(
    'br0 has vxlan0, tun0 and a port for every local pod',
    'br0 に vxlan0、tun0、およびすべてのローカル Pod のポートがある',
  ),
  requires: { node: ['ovs.ports'] },
  run(ctx) {
    if (!ctx.model.pods)
      ctx.unknown(
        msg(
          'pods not collected: pod ports cannot be checked',
          'Pod が収集されていないため、Pod のポートを確認できません',
        ),
      );
    for (const node of ctx.nodes) {
      const facts = ctx.model.nodeFacts[node];
      const ports = facts?.ovs.ports;
      if (!facts || !ports) continue;
      const bridges = bridgeNames(facts);
      if (bridges && !bridges.names.includes('br0')) {
        ctx.report({
          node,
          fault: undefined,
          message: msg(
            `Node ${node} has no OVS bridge br0.`,
            `ノード ${node} に OVS ブリッジ br0 がありません。`,
          ),
          fix: msg(
            `Check that the OVS pod / openvswitch service runs on ${node}, then restart the node service so it creates br0 (39.10).`,
            `${node} で OVS Pod／openvswitch サービスが動作していることを確認し、ノードサービスを再起動して br0 を作成させてください（39.10）。`,
          ),
          evidence: [
            summaryEvidence(
              bridges.artifact,
              bridges.names.length
                ? `ovs-vsctl: bridges ${bridges.names.join(', ')}`
                : msg('ovs-vsctl: no bridge', 'ovs-vsctl: ブリッジがありません'),
            ),
          ],
        });
        continue;
      }
      checkFixedPorts(ctx, node, ports.value, ports.artifact);
      if (ctx.model.pods) checkPodPorts(ctx, node, ports.value, ports.artifact);
    }
  },
});

function checkFixedPorts(ctx: CheckContext, node: string, ports: readonly OvsPort[], artifact: string): void {
  for (const want of FIXED_PORTS) {
    const port = portByName(ports, want.name);
    if (port && port.ofport === want.ofport) continue;
    ctx.report({
      node,
      fault: undefined,
      message: port
        ? msg(
            `${want.name} is port ${port.ofport} of br0 on node ${node}, not port ${want.ofport}: the flows of table 0 no longer see its traffic.`,
            `ノード ${node} の br0 で ${want.name} がポート ${want.ofport} ではなくポート ${port.ofport} になっています。テーブル 0 のフローがそのトラフィックを識別できません。`,
          )
        : msg(
            `br0 on node ${node} has no ${want.name} port (expected port ${want.ofport}).`,
            `ノード ${node} の br0 に ${want.name} ポート（ポート ${want.ofport}）がありません。`,
          ),
      fix: msg(
        `Restart the node service on ${node}: openshift-sdn rebuilds br0 with vxlan0 = 1 and tun0 = 2.`,
        `${node} のノードサービスを再起動してください。openshift-sdn が vxlan0 = 1、tun0 = 2 で br0 を再構築します。`,
      ),
      evidence: [
        port
          ? lineEvidence(artifact, port)
          : summaryEvidence(
              artifact,
              msg(`dump-ports-desc br0: no ${want.name}`, `dump-ports-desc br0: ${want.name} がありません`),
            ),
      ],
    });
  }
}

function checkPodPorts(ctx: CheckContext, node: string, ports: readonly OvsPort[], artifact: string): void {
  const flows = ctx.model.nodeFacts[node]?.ovs.flows;
  const pods = localSdnPods(ctx.model, node);
  const unmapped: Pod[] = [];
  for (const pod of pods) {
    const fromPod = flows
      ? findFlows(flows.value, { table: 20, fields: { nw_src: pod.podIP as string } })
      : [];
    const refs = [...new Set(fromPod.map((f) => matchValue(f, 'in_port')).filter((x): x is string => !!x))];
    if (!refs.length) {
      unmapped.push(pod);
      continue;
    }
    for (const ref of refs) {
      if (resolvePort(ports, ref)) continue;
      const flow = fromPod.find((f) => matchValue(f, 'in_port') === ref);
      ctx.report({
        node,
        pod: objectKey(pod),
        message: msg(
          `Pod ${objectKey(pod)} (${pod.podIP}) on node ${node}: its table 20 flow expects it on br0 port ${ref}, but br0 has no such port — the pod's veth is not on the bridge.`,
          `ノード ${node} の Pod ${objectKey(pod)}（${pod.podIP}）: テーブル 20 のフローは br0 のポート ${ref} を前提としていますが、そのポートが br0 にありません。Pod の veth がブリッジに接続されていません。`,
        ),
        fix: msg(
          `Delete the pod so it is recreated and plugged into br0 (oc delete pod ${pod.name} -n ${pod.namespace}).`,
          `Pod を削除して再作成させ、br0 に接続し直してください（oc delete pod ${pod.name} -n ${pod.namespace}）。`,
        ),
        evidence: [
          ...(flow && flows ? [lineEvidence(flows.artifact, flow)] : []),
          summaryEvidence(
            artifact,
            `dump-ports-desc br0: ports ${ports.map((p) => `${p.ofport}(${p.name})`).join(' ')}`,
          ),
        ],
      });
    }
  }
  // Pods without a table 20 flow cannot be matched to a port; compare counts instead.
  const podPorts = ports.filter((p) => typeof p.ofport === 'number' && p.ofport > 2);
  if (unmapped.length && podPorts.length < pods.length) {
    ctx.report({
      node,
      message: msg(
        `br0 on node ${node} has ${count(podPorts.length, 'pod port')} for ${count(pods.length, 'running pod')}; pods without a port flow: ${unmapped.map(objectKey).join(', ')}.`,
        `ノード ${node} の br0 には実行中の Pod ${pods.length} 個に対して Pod 用ポートが ${podPorts.length} 個しかありません。ポートのフローがない Pod: ${unmapped.map(objectKey).join(', ')}`,
      ),
      fix: msg(
        `Delete the listed pods so they are recreated and plugged into br0.`,
        `一覧の Pod を削除して再作成させ、br0 に接続し直してください。`,
      ),
      evidence: [
        summaryEvidence(
          artifact,
          `dump-ports-desc br0: ports ${ports.map((p) => `${p.ofport}(${p.name})`).join(' ')}`,
        ),
      ],
    });
  }
}
