/**
 * The simulator against real traffic in a lab (issues 5 and 11): `matrix` on the lab collected like
 * a live cluster, and a real TCP connect from inside each pod's namespace for the same pairs.
 */
import { loadClusterModel } from '../src/cli/sources.js';
import { ClusterDataplane } from '../src/dataplane/trace/cluster.js';
import { computeMatrix } from '../src/dataplane/matrix/matrix.js';
import { faultClear, faultOn } from '../src/lab/faults.js';
import type { LabStatus } from '../src/lab/types.js';
import { sh } from './lab-helpers.js';
import { PROTO_TCP } from '../src/dataplane/engine/packet.js';
import { parseIp } from '../src/net/ipv4.js';

const POD_PORT = 8080;

/**
 * One TCP connect from a pod's namespace: true when the pod's stack answered (data or RST). A TLS
 * port (the passthrough route's pods, 39.13.2) closes on curl's plain request: "Empty reply".
 */
export async function connects(netns: string, ip: string, port: number): Promise<boolean> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const r = await sh(netns, ['curl', '-sS', '-o', '/dev/null', '-m', '2', `http://${ip}:${port}/`], 8_000);
    if (r.code === 0 || /Connection refused|Connection reset by peer|Empty reply from server/.test(r.stderr))
      return true;
  }
  return false;
}

async function pool<T, R>(items: readonly T[], n: number, f: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await f(items[i]!);
      }
    }),
  );
  return out;
}

export interface Disagreement {
  readonly from: string;
  readonly to: string;
  readonly simulator: boolean;
  readonly real: boolean;
  readonly cause?: string;
}

/**
 * Simulated vs real for every pod pair, and pod → service pairs when `services` ('no-self': only
 * those whose client is not itself an endpoint — kube-proxy's hairpin SNAT makes those succeed
 * whenever the coin picks the client, so their real answer is not all-or-nothing; 'decided': of
 * those, only the ones whose endpoint branches in the simulator all deliver or all fail — a
 * service pair is reachable only when every branch delivers, while a real connect lands on the
 * one endpoint kube-proxy picks at random, so a service with some endpoints cut off has no single
 * real answer; those pairs are counted in `undecided`).
 */
export async function compareWithReal(
  name: string,
  st: LabStatus,
  services: boolean | 'no-self' | 'decided',
): Promise<{
  checked: number;
  broken: number;
  disagreements: Disagreement[];
  causes: string[];
  undecided: number;
}> {
  const model = await loadClusterModel({ lab: name });
  const dp = new ClusterDataplane(model);
  const m = computeMatrix(dp, { podPort: POD_PORT });
  const podLabelByIp = new Map(
    (model.pods?.value ?? []).map((p) => [p.podIP ?? '', `pod/${p.namespace}/${p.name}`]),
  );
  const endpointsOf = new Map(
    (model.endpoints?.value ?? []).map((e) => [
      `svc/${e.namespace}/${e.name}`,
      new Set(e.subsets.flatMap((x) => x.addresses.map((a) => podLabelByIp.get(a.ip)))),
    ]),
  );
  // 'decided': the simulator's own branches, one per endpoint kube-proxy may pick (Trace.alternatives)
  const podByLabel = new Map((model.pods?.value ?? []).map((p) => [`pod/${p.namespace}/${p.name}`, p]));
  const allOrNothing = (from: string, to: string): boolean => {
    const pod = podByLabel.get(from);
    const svc = st.services.find((x) => to.startsWith(`svc/${x.namespace}/${x.name}:`));
    if (!pod || !svc) return false;
    const port = Number(to.slice(to.lastIndexOf(':') + 1));
    const t = dp.verdict({ kind: 'pod', pod }, { ip: parseIp(svc.clusterIP)!, port, proto: PROTO_TCP });
    const delivered = new Set([t, ...(t.alternatives ?? [])].map((b) => b.disposition === 'delivered'));
    return delivered.size === 1;
  };
  let undecided = 0;
  const wanted = (from: string, to: string): boolean => {
    if (to.startsWith('pod/')) return true;
    if (services === true || services === false) return services;
    if (endpointsOf.get(to.slice(0, to.lastIndexOf(':')))?.has(from)) return false;
    if (services === 'no-self' || allOrNothing(from, to)) return true;
    undecided++;
    return false;
  };
  const pairs = m.pairs.filter((p) => p.from.startsWith('pod/') && wanted(p.from, p.to));
  const byLabel = new Map(st.pods.map((p) => [`pod/${p.namespace}/${p.name}`, p]));
  const svcByLabel = new Map<string, { ip: string; port: number }>(
    st.services.flatMap((s) =>
      s.ports.map((sp) => [`svc/${s.namespace}/${s.name}:${sp.port}`, { ip: s.clusterIP, port: sp.port }]),
    ),
  );
  const real = await pool(pairs, 12, async (p) => {
    const from = byLabel.get(p.from)!;
    const to = p.to.startsWith('svc/')
      ? svcByLabel.get(p.to)!
      : { ip: byLabel.get(p.to)!.ip, port: POD_PORT };
    return connects(from.netns, to.ip, to.port);
  });
  const disagreements = pairs
    .map((p, i) => ({
      from: p.from,
      to: p.to,
      simulator: p.reachable,
      real: real[i]!,
      ...(p.cause ? { cause: p.cause } : {}),
    }))
    .filter((d) => d.simulator !== d.real);
  return {
    checked: pairs.length,
    broken: pairs.filter((p) => !p.reachable).length,
    disagreements,
    causes: m.broken.map((b) => b.cause),
    undecided,
  };
}

/**
 * The pairs a fault's agreement case compares beside pod → pod: every pod → service pair for
 * ip-forward-off, those whose client is no endpoint for svc-masquerade-missing (see
 * compareWithReal), none for the rest.
 */
export function agreementServices(fault: string): boolean | 'no-self' {
  if (fault === 'ip-forward-off') return true;
  return fault === 'svc-masquerade-missing' ? 'no-self' : false;
}

/** compareWithReal with `fault` on (its default target), every fault of the lab cleared after. */
export async function compareWithFault(
  name: string,
  st: LabStatus,
  fault: string,
): ReturnType<typeof compareWithReal> {
  await faultOn(name, fault);
  try {
    return await compareWithReal(name, st, agreementServices(fault));
  } finally {
    await faultClear(name);
  }
}

/**
 * The matrix's pairs whose reachability differs from what the API objects intend (model/intent.ts):
 * `from → to: unexpected-allow|deny`, none on a lab whose flows follow its policies. Pod → service
 * pairs are held to the policies only for denies: the lab masquerades pod → service traffic to
 * tun0 (docs/lab.md, its userspace datapath), so an endpoint sees the node, which every policy
 * admits, and a service pair the policies isolate really is reachable there — the matrix's
 * `unexpected-allow` for it is right about the lab (real TCP agrees: compareWithReal).
 */
export async function unexpectedPairs(name: string): Promise<string[]> {
  const model = await loadClusterModel({ lab: name });
  const m = computeMatrix(new ClusterDataplane(model), { podPort: POD_PORT });
  return m.pairs
    .filter((p) => p.verdict !== undefined && p.verdict !== 'ok')
    .filter((p) => !(p.to.startsWith('svc/') && p.verdict === 'unexpected-allow'))
    .map((p) => `${p.from} → ${p.to}: ${p.verdict}`);
}
