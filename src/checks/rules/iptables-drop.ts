/**
 * 39.7.4.1: "iptables-save の出力をチェックし、トラフィックにフィルターを掛けていないことを確認します".
 * OpenShift installs filter rules of its own, so a rule is only a problem when it decides the fate
 * of SDN traffic. Each kind of SDN traffic is walked through the node's filter table as a concrete
 * packet (first match wins): VXLAN from every remote node, pod → node, pod → outside, service
 * traffic to every endpoint, and outside → host-network pods such as routers. Normal rules stay
 * silent by construction: kube-proxy's "has no endpoints" REJECT matches only service IPs (never
 * seen after DNAT), openshift-sdn's "attempted resend after connection close" DROP only INVALID.
 */
import { msg } from '../../i18n/message.js';
import type { ClusterModel, IptablesRule } from '../../model/types.js';
import { defineCheck } from '../define.js';
import { lineEvidence } from '../lib/evidence.js';
import { tableNamed, walkChain, type ChainDecl, type Packet } from '../lib/iptables.js';
import { remoteHostSubnets } from '../lib/nodes.js';
import { isRouterPod } from '../../model/selector.js';
import { EXTERNAL_IP, nodeTraffic, type NodeTraffic } from '../lib/traffic.js';
import { objectKey } from '../../model/object-key.js';

/** Affected traffic kinds listed per rule. */
const MAX_LISTED = 6;

interface Probe {
  readonly chain: 'INPUT' | 'FORWARD' | 'OUTPUT';
  readonly pkt: Packet;
  readonly what: string;
  readonly router?: boolean;
}

export default defineCheck({
  id: 'iptables-drop',
  section: '7.4.1',
  severity: 'error',
  fault: 'iptables-drop',
  title: msg(
    'No iptables filter rule drops SDN traffic',
    'SDN のトラフィックを破棄する iptables フィルタールールがない',
  ),
  requires: { cluster: ['clusterNetwork', 'hostSubnets'], node: ['iptables'] },
  run(ctx) {
    for (const node of ctx.nodes) {
      const src = ctx.model.nodeFacts[node]?.iptables;
      const filter = src && tableNamed(src.value, 'filter');
      const t = nodeTraffic(ctx.model, node);
      if (!src || !filter || !filter.committed || !t) {
        ctx.unknown(
          !t
            ? msg(
                'the node has no HostSubnet or known IP',
                'ノードに HostSubnet または既知の IP がありません',
              )
            : msg(
                'the filter table is missing or truncated in iptables-save',
                'iptables-save の filter テーブルがないか、途中で切れています',
              ),
          node,
        );
        continue;
      }
      const hits = new Map<
        string,
        { rule?: IptablesRule; policy?: ChainDecl; what: string[]; router: boolean; other: boolean }
      >();
      for (const p of probes(ctx.model, node, t)) {
        const r = walkChain(filter, p.chain, p.pkt);
        if (r.verdict !== 'DROP' && r.verdict !== 'REJECT') continue;
        const key = r.rule ? `rule:${r.rule.line}` : `policy:${p.chain}`;
        const hit = hits.get(key) ?? {
          rule: r.rule,
          policy: r.policy,
          what: [],
          router: false,
          other: false,
        };
        hit.what.push(p.what);
        if (p.router) hit.router = true;
        else hit.other = true;
        hits.set(key, hit);
      }
      for (const hit of hits.values()) {
        const text = hit.rule
          ? hit.rule.raw.trim()
          : `:${hit.policy?.name ?? '?'} ${hit.policy?.policy ?? 'DROP'} (policy)`;
        const listed = hit.what.slice(0, MAX_LISTED).join('; ') + (hit.what.length > MAX_LISTED ? '; …' : '');
        ctx.report({
          node,
          // 39.3: a firewall on the router host dropping the router port is the router-timeout fault.
          ...(hit.router && !hit.other ? { fault: 'router-timeout' as const } : {}),
          message: msg(
            `iptables on node ${node} drops SDN traffic: ${text} — affects ${listed}.`,
            `ノード ${node} の iptables が SDN のトラフィックを破棄しています: ${text} — 影響: ${listed}`,
          ),
          fix: msg(
            hit.rule
              ? `Remove the rule (iptables -D ${hit.rule.chain} ${hit.rule.args.join(' ')}) and from wherever it is persisted (firewalld, /etc/sysconfig/iptables).`
              : `Set the ${hit.policy?.name ?? ''} policy to ACCEPT or restart the node service so the OPENSHIFT-FIREWALL-* rules are restored.`,
            hit.rule
              ? `このルールを削除し（iptables -D ${hit.rule.chain} ${hit.rule.args.join(' ')}）、永続化している設定（firewalld、/etc/sysconfig/iptables）からも削除してください。`
              : `${hit.policy?.name ?? ''} チェーンのポリシーを ACCEPT にするか、ノードサービスを再起動して OPENSHIFT-FIREWALL-* ルールを復元してください。`,
          ),
          evidence: [
            hit.rule
              ? lineEvidence(src.artifact, hit.rule)
              : lineEvidence(src.artifact, hit.policy ?? { line: 0, raw: text }),
          ],
        });
      }
    }
  },
});

/** The SDN traffic of one node, as packets entering its filter chains. */
function probes(model: ClusterModel, node: string, t: NodeTraffic): Probe[] {
  const cn = model.clusterNetwork?.value;
  const vxlanPort = cn?.vxlanPort ?? 4789;
  const out: Probe[] = [];
  for (const hs of remoteHostSubnets(model, node)) {
    out.push({
      chain: 'INPUT',
      what: `VXLAN (udp/${vxlanPort}) from node ${hs.host} ${hs.hostIP}`,
      pkt: {
        proto: 'udp',
        dport: vxlanPort,
        src: hs.hostIP,
        dst: t.nodeIP,
        dstLocal: true,
        ...(t.nic ? { in: t.nic } : {}),
      },
    });
  }
  out.push({
    chain: 'INPUT',
    what: `pod ${t.podIP} → node DNS ${t.nodeIP}:53`,
    pkt: { proto: 'udp', dport: 53, src: t.podIP, dst: t.nodeIP, in: 'tun0', dstLocal: true },
  });
  out.push({
    chain: 'FORWARD',
    what: `pod ${t.podIP} → outside ${EXTERNAL_IP}:443`,
    pkt: {
      proto: 'tcp',
      dport: 443,
      src: t.podIP,
      dst: EXTERNAL_IP,
      in: 'tun0',
      ...(t.nic ? { out: t.nic } : {}),
    },
  });
  // Service traffic after kube-proxy's DNAT: from a pod (through tun0) and from the node itself.
  // One probe per endpoint address (services often share them).
  const seen = new Set<string>();
  for (const ep of model.endpoints?.value ?? []) {
    for (const subset of ep.subsets) {
      for (const addr of subset.addresses) {
        for (const port of subset.ports) {
          const proto = port.protocol.toLowerCase() === 'udp' ? 'udp' : 'tcp';
          const dst = `${addr.ip}:${port.port}`;
          if (seen.has(`${proto}/${dst}`)) continue;
          seen.add(`${proto}/${dst}`);
          out.push({
            chain: 'FORWARD',
            what: `service ${objectKey(ep)} → endpoint ${dst}`,
            pkt: { proto, dport: port.port, src: t.podIP, dst: addr.ip, in: 'tun0', out: 'tun0' },
          });
          out.push({
            chain: 'OUTPUT',
            what: `node → endpoint ${dst} (${objectKey(ep)})`,
            pkt: { proto, dport: port.port, src: t.gateway, dst: addr.ip, out: 'tun0' },
          });
        }
      }
    }
  }
  // Host-network pods listen on the node's own address. Routers (39.3/39.4) must be reachable
  // from outside the cluster; other host-network pods (exporters, agents) only from pods, through
  // tun0 — outside access to them may be closed on purpose.
  for (const pod of model.pods?.value ?? []) {
    if (pod.node !== node || !pod.hostNetwork || pod.phase !== 'Running') continue;
    const router = isRouterPod(pod);
    for (const port of pod.containerPorts) {
      const proto = port.protocol.toLowerCase() === 'udp' ? 'udp' : 'tcp';
      out.push(
        router
          ? {
              chain: 'INPUT',
              what: `outside → router ${objectKey(pod)} ${t.nodeIP}:${port.port}`,
              router: true,
              pkt: {
                proto,
                dport: port.port,
                src: EXTERNAL_IP,
                dst: t.nodeIP,
                dstLocal: true,
                ...(t.nic ? { in: t.nic } : {}),
              },
            }
          : {
              chain: 'INPUT',
              what: `pod ${t.podIP} → host-network pod ${objectKey(pod)} ${t.nodeIP}:${port.port}`,
              pkt: { proto, dport: port.port, src: t.podIP, dst: t.nodeIP, in: 'tun0', dstLocal: true },
            },
      );
    }
  }
  return out;
}
