/**
 * The lab agreement on the 4.x lab (issue 12 "A 4.x lab": "the lab agreement (simulator ⇔ real TCP
 * for every pod pair) holds on the 4.x lab, healthy and with the flow faults"): one 3-node
 * multitenant lab on rule version 13, collected like a live cluster, `matrix` for every pod → pod
 * pair (and pod → service where the answer is all-or-nothing), and a real TCP connect from inside
 * each pod's namespace: reachable in the simulator ⇔ the SYN reaches the pod. Healthy, then with
 * each flow fault of the catalogue, ip-forward-off and svc-masquerade-missing (the 3.11 file is
 * dataplane-lab.test.ts). Then one 3-node networkpolicy lab on rule version 13 (its own tables 0,
 * 25, 27, 30, 31 and 80): analyze and diagnose healthy, each table 80 fault and policy-denies-router
 * exactly, and the agreement healthy and with a policy flow missing (the 3.11 files are
 * lab-networkpolicy.test.ts and diagnose-networkpolicy.test.ts). Needs root; runs in CI (CI=true).
 */
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../src/checks/index.js';
import { loadClusterModel } from '../../src/cli/sources.js';
import { compareWithReal } from '../../testkit/lab-agreement.js';
import { describeCauses, diagnoseLab, withFault } from '../../testkit/lab-harness.js';
import { canRunLab } from '../../testkit/lab-helpers.js';
import {
  agreementWithEachFault,
  itDiagnosesPolicyFaults,
  itIsHealthy,
  sharedLab,
  where,
} from '../../testkit/lab-suite.js';

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

describe.skipIf(!canRunLab)(
  'the 4.x networkpolicy lab (rule version 13): analyze, diagnose, agreement',
  () => {
    const lab = sharedLab('n4x', 'networkpolicy', '4.x');
    // A little more than the 2 s default per probe: CI runs other lab suites on the same two cores.
    const E2E = { timeoutMs: 3000 };
    /** Pod pairs the healthy lab's policies isolate: a missing allow flow must add to them. */
    let isolated = Number.NaN;

    it('healthy: br0 note 02.0D; analyze finds nothing and has no unknown check; simulator ⇔ real TCP', async () => {
      const model = await loadClusterModel({ lab: lab.name });
      expect(model.nodeFacts['node-1']?.ovs.ruleVersion).toBe(13);
      const run = runChecks(model);
      expect(run.findings.filter((f) => f.severity !== 'info')).toEqual([]);
      expect(
        run.statuses
          .filter((c) => c.status === 'unknown')
          .map((c) => `${c.check}: ${c.unknown.map((u) => u.reason.en).join('; ')}`),
      ).toEqual([]);
      const a = await compareWithReal(lab.name, lab.status, 'decided');
      console.log(
        `4.x networkpolicy healthy: ${a.checked} pairs, ${a.broken} unreachable, ${a.undecided} left out`,
      );
      expect(a.checked).toBeGreaterThan(lab.status.pods.length * (lab.status.pods.length - 1));
      expect(a.disagreements).toEqual([]);
      isolated = a.broken;
    }, 180_000);

    itIsHealthy(lab, E2E);
    itDiagnosesPolicyFaults(lab, E2E);

    it('policy-denies-router → exactly policy-denies-router, naming the policy', async () => {
      const r = await withFault(lab.name, { fault: 'policy-denies-router', target: {} }, () =>
        diagnoseLab(lab.name, E2E),
      );
      expect(r.verdict.causes.map(where), describeCauses(r)).toEqual([
        'policy-denies-router@ policy demo/deny-by-default',
      ]);
    });

    it('agrees on every pair with a policy flow missing, which cuts pairs off', async () => {
      const r = await withFault(lab.name, { fault: 'policy-flow-missing', target: { node: 'node-2' } }, () =>
        compareWithReal(lab.name, lab.status, 'decided'),
      );
      console.log(`4.x networkpolicy policy-flow-missing: ${r.checked} pairs, ${r.broken} unreachable`);
      expect(r.disagreements).toEqual([]);
      expect(r.broken).toBeGreaterThan(isolated);
    }, 240_000);
  },
);
