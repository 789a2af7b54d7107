/**
 * The `--from` / `--to` words of `sdn-doctor trace`: `pod/NS/NAME`, `node/NAME`, `external`;
 * `pod/NS/NAME[:PORT]`, `svc/NS/NAME:PORT` (number or port name), `node/NAME[:PORT]`, `IP[:PORT]`.
 */
import type { ClusterModel } from '../../model/types.js';
import { msg, type Msg } from '../../i18n/message.js';
import type { TraceSource, TraceTarget } from './cluster.js';
import { parseIp } from '../../net/ipv4.js';
import { PROTO_ICMP, PROTO_TCP, PROTO_UDP } from '../engine/packet.js';

export type Resolved<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: Msg };

export const PROTOCOLS: Readonly<Record<string, number>> = {
  tcp: PROTO_TCP,
  udp: PROTO_UDP,
  icmp: PROTO_ICMP,
};

const fail = <T>(en: string, ja: string): Resolved<T> => ({ ok: false, error: msg(en, ja) });

export function resolveSource(model: ClusterModel, text: string): Resolved<TraceSource> {
  if (text === 'external') return { ok: true, value: { kind: 'external' } };
  const pod = /^pod\/([^/]+)\/([^/:]+)$/.exec(text);
  if (pod) {
    const p = model.pods?.value.find((x) => x.namespace === pod[1] && x.name === pod[2]);
    if (!p)
      return fail(
        `no pod ${pod[1]}/${pod[2]} in the snapshot`,
        `スナップショットに Pod ${pod[1]}/${pod[2]} がありません`,
      );
    if (p.hostNetwork)
      return p.node
        ? { ok: true, value: { kind: 'node', node: p.node } }
        : fail('host-network pod without a node', 'ノード未割り当てのホストネットワーク Pod');
    if (!p.podIP || !p.node)
      return fail(
        `pod ${pod[1]}/${pod[2]} has no IP or node yet`,
        `Pod ${pod[1]}/${pod[2]} に IP またはノードがありません`,
      );
    return { ok: true, value: { kind: 'pod', pod: p } };
  }
  const node = /^node\/([^/:]+)$/.exec(text);
  if (node) {
    const known = model.nodes?.value.some((n) => n.name === node[1]) || node[1]! in model.nodeFacts;
    if (!known)
      return fail(`no node ${node[1]} in the snapshot`, `スナップショットにノード ${node[1]} がありません`);
    return { ok: true, value: { kind: 'node', node: node[1]! } };
  }
  return fail(
    `--from must be pod/NS/NAME, node/NAME or external, but got "${text}"`,
    `--from は pod/NS/NAME、node/NAME、external のいずれかです（指定値: "${text}"）`,
  );
}

export interface ResolvedTarget extends TraceTarget {
  /** What the user named, for the report. */
  readonly label: string;
}

export function resolveTarget(
  model: ClusterModel,
  text: string,
  proto: string | undefined,
): Resolved<ResolvedTarget> {
  const protoNumber = proto === undefined ? undefined : PROTOCOLS[proto];
  if (proto !== undefined && protoNumber === undefined) {
    return fail(
      `--proto must be tcp, udp or icmp, but got "${proto}"`,
      `--proto は tcp、udp、icmp のいずれかです（指定値: "${proto}"）`,
    );
  }
  const withPort = (
    ip: string,
    port: number,
    defaultProto: number,
    label: string,
  ): Resolved<ResolvedTarget> => {
    const n = parseIp(ip);
    if (n === undefined)
      return fail(`"${ip}" is not an IPv4 address`, `"${ip}" は IPv4 アドレスではありません`);
    const pr = protoNumber ?? defaultProto;
    return { ok: true, value: { ip: n, port: pr === PROTO_ICMP ? 0 : port, proto: pr, label } };
  };
  const svc = /^svc\/([^/]+)\/([^/:]+):(.+)$/.exec(text);
  if (svc) {
    const s = model.services?.value.find((x) => x.namespace === svc[1] && x.name === svc[2]);
    if (!s)
      return fail(
        `no service ${svc[1]}/${svc[2]} in the snapshot`,
        `スナップショットにサービス ${svc[1]}/${svc[2]} がありません`,
      );
    if (!s.clusterIP || s.clusterIP === 'None')
      return fail(
        `service ${svc[1]}/${svc[2]} has no cluster IP`,
        `サービス ${svc[1]}/${svc[2]} に clusterIP がありません`,
      );
    const sp = s.ports.find((p) => String(p.port) === svc[3] || p.name === svc[3]);
    if (!sp) {
      const known = s.ports.map((p) => p.name ?? p.port).join(', ');
      return fail(
        `service ${svc[1]}/${svc[2]} has no port "${svc[3]}" (ports: ${known})`,
        `サービス ${svc[1]}/${svc[2]} にポート "${svc[3]}" がありません（ポート: ${known}）`,
      );
    }
    return withPort(s.clusterIP, sp.port, PROTOCOLS[sp.protocol.toLowerCase()] ?? PROTO_TCP, text);
  }
  const pod = /^pod\/([^/]+)\/([^/:]+)(?::(\d+))?$/.exec(text);
  if (pod) {
    const p = model.pods?.value.find((x) => x.namespace === pod[1] && x.name === pod[2]);
    if (!p?.podIP)
      return fail(
        `no pod ${pod[1]}/${pod[2]} with an IP in the snapshot`,
        `スナップショットに IP を持つ Pod ${pod[1]}/${pod[2]} がありません`,
      );
    const port = pod[3] ? Number(pod[3]) : (p.containerPorts[0]?.port ?? 80);
    return withPort(
      p.podIP,
      port,
      PROTOCOLS[(p.containerPorts[0]?.protocol ?? 'TCP').toLowerCase()] ?? PROTO_TCP,
      text,
    );
  }
  const node = /^node\/([^/:]+)(?::(\d+))?$/.exec(text);
  if (node) {
    const n = model.nodes?.value.find((x) => x.name === node[1]);
    const hs = model.hostSubnets?.value.find((h) => h.host === node[1]);
    const ip = n?.internalIP ?? hs?.hostIP;
    if (!ip)
      return fail(`no address known for node ${node[1]}`, `ノード ${node[1]} のアドレスが分かりません`);
    return withPort(ip, node[2] ? Number(node[2]) : 22, PROTO_TCP, text);
  }
  const ip = /^(\d+\.\d+\.\d+\.\d+)(?::(\d+))?$/.exec(text);
  if (ip) return withPort(ip[1]!, ip[2] ? Number(ip[2]) : 80, PROTO_TCP, text);
  return fail(
    `--to must be pod/NS/NAME, svc/NS/NAME:PORT, node/NAME or IP:PORT, but got "${text}"`,
    `--to は pod/NS/NAME、svc/NS/NAME:PORT、node/NAME、IP:PORT のいずれかです（指定値: "${text}"）`,
  );
}
