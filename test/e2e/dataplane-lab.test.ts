/**
 * The simulator against real traffic: a 3-node multitenant lab is collected through its
 * node shell like a live cluster, `matrix` computes every pod → pod pair (and pod → service where
 * the answer is all-or-nothing), and a real TCP connect from inside each pod's namespace must
 * agree: reachable in the simulator ⇔ the SYN reaches the pod (answered, or refused by the pod's
 * own stack). Healthy, then with each of AGREEMENT_FAULTS (testkit/lab-suite.ts): the three flow
 * faults, ip-forward-off and svc-masquerade-missing (pod → service replies that bypass the DNATing
 * node's conntrack).
 */
import { describe, expect, it } from 'vitest';
import { canRunLab } from '../../testkit/lab-helpers.js';
import { compareWithReal } from '../../testkit/lab-agreement.js';
import { agreementWithEachFault, sharedLab } from '../../testkit/lab-suite.js';

describe.skipIf(!canRunLab)('dataplane e2e: simulator reachability ⇔ real TCP in a 3-node lab', () => {
  const lab = sharedLab('dp', 'multitenant');
  const compare = (services: boolean | 'no-self') => compareWithReal(lab.name, lab.status, services);

  it('agrees on every pod pair and every pod → service pair of the healthy lab', async () => {
    const r = await compare(true);
    console.log(`healthy: ${r.checked} pairs, ${r.broken} unreachable in the simulator`);
    expect(r.checked).toBeGreaterThanOrEqual(lab.status.pods.length * (lab.status.pods.length - 1));
    expect(r.disagreements).toEqual([]);
  }, 180_000);

  // the fault must be visible, else a case would prove nothing: at least one pair unreachable
  agreementWithEachFault(
    () => lab,
    '',
    () => 0,
  );
});
