/**
 * The trace of a matrix pair (`pod/NS/NAME`, `node/NAME` → `pod/NS/NAME`, `svc/NS/NAME:PORT`), with
 * the packet the matrix sent: the pod's first container port (else 8080), the service port's
 * protocol. Labels are looked up as the matrix wrote them, never re-parsed, so any name resolves.
 */
import type { ClusterDataplane, TraceSource, TraceTarget } from '../trace/cluster.js';
import { parseIp } from '../../net/ipv4.js';
import { PROTO_TCP, PROTO_UDP } from '../engine/packet.js';
import type { Trace } from '../engine/types.js';

export interface PairTrace {
  readonly from: string;
  readonly to: string;
  readonly trace: Trace;
}

/** Traces of the given pairs (first `limit`, skipping pairs whose ends the model no longer names). */
export function tracePairs(
  dp: ClusterDataplane,
  pairs: Iterable<{ readonly from: string; readonly to: string }>,
  limit: number,
): PairTrace[] {
  const model = dp.model;
  const sources = new Map<string, TraceSource>();
  const targets = new Map<string, TraceTarget>();
  for (const p of model.pods?.value ?? []) {
    const ip = parseIp(p.podIP ?? '');
    if (ip === undefined || p.hostNetwork || !p.node) continue;
    const label = `pod/${p.namespace}/${p.name}`;
    sources.set(label, { kind: 'pod', pod: p });
    targets.set(label, { ip, port: p.containerPorts[0]?.port ?? 8080, proto: PROTO_TCP });
  }
  for (const n of new Set([
    ...(model.nodes?.value.map((x) => x.name) ?? []),
    ...Object.keys(model.nodeFacts),
  ]))
    sources.set(`node/${n}`, { kind: 'node', node: n });
  for (const s of model.services?.value ?? []) {
    const ip = parseIp(s.clusterIP ?? '');
    if (ip === undefined) continue;
    for (const sp of s.ports)
      targets.set(`svc/${s.namespace}/${s.name}:${sp.port}`, {
        ip,
        port: sp.port,
        proto: sp.protocol.toUpperCase() === 'UDP' ? PROTO_UDP : PROTO_TCP,
      });
  }
  const out: PairTrace[] = [];
  for (const p of pairs) {
    if (out.length >= limit) break;
    const src = sources.get(p.from);
    const dst = targets.get(p.to);
    if (src && dst) out.push({ from: p.from, to: p.to, trace: dp.trace(src, dst) });
  }
  return out;
}
