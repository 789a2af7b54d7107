/**
 * Every prose text of a cluster trace, English and Japanese, in one place: the steps (what a node
 * did) and the causes (why a packet did not arrive). Steps are functions of their facts so that a
 * verdict-only trace never formats them (see `ClusterDataplane.say`).
 */
import type { Pod } from '../../model/types.js';
import type { TableRole } from '../../model/pipeline.js';
import { msg, type Msg } from '../../i18n/message.js';
import { formatIp } from '../../net/ipv4.js';
import type { PortTable } from '../engine/ports.js';

/**
 * What a drop in an openshift-sdn table usually means (pipeline reference §2, guide 39.7.4), by the
 * table's role in the node's rule version (PipelineLayout):
 * table 100 is egress IP up to rule version 10 and EgressNetworkPolicy from 11, table 30 routing
 * before 13 and conntrack setup from 13 (pipeline reference §0, §3).
 */
export const ROLE_HINTS: Readonly<Partial<Record<TableRole, Msg>>> = {
  vxlanIngress: msg(
    'no tun_src flow for the sending node (39.7.4)',
    '送信元ノードの tun_src フローがありません（39.7.4）',
  ),
  fromPod: msg('no flow for the source pod (39.7.4)', '送信元 Pod のフローがありません（39.7.4）'),
  arpToLocalPod: msg(
    'no ARP flow for the destination pod (39.7.4)',
    '宛先 Pod の ARP フローがありません（39.7.4）',
  ),
  arpToRemote: msg(
    "no ARP flow for the destination node's HostSubnet (39.7.4)",
    '宛先ノードの HostSubnet への ARP フローがありません（39.7.4）',
  ),
  toLocalPod: msg('no flow for the destination pod (39.7.4)', '宛先 Pod のフローがありません（39.7.4）'),
  ingressPolicy: msg(
    'isolated by the plugin (project VNIDs or NetworkPolicy)',
    'プラグインによる分離（プロジェクトの VNID または NetworkPolicy）',
  ),
  egressPolicy: msg(
    'isolated by NetworkPolicy egress rules (rule version 13+: 4.10 and later)',
    'NetworkPolicy の egress ルールによる分離（ルールバージョン 13 以降: 4.10 以降）',
  ),
  toRemote: msg(
    "no flow for the destination node's HostSubnet (39.7.4)",
    '宛先ノードの HostSubnet へのフローがありません（39.7.4）',
  ),
  enp: msg(
    "denied by the namespace's EgressNetworkPolicy",
    'Namespace の EgressNetworkPolicy で拒否されています',
  ),
  egressIp: msg(
    'the namespace has egress IPs but no node hosts one (egress IP: drop)',
    'Namespace に egress IP が設定されていますが、それを持つノードがありません（egress IP: 破棄）',
  ),
};

const viaText = (via: string | undefined): string => (via ? `via ${via} ` : '');

/** Step texts: each is called only when the trace records steps. */
export const STEP = {
  unknownPort: (ip: number) =>
    msg(
      `no flow names the br0 port of ${formatIp(ip)}; entering on an unknown port`,
      `${formatIp(ip)} の br0 ポートを示すフローがありません。不明なポートから入ります`,
    ),
  fromPod: (pod: Pod, ip: number, ports: PortTable, port: number) =>
    msg(
      `from pod ${pod.namespace}/${pod.name} (${formatIp(ip)}) into br0 port ${ports.label(port)}`,
      `Pod ${pod.namespace}/${pod.name}（${formatIp(ip)}）から br0 ポート ${ports.label(port)} へ`,
    ),
  fromOutside: (src: number) =>
    msg(
      `from outside (${formatIp(src)}) on the node's underlay interface`,
      `クラスター外（${formatIp(src)}）からノードのアンダーレイインターフェースへ`,
    ),
  brToTun0: () => msg('out of br0 through tun0 into the node', 'br0 から tun0 を通ってノードへ'),
  unmasqueradedToPod: (pod: Pod, client: number, natNode: string) =>
    msg(
      `to pod ${pod.namespace}/${pod.name}, still from the client's own address ${formatIp(client)}: its reply will not pass ${natNode}'s tun0`,
      `Pod ${pod.namespace}/${pod.name} へ。送信元はクライアント自身のアドレス ${formatIp(client)} のままなので、応答は ${natNode} の tun0 を通りません`,
    ),
  toPod: (pod: Pod, label: string) =>
    msg(
      `to pod ${pod.namespace}/${pod.name} on port ${label}`,
      `ポート ${label} の Pod ${pod.namespace}/${pod.name} へ`,
    ),
  toUnknownPort: (ports: PortTable, port: number) =>
    msg(
      `to br0 port ${ports.label(port)} (no known pod)`,
      `br0 ポート ${ports.label(port)} へ（既知の Pod なし）`,
    ),
  vxlanOut: (tunDst: number, vni: number, udpPort: number) =>
    msg(
      `VXLAN to ${formatIp(tunDst)} VNI ${vni} (UDP ${udpPort})`,
      `VXLAN で ${formatIp(tunDst)} へ VNI ${vni}（UDP ${udpPort}）`,
    ),
  underlayRoute: (tunDst: number, via: string | undefined, dev: string | undefined) =>
    msg(
      `underlay route to ${formatIp(tunDst)} via ${via ?? 'direct'} dev ${dev ?? '?'}`,
      `${formatIp(tunDst)} へのアンダーレイ経路: via ${via ?? '直接'} dev ${dev ?? '?'}`,
    ),
  vxlanIn: (sender: string, senderIp: number, vni: number) =>
    msg(
      `VXLAN from ${sender} (${formatIp(senderIp)}), VNI ${vni} → br0 in_port=1`,
      `${sender}（${formatIp(senderIp)}）からの VXLAN、VNI ${vni} → br0 in_port=1`,
    ),
  noIptables: () =>
    msg(
      'iptables not collected: nat and filter assumed empty',
      'iptables が収集されていません: nat と filter は空とみなします',
    ),
  toNodeItselfAt: (node: string, dst: number) =>
    msg(`to node ${node} itself (${formatIp(dst)})`, `ノード ${node} 自身へ（${formatIp(dst)}）`),
  toNodeItself: (node: string) => msg(`to node ${node} itself`, `ノード ${node} 自身へ`),
  forwardingOff: () => msg('drop: forwarding disabled', '破棄: 転送が無効'),
  ipForwardAssumed: () =>
    msg(
      'net.ipv4.ip_forward not collected: assumed 1',
      'net.ipv4.ip_forward が収集されていません: 1 とみなします',
    ),
  route: (dst: number, via: string | undefined, dev: string | undefined) =>
    msg(
      `route to ${formatIp(dst)}: ${viaText(via)}dev ${dev ?? '?'}`,
      `${formatIp(dst)} への経路: ${viaText(via)}dev ${dev ?? '?'}`,
    ),
  tun0ToBr: (src: number) =>
    msg(
      `from the node through tun0 → br0 in_port=2 (src ${formatIp(src)})`,
      `ノードから tun0 を通って → br0 in_port=2（送信元 ${formatIp(src)}）`,
    ),
  toNodeUnderlay: (node: string, dst: number) =>
    msg(
      `to node ${node} (${formatIp(dst)}) over the underlay`,
      `アンダーレイ経由でノード ${node}（${formatIp(dst)}）へ`,
    ),
  leavesCluster: (dev: string | undefined, dst: number) =>
    msg(
      `leaves the cluster via ${dev ?? '?'} toward ${formatIp(dst)}`,
      `${dev ?? '?'} からクラスター外の ${formatIp(dst)} へ出ます`,
    ),
  fromNode: (node: string, src: number) =>
    msg(`from node ${node} (${formatIp(src)})`, `ノード ${node}（${formatIp(src)}）から`),
} as const;

/** Cause texts: why a packet did not arrive (always built: the verdict carries them). */
export const CAUSE = {
  noSourceNode: () =>
    msg(
      'the source has no node (not scheduled, or no nodes collected)',
      '送信元のノードが分かりません（未スケジュール、またはノード情報なし）',
    ),
  notCollected: (node: string, facet: string) =>
    msg(`${facet} of node ${node} was not collected`, `ノード ${node} の ${facet} が収集されていません`),
  loop: () =>
    msg('the packet keeps circling between nodes/bridges', 'パケットがノード/ブリッジ間を循環しています'),
  hinted: (node: string, m: Msg, hint: Msg) =>
    msg(`${m.en} on ${node}: ${hint.en}`, `${node} の${m.ja}: ${hint.ja}`),
  br0Local: () =>
    msg(
      'output to br0 LOCAL, which openshift-sdn keeps down',
      'openshift-sdn では停止している br0 LOCAL への出力',
    ),
  notMasqueraded: (natNode: string) =>
    msg(
      `pod → service traffic is not masqueraded on ${natNode} (OPENSHIFT-MASQUERADE, 39.7.4.1): the endpoint's reply bypasses ${natNode}'s conntrack and the client resets the connection`,
      `${natNode} で Pod → サービスの通信がマスカレードされません（OPENSHIFT-MASQUERADE、39.7.4.1）: エンドポイントの応答が ${natNode} の conntrack を通らず、クライアントが接続をリセットします`,
    ),
  vxlanNoDestination: () =>
    msg('output to vxlan0 without a tunnel destination', 'トンネル宛先なしで vxlan0 へ出力'),
  noTunnelRoute: (node: string, tunDst: number) =>
    msg(
      `node ${node} has no route to the tunnel endpoint ${formatIp(tunDst)}`,
      `ノード ${node} にトンネル宛先 ${formatIp(tunDst)} への経路がありません`,
    ),
  staleHostSubnet: (tunDst: number, hostSubnet: string) =>
    msg(
      `no node has IP ${formatIp(tunDst)}, yet HostSubnet ${hostSubnet} says its hostIP is that (stale HostSubnet, 39.6)`,
      `IP ${formatIp(tunDst)} を持つノードがありませんが、HostSubnet ${hostSubnet} の hostIP はその値です（古い HostSubnet、39.6）`,
    ),
  noTunnelNode: (tunDst: number) =>
    msg(
      `no node has the tunnel destination ${formatIp(tunDst)}`,
      `トンネル宛先 ${formatIp(tunDst)} を持つノードがありません`,
    ),
  vxlanRejected: (sender: string, receiver: string) =>
    msg(
      `the VXLAN packet from ${sender} is rejected by iptables on ${receiver} (39.7.4.1)`,
      `${sender} からの VXLAN パケットが ${receiver} の iptables で拒否されます（39.7.4.1）`,
    ),
  noServiceRule: (node: string, dst: string) =>
    msg(
      `no kube-proxy NAT rule for service ${dst} on ${node} (39.11)`,
      `${node} にサービス ${dst} の kube-proxy NAT ルールがありません（39.11）`,
    ),
  denied: (node: string, table: string, rule: string | undefined) =>
    msg(
      `denied by iptables ${table} on ${node}${rule ? `: ${rule}` : ''} (39.7.4.1)`,
      `${node} の iptables ${table} で拒否${rule ? `: ${rule}` : ''}（39.7.4.1）`,
    ),
  noForwarding: (node: string) =>
    msg(
      `node ${node} does not forward packets (net.ipv4.ip_forward = 0, 39.7.3.1)`,
      `ノード ${node} はパケットを転送しません（net.ipv4.ip_forward = 0、39.7.3.1）`,
    ),
  noRoute: (node: string, dst: number) =>
    msg(
      `node ${node} has no route to ${formatIp(dst)} (39.7.3.2)`,
      `ノード ${node} に ${formatIp(dst)} への経路がありません（39.7.3.2）`,
    ),
  podAddressOffTun0: (dst: number, dev: string | undefined) =>
    msg(
      `pod address ${formatIp(dst)} is routed out of ${dev ?? '?'} instead of tun0 (39.7.3.2)`,
      `Pod のアドレス ${formatIp(dst)} が tun0 ではなく ${dev ?? '?'} へ経路付けされています（39.7.3.2）`,
    ),
  nothingToTrace: () => msg('nothing to trace', 'トレースするものがありません'),
} as const;
