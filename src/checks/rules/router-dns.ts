/**
 * 39.3 / 39.4: a route's host name must resolve to a host that runs a router pod ("返される IP
 * アドレスがルーターを実行するルーターであることを確認します"). Needs DNS answers in the collection
 * (dig probe artifacts); without them the check is unknown.
 */
import { msg } from '../../i18n/message.js';
import type { ClusterModel, DnsLookup, Pod } from '../../model/types.js';
import { defineCheck } from '../define.js';
import { lineEvidence, summaryEvidence } from '../lib/evidence.js';
import { parseIp } from '../../net/ipv4.js';
import { kubeNode, ownAddresses } from '../lib/nodes.js';
import { routerVips } from '../lib/ipfailover.js';
import { isRouterPod } from '../../model/selector.js';
import type { CheckContext, Evidence } from '../types.js';
import { objectKey } from '../../model/object-key.js';

export default defineCheck({
  id: 'router-dns',
  section: '4',
  severity: 'error',
  fault: 'dns-wrong-ip',
  title: msg(
    'Route host names resolve to hosts that run a router',
    'ルートのホスト名がルーターの動作するホストに解決される',
  ),
  requires: { cluster: ['routes', 'pods', 'dnsLookups'] },
  run(ctx) {
    const { model } = ctx;
    const routers = (model.pods?.value ?? []).filter((p) => isRouterPod(p) && p.phase === 'Running');
    if (!routers.length) {
      ctx.unknown(
        msg('no running router pod in the collection', '収集データに実行中のルーター Pod がありません'),
      );
      return;
    }
    const routerIPs = routerAddresses(model, routers);
    // §12: a VIP of an IP failover configuration in front of the routers is a router address even
    // when no node holds it right now (ipf-vip-unheld and the other ipf checks judge the VIP itself)
    const routerNodes = new Set(routers.flatMap((p) => (p.node ? [p.node] : [])));
    for (const vip of routerVips(model, routerNodes)) routerIPs.add(vip);
    const hosts = [...new Set((model.routes?.value ?? []).map((r) => r.host.toLowerCase()))].sort();
    let answered = 0;
    for (const host of hosts) {
      const lookups = (model.dnsLookups ?? []).filter((l) => sameName(l.name, host) && !l.search);
      if (!lookups.length) continue;
      answered++;
      for (const l of lookups) checkLookup(ctx, host, l, routers, routerIPs, model.pods?.artifact ?? '');
    }
    if (!answered) {
      ctx.unknown(
        msg(
          'the collection has no DNS answer (dig) for any route host',
          '収集データにルートのホスト名の DNS 応答（dig）がありません',
        ),
      );
    }
  },
});

function checkLookup(
  ctx: CheckContext,
  host: string,
  l: DnsLookup,
  routers: readonly Pod[],
  routerIPs: ReadonlySet<string>,
  podsArtifact: string,
): void {
  const addresses = l.answers.filter((a) => a.type === 'A' && parseIp(a.data) !== undefined);
  const where = l.node ?? l.where ?? 'client';
  const routerEvidence: Evidence[] = routers.map((p) =>
    summaryEvidence(
      podsArtifact,
      `router pod ${objectKey(p)}: node ${p.node ?? '?'} hostIP ${p.hostIP ?? '?'}`,
    ),
  );
  if (!addresses.length) {
    ctx.report({
      fault: 'dns-missing',
      ...(l.node ? { node: l.node } : {}),
      message: msg(
        `${host} does not resolve (asked from ${where})${l.error ? `: ${l.error}` : ''}.`,
        `${host} が名前解決できません（${where} から問い合わせ）${l.error ? `: ${l.error}` : ''}。`,
      ),
      fix: msg(
        `Add a DNS record for ${host} (or the wildcard of its domain) pointing at a router host: ${[...routerIPs].sort().join(', ')}.`,
        `${host}（またはそのドメインのワイルドカード）の DNS レコードを、ルーターのホスト（${[...routerIPs].sort().join(', ')}）に向けて追加してください。`,
      ),
      evidence: [
        summaryEvidence(
          l.artifact,
          l.error ? `dig ${host}: ${l.error}` : msg(`dig ${host}: no answer`, `dig ${host}: 応答なし`),
        ),
        ...routerEvidence,
      ],
    });
    return;
  }
  if (addresses.some((a) => routerIPs.has(a.data))) return;
  const got = addresses.map((a) => a.data).join(', ');
  // Read with -n: a router of another namespace (a shard) may run at `got`; it was not collected.
  if (ctx.model.apiNamespaces) {
    ctx.unknown(
      msg(
        `${host} resolves to ${got}, where no router of ${ctx.model.apiNamespaces.join(', ')} runs (routers of other namespaces were not collected)`,
        `${host} は ${got} に解決されますが、${ctx.model.apiNamespaces.join(', ')} のルーターはそこで動作していません（他の名前空間のルーターは収集していません）`,
      ),
      l.node,
    );
    return;
  }
  ctx.report({
    ...(l.node ? { node: l.node } : {}),
    message: msg(
      `${host} resolves to ${got}, but no router runs there (routers run on ${[...routerIPs].sort().join(', ')}).`,
      `${host} は ${got} に解決されますが、そこではルーターが動作していません（ルーターの動作ホスト: ${[...routerIPs].sort().join(', ')}）。`,
    ),
    fix: msg(
      `Point ${host} at a router host in DNS, or run the router on ${got} (node selector / affinity of the router). If a load balancer in front of the routers owns ${got}, check its back ends instead.`,
      `DNS で ${host} をルーターのホストに向けるか、ルーターを ${got} で動かしてください（ルーターのノードセレクター／アフィニティー）。${got} がルーター前段のロードバランサーの場合は、そのバックエンド設定を確認してください。`,
    ),
    evidence: [...addresses.map((a) => lineEvidence(l.artifact, a)), ...routerEvidence],
  });
}

/** Every address of every node that runs a router (routers use the host network, 39.4). */
function routerAddresses(model: ClusterModel, routers: readonly Pod[]): Set<string> {
  const ips = new Set<string>();
  for (const p of routers) {
    if (p.hostIP) ips.add(p.hostIP);
    if (!p.node) continue;
    for (const a of kubeNode(model, p.node)?.addresses ?? []) ips.add(a.address);
    for (const a of ownAddresses(model.nodeFacts[p.node]?.links?.value ?? [])) ips.add(a.ip);
  }
  return ips;
}

function sameName(a: string, b: string): boolean {
  return a.replace(/\.$/, '').toLowerCase() === b.replace(/\.$/, '').toLowerCase();
}
