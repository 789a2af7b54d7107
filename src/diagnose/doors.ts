/**
 * `diagnose --from pod/NS/NAME|node/NAME <target>` (issue 15): the guide's other doors. The
 * probes run where the user says the problem is — inside the pod's network namespace (through the
 * node shell) or on the node — and each door joins the shared descent (§6, §7, §8, §10, §11):
 * - the service door (§5): the service IP from the source, then the service's endpoints from the
 *   nodes and kube-proxy's NAT on the source's node;
 * - the pod door (§7): the pod from the source and from the nodes on the path;
 * - the egress door (§9 → §7 → §7.4.2): the name from the pod's resolver (`dig +search`, the
 *   wildcard trap), then the outside from the pod and from its node, so that "the outside drops
 *   our traffic" is told apart from "our node drops it".
 */
import { podPairIsolation } from './policy.js';
import { isIPv4 } from 'node:net';
import { count, mapText, msg, type Msg } from '../i18n/message.js';
import { objectKey } from '../model/object-key.js';
import type { ClusterModel, Pod, Service, ServicePort } from '../model/types.js';
import type { ShellTarget } from '../sources/node-shell.js';
import { curlFrom } from '../sources/probes/shell-probes.js';
import type { HttpOutcome } from '../sources/probes/types.js';
import type { WalkContext } from './context.js';
import type { StepRecorder, StepScope } from './recorder.js';
import type { WalkState } from './state.js';
import { answered } from './steps-service.js';

/** Where the probes start. */
export type FromSpec =
  | { readonly kind: 'pod'; readonly namespace: string; readonly name: string }
  | { readonly kind: 'node'; readonly node: string };

/** What the user names: a service, a pod, or an address / name / URL (inside or outside). */
export type TargetSpec =
  | {
      readonly kind: 'svc' | 'pod';
      readonly namespace: string;
      readonly name: string;
      readonly port?: number;
    }
  | { readonly kind: 'url'; readonly url: URL };

const NAME = '[a-z0-9]([-a-z0-9.]*[a-z0-9])?';

/** `pod/NS/NAME` or `node/NAME`; undefined when it is neither. */
export function parseFrom(s: string): FromSpec | undefined {
  const pod = new RegExp(`^pod/(${NAME})/(${NAME})$`).exec(s);
  if (pod) return { kind: 'pod', namespace: pod[1]!, name: pod[3]! };
  const node = new RegExp(`^node/(${NAME})$`).exec(s);
  return node ? { kind: 'node', node: node[1]! } : undefined;
}

/** `svc/NS/NAME[:PORT]`, `pod/NS/NAME[:PORT]`, a URL, `host:port` or `host`. */
export function parseTarget(s: string): TargetSpec | undefined {
  const obj = new RegExp(`^(svc|service|pod)/(${NAME})/(${NAME})(?::(\\d{1,5}))?$`).exec(s);
  if (obj) {
    const port = obj[6] ? Number(obj[6]) : undefined;
    if (port !== undefined && (port < 1 || port > 65535)) return undefined;
    return {
      kind: obj[1] === 'pod' ? 'pod' : 'svc',
      namespace: obj[2]!,
      name: obj[4]!,
      ...(port !== undefined ? { port } : {}),
    };
  }
  try {
    const url = new URL(s.includes('://') ? s : `http://${s}`);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) return undefined;
    return { kind: 'url', url };
  } catch {
    return undefined;
  }
}

/** What the target is, once the API is read. */
export type Door =
  | { readonly kind: 'service'; readonly service: Service; readonly port: ServicePort; readonly url: string }
  | { readonly kind: 'pod'; readonly pod: Pod; readonly port: number; readonly url: string }
  | { readonly kind: 'egress'; readonly host: string; readonly url: string }
  | { readonly kind: 'unknown'; readonly reason: Msg };

const portOf = (u: URL): number => (u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80);

/** §5 / §7 / §9: the door the target opens, from the Services and Pods (NAME.NS.svc is a service). */
export function classifyTarget(m: ClusterModel, t: TargetSpec): Door {
  const services = m.services?.value;
  const pods = m.pods?.value;
  const svcDoor = (svc: Service, port: number | undefined, path = '/'): Door => {
    const p = port === undefined ? svc.ports[0] : svc.ports.find((x) => x.port === port);
    if (!p || !svc.clusterIP || svc.clusterIP === 'None')
      return {
        kind: 'unknown',
        reason: msg(
          `service ${objectKey(svc)} has no cluster IP port ${port ?? ''}`,
          `サービス ${objectKey(svc)} にクラスター IP のポート ${port ?? ''} がありません`,
        ),
      };
    return { kind: 'service', service: svc, port: p, url: `http://${svc.clusterIP}:${p.port}${path}` };
  };
  const podDoor = (pod: Pod, port: number | undefined, path = '/'): Door => {
    const p = port ?? pod.containerPorts[0]?.port;
    if (!pod.podIP || p === undefined)
      return {
        kind: 'unknown',
        reason: msg(
          `pod ${objectKey(pod)} has no IP or no port to probe (give pod/NS/NAME:PORT)`,
          `Pod ${objectKey(pod)} に IP か確認するポートがありません (pod/NS/NAME:PORT で指定してください)`,
        ),
      };
    return { kind: 'pod', pod, port: p, url: `http://${pod.podIP}:${p}${path}` };
  };
  const notRead = (what: Msg): Door => ({
    kind: 'unknown',
    reason: msg(`${what.en} could not be read from the API`, `API から${what.ja}を読めませんでした`),
  });
  if (t.kind !== 'url') {
    const list = t.kind === 'svc' ? services : pods;
    if (!list) return notRead(t.kind === 'svc' ? msg('services', 'サービス') : msg('pods', 'Pod '));
    const hit = list.find((x) => x.namespace === t.namespace && x.name === t.name);
    if (!hit)
      return {
        kind: 'unknown',
        reason: msg(
          `${t.kind} ${t.namespace}/${t.name} does not exist`,
          `${t.kind} ${t.namespace}/${t.name} が存在しません`,
        ),
      };
    return t.kind === 'svc' ? svcDoor(hit as Service, t.port) : podDoor(hit as Pod, t.port);
  }
  const host = t.url.hostname.toLowerCase();
  const port = portOf(t.url);
  const path = t.url.pathname || '/';
  // §5: a service by its IP or its DNS name NAME.NS.svc[.cluster.local]
  const dns = /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc(\.cluster\.local)?\.?$/.exec(host);
  if (dns || isIPv4(host)) {
    if (!services || !pods) return notRead(msg('services and pods', 'サービスと Pod '));
    const svc = services.find((s) =>
      dns ? s.name === dns[1] && s.namespace === dns[2] : s.clusterIP === host,
    );
    if (svc) return svcDoor(svc, port, path);
    const pod = isIPv4(host) ? pods.find((p) => p.podIP === host && !p.hostNetwork) : undefined;
    if (pod) return podDoor(pod, port, path);
    if (dns)
      return {
        kind: 'unknown',
        reason: msg(`no service ${dns[2]}/${dns[1]}`, `サービス ${dns[2]}/${dns[1]} がありません`),
      };
  }
  return { kind: 'egress', host, url: t.url.toString() };
}

const T = {
  source: msg('the source of the probes (pod or node)', 'プローブの出発点 (Pod またはノード)'),
  service: msg('the service IP from the source', '出発点からサービス IP へ'),
  pod: msg('the pod from the source', '出発点から Pod へ'),
  podNodes: msg('the pod from the nodes on the path', '経路上のノードから Pod へ'),
  egressPod: msg('the outside from the source', '出発点から外部へ'),
  egressNode: msg("the outside from the source's node", '出発点のノードから外部へ'),
};

/** The source as a shell target, its node and its pod (when a pod). */
export interface Source {
  readonly target: ShellTarget;
  readonly node: string;
  readonly pod?: Pod;
}

/** `source`: the pod exists and runs (its node, IP), or the node exists. */
export async function sourceStep(
  ctx: WalkContext,
  rec: StepRecorder,
  from: FromSpec,
): Promise<Source | undefined> {
  let out: Source | undefined;
  await rec.run('source', '5, 9', T.source, (s) => {
    const m = ctx.model();
    if (from.kind === 'node') {
      s.ran({ where: 'api', argv: ['oc', 'get', 'node', from.node] });
      const nodes = m.nodes?.value;
      if (nodes && !nodes.some((n) => n.name === from.node)) {
        s.fail(msg(`node ${from.node} does not exist`, `ノード ${from.node} が存在しません`));
        return;
      }
      out = { target: { kind: 'node', node: from.node }, node: from.node };
      s.pass(msg(`probes run on node ${from.node}`, `プローブはノード ${from.node} で実行します`));
      return;
    }
    const key = `${from.namespace}/${from.name}`;
    s.ran({ where: 'api', argv: ['oc', 'get', 'pod', '-n', from.namespace, from.name, '-o', 'wide'] });
    if (!m.pods) {
      s.unknown(msg('pods could not be read from the API', 'API から Pod を読めませんでした'));
      return;
    }
    const pod = m.pods.value.find((p) => p.namespace === from.namespace && p.name === from.name);
    if (!pod?.node) {
      s.fail(
        pod
          ? msg(`pod ${key} is not scheduled on a node`, `Pod ${key} はノードに配置されていません`)
          : msg(`pod ${key} does not exist`, `Pod ${key} が存在しません`),
      );
      return;
    }
    s.evidence(`${key} ${pod.phase ?? '?'} IP ${pod.podIP ?? '-'} node ${pod.node}`);
    out = {
      target: { kind: 'pod', node: pod.node, namespace: pod.namespace, name: pod.name },
      node: pod.node,
      pod,
    };
    s.pass(
      msg(
        `probes run in the network namespace of ${key} (${pod.podIP ?? '-'}) on ${pod.node}`,
        `プローブは ${pod.node} 上の ${key} (${pod.podIP ?? '-'}) のネットワーク名前空間で実行します`,
      ),
    );
  });
  return out;
}

/** One curl from the source into a step: keeps the artifact, records what ran and its excerpt. */
async function probe(ctx: WalkContext, s: StepScope, target: ShellTarget, url: string): Promise<HttpOutcome> {
  const r = await curlFrom(ctx.shell, target, url, ctx.timeoutMs);
  ctx.keep(r.artifact);
  s.ran(r.ran);
  s.evidence(mapText(r.excerpt, (x) => `${r.ran.where}: ${x}`));
  return r;
}

/** A source probe's verdict: unknown (could not run), pass (answered) or fail; true when it failed. */
function judge(s: StepScope, r: HttpOutcome, what: string): boolean {
  if (r.unavailable) {
    s.unknown(msg(`could not probe: ${r.unavailable}`, `確認できませんでした: ${r.unavailable}`));
    return false;
  }
  if (answered(r)) {
    s.pass(msg(`${what} answers from ${r.ran.where}`, `${what} は ${r.ran.where} から応答します`));
    return false;
  }
  s.fail(
    msg(
      `${what} fails from ${r.ran.where} (${r.connect})`,
      `${what} が ${r.ran.where} から失敗します (${r.connect})`,
    ),
  );
  return true;
}

/** §5 service door: the service IP from the source, then the shared descent from st.service. */
export async function serviceDoor(
  ctx: WalkContext,
  rec: StepRecorder,
  st: WalkState,
  src: Source,
  door: Extract<Door, { kind: 'service' }>,
): Promise<void> {
  st.service = door.service;
  st.servicePort = door.port;
  st.entryNode = src.node;
  await rec.run('service.from-source', '5', T.service, async (s) => {
    const r = await probe(ctx, s, src.target, door.url);
    // the cause comes from the descent: the endpoints, then the source node's NAT (39.11)
    judge(s, r, door.url);
  });
}

/** §7 pod door: the pod from the source and from the nodes on the path (source's, pod's). */
export async function podDoor(
  ctx: WalkContext,
  rec: StepRecorder,
  st: WalkState,
  src: Source,
  door: Extract<Door, { kind: 'pod' }>,
): Promise<void> {
  const pod = door.pod;
  const key = objectKey(pod);
  const t = { ip: pod.podIP!, port: door.port, ...(pod.node ? { node: pod.node } : {}), pod: key };
  st.targets.push(t);
  st.nodes = [...new Set([src.node, ...(pod.node ? [pod.node] : [])])].sort();
  const collecting = ctx.collectNodes(st.nodes);
  await rec.run('pod.from-source', '7', T.pod, async (s) => {
    const r = await probe(ctx, s, src.target, door.url);
    // project isolation (multitenant netids, NetworkPolicy): a refused pair is the plugin's design
    const isolated =
      !r.unavailable && !answered(r) && src.pod
        ? podPairIsolation(ctx.model(), src.pod, pod, door.port)
        : undefined;
    if (isolated) s.pass(isolated);
    else judge(s, r, `${key} (${door.url})`);
  });
  await rec.run('pod.from-nodes', '5, 7', T.podNodes, async (s) => {
    const results = await Promise.all(
      st.nodes.map(async (n) => ({ n, r: await probe(ctx, s, { kind: 'node', node: n }, door.url) })),
    );
    let unknown = 0;
    for (const { n, r } of results) {
      if (r.unavailable) unknown++;
      else if (answered(r)) st.answered.add(`${n}|${t.ip}`);
      else st.failedEndpoints.push({ target: t, from: n, connect: r.connect, excerpt: r.excerpt });
    }
    const failing = results.filter(({ n }) => st.failedEndpoints.some((f) => f.from === n)).map((x) => x.n);
    if (failing.length)
      s.fail(
        msg(`${key} fails from ${failing.join(', ')}`, `${key} が ${failing.join(', ')} から失敗します`),
      );
    else if (unknown)
      s.unknown(msg(`${count(unknown, 'probe')} could not run`, `${unknown} 件の確認を実行できませんでした`));
    else
      s.pass(
        msg(`${key} answers from ${st.nodes.join(', ')}`, `${key} は ${st.nodes.join(', ')} から応答します`),
      );
  });
  await collecting;
}

/**
 * §9 → §7.4.2 egress door: the outside from the source and from its node. When both fail and the
 * node has a default route, the outside network drops what the node sends (the pods' egress leaves
 * masqueraded to the node's address): `egress-firewall-drop`. When only the pod fails, the node
 * drops or does not masquerade its pods' traffic: the §7 steps on that node name why.
 */
export async function egressDoor(
  ctx: WalkContext,
  rec: StepRecorder,
  st: WalkState,
  src: Source,
  door: Extract<Door, { kind: 'egress' }>,
): Promise<void> {
  st.nodes = [src.node];
  st.entryNode = src.node;
  const collecting = ctx.collectNodes(st.nodes);
  const fromNode = curlFrom(ctx.shell, { kind: 'node', node: src.node }, door.url, ctx.timeoutMs);
  let sourceFailed: HttpOutcome | undefined;
  await rec.run('egress.from-source', '9, 7', T.egressPod, async (s) => {
    const r = await probe(ctx, s, src.target, door.url);
    if (judge(s, r, door.url)) sourceFailed = r;
  });
  await collecting;
  await rec.run('egress.from-node', '7.4.2', T.egressNode, async (s) => {
    const r = await fromNode;
    ctx.keep(r.artifact);
    s.ran(r.ran);
    s.evidence(mapText(r.excerpt, (x) => `${r.ran.where}: ${x}`));
    if (r.unavailable) {
      s.unknown(msg(`could not probe: ${r.unavailable}`, `確認できませんでした: ${r.unavailable}`));
      return;
    }
    if (answered(r)) {
      s.pass(
        sourceFailed
          ? msg(
              `${door.url} answers from ${src.node} but not from its pod: the node drops or does not masquerade its pods' traffic (39.7)`,
              `${door.url} は ${src.node} からは応答しますが、その Pod からは応答しません: ノードが Pod の通信を破棄しているか、マスカレードしていません (39.7)`,
            )
          : msg(`${door.url} answers from ${src.node}`, `${door.url} は ${src.node} から応答します`),
      );
      return;
    }
    const routes = ctx.model().nodeFacts[src.node]?.routes?.value;
    const dflt = routes?.find((x) => x.dst === 'default' && (x.table === undefined || x.table === 'main'));
    // 39.7.4.2 reaches "the external firewall" only once the node's own path out is sound
    if (r.connect !== 'timeout' && r.connect !== 'refused') {
      s.unknown(
        msg(
          `${door.url} fails from ${src.node} (${r.connect})`,
          `${door.url} が ${src.node} から失敗します (${r.connect})`,
        ),
      );
      return;
    }
    if (!dflt) {
      s.fail(
        routes
          ? msg(
              `${src.node} has no default route: it cannot send anything out`,
              `${src.node} にデフォルトルートがありません: 外部に何も送れません`,
            )
          : msg(
              `${door.url} fails from ${src.node}; its routes could not be read`,
              `${door.url} が ${src.node} から失敗します。ルートを読めませんでした`,
            ),
      );
      return;
    }
    s.evidence(`ip route: default via ${dflt.via ?? '-'} dev ${dflt.dev ?? '-'}`);
    s.fail(
      msg(
        `${door.url} fails from ${src.node} too (${r.connect})`,
        `${door.url} は ${src.node} からも失敗します (${r.connect})`,
      ),
    );
    s.cause({
      fault: 'egress-firewall-drop',
      section: '7.4.2',
      node: src.node,
      summary: msg(
        `${door.host} does not answer from ${src.node} (${r.connect}) nor from ${sourceFailed?.ran.where ?? 'its pods'}, though ${src.node} routes out via ${dflt.via ?? dflt.dev ?? '?'}: a firewall outside the cluster drops the node's address (the pods' egress leaves masqueraded to it)`,
        `${door.host} が ${src.node} からも ${sourceFailed?.ran.where ?? 'その Pod'} からも応答しません (${r.connect})。${src.node} は ${dflt.via ?? dflt.dev ?? '?'} 経由で外部にルーティングしています: クラスター外のファイアウォールがノードのアドレスを破棄しています (Pod の Egress はこのアドレスにマスカレードされます)`,
      ),
      fix: msg(
        `Ask the network team to allow the nodes' addresses (and any egress IPs) to ${door.host} on the external firewall (39.7.4.2).`,
        `外部のファイアウォールでノードのアドレス (と Egress IP) から ${door.host} への通信を許可するようネットワーク管理者に依頼してください (39.7.4.2)。`,
      ),
      evidence: [
        mapText(r.excerpt, (x) => `${r.ran.where}: ${r.ran.argv.join(' ')} → ${x}`),
        ...(sourceFailed ? [mapText(sourceFailed.excerpt, (x) => `${sourceFailed!.ran.where}: ${x}`)] : []),
      ],
      involves: [src.node],
      active: true,
    });
  });
}
