/**
 * Layers a root cause keeps the walk from reaching (39.3 → 39.11 goes outside in: what lies behind
 * a broken layer cannot be probed). The verdict lists them with the cause, so a second fault there
 * is reported as "could not be checked", never as healthy. Pure, unit-tested on its own.
 */
import { msg, type Msg } from '../i18n/message.js';
import type { FaultId } from '../model/faults.js';
import type { Cause, HiddenBy, StepId } from './types.js';

/** What the walk knows about the path when it ends. */
export interface PathSummary {
  readonly host: string;
  /** The route's service was found. */
  readonly service: boolean;
  /** The service has endpoints to follow. */
  readonly endpoints: boolean;
  readonly routerNode?: string;
  /** Search domains of the nodes' resolv.conf (39.9). */
  readonly searchDomains: readonly string[];
}

export interface HiddenLayer {
  readonly step: StepId;
  readonly reason: Msg;
  readonly hiddenBy: HiddenBy;
}

/** 39.5 → 39.11: the steps that need the service's endpoints and their nodes. */
const BEHIND_SERVICE: readonly StepId[] = [
  'service.each-endpoint',
  'nodes.hostsubnets',
  'nodes.connectivity',
  'local.ip-forward',
  'local.routes',
  'local.ovs',
  'local.iptables',
  'logs',
  'kube-proxy',
];

/** 39.4 → 39.5: without the route the service is not known either. */
const BEHIND_ROUTE: readonly StepId[] = ['service.endpoints', 'service.ip', ...BEHIND_SERVICE];

const by = (c: Cause): HiddenBy => ({ fault: c.fault, ...(c.node ? { node: c.node } : {}) });
const find = (causes: readonly Cause[], f: FaultId): Cause | undefined => causes.find((c) => c.fault === f);

export function hiddenLayers(causes: readonly Cause[], p: PathSummary): HiddenLayer[] {
  const out: HiddenLayer[] = [];
  const onlyRouter = p.routerNode ? ` (only the router's node ${p.routerNode} was checked)` : '';
  const onlyRouterJa = p.routerNode ? ` (確認したのはルーターのノード ${p.routerNode} のみ)` : '';
  const route = find(causes, 'route-missing');
  if (route && !p.service) {
    for (const step of BEHIND_ROUTE)
      out.push({
        step,
        reason: msg(
          `not reached: no route for ${p.host}, so its service and the nodes behind the router are unknown${onlyRouter}`,
          `未到達: ${p.host} のルートがないため、サービスとルーターの先のノードが不明です${onlyRouterJa}`,
        ),
        hiddenBy: by(route),
      });
  }
  const noEp = find(causes, 'svc-no-endpoints');
  if (noEp && !p.endpoints) {
    for (const step of BEHIND_SERVICE)
      out.push({
        step,
        reason: msg(
          `not reached: the service has no endpoints, so no pod or node behind it could be checked${onlyRouter}`,
          `未到達: サービスにエンドポイントがないため、その先の Pod とノードを確認できません${onlyRouterJa}`,
        ),
        hiddenBy: by(noEp),
      });
  }
  // 39.3: a drop rule in front of the router port: whether the router itself answers is unknown.
  const drop = find(causes, 'router-timeout');
  if (drop) {
    out.push({
      step: 'external.connect',
      reason: msg(
        `not reached: packets to the router port are dropped on ${drop.node ?? 'the way'}, so whether the router behind listens could not be checked`,
        `未到達: ルーターのポートへのパケットが ${drop.node ?? '経路上'} で破棄されるため、その先のルーターが待ち受けているか確認できません`,
      ),
      hiddenBy: by(drop),
    });
  }
  // 39.9: with a wildcard zone in the search list, a name of that zone resolves whether or not it
  // has a record of its own: the outside lookup of the URL's host proves nothing.
  const wild = find(causes, 'egress-dns-wildcard');
  const zone = p.searchDomains.find((d) => p.host.toLowerCase().endsWith(`.${d.toLowerCase()}`));
  if (wild && zone) {
    out.push({
      step: 'external.dns',
      reason: msg(
        `${p.host} lies in ${zone}, the wildcard zone of the search list: its own DNS record could not be checked`,
        `${p.host} は search 一覧のワイルドカードゾーン ${zone} 内にあります: 自身の DNS レコードを確認できません`,
      ),
      hiddenBy: by(wild),
    });
  }
  return out;
}
