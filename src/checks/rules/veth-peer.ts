/**
 * 39.13.3 "(Linux 仮想イーサネットペア) のピアインターフェースは ethtool -S ifname で判別できます": a
 * pod's `eth0` names its peer by ifindex (`peer_ifindex`); on the node that index is the pod's
 * host-side veth (`ip addr`), and `dump-ports-desc br0` gives that veth's port number. br0's
 * per-pod flows (table 70 `nw_dst=<pod>` → reg2 / output, table 20 `in_port`) must use that port:
 * when they use another one, the pod's traffic is delivered to another pod's veth (a recreated pod
 * whose old port number was reused), though every port exists and every flow is there.
 */
import { msg } from '../../i18n/message.js';
import type { Flow, OvsPort, Pod, PodVethPeer } from '../../model/types.js';
import { objectKey } from '../../model/object-key.js';
import { defineCheck } from '../define.js';
import { lineEvidence, summaryEvidence } from '../lib/evidence.js';
import { findFlows, matchValue } from '../lib/flows.js';
import { portByName, resolvePort } from '../lib/ovs.js';
import { localSdnPods } from '../lib/pods.js';
import type { CheckContext } from '../types.js';

/** The br0 port a flow designates for the pod: `in_port=`, `load:N->NXM_NX_REG2[]`, `set_field:N->reg2`, `output:N`. */
function portRefs(flow: Flow): string[] {
  const refs: string[] = [];
  const inPort = matchValue(flow, 'in_port');
  if (inPort) refs.push(inPort);
  for (const a of flow.actions) {
    if (a.kind === 'load' && /^NXM_NX_REG2\[\]$|^reg2$/.test(a.dst)) refs.push(String(Number(a.value)));
    else if (a.kind === 'set_field' && /^reg2$/.test(a.field)) refs.push(String(Number(a.value)));
    else if (a.kind === 'output') refs.push(a.port);
  }
  return refs.filter((r) => r !== 'NaN');
}

export default defineCheck({
  id: 'veth-peer',
  section: '13.3',
  severity: 'error',
  fault: 'veth-peer-mismatch',
  title: msg(
    "br0's flows send each local pod's traffic to the pod's own veth (ethtool -S peer_ifindex)",
    'br0 のフローが各ローカル Pod の通信をその Pod 自身の veth に送る（ethtool -S の peer_ifindex）',
  ),
  requires: { cluster: ['pods', 'nics'], node: ['links', 'ovs.ports', 'ovs.flows'], layout: true },
  run(ctx) {
    const nics = ctx.model.nics!;
    for (const node of ctx.nodes) {
      const facts = ctx.model.nodeFacts[node]!;
      const ports = facts.ovs.ports!.value;
      const links = facts.links!.value;
      const peers = nics.peers.filter((p) => p.node === node);
      const owners = new Map<string, string>(); // host veth name → pod whose peer it is
      for (const p of peers) {
        const link = p.peerIfindex !== undefined ? links.find((l) => l.index === p.peerIfindex) : undefined;
        if (link) owners.set(link.name, p.pod);
      }
      const missing: string[] = [];
      for (const pod of localSdnPods(ctx.model, node)) {
        const peer = peers.find((p) => p.pod === objectKey(pod));
        if (!peer || peer.peerIfindex === undefined) {
          missing.push(objectKey(pod));
          continue;
        }
        checkPod(ctx, node, pod, peer, owners, ports);
      }
      if (missing.length)
        ctx.unknown(
          msg(
            `node ${node}: no veth peer index (ethtool -S eth0) for ${missing.join(', ')}`,
            `ノード ${node}: ${missing.join(', ')} の veth ピアのインデックス（ethtool -S eth0）がありません`,
          ),
          node,
        );
    }
  },
});

function checkPod(
  ctx: CheckContext,
  node: string,
  pod: Pod,
  peer: PodVethPeer,
  owners: ReadonlyMap<string, string>,
  ports: readonly OvsPort[],
): void {
  const facts = ctx.model.nodeFacts[node]!;
  const links = facts.links!;
  const flows = facts.ovs.flows!;
  const key = objectKey(pod);
  const veth = links.value.find((l) => l.index === peer.peerIfindex);
  if (!veth) {
    ctx.unknown(
      msg(
        `node ${node}: ${key}'s eth0 peer is ifindex ${peer.peerIfindex}, which ip addr on the node does not list (collected at different times?)`,
        `ノード ${node}: ${key} の eth0 のピアは ifindex ${peer.peerIfindex} ですが、ノードの ip addr にありません（収集時刻のずれ?）`,
      ),
      node,
    );
    return;
  }
  // a veth that is not on br0 is the ovs-ports check's finding (39.7.4), not a swapped port
  const own = portByName(ports, veth.name);
  if (!own) return;
  const layout = ctx.layout(node);
  const podFlows = [
    ...findFlows(flows.value, { table: layout.fromPod, fields: { nw_src: pod.podIP as string } }),
    ...findFlows(flows.value, { table: layout.toLocalPod, fields: { nw_dst: pod.podIP as string } }),
  ];
  for (const flow of podFlows) {
    const wrong = portRefs(flow)
      .map((ref) => resolvePort(ports, ref))
      .find((p): p is OvsPort => !!p && p.ofport !== own.ofport && p.name !== 'tun0' && p.name !== 'vxlan0');
    if (!wrong) continue;
    const other = owners.get(wrong.name);
    const driver = ctx.model.nics?.drivers.find((d) => d.node === node && d.ifname === veth.name);
    // 39.13.3: name the pod whose veth the flows use, when its peer index was collected too
    const whoseEn = other ? ` — the veth of pod ${other}` : '';
    const whoseJa = other ? `（Pod ${other} の veth）` : '';
    ctx.report({
      node,
      pod: key,
      message: msg(
        `Pod ${key} (${pod.podIP}) on node ${node}: br0's flows use port ${wrong.ofport} (${wrong.name})${whoseEn}, but the pod's eth0 peer is ${veth.name} (ifindex ${veth.index}), port ${own.ofport}: its traffic goes to the wrong veth.`,
        `ノード ${node} の Pod ${key}（${pod.podIP}）: br0 のフローはポート ${wrong.ofport}（${wrong.name}）${whoseJa}を使っていますが、Pod の eth0 のピアは ${veth.name}（ifindex ${veth.index}）、ポート ${own.ofport} です。通信が別の veth に送られます。`,
      ),
      fix: msg(
        `Delete the pod so openshift-sdn recreates its port and flows together (oc delete pod ${pod.name} -n ${pod.namespace}); if several pods are affected, restart the SDN on ${node} so it resyncs br0.`,
        `Pod を削除して openshift-sdn にポートとフローを揃えて作り直させてください（oc delete pod ${pod.name} -n ${pod.namespace}）。複数の Pod が該当する場合は ${node} の SDN を再起動して br0 を再同期させてください。`,
      ),
      evidence: [
        lineEvidence(flows.artifact, flow),
        ...(peer.line
          ? [summaryEvidence(peer.artifact, `peer_ifindex: ${peer.peerIfindex}`, peer.line)]
          : [summaryEvidence(peer.artifact, `peer_ifindex: ${peer.peerIfindex}`)]),
        lineEvidence(links.artifact, veth),
        lineEvidence(facts.ovs.ports!.artifact, own),
        // 39.13.3 `ethtool -i`: the driver of the pod's host-side peer, when collected
        ...(driver?.driver ? [summaryEvidence(driver.artifact, `driver: ${driver.driver}`)] : []),
      ],
    });
    return; // one finding per pod
  }
}
