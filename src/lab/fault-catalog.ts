/** The fault catalogue as the lab shows it (`lab fault list`): what each fault does, in both languages. */
import { FAULT_IDS, FAULT_SECTIONS, type FaultId } from '../model/faults.js';
import { msg, type Msg } from '../i18n/message.js';

/** What each fault does, in both languages (`lab fault list`). */
export const FAULT_DESCRIPTIONS: Readonly<Record<FaultId, Msg>> = {
  'dns-missing': msg("the route's host name is removed from DNS", 'ルートのホスト名を DNS から削除'),
  'dns-wrong-ip': msg(
    "the route's host name resolves to a node that runs no router",
    'ルートのホスト名がルーターのないノードに解決される',
  ),
  'router-refused': msg(
    'HAProxy (the router) is stopped: connection refused',
    'HAProxy（ルーター）を停止: 接続拒否',
  ),
  'router-timeout': msg(
    'the router node drops TCP 80/443 (iptables INPUT DROP): timeout',
    'ルーターノードが TCP 80/443 を破棄（iptables INPUT DROP）: タイムアウト',
  ),
  'route-missing': msg('a Route and its router backend are deleted', 'Route とルーターのバックエンドを削除'),
  'svc-no-endpoints': msg(
    "the service's selector matches no pod: no endpoints, kube-proxy REJECT",
    'サービスのセレクターに一致する Pod がない: エンドポイントなし、kube-proxy が REJECT',
  ),
  'endpoint-down': msg(
    "one backing pod's HTTP server is stopped (the pod stays Ready: no readiness probe)",
    'バックエンド Pod の HTTP サーバーを 1 つ停止（readiness probe がないため Pod は Ready のまま）',
  ),
  'svc-nat-missing': msg(
    "the service's KUBE-SERVICES NAT rules are removed on one node",
    '1 つのノードでサービスの KUBE-SERVICES NAT ルールを削除',
  ),
  'hostsubnet-stale': msg(
    "a HostSubnet's hostIP no longer matches its node's IP; the other nodes' flows follow it",
    'HostSubnet の hostIP がノードの実 IP と異なり、他ノードのフローもそれに従う',
  ),
  'underlay-down': msg(
    'the underlay link between two nodes drops everything',
    '2 ノード間のアンダーレイ通信をすべて破棄',
  ),
  'ip-forward-off': msg('net.ipv4.ip_forward = 0 on a node', 'ノードで net.ipv4.ip_forward = 0'),
  'cluster-route-missing': msg(
    'the cluster-network route via tun0 is deleted on a node',
    'ノードで tun0 経由のクラスターネットワークのルートを削除',
  ),
  'ovs-port-missing': msg("a pod's veth is removed from br0", 'Pod の veth を br0 から削除'),
  'flow-tun-src-missing': msg(
    'the table 10 tun_src flow for a remote node is deleted',
    'リモートノードのテーブル 10 tun_src フローを削除',
  ),
  'flow-tun-dst-missing': msg(
    "the table 90 flow to a remote node's subnet is deleted",
    'リモートノードのサブネットへのテーブル 90 フローを削除',
  ),
  'flow-pod-missing': msg(
    "a local pod's table 20/40/70 flows are deleted",
    'ローカル Pod のテーブル 20/40/70 フローを削除',
  ),
  'iptables-drop': msg(
    "a filter rule on a node drops the pods' forwarded traffic",
    'ノードの filter ルールが Pod の転送トラフィックを破棄',
  ),
  'mtu-mismatch': msg(
    'the SDN MTU is raised to the NIC MTU (1500): large transfers across nodes hang',
    'SDN の MTU を NIC と同じ 1500 に上げる: ノード間の大きな転送が止まる',
  ),
  'egress-dns-wildcard': msg(
    'a wildcard DNS record plus a search domain hijack external names',
    'ワイルドカード DNS レコードと search ドメインが外部名を乗っ取る',
  ),
  'sdn-setup-error': msg(
    "the node's SDN setup is re-run and a step fails (logged in the node journal)",
    'ノードの SDN セットアップを再実行し、途中の手順が失敗（ノードのログに記録）',
  ),
  'svc-masquerade-missing': msg(
    'the OPENSHIFT-MASQUERADE MASQUERADE rule is removed on a node: service replies bypass tun0',
    'ノードの OPENSHIFT-MASQUERADE の MASQUERADE ルールを削除: サービスの応答が tun0 を通らない',
  ),
  'ipf-vrrp-blocked': msg(
    'a selected node drops VRRP adverts (iptables INPUT): both nodes become MASTER, the VIP is held twice (needs --ipfailover)',
    '選択されたノードが VRRP 広告を破棄（iptables INPUT）: 両ノードが MASTER になり仮想 IP を二重に保持（--ipfailover が必要）',
  ),
  'ipf-keepalived-down': msg(
    'keepalived is stopped on one selected node: the VIPs move, failover is gone (needs --ipfailover)',
    '選択されたノードの 1 台で keepalived を停止: 仮想 IP は移るがフェイルオーバーできない（--ipfailover が必要）',
  ),
  'ipf-vip-unheld': msg(
    'keepalived is stopped on every selected node: no node holds the VIPs, the URL times out (needs --ipfailover)',
    '選択されたすべてのノードで keepalived を停止: 仮想 IP をどのノードも保持せず URL がタイムアウト（--ipfailover が必要）',
  ),
  'ipf-check-failing': msg(
    "the monitored port (the router's 80) does not answer on a selected node: its check fails (needs --ipfailover)",
    '選択されたノードで監視ポート（ルーターの 80）が応答しない: チェックが失敗（--ipfailover が必要）',
  ),
  'ipf-interface-missing': msg(
    "OPENSHIFT_HA_NETWORK_INTERFACE names an interface the nodes lack; a selected node's keepalived restarts with it (needs --ipfailover)",
    'OPENSHIFT_HA_NETWORK_INTERFACE がノードにないインターフェースを指定し、選択されたノードの keepalived がそれで再起動（--ipfailover が必要）',
  ),
  'ipf-vrrp-id-conflict': msg(
    'a second ipfailover configuration runs on the same nodes with overlapping VRRP ids (needs --ipfailover)',
    '2 つ目の ipfailover 設定が同じノードで VRRP ID を重複させて動作（--ipfailover が必要）',
  ),
  'policy-denies-router': msg(
    "the route's namespace loses the policy that admits the router's namespace (default): the router gets no answer from the endpoints on other nodes, the route answers 503 (needs --plugin networkpolicy)",
    'ルートの namespace から、ルーターの namespace（default）を許可するポリシーが消える: 他ノードのエンドポイントからルーターに応答がなく、ルートが 503 を返す（--plugin networkpolicy が必要）',
  ),
  'policy-flow-missing': msg(
    "a node's table 80 lacks an allow flow a policy requires: the node's SDN is out of sync, admitted traffic is dropped (needs --plugin networkpolicy)",
    'ノードのテーブル 80 に、ポリシーが必要とする許可フローがない: ノードの SDN が同期しておらず、許可された通信が破棄される（--plugin networkpolicy が必要）',
  ),
  'policy-flow-stale': msg(
    'a policy is deleted but a node keeps its allow flows: an isolation hole (needs --plugin networkpolicy)',
    'ポリシーが削除されたが、ノードにその許可フローが残る: 分離の穴（--plugin networkpolicy が必要）',
  ),
  'vnid-mismatch': msg(
    "a pod's flows carry a VNID other than its NetNamespace's netid: it talks as another project (needs --plugin multitenant)",
    'Pod のフローが NetNamespace の netid と異なる VNID を持つ: 別のプロジェクトとして通信する（--plugin multitenant が必要）',
  ),
  'nodeport-nat-missing': msg(
    "a node's KUBE-NODEPORTS rules of a NodePort service are removed: the nodePort fails on that node",
    'ノードで NodePort サービスの KUBE-NODEPORTS ルールを削除: そのノードで nodePort が失敗',
  ),
  'egress-firewall-drop': msg(
    "the outside host drops the node addresses (the pods' masqueraded traffic and the nodes' own)",
    '外部ホストがノードのアドレスからの通信を破棄（Pod のマスカレードされた通信もノード自身の通信も）',
  ),
  'veth-peer-mismatch': msg(
    "two local pods' br0 ports are swapped in the flows: each pod's traffic goes to the other's veth (§13.3)",
    '2 つのローカル Pod の br0 ポートをフロー上で入れ替える: 各 Pod 宛ての通信が相手の veth に送られる（§13.3）',
  ),
};

export function faultList(): { id: FaultId; section: string; description: Msg }[] {
  return FAULT_IDS.map((id) => ({ id, section: FAULT_SECTIONS[id], description: FAULT_DESCRIPTIONS[id] }));
}
