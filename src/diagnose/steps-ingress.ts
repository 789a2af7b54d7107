/**
 * 39.13.1: ingress without the router. A URL on a node address and a service's `nodePort`, on a
 * LoadBalancer ingress address or on one of a service's `externalIPs` reaches kube-proxy's NAT on
 * the node it lands on (KUBE-NODEPORTS, or the KUBE-SERVICES "external IP" rules), then the
 * service's endpoints. These steps stand in for 39.3/39.4 (no router on that path) and hand the
 * service to the shared 39.5 descent.
 */
import { isIPv4 } from 'node:net';
import { mapText, msg } from '../i18n/message.js';
import { objectKey } from '../model/object-key.js';
import type { ClusterModel, IptablesRule, Service, ServicePort } from '../model/types.js';
import { formatIp, parseCidr } from '../net/ipv4.js';
import { rulesOf, tableNamed, targetOf } from '../checks/lib/iptables.js';
import { NodePortRules } from '../checks/rules/kube-proxy-nodeport.js';
import { nodesHolding } from '../checks/lib/nodes.js';
import type { WalkContext } from './context.js';
import type { StepRecorder } from './recorder.js';
import type { WalkState } from './state.js';
import { answered } from './steps-service.js';

const T = {
  service: msg(
    'the address and port are a service entry (nodePort, external IP, load balancer)',
    'アドレスとポートがサービスの入口か (nodePort、外部 IP、ロードバランサー)',
  ),
  connect: msg('connect to the service entry (curl -kv)', 'サービスの入口への接続 (curl -kv)'),
  nat: msg(
    "kube-proxy's NAT for the entry on the node it reaches",
    '到達するノードでの入口の kube-proxy NAT',
  ),
};

export type IngressKind = 'node-port' | 'external-ip' | 'load-balancer';

export interface IngressEntry {
  readonly kind: IngressKind;
  readonly ip: string;
  readonly service: Service;
  readonly port: ServicePort;
  /** The node the address reaches, when known (a node address; the node holding an external IP). */
  readonly node?: string;
}

/**
 * 39.13.1: which service entry `ip:port` is, from the Services (and the nodes' addresses for a
 * nodePort). Undefined when it is none: the walk goes the router's way (39.3).
 */
export function ingressEntry(m: ClusterModel, ip: string, port: number): IngressEntry | undefined {
  const services = [...(m.services?.value ?? [])].sort((a, b) => objectKey(a).localeCompare(objectKey(b)));
  const nodeOfIp = (m.nodes?.value ?? []).find(
    (n) => n.internalIP === ip || n.addresses.some((a) => a.address === ip),
  )?.name;
  for (const service of services) {
    for (const p of service.ports) {
      if (nodeOfIp && p.nodePort === port) return { kind: 'node-port', ip, service, port: p, node: nodeOfIp };
      if (p.port !== port) continue;
      if (service.externalIPs?.includes(ip)) return { kind: 'external-ip', ip, service, port: p };
      if (service.loadBalancerIPs?.includes(ip)) return { kind: 'load-balancer', ip, service, port: p };
    }
  }
  return undefined;
}

/** KUBE-SERVICES `-d ip/32 -p proto --dport port -j KUBE-SVC-…` (the external IP / LB rule). */
function addressRule(
  rules: readonly IptablesRule[],
  ip: string,
  proto: string,
  port: number,
): IptablesRule | undefined {
  return rules.find((r) => {
    const c = r.destination && !r.destinationNegated ? parseCidr(r.destination) : undefined;
    return (
      c?.len === 32 &&
      formatIp(c.base) === ip &&
      r.protocol === proto &&
      r.dport === String(port) &&
      (targetOf(r) ?? '').startsWith('KUBE-SVC-')
    );
  });
}

const ruleText = (r: IptablesRule): string => `-A ${r.chain} ${r.args.join(' ')}`;

/** Finds the entry: the URL's address (or what it resolves to from outside) and port. */
export async function findIngress(ctx: WalkContext, st: WalkState): Promise<IngressEntry | undefined> {
  let m: ClusterModel;
  try {
    m = ctx.model();
  } catch {
    return undefined;
  }
  if (!m.services) return undefined;
  if (isIPv4(st.host)) return ingressEntry(m, st.host, st.port);
  const hasEntries = m.services.value.some(
    (s) => s.externalIPs?.length || s.loadBalancerIPs?.length || s.ports.some((p) => p.nodePort === st.port),
  );
  if (!hasEntries) return undefined;
  const r = await ctx.input.outside.resolve(st.host, ctx.timeoutMs);
  const hit = r.addresses.map((a) => ingressEntry(m, a, st.port)).find((e) => e !== undefined);
  if (hit) ctx.keep(r.artifact);
  return hit;
}

export async function ingressSteps(
  ctx: WalkContext,
  rec: StepRecorder,
  st: WalkState,
  entry: IngressEntry,
): Promise<void> {
  const sk = objectKey(entry.service);
  const hp = `${entry.ip}:${st.port}`;
  st.service = entry.service;
  st.servicePort = entry.port;
  const connecting = ctx.input.outside.http(st.url.toString(), entry.ip, ctx.timeoutMs);

  await rec.run('ingress.service', '13.1', T.service, async (s) => {
    s.ran({ where: 'api', argv: ['oc', 'get', 'services', '--all-namespaces', '-o', 'wide'] });
    let node = entry.node;
    if (!node) {
      // 39.13.1: an external / load balancer address reaches the node that holds it
      const all = (ctx.model().nodes?.value ?? []).map((n) => n.name);
      await ctx.collectNodes(all);
      node = nodesHolding(ctx.model(), entry.ip)[0];
    }
    if (node) st.entryNode = node;
    const what = {
      'node-port': msg(`nodePort ${st.port} on node ${node}`, `ノード ${node} の nodePort ${st.port}`),
      'external-ip': msg(`external IP ${entry.ip}`, `外部 IP ${entry.ip}`),
      'load-balancer': msg(`load balancer ingress ${entry.ip}`, `ロードバランサーの ingress ${entry.ip}`),
    }[entry.kind];
    s.evidence(
      msg(
        `service ${sk} (${entry.service.type}) port ${entry.port.port}${entry.port.nodePort !== undefined ? ` nodePort ${entry.port.nodePort}` : ''}`,
        `サービス ${sk} (${entry.service.type}) ポート ${entry.port.port}${entry.port.nodePort !== undefined ? ` nodePort ${entry.port.nodePort}` : ''}`,
      ),
    );
    if (!node) {
      s.unknown(
        msg(
          `${hp} is the ${what.en} of service ${sk}, but no node holds ${entry.ip}: which node it reaches is unknown`,
          `${hp} はサービス ${sk} の${what.ja}ですが、${entry.ip} を持つノードがありません。どのノードに届くか不明です`,
        ),
      );
      return;
    }
    s.pass(
      msg(
        `${hp} is the ${what.en} of service ${sk}; it reaches ${node}`,
        `${hp} はサービス ${sk} の${what.ja}です。${node} に届きます`,
      ),
    );
  });

  await rec.run('ingress.connect', '13.1', T.connect, async (s) => {
    const r = await connecting;
    ctx.keep(r.artifact);
    s.ran(r.ran);
    s.evidence(mapText(r.excerpt, (x) => `${r.ran.where}: ${x}`));
    if (r.unavailable)
      s.unknown(msg(`could not probe: ${r.unavailable}`, `確認できませんでした: ${r.unavailable}`));
    else if (answered(r))
      s.pass(msg(`${hp} answers (HTTP ${r.status ?? '-'})`, `${hp} は応答します (HTTP ${r.status ?? '-'})`));
    // the cause is named by the steps below: the entry's NAT, then the 39.5 descent
    else s.fail(msg(`${hp} does not answer (${r.connect})`, `${hp} が応答しません (${r.connect})`));
  });

  const node = st.entryNode;
  if (!node) {
    rec.skip('ingress.nat', '13.1', T.nat, msg('no node to read', '読むノードがありません'), 'unknown');
    return;
  }
  await ctx.collectNode(node);
  await rec.run('ingress.nat', '13.1, 11', T.nat, (s) => {
    const src = ctx.model().nodeFacts[node]?.iptables;
    s.ran({ where: node, argv: ['iptables-save'] });
    const nat = src && tableNamed(src.value, 'nat');
    if (!src || !nat || !nat.committed) {
      s.unknown(
        msg(`the nat table of ${node} could not be read`, `${node} の nat テーブルを読めませんでした`),
      );
      return;
    }
    const proto = entry.port.protocol.toLowerCase();
    const fix = msg(
      `Restart the node service on ${node} (kube-proxy runs inside it in 3.x) so it resyncs its rules, and check its log (39.10, 39.13.1).`,
      `${node} のノードサービスを再起動して kube-proxy（3.x ではノードサービス内で動作）にルールを再同期させ、ログを確認してください（39.10、39.13.1）。`,
    );
    if (entry.kind === 'node-port') {
      const rule = new NodePortRules(nat).get(proto, st.port);
      const jump = rulesOf(nat, 'KUBE-SERVICES').find((r) => targetOf(r) === 'KUBE-NODEPORTS');
      if (rule && jump) {
        s.evidence(ruleText(rule), ruleText(jump));
        s.pass(
          msg(
            `${node} sends nodePort ${st.port} to ${targetOf(rule)}`,
            `${node} は nodePort ${st.port} を ${targetOf(rule)} に送ります`,
          ),
        );
        return;
      }
      const missing = rule
        ? '-A KUBE-SERVICES … -j KUBE-NODEPORTS'
        : `-A KUBE-NODEPORTS -p ${proto} --dport ${st.port} -j KUBE-SVC-…`;
      s.fail(msg(`${node} lacks ${missing}`, `${node} に ${missing} がありません`));
      s.cause({
        fault: 'nodeport-nat-missing',
        section: '13.1',
        node,
        service: sk,
        summary: msg(
          `nodePort ${st.port} of service ${sk} is not NATed on ${node}: kube-proxy's ${missing} is missing`,
          `${node} でサービス ${sk} の nodePort ${st.port} が NAT されていません: kube-proxy の ${missing} がありません`,
        ),
        fix,
        evidence: [
          msg(
            `iptables-save -t nat on ${node}: no ${missing}`,
            `${node} の iptables-save -t nat: ${missing} なし`,
          ),
        ],
      });
      return;
    }
    const rule = addressRule(rulesOf(nat, 'KUBE-SERVICES'), entry.ip, proto, st.port);
    if (rule) {
      s.evidence(ruleText(rule));
      s.pass(
        msg(`${node} sends ${hp} to ${targetOf(rule)}`, `${node} は ${hp} を ${targetOf(rule)} に送ります`),
      );
      return;
    }
    const missing = `-A KUBE-SERVICES -d ${entry.ip}/32 -p ${proto} --dport ${st.port} -j KUBE-SVC-…`;
    s.fail(msg(`${node} lacks ${missing}`, `${node} に ${missing} がありません`));
    // 39.11: the external IP rules are KUBE-SERVICES rules of the service, as its cluster IP's
    s.cause({
      fault: 'svc-nat-missing',
      section: '11',
      node,
      service: sk,
      summary: msg(
        `${hp} (service ${sk}) is not NATed on ${node}: kube-proxy's KUBE-SERVICES rule for it is missing`,
        `${node} で ${hp}（サービス ${sk}）が NAT されていません: kube-proxy の KUBE-SERVICES ルールがありません`,
      ),
      fix,
      evidence: [
        msg(
          `iptables-save -t nat on ${node}: no ${missing}`,
          `${node} の iptables-save -t nat: ${missing} なし`,
        ),
      ],
    });
  });
}
