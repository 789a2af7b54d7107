/**
 * 39.7 (local network on the nodes in question), 39.8/39.13.2 (MTU, with a don't-fragment probe
 * of full size across the tunnel), 39.9 (egress DNS from a pod), 39.10 (logs), 39.11 (kube-proxy).
 * Node facts come from the passive checks; the active probes add what only traffic can show.
 */
import { foldTlsStall } from './tls-stall.js';
import { isIPv4 } from 'node:net';
import { mapText, msg } from '../i18n/message.js';
import { digSearchFrom, pingDfFrom } from '../sources/probes/shell-probes.js';
import type { ShellTarget } from '../sources/node-shell.js';
import type { WalkContext } from './context.js';
import { passiveStep } from './passive-step.js';
import type { StepRecorder } from './recorder.js';
import type { WalkState } from './state.js';

const T = {
  ipForward: msg('IP forwarding enabled', 'IP 転送が有効か'),
  routes: msg('routes to the cluster network via tun0', 'tun0 経由のクラスターネットワークへのルート'),
  ovs: msg('Open vSwitch: br0, ports, flows', 'Open vSwitch: br0、ポート、フロー'),
  iptables: msg('iptables filter and masquerade rules', 'iptables のフィルターとマスカレードのルール'),
  mtu: msg(
    'MTU (full-size don’t-fragment probe across the tunnel)',
    'MTU (トンネル越しのフルサイズ DF プローブ)',
  ),
  egress: msg('egress DNS from a pod', 'Pod からの Egress DNS'),
  logs: msg('node logs (setup script, table=0)', 'ノードのログ (setup script、table=0)'),
  kubeProxy: msg('kube-proxy NAT for the service IP', 'サービス IP の kube-proxy NAT'),
};

function podTarget(
  ctx: WalkContext,
  key: string | undefined,
  node: string | undefined,
): ShellTarget | undefined {
  if (!key || !node) return undefined;
  const [namespace, name] = key.split('/');
  return namespace && name ? { kind: 'pod', node, namespace, name } : undefined;
}

/**
 * 39.9: `dig +search +noall +answer <outside name>` from the pods on the walk's nodes, and the same
 * name from outside (first element). Started early, awaited by the step.
 */
export function startEgressProbes(
  ctx: WalkContext,
  st: WalkState,
): NonNullable<WalkState['prefetch']['egress']> {
  if (!st.prefetch.egress) {
    const name = st.egressName ?? ctx.input.egressName ?? st.host;
    const pods = (ctx.model().pods?.value ?? [])
      .filter((p) => !p.hostNetwork && p.node && st.nodes.includes(p.node) && p.phase !== 'Failed')
      .slice(0, 12);
    st.prefetch.egress = Promise.all([
      ctx.input.outside.resolve(name, ctx.timeoutMs),
      ...pods.map((p) =>
        digSearchFrom(
          ctx.shell,
          { kind: 'pod', node: p.node!, namespace: p.namespace, name: p.name },
          name,
          ctx.timeoutMs,
        ),
      ),
    ]);
  }
  return st.prefetch.egress;
}

export async function localSteps(ctx: WalkContext, rec: StepRecorder, st: WalkState): Promise<void> {
  await passiveStep(ctx, rec, st, 'local.ip-forward', '7.3.1', T.ipForward);
  await passiveStep(ctx, rec, st, 'local.routes', '7.3.2', T.routes);
  await passiveStep(ctx, rec, st, 'local.ovs', '7.4', T.ovs);
  await passiveStep(ctx, rec, st, 'local.iptables', '7.4.1', T.iptables);

  await passiveStep(ctx, rec, st, 'mtu', '8, 13.2', T.mtu, async (s) => {
    // 39.13.2: a full-size packet with DF set, pod to pod across the tunnel, between two pods
    // that already answered each other's nodes (so a failure here is size, not reachability).
    const m = ctx.model();
    // 39.13.2: TLS handshake timeouts in the logs of the walk's nodes are this layer's symptom
    for (const f of ctx.passive().findings)
      if (f.check === 'tls-handshake-timeout' && f.node && st.nodes.includes(f.node)) s.evidence(f.message);
    const pairs = st.targets.flatMap((a) =>
      st.targets
        .filter((b) => b.node && a.node && b.node !== a.node && st.answered.has(`${a.node}|${b.ip}`))
        .map((b) => ({ a, b })),
    );
    const pair = pairs[0];
    const from = pair ? podTarget(ctx, pair.a.pod, pair.a.node) : undefined;
    if (!pair || !from) {
      s.evidence(
        msg(
          'no pair of answering pods on different nodes for the don’t-fragment probe',
          'DF（分割禁止）プローブに使える、別々のノード上で応答する Pod の組がありません',
        ),
      );
      return;
    }
    const tun0 = m.nodeFacts[pair.a.node!]?.links?.value.find((l) => l.name === 'tun0')?.mtu;
    const mtu = tun0 ?? m.clusterNetwork?.value.mtu ?? 1450;
    const r = await pingDfFrom(ctx.shell, from, pair.b.ip, mtu - 28, Math.min(ctx.timeoutMs, 1000));
    ctx.keep(r.artifact);
    s.ran(r.ran);
    s.evidence(
      mapText(r.excerpt, (x) => `${pair.a.pod} → ${pair.b.pod} (${pair.b.ip}) DF size ${mtu - 28}: ${x}`),
    );
    if (!r.unavailable && (r.received ?? 0) === 0) {
      // 39.13.2: only size can fail a full-size ping on a path that carries a small one; when the
      // small one is lost too, the path is broken (§6/§7) and the probe says nothing of the MTU.
      const small = await pingDfFrom(ctx.shell, from, pair.b.ip, 56, Math.min(ctx.timeoutMs, 1000));
      ctx.keep(small.artifact);
      s.ran(small.ran);
      s.evidence(
        mapText(small.excerpt, (x) => `${pair.a.pod} → ${pair.b.pod} (${pair.b.ip}) DF size 56: ${x}`),
      );
      if (small.unavailable || (small.received ?? 0) === 0) {
        s.unknown(
          msg(
            `the path ${pair.a.node} → ${pair.b.node} loses even a 56-byte packet: it is broken, so the don't-fragment probe says nothing about the MTU`,
            `${pair.a.node} → ${pair.b.node} の経路は 56 バイトのパケットも失います: 経路の障害のため、DF 付きの確認は MTU について何も示しません`,
          ),
        );
        return;
      }
      const line = msg(
        `a ${mtu}-byte packet with DF does not cross from ${pair.a.node} to ${pair.b.node}: large transfers hang`,
        `DF 付きの ${mtu} バイトのパケットが ${pair.a.node} から ${pair.b.node} へ届きません: 大きな転送が止まります`,
      );
      s.evidence(line);
      s.fail(line);
      // The passive check names the nodes whose MTUs disagree; only without it is the probe the cause.
      if (!ctx.passive().findings.some((f) => f.fault === 'mtu-mismatch')) {
        s.cause(
          foldTlsStall(
            {
              fault: 'mtu-mismatch',
              node: pair.a.node!,
              summary: msg(
                `${line} (pod MTU ${mtu}; a tunnelled packet needs 50 bytes more than the pod MTU on the link)`,
                `DF 付きの ${mtu} バイトのパケットが ${pair.a.node} から ${pair.b.node} へ届きません (Pod の MTU ${mtu}。トンネルではリンク上で 50 バイト多く必要)`,
              ),
              fix: msg(
                'Set the SDN MTU (node config networkConfig.mtu / ClusterNetwork mtu) at least 50 below the NIC MTU on every node, then restart the node service.',
                'すべてのノードで SDN の MTU (ノード設定 networkConfig.mtu / ClusterNetwork の mtu) を NIC の MTU より 50 以上小さくし、ノードサービスを再起動してください。',
              ),
              evidence: [mapText(r.excerpt, (x) => `${r.ran.where}: ${r.ran.argv.join(' ')} → ${x}`)],
              involves: [pair.a.node!, pair.b.node!],
              active: true,
            },
            st,
          ),
        );
      }
    }
  });

  await passiveStep(ctx, rec, st, 'egress-dns', '9', T.egress, async (s) => {
    // 39.9: `dig +search +noall +answer <outside name>` from pods on the walk's nodes; the answers
    // are read by the passive check (wildcard search domain / nameserver), compared with outside.
    const name = st.egressName ?? ctx.input.egressName ?? st.host;
    // An address needs no lookup: nothing runs, so nothing is shown as if it had (the passive
    // check below still reads the pods' resolver settings).
    if (isIPv4(name)) {
      s.evidence(
        msg(
          `${name} is an address: no DNS lookup from the pods`,
          `${name} はアドレスのため Pod からの名前解決は行いません`,
        ),
      );
      return;
    }
    const [outside, ...answers] = await startEgressProbes(ctx, st);
    ctx.keep(outside!.artifact);
    s.ran(outside!.ran);
    s.evidence(
      msg(
        `outside (${outside!.ran.where}): ${name} → ${outside!.addresses.join(' ') || outside!.error || '-'}`,
        `外部（${outside!.ran.where}）: ${name} → ${outside!.addresses.join(' ') || outside!.error || '-'}`,
      ),
    );
    for (const a of answers) {
      ctx.keep(a.artifact);
      s.ran(a.ran);
      s.evidence(mapText(a.excerpt, (x) => `${a.ran.where}: ${x}`));
    }
    // 39.9: a pod that gets another address than the outside does for the same name (or one when
    // outside gets none) is answered by something else — a wildcard entry, a wrong nameserver.
    const want = [...outside!.addresses].sort().join(' ');
    // Only for a name known to live outside the cluster (--egress-name, the lab's outside host):
    // the URL's own host may rightly resolve differently inside.
    if (!(st.egressName ?? ctx.input.egressName) || outside!.unavailable) return;
    if (ctx.passive().findings.some((f) => f.fault === 'egress-dns-wildcard')) return;
    const pods = (ctx.model().pods?.value ?? []).filter((p) => !p.hostNetwork);
    for (const a of answers) {
      const got = [...a.addresses].sort().join(' ');
      if (a.unavailable || got === '' || got === want) continue;
      const pod = pods.find((p) => a.ran.where === `pod/${p.namespace}/${p.name}`);
      if (!pod?.node) continue;
      const hijacked = a.records?.find((r) => r.type === 'A')?.name ?? name;
      s.fail(
        msg(
          `${a.ran.where} resolves ${name} to ${got}, outside gets ${want || 'no address'}`,
          `${a.ran.where} は ${name} を ${got} に解決しますが、外部では ${want || 'アドレスなし'} です`,
        ),
      );
      s.cause({
        fault: 'egress-dns-wildcard',
        node: pod.node,
        pod: `${pod.namespace}/${pod.name}`,
        summary: msg(
          `from pod ${pod.namespace}/${pod.name}, ${name} resolves to ${got} (record ${hijacked}) while outside it is ${want || 'not found'}: a wildcard entry or search domain answers for an external name`,
          `Pod ${pod.namespace}/${pod.name} から ${name} が ${got} (レコード ${hijacked}) に解決されますが、外部では ${want || '見つかりません'}: ワイルドカードエントリーか search ドメインが外部名に応答しています`,
        ),
        fix: msg(
          'Make sure no nameserver with a wildcard entry is listed in the pod/node resolv.conf, and no wildcard domain is in its search list (39.9).',
          'ワイルドカードエントリーを持つ DNS サーバーが resolv.conf の nameserver に無いこと、ワイルドカードドメインが search 一覧に無いことを確認してください (39.9)。',
        ),
        evidence: [
          mapText(a.excerpt, (x) => `${a.ran.where}: ${a.ran.argv.join(' ')} → ${x}`),
          msg(
            `outside: ${name} → ${want || outside!.error || '-'}`,
            `外部: ${name} → ${want || outside!.error || '-'}`,
          ),
        ],
        involves: [pod.node],
        active: true,
      });
    }
  });

  await passiveStep(ctx, rec, st, 'logs', '10', T.logs);

  await passiveStep(ctx, rec, st, 'kube-proxy', '11', T.kubeProxy, (s) => {
    // 39.5 → 39.11: the service IP fails from a node although every endpoint answers from it:
    // the node's kube-proxy NAT for that service is the suspect.
    const svc = st.service;
    if (!svc) return;
    const sk = `${svc.namespace}/${svc.name}`;
    for (const f of st.failedService) {
      const allAnswer =
        st.targets.length > 0 && st.targets.every((t) => st.answered.has(`${f.node}|${t.ip}`));
      if (!allAnswer) continue;
      s.cause({
        fault: 'svc-nat-missing',
        node: f.node,
        service: sk,
        summary: msg(
          `service IP ${svc.clusterIP}:${st.servicePort?.port} fails from ${f.node} while every endpoint answers there: kube-proxy NAT for it is missing on ${f.node}`,
          `${f.node} からサービス IP ${svc.clusterIP}:${st.servicePort?.port} が失敗しますが、各エンドポイントは応答します: ${f.node} で kube-proxy の NAT がありません`,
        ),
        fix: msg(
          `Check iptables -t nat -L KUBE-SERVICES on ${f.node} for ${svc.clusterIP}; restart the node service (atomic-openshift-node / sdn pod) so kube-proxy resyncs.`,
          `${f.node} で iptables -t nat -L KUBE-SERVICES に ${svc.clusterIP} があるか確認し、ノードサービス (atomic-openshift-node / sdn Pod) を再起動して kube-proxy を再同期してください。`,
        ),
        evidence: [
          mapText(f.excerpt, (x) => `${f.node}: curl ${svc.clusterIP}:${st.servicePort?.port} → ${x}`),
        ],
        involves: [f.node],
        active: true,
      });
    }
  });
}
