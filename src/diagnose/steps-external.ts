/**
 * 39.3 (external access) and 39.4 (router): resolve the name, check it points at a router host
 * (or at an IP failover VIP held by one, §12 — steps-failover.ts walks that layer in between),
 * reach the host, connect to the port, then the router's endpoints and the route for host/path.
 */
import { tlsStallVerdict } from './tls-stall.js';
import { isIPv4 } from 'node:net';
import { count, mapText, msg, type Msg } from '../i18n/message.js';
import type { ClusterModel, Route } from '../model/types.js';
import type { WalkContext } from './context.js';
import type { StepRecorder, StepScope } from './recorder.js';
import type { FailoverPath, WalkState } from './state.js';
import { holdersOf } from './steps-failover.js';
import { kubeNode } from '../checks/lib/nodes.js';
import { isRouterPod } from '../model/selector.js';

const T = {
  dns: msg('resolve the host name', 'ホスト名の名前解決'),
  routerHost: msg('the address is a router host', 'アドレスがルーターのホストか'),
  reach: msg('reach the router host (ping, tracepath)', 'ルーターホストへの到達 (ping, tracepath)'),
  connect: msg('connect to the router port (curl -kv)', 'ルーターのポートへの接続 (curl -kv)'),
  routerEp: msg('router endpoints and their hosts', 'ルーターのエンドポイントとホスト'),
  route: msg('a route matches host and path', 'ホストとパスに一致するルート'),
};

/** 39.3: the host name from the outside vantage point (step 1 of the walk). */
export async function dnsStep(ctx: WalkContext, rec: StepRecorder, st: WalkState): Promise<void> {
  const out = ctx.input.outside;
  await rec.run('external.dns', '3', T.dns, async (s) => {
    if (isIPv4(st.host)) {
      // 39.3: nothing to resolve when the URL names an address.
      st.resolved = [st.host];
      st.dnsOk = true;
      s.pass(msg(`${st.host} is an address; no DNS lookup`, `${st.host} はアドレスのため名前解決は不要です`));
      return;
    }
    const r = await out.resolve(st.host, ctx.timeoutMs);
    ctx.keep(r.artifact);
    s.ran(r.ran);
    s.evidence(
      mapText(r.excerpt, (x) => `${r.ran.where}: ${x}`),
      msg(`resolver: ${r.resolver}`, `リゾルバー: ${r.resolver}`),
    );
    if (r.unavailable) {
      s.unknown(
        msg(
          `could not resolve from ${out.where}: ${r.unavailable}`,
          `${out.where} から名前解決できませんでした: ${r.unavailable}`,
        ),
      );
      return;
    }
    st.resolved = r.addresses;
    st.dnsOk = r.addresses.length > 0;
    if (!st.dnsOk && !resolverAnswered(r.error)) {
      // 39.3: a resolver that refused or never answered says nothing about the record.
      s.unknown(
        msg(
          `the resolver ${r.resolver} did not answer for ${st.host} (${r.error}): the DNS layer is unknown`,
          `リゾルバー ${r.resolver} が ${st.host} に応答しませんでした (${r.error})。DNS 層は判定できません`,
        ),
      );
      return;
    }
    if (!st.dnsOk) {
      s.fail(
        msg(
          `${st.host} does not resolve (${r.error ?? 'no address'})`,
          `${st.host} が名前解決できません (${r.error ?? 'アドレスなし'})`,
        ),
      );
      s.cause({
        fault: 'dns-missing',
        summary: msg(
          `${st.host} does not resolve (${r.error ?? 'no address'}) with resolver ${r.resolver}`,
          `${st.host} はリゾルバー ${r.resolver} で名前解決できません (${r.error ?? 'アドレスなし'})`,
        ),
        fix: msg(
          `Add an A record for ${st.host} pointing at a router host, on the DNS server the clients use (${r.resolver}).`,
          `クライアントが使う DNS サーバー (${r.resolver}) に、ルーターホストを指す ${st.host} の A レコードを追加してください。`,
        ),
        evidence: [mapText(r.excerpt, (x) => `${r.ran.argv.join(' ')} → ${x}`)],
      });
    } else s.pass(msg(`${st.host} → ${r.addresses.join(', ')}`, `${st.host} → ${r.addresses.join(', ')}`));
  });
}

/** 39.3 → 39.4: from the address DNS gave (or the VIP's holder, §12) to the route. */
export async function routerSteps(ctx: WalkContext, rec: StepRecorder, st: WalkState): Promise<void> {
  const out = ctx.input.outside;
  await rec.run('external.router-host', '3, 4', T.routerHost, (s) => {
    const m = ctx.model();
    s.ran({
      where: 'api',
      argv: ['oc', 'get', 'pods', '--all-namespaces', '--selector=router', '-o', 'wide'],
    });
    if (!m.pods) {
      s.unknown(apiUnread(ctx, 'pods', msg('pods', 'Pod ')));
      return;
    }
    const routers = m.pods.value
      .filter((p) => isRouterPod(p) && (p.hostIP || p.node))
      .map((p) => ({
        node: p.node,
        ip: p.hostIP ?? (p.node ? kubeNode(m, p.node)?.internalIP : undefined) ?? '',
      }))
      .filter((r) => r.ip !== '');
    st.routers = routers;
    for (const r of routers)
      s.evidence(
        msg(`router on ${r.node ?? '?'} HostIP: ${r.ip}`, `ルーター（${r.node ?? '?'} 上）HostIP: ${r.ip}`),
      );
    if (routers.length === 0) {
      s.unknown(
        msg('no router pod found (selector router)', 'ルーター Pod が見つかりません (セレクター router)'),
      );
      return;
    }
    if (st.failover) {
      behindVip(s, st, m, st.failover, routers);
      return;
    }
    const hit = st.resolved?.find((a) => routers.some((r) => r.ip === a));
    const chosen = routers.find((r) => r.ip === hit) ?? routers[0]!;
    st.routerIp = chosen.ip;
    st.routerNode = chosen.node;
    if (st.resolved === undefined || !st.dnsOk) {
      s.unknown(
        msg(
          `no DNS answer to compare; going on with router ${chosen.ip}`,
          `比較する DNS 応答がありません。ルーター ${chosen.ip} で続けます`,
        ),
      );
      return;
    }
    const nodeIps = new Set((m.nodes?.value ?? []).flatMap((n) => (n.internalIP ? [n.internalIP] : [])));
    if (!hit && m.ipFailovers === undefined && !st.resolved.some((a) => nodeIps.has(a))) {
      // §12: an address no node has may be an IP failover VIP in front of the routers; without
      // the DeploymentConfigs/Deployments that would say so, "wrong IP" would be a guess.
      s.unknown(
        msg(
          `${st.resolved.join(', ')} runs no router and is no node's address: it may be an IP failover virtual IP, but the DeploymentConfigs and Deployments could not be read`,
          `${st.resolved.join(', ')} ではルーターが動いておらず、どのノードのアドレスでもありません。IP フェイルオーバーの仮想 IP の可能性がありますが、DeploymentConfig と Deployment を読めませんでした`,
        ),
      );
      return;
    }
    if (!hit) {
      const where = routers.map((r) => `${r.ip} (${r.node ?? '?'})`).join(', ');
      s.fail(
        msg(
          `DNS points at ${st.resolved.join(', ')}, routers run on ${where}`,
          `DNS は ${st.resolved.join(', ')} を指していますが、ルーターは ${where} で動いています`,
        ),
      );
      s.cause({
        fault: 'dns-wrong-ip',
        summary: msg(
          `${st.host} resolves to ${st.resolved.join(', ')}, which runs no router; routers run on ${where}`,
          `${st.host} は ${st.resolved.join(', ')} に解決されますが、そこではルーターが動いていません。ルーターは ${where} です`,
        ),
        fix: msg(
          `Point ${st.host} at a router host (${routers.map((r) => r.ip).join(', ')}), or run the router on ${st.resolved.join(', ')} (node selector).`,
          `${st.host} をルーターホスト (${routers.map((r) => r.ip).join(', ')}) に向けるか、ルーターを ${st.resolved.join(', ')} で動かしてください (ノードセレクター)。`,
        ),
        evidence: [
          `dig +short ${st.host} → ${st.resolved.join(' ')}`,
          ...routers.map((r) =>
            msg(`router HostIP: ${r.ip} (${r.node ?? '?'})`, `ルーター HostIP: ${r.ip}（${r.node ?? '?'}）`),
          ),
        ],
      });
      return;
    }
    s.pass(
      msg(
        `${hit} is a router host (${chosen.node ?? '?'})`,
        `${hit} はルーターホストです (${chosen.node ?? '?'})`,
      ),
    );
  });

  const ip = st.routerIp;
  if (!ip) {
    rec.skip(
      'external.reach',
      '3',
      T.reach,
      msg('no router address to reach', '到達確認するルーターアドレスがありません'),
      'unknown',
    );
    rec.skip(
      'external.connect',
      '3',
      T.connect,
      msg('no router address to connect to', '接続するルーターアドレスがありません'),
      'unknown',
    );
  } else {
    // 39.3: the port is tried whatever ICMP says, so the connection starts alongside ping/tracepath.
    const dnsRight = !(st.dnsOk === false || (st.resolved && !st.resolved.includes(ip)));
    const connecting = dnsRight ? out.http(st.url.toString(), ip, ctx.timeoutMs) : undefined;
    // §12: nothing can answer a VIP no node holds; failover.holders concluded why (ipf-vip-unheld).
    const unheldVip = st.failover && holdersOf(ctx.model(), st.failover, ip)?.length === 0;
    await rec.run('external.reach', '3', T.reach, async (s) => {
      const [p, t] = await Promise.all([out.ping(ip, ctx.timeoutMs), out.tracepath(ip, ctx.timeoutMs)]);
      for (const r of [p, t]) {
        ctx.keep(r.artifact);
        s.ran(r.ran);
        s.evidence(mapText(r.excerpt, (x) => `${r.ran.where}: ${x}`));
      }
      if ((p.received ?? 0) > 0 || t.reached) s.pass(msg(`${ip} answers ICMP`, `${ip} は ICMP に応答します`));
      else if (unheldVip)
        s.fail(
          msg(
            `${ip} does not answer: no node holds the virtual IP`,
            `${ip} が応答しません: 仮想 IP を保持するノードがありません`,
          ),
        );
      // 39.3: hosts may not answer ICMP; that alone proves nothing — go straight to the port.
      else
        s.unknown(
          msg(
            `${ip} does not answer ICMP; trying the port directly`,
            `${ip} は ICMP に応答しません。ポートに直接接続します`,
          ),
        );
    });

    await rec.run('external.connect', '3', T.connect, async (s) => {
      if (!connecting) {
        s.unknown(
          msg(
            'skipped: the name must resolve to a router first',
            'スキップ: まず名前がルーターに解決される必要があります',
          ),
        );
        return;
      }
      const r = await connecting;
      ctx.keep(r.artifact);
      s.ran(r.ran);
      s.evidence(mapText(r.excerpt, (x) => `${r.ran.where}: ${x}`));
      st.routerAnswer = r;
      const hp = `${ip}:${st.port}`;
      if (r.unavailable) {
        s.unknown(
          msg(
            `could not probe from ${out.where}: ${r.unavailable}`,
            `${out.where} から確認できませんでした: ${r.unavailable}`,
          ),
        );
      } else if (r.connect === 'refused') {
        s.fail(msg(`connection refused on ${hp}`, `${hp} で接続が拒否されました`));
        s.cause({
          fault: 'router-refused',
          ...(st.routerNode ? { node: st.routerNode } : {}),
          summary: msg(
            `nothing listens on ${hp}: connection refused`,
            `${hp} で何もリッスンしていません: 接続拒否`,
          ),
          fix: msg(
            `Check that the router runs on ${st.routerNode ?? ip} and listens on port ${st.port} (oc get pods -n default --selector=router; router logs).`,
            `${st.routerNode ?? ip} でルーターが動作し、ポート ${st.port} でリッスンしているか確認してください (oc get pods -n default --selector=router、ルーターのログ)。`,
          ),
          evidence: [mapText(r.excerpt, (x) => `${r.ran.argv.join(' ')} → ${x}`)],
        });
      } else if (r.tlsHandshakeStalled) {
        // 39.13.2: the symptom; its cause (the MTU, §8) is the mtu step's, which folds it in
        s.fail(tlsStallVerdict(hp, ctx.timeoutMs));
      } else if (r.connect === 'timeout' && r.tcpConnected) {
        // Connected, then silence: the router is there; what it forwards to does not answer (39.4 → 39.5).
        s.fail(
          msg(
            `the router accepted the connection on ${hp} but sent no answer in ${ctx.timeoutMs} ms`,
            `ルーターは ${hp} で接続を受け付けましたが、${ctx.timeoutMs} ms 以内に応答がありません`,
          ),
        );
      } else if (unheldVip && !r.tcpConnected) {
        // §12: nothing holds the VIP, so nothing can answer it: failover.holders has the cause.
        s.fail(
          msg(
            `connection to ${hp}: ${r.connect}; no node holds the virtual IP`,
            `${hp} への接続: ${r.connect}。仮想 IP を保持するノードがありません`,
          ),
        );
      } else if (r.connect === 'timeout') {
        s.fail(msg(`connection to ${hp} timed out`, `${hp} への接続がタイムアウトしました`));
        s.cause({
          fault: 'router-timeout',
          ...(st.routerNode ? { node: st.routerNode } : {}),
          summary: msg(
            `connection to ${hp} timed out: packets to the router port are dropped (firewall on the router host?)`,
            `${hp} への接続がタイムアウト: ルーターのポートへのパケットが破棄されています (ルーターホストのファイアウォール?)`,
          ),
          fix: msg(
            `Check the firewall on ${st.routerNode ?? ip} (iptables-save: INPUT rules for port ${st.port}) and on the way to it.`,
            `${st.routerNode ?? ip} と経路上のファイアウォールを確認してください (iptables-save の INPUT でポート ${st.port} のルール)。`,
          ),
          evidence: [mapText(r.excerpt, (x) => `${r.ran.argv.join(' ')} → ${x}`)],
        });
      } else if (r.status !== undefined) {
        if (r.status === 503)
          s.fail(
            msg(
              `the router answered 503 (no backend for ${st.host}${st.path})`,
              `ルーターが 503 を返しました (${st.host}${st.path} のバックエンドなし)`,
            ),
          );
        else if (r.status >= 500)
          s.fail(msg(`the router answered ${r.status}`, `ルーターが ${r.status} を返しました`));
        else s.pass(msg(`connected; HTTP ${r.status}`, `接続成功。HTTP ${r.status}`));
      } else s.unknown(msg(`connection to ${hp}: ${r.connect}`, `${hp} への接続: ${r.connect}`));
    });
  }

  await rec.run('router.endpoints', '4', T.routerEp, (s) => {
    const m = ctx.model();
    s.ran({ where: 'api', argv: ['oc', 'get', 'endpoints', '--namespace=default', '--selector=router'] });
    if (!m.endpoints) {
      s.unknown(apiUnread(ctx, 'endpoints', msg('endpoints', 'エンドポイント')));
      return;
    }
    const eps = m.endpoints.value.filter((e) => e.namespace === 'default' && 'router' in e.labels);
    const addrs = eps.flatMap((e) =>
      e.subsets.flatMap((x) => x.addresses.map((a) => `${e.name} ${a.ip} (${a.nodeName ?? '?'})`)),
    );
    s.evidence(...addrs);
    if (addrs.length > 0) {
      s.pass(msg(count(addrs.length, 'router endpoint'), `ルーターエンドポイント ${addrs.length} 件`));
      return;
    }
    // 39.4: the router pods themselves (HostIP / PodIP), when no endpoints object lists them.
    s.ran({ where: 'api', argv: ['oc', 'get', 'pods', '--all-namespaces', '--selector=router'] });
    const pods = (m.pods?.value ?? []).filter(isRouterPod);
    for (const p of pods)
      s.evidence(
        p.ready
          ? `${p.namespace}/${p.name} HostIP: ${p.hostIP ?? '?'} PodIP: ${p.podIP ?? '?'}`
          : msg(
              `${p.namespace}/${p.name} HostIP: ${p.hostIP ?? '?'} PodIP: ${p.podIP ?? '?'} (not ready)`,
              `${p.namespace}/${p.name} HostIP: ${p.hostIP ?? '?'} PodIP: ${p.podIP ?? '?'}（準備未完了）`,
            ),
      );
    const ready = pods.filter((p) => p.ready);
    if (ready.length > 0)
      s.pass(msg(`${count(ready.length, 'router pod')} ready`, `準備完了のルーター Pod ${ready.length} 件`));
    else if (pods.length > 0) s.fail(msg('no router pod is ready', '準備完了のルーター Pod がありません'));
    else s.unknown(msg('no router endpoint or pod found', 'ルーターのエンドポイントも Pod も見つかりません'));
  });

  await rec.run('router.route', '4', T.route, (s) => {
    const m = ctx.model();
    s.ran({ where: 'api', argv: ['oc', 'get', 'route', '--all-namespaces'] });
    if (!m.routes) {
      s.unknown(apiUnread(ctx, 'routes', msg('routes', 'ルート')));
      return;
    }
    const route = matchRoute(m.routes.value, st.host, st.path);
    if (!route) {
      const existing = m.routes.value.map(
        (r) => `${r.namespace}/${r.name} ${r.host}${r.path ?? ''} → ${r.service}`,
      );
      s.evidence(...existing);
      s.fail(msg(`no route for ${st.host}${st.path}`, `${st.host}${st.path} のルートがありません`));
      s.cause({
        fault: 'route-missing',
        summary: msg(
          `no route matches host ${st.host} and path ${st.path}; routes: ${existing.join('; ') || 'none'}`,
          `ホスト ${st.host}、パス ${st.path} に一致するルートがありません。ルート: ${existing.join('; ') || 'なし'}`,
        ),
        fix: msg(
          `Create a route for ${st.host}${st.path} (oc expose service …), or use a host/path that has one.`,
          `${st.host}${st.path} のルートを作成するか (oc expose service …)、ルートのあるホスト/パスを使ってください。`,
        ),
        evidence: existing.length ? existing : ['oc get route --all-namespaces → (none)'],
      });
      return;
    }
    st.route = route;
    const tls = route.tlsTermination ? ` (TLS ${route.tlsTermination})` : '';
    s.evidence(
      msg(
        `${route.namespace}/${route.name} ${route.host}${route.path ?? ''} → service ${route.service}${tls}`,
        `${route.namespace}/${route.name} ${route.host}${route.path ?? ''} → サービス ${route.service}${tls}`,
      ),
    );
    if (st.url.protocol === 'https:' && !route.tlsTermination) {
      s.fail(
        msg(
          `route ${route.namespace}/${route.name} has no TLS termination but the URL is https`,
          `URL は https ですが、ルート ${route.namespace}/${route.name} に TLS 終端がありません`,
        ),
      );
    } else
      s.pass(
        msg(
          `route ${route.namespace}/${route.name} → service ${route.service}`,
          `ルート ${route.namespace}/${route.name} → サービス ${route.service}`,
        ),
      );
  });
}

/**
 * §12: the name resolves to an IP failover VIP. The walk goes on with the VIP as the router
 * address (it is what clients connect to) and the node that holds it as the router's node.
 */
function behindVip(
  s: StepScope,
  st: WalkState,
  m: ClusterModel,
  f: FailoverPath,
  routers: NonNullable<WalkState['routers']>,
): void {
  const vip = f.vips[0]!;
  st.routerIp = vip;
  const holders = holdersOf(m, f, vip);
  if (holders === undefined) {
    s.unknown(
      msg(
        `${vip} is a virtual IP of ${f.config.name}; which node holds it is unknown (addresses of ${f.nodes.join(', ')} not read)`,
        `${vip} は ${f.config.name} の仮想 IP ですが、保持するノードは不明です（${f.nodes.join(', ')} のアドレスを読めていません）`,
      ),
    );
    return;
  }
  const router = routers.find((r) => r.node !== undefined && holders.includes(r.node));
  st.routerNode = router?.node ?? holders[0];
  if (holders.length === 0) {
    s.fail(
      msg(
        `${vip} is a virtual IP of ${f.config.name} that no node holds: nothing answers it`,
        `${vip} は ${f.config.name} の仮想 IP ですが、どのノードも保持しておらず応答するものがありません`,
      ),
    );
  } else if (!router) {
    s.fail(
      msg(
        `${vip} is held by ${holders.join(', ')}, where no router runs`,
        `${vip} は ${holders.join(', ')} が保持していますが、そこではルーターが動いていません`,
      ),
    );
  } else
    s.pass(
      msg(
        `${vip} is a virtual IP held by ${router.node}, which runs a router`,
        `${vip} は仮想 IP で、ルーターが動く ${router.node} が保持しています`,
      ),
    );
}

/** 39.4: the route whose host matches and whose path is the longest prefix of the URL path. */
export function matchRoute(routes: readonly Route[], host: string, path: string): Route | undefined {
  return routes
    .filter(
      (r) =>
        r.host.toLowerCase() === host.toLowerCase() &&
        (!r.path || path === r.path || path.startsWith(r.path.endsWith('/') ? r.path : `${r.path}`)),
    )
    .sort((a, b) => (b.path?.length ?? 0) - (a.path?.length ?? 0))[0];
}

export function apiError(ctx: WalkContext, r: keyof WalkContext['api']): string {
  const l = ctx.api[r];
  return l && !l.ok ? `${l.error}${l.status ? ` (${l.status})` : ''}` : 'not read';
}

/**
 * Why a step could not read `r`: when no list of the API could be read, for one reason (no
 * kubeconfig, an unreachable server, refused credentials), that reason is the same words for every
 * step, so the verdict says it once; else what was not read (`what`, a Msg of the resource).
 */
export function apiUnread(ctx: WalkContext, r: keyof WalkContext['api'], what: Msg): Msg {
  const lists = Object.values(ctx.api);
  const first = lists[0];
  const server = first && !first.ok ? first.server : undefined;
  if (server && lists.every((l) => l && !l.ok && l.server?.en === server.en))
    return msg(`the API could not be read: ${server.en}`, `API を読めませんでした: ${server.ja}`);
  const why = apiError(ctx, r);
  return msg(`${what.en} could not be read: ${why}`, `${what.ja}を読めませんでした: ${why}`);
}

/**
 * True when the lookup got an answer from the resolver: addresses, or a definite "no such name /
 * no such record" (NXDOMAIN, NODATA, an empty `dig +short`). Refused, timeout, SERVFAIL and socket
 * errors are no answer: they cannot prove the A record is missing.
 */
export function resolverAnswered(error: string | undefined): boolean {
  return error === undefined || error === 'NXDOMAIN' || error === 'NODATA';
}
