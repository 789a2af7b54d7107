/**
 * The simulator against real traffic: a 3-node multitenant lab is collected through its
 * node shell like a live cluster, `matrix` computes every pod → pod pair (and pod → service where
 * the answer is all-or-nothing), and a real TCP connect from inside each pod's namespace must
 * agree: reachable in the simulator ⇔ the SYN reaches the pod (answered, or refused by the pod's
 * own stack). Healthy, then with flow-tun-dst-missing, flow-pod-missing, ip-forward-off and
 * svc-masquerade-missing (pod → service replies that bypass the DNATing node's conntrack).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downLab } from '../../src/lab/down.js';
import { faultClear, faultOn } from '../../src/lab/faults.js';
import { loadLabStatus } from '../../src/lab/status.js';
import type { LabStatus } from '../../src/lab/types.js';
import { upLab } from '../../src/lab/up.js';
import { canRunLab, uniqueLabName } from '../../testkit/lab-helpers.js';
import { compareWithReal } from '../../testkit/lab-agreement.js';

const compare = (st: LabStatus, services: boolean | 'no-self') => compareWithReal(name, st, services);

const name = uniqueLabName('dp');
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
