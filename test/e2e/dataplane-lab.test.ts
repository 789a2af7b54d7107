/**
 * The simulator against real traffic: a 3-node multitenant lab is collected through its
 * node shell like a live cluster, `matrix` computes every pod → pod pair (and pod → service where
 * the answer is all-or-nothing), and a real TCP connect from inside each pod's namespace must
 * agree: reachable in the simulator ⇔ the SYN reaches the pod (answered, or refused by the pod's
 * own stack). Healthy, then with each of AGREEMENT_FAULTS (testkit/lab-suite.ts): the three flow
 * faults, ip-forward-off and svc-masquerade-missing (pod → service replies that bypass the DNATing
 * node's conntrack).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downLab } from '../../src/lab/down.js';
import { loadLabStatus } from '../../src/lab/status.js';
import type { LabStatus } from '../../src/lab/types.js';
import { upLab } from '../../src/lab/up.js';
import { canRunLab, uniqueLabName } from '../../testkit/lab-helpers.js';
import { compareWithReal } from '../../testkit/lab-agreement.js';
import { agreementWithEachFault } from '../../testkit/lab-suite.js';

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

  // the fault must be visible, else a case would prove nothing: at least one pair unreachable
  agreementWithEachFault(
    () => ({ name, status: st }),
    '',
    () => 0,
  );
});
