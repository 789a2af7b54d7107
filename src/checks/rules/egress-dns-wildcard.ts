/**
 * 39.9: a wildcard DNS entry reachable through the resolv.conf search list answers for external
 * names ("ローカル DNS サーバーのワイルドカードエントリーに一致している可能性があります").
 *
 * Passive rule (what a collection can prove):
 *  1. a `dig +search +noall +answer <name>` run on the node answered with a record owned by
 *     `<name>.<search domain>` — the search list turned an external name into a wildcard hit;
 *  2. a lookup of a name that cannot exist under a search domain — by convention a first label
 *     starting with `sdn-doctor-nonexistent` (what collectors ask) — returned an address: the
 *     search domain is a wildcard zone.
 * Without such DNS answers for a search domain:
 *  3. a search domain that is exactly the domain route hosts live in (`www.example.com` →
 *     `example.com`) is the routers' wildcard subdomain, which OpenShift requires to be a wildcard
 *     DNS zone: a warning (risky; the guide says to keep it out of the search list);
 *  4. any other search domain is unknown for that node: resolv.conf alone cannot tell.
 */
import { msg } from '../../i18n/message.js';
import type { DnsLookup, ResolvConf } from '../../model/types.js';
import { defineCheck } from '../define.js';
import { lineEvidence, summaryEvidence } from '../lib/evidence.js';
import type { CheckContext, Evidence } from '../types.js';

/** First label of the names collectors look up to detect a wildcard zone. */
export const WILDCARD_PROBE_LABEL = 'sdn-doctor-nonexistent';

export default defineCheck({
  id: 'egress-dns-wildcard',
  section: '9',
  severity: 'error',
  fault: 'egress-dns-wildcard',
  title: msg(
    'No wildcard DNS zone in the resolv.conf search list',
    'resolv.conf の search 一覧にワイルドカード DNS ゾーンがない',
  ),
  requires: { node: ['resolvConf'] },
  run(ctx) {
    for (const node of ctx.nodes) {
      const rc = ctx.model.nodeFacts[node]?.resolvConf;
      if (!rc) continue;
      const domains = rc.value.search.map(norm).filter(Boolean);
      if (!domains.length) continue;
      const lookups = (ctx.model.dnsLookups ?? []).filter((l) => l.node === node);
      // The domain right above each route host: the routers' wildcard subdomain (`*.apps.<domain>`).
      const routeDomains = new Set((ctx.model.routes?.value ?? []).map((r) => parentDomain(r.host)));
      const searched = lookups.filter((l) => l.kind === 'dig-answer' && l.search);
      for (const d of domains) {
        const hijack = searched.flatMap((l) =>
          l.answers.filter((a) => norm(a.name) === `${norm(l.name)}.${d}`).map((a) => ({ l, a })),
        );
        const probes = lookups.filter(
          (l) => norm(l.name).startsWith(WILDCARD_PROBE_LABEL) && norm(l.name).endsWith(`.${d}`),
        );
        const probeHits = probes.filter((l) => l.answers.some((a) => a.type === 'A'));
        if (hijack.length || probeHits.length) {
          const evidence: Evidence[] = [
            summaryEvidence(rc.artifact, `search ${rc.value.search.join(' ')}`, rc.value.searchLine),
            ...hijack.map(({ l, a }) => lineEvidence(l.artifact, a)),
            ...probeHits.flatMap((l) =>
              l.answers.filter((a) => a.type === 'A').map((a) => lineEvidence(l.artifact, a)),
            ),
          ];
          report(ctx, node, d, rc.value, hijack[0]?.l ?? probeHits[0], evidence);
        } else if (!searched.length && !probes.length && routeDomains.has(d)) {
          reportRouteDomain(ctx, node, d, rc.value, rc.artifact, rc.value.searchLine);
        } else if (!searched.length && !probes.length) {
          ctx.unknown(
            msg(
              `no DNS answer in the collection shows whether search domain ${d} is a wildcard zone`,
              `search ドメイン ${d} がワイルドカードゾーンかどうかを示す DNS 応答が収集データにありません`,
            ),
            node,
          );
        }
      }
    }
  },
});

function report(
  ctx: CheckContext,
  node: string,
  domain: string,
  rc: ResolvConf,
  l: DnsLookup | undefined,
  evidence: Evidence[],
): void {
  const name = l?.name ?? `*.${domain}`;
  ctx.report({
    node,
    message: msg(
      `On node ${node}, search domain ${domain} is a wildcard DNS zone: a lookup of ${name} was answered from ${domain}, so external names can resolve to the wrong host (nameservers: ${rc.nameservers.map((n) => n.address).join(', ') || 'none'}).`,
      `ノード ${node} で search ドメイン ${domain} がワイルドカード DNS ゾーンです。${name} の問い合わせに ${domain} から応答があり、外部の名前が誤ったホストに解決される可能性があります（nameserver: ${rc.nameservers.map((n) => n.address).join(', ') || 'なし'}）。`,
    ),
    fix: msg(
      `Remove ${domain} from the search list in /etc/resolv.conf (or the DHCP / NetworkManager setting that writes it), or use a nameserver without the wildcard entry.`,
      `/etc/resolv.conf の search 一覧から ${domain} を削除する（またはそれを書き込む DHCP／NetworkManager の設定を変更する）か、ワイルドカードエントリーのない nameserver を使用してください。`,
    ),
    evidence,
  });
}

function reportRouteDomain(
  ctx: CheckContext,
  node: string,
  domain: string,
  rc: ResolvConf,
  artifact: string,
  line: number | undefined,
): void {
  const hosts = (ctx.model.routes?.value ?? [])
    .filter((r) => parentDomain(r.host) === domain)
    .map((r) => r.host);
  ctx.report({
    node,
    severity: 'warning',
    message: msg(
      `On node ${node}, search domain ${domain} is the domain of the routes (${hosts.slice(0, 3).join(', ')}), normally a wildcard DNS zone: external names looked up through the search list can resolve to the routers.`,
      `ノード ${node} の search ドメイン ${domain} はルート（${hosts.slice(0, 3).join(', ')}）のドメインで、通常はワイルドカード DNS ゾーンです。search 一覧を経由した外部名の問い合わせがルーターに解決される可能性があります。`,
    ),
    fix: msg(
      `Remove ${domain} from the search list in /etc/resolv.conf (39.9); to confirm, run dig +search +noall +answer github.com on the node.`,
      `/etc/resolv.conf の search 一覧から ${domain} を削除してください（39.9）。確認するにはノードで dig +search +noall +answer github.com を実行してください。`,
    ),
    evidence: [summaryEvidence(artifact, `search ${rc.search.join(' ')}`, line)],
  });
}

/** `www.example.com` → `example.com`. */
function parentDomain(host: string): string {
  return norm(host).split('.').slice(1).join('.');
}

function norm(name: string): string {
  return name.trim().replace(/\.$/, '').toLowerCase();
}
