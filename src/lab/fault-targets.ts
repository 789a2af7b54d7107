/**
 * Where a fault lands: `--node`, `--pod`, `--service`, `--route`, `--policy` or sensible defaults
 * (node-2, its demo pod, demo/web, the demo/web route; node-1 → node-2 for the flow faults).
 */
import { faultPlugin, type FaultId } from '../model/faults.js';
import { routerPolicy } from './policies.js';
import { LabError } from './errors.js';
import type { ActiveFault, LabNodeSpec, LabPodSpec, LabState } from './model.js';
import { findPod } from './view.js';
import { ipfailoverOf } from './ipfailover.js';
import { findByKey, objectKey } from '../model/object-key.js';

export interface FaultTarget {
  readonly node?: string;
  readonly pod?: string;
  readonly service?: string;
  readonly route?: string;
  /** `namespace/name` of a NetworkPolicy (policy-flow-missing: the policy whose allow flow goes). */
  readonly policy?: string;
}

function parseNode(state: LabState, s: string): LabNodeSpec {
  const n = state.spec.nodes.find((x) => x.name === s || String(x.index) === s || x.netns === s);
  if (!n)
    throw new LabError(
      `no node ${JSON.stringify(s)} in this lab`,
      `このラボにノード ${JSON.stringify(s)} はありません`,
    );
  return n;
}

function needTwoNodes(state: LabState, id: string): void {
  if (state.spec.nodes.length < 2) {
    throw new LabError(`${id} needs a lab with at least 2 nodes`, `${id} には 2 ノード以上のラボが必要です`);
  }
}

const other = (state: LabState, i: number): number => (i % state.spec.nodes.length) + 1;

/** The fault with its node/pod/service filled in from the options or sensible defaults. */
export function resolveFault(state: LabState, id: FaultId, t: FaultTarget): ActiveFault {
  const { spec } = state;
  const defNode = spec.nodes.length >= 2 ? 2 : 1;
  const node = t.node ? parseNode(state, t.node).index : undefined;
  const pickPod = (): LabPodSpec => {
    if (t.pod) {
      const p = findPod(state, t.pod);
      if (!p)
        throw new LabError(
          `no pod ${JSON.stringify(t.pod)} in this lab`,
          `このラボに Pod ${JSON.stringify(t.pod)} はありません`,
        );
      return p;
    }
    const on = node ?? defNode;
    const p =
      spec.pods.find((x) => x.nodeIndex === on && x.namespace === 'demo') ??
      spec.pods.find((x) => x.nodeIndex === on) ??
      spec.pods[0];
    if (!p) throw new LabError('this lab has no pods', 'このラボには Pod がありません');
    return p;
  };
  const pickService = (def = 'demo/web'): string => {
    const key = t.service ?? def;
    const s = findByKey(spec.services, key);
    if (!s)
      throw new LabError(
        `no service ${JSON.stringify(key)} in this lab`,
        `このラボにサービス ${JSON.stringify(key)} はありません`,
      );
    return objectKey(s);
  };
  const pickRoute = (): string => {
    const key = t.route ?? 'demo/web';
    const r = findByKey(spec.routes, key);
    if (!r)
      throw new LabError(
        `no route ${JSON.stringify(key)} in this lab`,
        `このラボにルート ${JSON.stringify(key)} はありません`,
      );
    return objectKey(r);
  };
  const plugin = faultPlugin(id);
  if (plugin && spec.plugin !== plugin) {
    throw new LabError(
      `${id} needs a lab with --plugin ${plugin} (this one runs ${spec.plugin})`,
      `${id} には --plugin ${plugin} のラボが必要です（このラボは ${spec.plugin}）`,
    );
  }
  switch (id) {
    case 'policy-denies-router': {
      const route = pickRoute();
      return { id, route, policy: routerPolicy(spec, findByKey(spec.routes, route)!.namespace) };
    }
    case 'policy-flow-missing': {
      if (t.policy === undefined) return { id, node: node ?? defNode };
      const p = findByKey(spec.networkPolicies ?? [], t.policy);
      if (!p)
        throw new LabError(
          `no NetworkPolicy ${JSON.stringify(t.policy)} in this lab`,
          `このラボに NetworkPolicy ${JSON.stringify(t.policy)} はありません`,
        );
      return { id, node: node ?? defNode, policy: objectKey(p) };
    }
    case 'policy-flow-stale': {
      // the last policy that admits something: deleting it changes what the others allow
      const p = [...(spec.networkPolicies ?? [])]
        .reverse()
        .find((x) => Array.isArray(x.spec.ingress) && x.spec.ingress.length > 0);
      if (!p)
        throw new LabError(
          'this lab has no NetworkPolicy that admits traffic',
          'このラボには通信を許可する NetworkPolicy がありません',
        );
      return { id, node: node ?? defNode, policy: objectKey(p) };
    }
    case 'vnid-mismatch': {
      const p = pickPod();
      return { id, node: p.nodeIndex, pod: objectKey(p) };
    }
    case 'dns-missing':
    case 'dns-wrong-ip':
    case 'route-missing':
      return { id, route: pickRoute() };
    case 'router-refused':
    case 'router-timeout':
      return { id, node: spec.routerNode };
    case 'svc-no-endpoints':
      return { id, service: pickService() };
    case 'svc-nat-missing':
      return { id, node: node ?? defNode, service: pickService() };
    case 'nodeport-nat-missing': {
      // §13.1: a service with a nodePort (the lab's shop/shop)
      const np = spec.services.find((s) => s.ports.some((p) => p.nodePort !== undefined));
      const key = pickService(np ? objectKey(np) : 'shop/shop');
      if (!findByKey(spec.services, key)!.ports.some((p) => p.nodePort !== undefined))
        throw new LabError(`service ${key} has no nodePort`, `サービス ${key} に nodePort がありません`);
      return { id, node: node ?? defNode, service: key };
    }
    case 'endpoint-down':
    case 'ovs-port-missing':
    case 'flow-pod-missing': {
      const p = pickPod();
      return { id, node: p.nodeIndex, pod: objectKey(p) };
    }
    case 'veth-peer-mismatch': {
      // §13.3: two pods of one node whose flows point at each other's br0 port
      const p = pickPod();
      const q = spec.pods.find((x) => x.nodeIndex === p.nodeIndex && x !== p);
      if (!q)
        throw new LabError(
          `${id} needs a second pod on the node of ${objectKey(p)}`,
          `${id} には ${objectKey(p)} と同じノードに 2 つ目の Pod が必要です`,
        );
      return { id, node: p.nodeIndex, pod: objectKey(p), peerPod: objectKey(q) };
    }
    case 'flow-tun-src-missing':
    case 'flow-tun-dst-missing': {
      needTwoNodes(state, id);
      const on = node ?? 1;
      return { id, node: on, peer: other(state, on) };
    }
    case 'underlay-down': {
      needTwoNodes(state, id);
      const on = node ?? defNode;
      return { id, node: on, peer: on === 1 ? 2 : 1 };
    }
    case 'mtu-mismatch':
    case 'egress-dns-wildcard':
    case 'egress-firewall-drop':
      return { id };
    case 'ipf-vip-unheld':
    case 'ipf-vrrp-id-conflict':
      ipfailoverOf(state);
      return { id };
    case 'ipf-vrrp-blocked':
    case 'ipf-keepalived-down':
    case 'ipf-check-failing':
    case 'ipf-interface-missing': {
      // a node keepalived runs on; by default the second (node-2: the router runs on node-1 too)
      const selected = ipfailoverOf(state).main.nodes;
      const on = node ?? selected[selected.length - 1]!;
      if (!selected.includes(on)) {
        const names = selected.map((i) => spec.nodes[i - 1]!.name).join(', ');
        throw new LabError(
          `${id} goes on a node keepalived runs on: ${names}`,
          `${id} は keepalived が動作するノード（${names}）に指定してください`,
        );
      }
      return { id, node: on };
    }
    default:
      return { id, node: node ?? defNode };
  }
}
