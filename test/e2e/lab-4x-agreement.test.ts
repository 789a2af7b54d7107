/**
 * The lab agreement on the 4.x lab (issue 12 "A 4.x lab": "the lab agreement (simulator ⇔ real TCP
 * for every pod pair) holds on the 4.x lab, healthy and with the flow faults"): one 3-node
 * multitenant lab on rule version 13, collected like a live cluster, `matrix` for every pod → pod
 * pair (and pod → service where the answer is all-or-nothing), and a real TCP connect from inside
 * each pod's namespace: reachable in the simulator ⇔ the SYN reaches the pod. Healthy, then with
 * each flow fault of the catalogue, ip-forward-off and svc-masquerade-missing (the 3.11 file is
 * dataplane-lab.test.ts). Needs root; runs in CI (CI=true).
 */
import { describe, expect, it } from 'vitest';
import { compareWithReal } from '../../testkit/lab-agreement.js';
import { canRunLab } from '../../testkit/lab-helpers.js';
import { agreementWithEachFault, sharedLab } from '../../testkit/lab-suite.js';

describe.skipIf(!canRunLab)('lab agreement on --release 4.x: simulator reachability ⇔ real TCP', () => {
  const lab = sharedLab('a4x', 'multitenant', '4.x');
  const compare = (services: boolean | 'no-self') => compareWithReal(lab.name, lab.status, services);
  /** Pairs unreachable in the healthy lab (multitenant isolation): a fault must add to them. */
  const healthy = { pods: Number.NaN, withServices: Number.NaN };

  it('agrees on every pod pair and every pod → service pair of the healthy 4.x lab', async () => {
    const r = await compare(true);
    console.log(`4.x healthy: ${r.checked} pairs, ${r.broken} unreachable in the simulator`);
    const pods = lab.status.pods.length;
    expect(r.checked).toBeGreaterThanOrEqual(pods * (pods - 1));
    expect(r.disagreements).toEqual([]);
    healthy.withServices = r.broken;
    const podPairs = await compare(false);
    expect(podPairs.disagreements).toEqual([]);
    healthy.pods = podPairs.broken;
    console.log(`4.x healthy: ${podPairs.checked} pod pairs, ${healthy.pods} isolated`);
  }, 180_000);

  agreementWithEachFault(
    () => lab,
    '4.x ',
    (services) => (services ? healthy.withServices : healthy.pods),
  );
});
