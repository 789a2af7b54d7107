/**
 * 39.11: "iptables -t nat -L を確認して、サービスがローカルマシンで kubeproxy の適切なポートに NAT
 * されていることを確認します". For every service port with ready endpoints, kube-proxy's nat chain
 * KUBE-SERVICES must send the cluster IP:port to a KUBE-SVC-… chain whose KUBE-SEP-… chains DNAT to
 * exactly the ready endpoints. Missing pieces break the service on this node; extra endpoints are
 * stale (traffic sent to pods that are gone).
 */
import { msg, noun } from '../../i18n/message.js';
import type {
  Endpoints,
  IptablesRule,
  IptablesTable,
  Service,
  ServicePort,
  Sourced,
} from '../../model/types.js';
import { defineCheck } from '../define.js';
import { formatIp, parseCidr } from '../../net/ipv4.js';
import { lineEvidence, summaryEvidence } from '../lib/evidence.js';
import { chainExists, rulesOf, tableNamed, targetOf } from '../lib/iptables.js';

import type { CheckContext, Evidence } from '../types.js';
import { objectKey } from '../../model/object-key.js';

export default defineCheck({
  id: 'kube-proxy-nat',
  section: '11',
  severity: 'error',
  fault: 'svc-nat-missing',
  title: msg(
    'kube-proxy NATs every service to its ready endpoints',
    'kube-proxy がすべてのサービスを準備完了のエンドポイントに NAT している',
  ),
  requires: { cluster: ['services', 'endpoints'], node: ['iptables'] },
  run(ctx) {
    const services = [...(ctx.model.services?.value ?? [])].sort((a, b) =>
      objectKey(a).localeCompare(objectKey(b)),
    );
    const endpointsByKey = new Map((ctx.model.endpoints?.value ?? []).map((e) => [objectKey(e), e]));
    for (const node of ctx.nodes) {
      const read = natTable(ctx, node);
      if (!read) continue;
      const { src, nat } = read;
      const entries = serviceEntries(nat);
      for (const svc of services) {
        if (!svc.clusterIP || svc.clusterIP === 'None' || svc.type === 'ExternalName') continue;
        const ep = endpointsByKey.get(objectKey(svc));
        for (const port of svc.ports) {
          const want = readyEndpoints(svc, port, ep);
          if (!want.size) continue; // no endpoints: svc-no-endpoints reports it (39.5)
          checkPort(ctx, node, nat, entries, src.artifact, svc, port, want);
        }
      }
    }
  },
});

/** A node's committed nat table and its source; `unknown` for the node (and undefined) when absent or cut. */
export function natTable(
  ctx: CheckContext,
  node: string,
): { src: Sourced<readonly IptablesTable[]>; nat: IptablesTable } | undefined {
  const src = ctx.model.nodeFacts[node]?.iptables;
  const nat = src && tableNamed(src.value, 'nat');
  if (src && nat && nat.committed) return { src, nat };
  ctx.unknown(
    msg(
      'the nat table is missing or truncated in iptables-save',
      'iptables-save の nat テーブルがないか、途中で切れています',
    ),
    node,
  );
  return undefined;
}

function entryKey(ip: string, proto: string, port: string): string {
  return `${ip}|${proto}|${port}`;
}

/** KUBE-SERVICES `-d <ip>/32 -p <proto> --dport <port> -j KUBE-SVC-…` rules by ip|proto|port (first wins). */
function serviceEntries(nat: IptablesTable): Map<string, IptablesRule> {
  const out = new Map<string, IptablesRule>();
  for (const r of rulesOf(nat, 'KUBE-SERVICES')) {
    if (!r.destination || r.destinationNegated || !r.protocol || !r.dport) continue;
    if (!(targetOf(r) ?? '').startsWith('KUBE-SVC-')) continue;
    const c = parseCidr(r.destination);
    if (!c || c.len !== 32) continue;
    const key = entryKey(formatIp(c.base), r.protocol, r.dport);
    if (!out.has(key)) out.set(key, r);
  }
  return out;
}

/** `ip:port` of the ready endpoints serving one service port. */
export function readyEndpoints(svc: Service, port: ServicePort, ep: Endpoints | undefined): Set<string> {
  const out = new Set<string>();
  for (const subset of ep?.subsets ?? []) {
    const p =
      subset.ports.find((x) => (x.name ?? '') === (port.name ?? '') && x.protocol === port.protocol) ??
      (svc.ports.length === 1 && subset.ports.length === 1 ? subset.ports[0] : undefined);
    if (!p) continue;
    for (const a of subset.addresses) out.add(`${a.ip}:${p.port}`);
  }
  return out;
}

function checkPort(
  ctx: CheckContext,
  node: string,
  nat: IptablesTable,
  entries: ReadonlyMap<string, IptablesRule>,
  artifact: string,
  svc: Service,
  port: ServicePort,
  want: ReadonlySet<string>,
): void {
  const proto = port.protocol.toLowerCase();
  const vip = `${svc.clusterIP}:${port.port}/${proto}`;
  const entry = entries.get(entryKey(svc.clusterIP as string, proto, String(port.port)));
  const base = { node, service: objectKey(svc) };
  const fixRestart = msg(
    `Restart the node service on ${node} (kube-proxy runs inside it in 3.x) so it resyncs its rules, and check its log (39.10).`,
    `${node} のノードサービスを再起動して kube-proxy（3.x ではノードサービス内で動作）にルールを再同期させ、ログを確認してください（39.10）。`,
  );
  if (!entry) {
    ctx.report({
      ...base,
      message: msg(
        `Node ${node} has no KUBE-SERVICES rule for service ${objectKey(svc)} (${vip}): the service IP does not work from this node or its pods.`,
        `ノード ${node} にサービス ${objectKey(svc)}（${vip}）の KUBE-SERVICES ルールがありません。このノードとその Pod からサービス IP が機能しません。`,
      ),
      fix: fixRestart,
      evidence: [
        summaryEvidence(
          artifact,
          msg(
            `nat KUBE-SERVICES: no -d ${svc.clusterIP}/32 -p ${proto} --dport ${port.port} -j KUBE-SVC-…`,
            `nat KUBE-SERVICES: -d ${svc.clusterIP}/32 -p ${proto} --dport ${port.port} -j KUBE-SVC-… がありません`,
          ),
        ),
      ],
    });
    return;
  }
  const svcChain = targetOf(entry) as string;
  const svcRules = rulesOf(nat, svcChain);
  const sepRules = svcRules.filter((r) => (targetOf(r) ?? '').startsWith('KUBE-SEP-'));
  const evidence: Evidence[] = [
    lineEvidence(artifact, entry),
    ...sepRules.map((r) => lineEvidence(artifact, r)),
  ];
  if (!chainExists(nat, svcChain) || !sepRules.length) {
    ctx.report({
      ...base,
      message: msg(
        `On node ${node}, service ${objectKey(svc)} (${vip}) jumps to ${svcChain}, which ${chainExists(nat, svcChain) ? 'leads to no KUBE-SEP chain' : 'does not exist'}: no endpoint is reachable through the service IP.`,
        `ノード ${node} でサービス ${objectKey(svc)}（${vip}）のジャンプ先 ${svcChain} が${chainExists(nat, svcChain) ? 'どの KUBE-SEP チェーンにもつながっていません' : '存在しません'}。サービス IP 経由ではどのエンドポイントにも到達できません。`,
      ),
      fix: fixRestart,
      evidence,
    });
    return;
  }
  const got = new Map<string, IptablesRule>();
  for (const r of sepRules) {
    for (const d of rulesOf(nat, targetOf(r) as string)) {
      if (targetOf(d) === 'DNAT' && d.toDestination) got.set(d.toDestination, d);
    }
  }
  const missing = [...want].filter((x) => !got.has(x)).sort();
  const stale = [...got.keys()].filter((x) => !want.has(x)).sort();
  if (missing.length) {
    ctx.report({
      ...base,
      message: msg(
        `On node ${node}, kube-proxy's chains for ${objectKey(svc)} (${vip}) miss ready ${noun(missing.length, 'endpoint')} ${missing.join(', ')}.`,
        `ノード ${node} で ${objectKey(svc)}（${vip}）の kube-proxy チェーンに準備完了のエンドポイント ${missing.join(', ')} がありません。`,
      ),
      fix: fixRestart,
      evidence,
    });
  }
  if (stale.length) {
    ctx.report({
      ...base,
      severity: 'warning',
      message: msg(
        `On node ${node}, kube-proxy still sends ${objectKey(svc)} (${vip}) to ${stale.join(', ')}, which are not ready endpoints.`,
        `ノード ${node} で kube-proxy が ${objectKey(svc)}（${vip}）のトラフィックを、準備完了のエンドポイントではない ${stale.join(', ')} に送り続けています。`,
      ),
      fix: fixRestart,
      evidence: stale.map((x) => lineEvidence(artifact, got.get(x) as IptablesRule)),
    });
  }
}
