/**
 * The simulator against real traffic: a 3-node multitenant lab is collected through its
 * node shell like a live cluster, `matrix` computes every pod → pod pair (and pod → service where
 * the answer is all-or-nothing), and a real TCP connect from inside each pod's namespace must
 * agree: reachable in the simulator ⇔ the SYN reaches the pod (answered, or refused by the pod's
 * own stack). Healthy, then with flow-tun-dst-missing, flow-pod-missing, ip-forward-off and
 * svc-masquerade-missing (pod → service replies that bypass the DNATing node's conntrack).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadClusterModel } from '../../src/cli/sources.js';
import { ClusterDataplane } from '../../src/dataplane/trace/cluster.js';
import { computeMatrix } from '../../src/dataplane/matrix/matrix.js';
import { downLab } from '../../src/lab/down.js';
import { faultClear, faultOn } from '../../src/lab/faults.js';
import { loadLabStatus } from '../../src/lab/status.js';
import type { LabStatus } from '../../src/lab/types.js';
import { upLab } from '../../src/lab/up.js';
import { canRunLab, sh, uniqueLabName } from '../../testkit/lab-helpers.js';

const name = uniqueLabName('dp');
const POD_PORT = 8080;

/** One TCP connect from a pod's namespace: true when the pod's stack answered (data or RST). */
async function connects(netns: string, ip: string, port: number): Promise<boolean> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const r = await sh(netns, ['curl', '-sS', '-o', '/dev/null', '-m', '2', `http://${ip}:${port}/`], 8_000);
    if (r.code === 0 || /Connection refused/.test(r.stderr)) return true;
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

interface Disagreement {
  readonly from: string;
  readonly to: string;
  readonly simulator: boolean;
  readonly real: boolean;
  readonly cause?: string;
}

/**
 * Simulated vs real for every pod pair, and pod → service pairs when `services` ('no-self': only
 * those whose client is not itself an endpoint — kube-proxy's hairpin SNAT makes those succeed
 * whenever the coin picks the client, so their real answer is not all-or-nothing).
 */
async function compare(
  st: LabStatus,
  services: boolean | 'no-self',
): Promise<{ checked: number; broken: number; disagreements: Disagreement[]; causes: string[] }> {
  const model = await loadClusterModel({ lab: name });
  const m = computeMatrix(new ClusterDataplane(model), { podPort: POD_PORT });
  const podLabelByIp = new Map(
    (model.pods?.value ?? []).map((p) => [p.podIP ?? '', `pod/${p.namespace}/${p.name}`]),
  );
  const endpointsOf = new Map(
    (model.endpoints?.value ?? []).map((e) => [
      `svc/${e.namespace}/${e.name}`,
      new Set(e.subsets.flatMap((x) => x.addresses.map((a) => podLabelByIp.get(a.ip)))),
    ]),
  );
  const wanted = (from: string, to: string): boolean => {
    if (to.startsWith('pod/')) return true;
    if (services === 'no-self') return !endpointsOf.get(to.slice(0, to.lastIndexOf(':')))?.has(from);
    return services;
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
  };
}

describe.skipIf(!canRunLab)('dataplane e2e: simulator reachability ⇔ real TCP in a 3-node lab', () => {
  let st: LabStatus;

  beforeAll(async () => {
    await upLab({ name, nodes: 3, podsPerNode: 2, plugin: 'multitenant' });
    st = (await loadLabStatus(name))!;
  }, 180_000);

  afterAll(async () => {
    await downLab(name);
  }, 90_000);

  it('agrees on every pod pair and every pod → service pair of the healthy lab', async () => {
    const r = await compare(st, true);
    console.log(`healthy: ${r.checked} pairs, ${r.broken} unreachable in the simulator`);
    expect(r.checked).toBeGreaterThanOrEqual(st.pods.length * (st.pods.length - 1));
    expect(r.disagreements).toEqual([]);
  }, 180_000);

  const withServices = { 'ip-forward-off': true, 'svc-masquerade-missing': 'no-self' } as const;
  for (const fault of [
    'flow-tun-dst-missing',
    'flow-pod-missing',
    'ip-forward-off',
    'svc-masquerade-missing',
  ] as const) {
    const services = fault in withServices ? withServices[fault as keyof typeof withServices] : false;
    it(`agrees on every pod pair with ${fault}${services ? ' (and pod → service pairs)' : ''}`, async () => {
      await faultOn(name, fault);
      try {
        const before = await compare(st, services);
        console.log(`${fault}: ${before.checked} pairs, ${before.broken} unreachable in the simulator`);
        expect(before.disagreements).toEqual([]);
        // the fault must be visible, else this case would prove nothing
        expect(before.broken).toBeGreaterThan(0);
        // (its pairs here are either isolated first or have the client among the endpoints, so
        // the fault shows among the matrix's causes rather than in the pairs compared)
        if (fault === 'svc-masquerade-missing')
          expect(before.causes.some((c) => c.includes('OPENSHIFT-MASQUERADE'))).toBe(true);
      } finally {
        await faultClear(name);
      }
    }, 240_000);
  }
});
