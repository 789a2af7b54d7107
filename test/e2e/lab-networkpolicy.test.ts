/**
 * The ovs-networkpolicy plugin for real (issue 11), one 3-node lab with 3 pods per node (so that
 * shop → demo's client pods is an isolated pair): the healthy lab analyzes with no finding,
 * `matrix` has no unexpected pair and `diagnose` says healthy; each policy fault alone gives exactly
 * that fault; and the simulator's reachability ⇔ a real TCP connect for every pod pair and pod →
 * service port, healthy and under each fault (service pairs whose client is itself an endpoint, or
 * reaches only some of the endpoints, are left out and counted: kube-proxy's random pick makes
 * their real answer depend on the endpoint it lands on — testkit/lab-agreement.ts). A small
 * multitenant lab then takes vnid-mismatch the same way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadClusterModel } from '../../src/cli/sources.js';
import { runChecks } from '../../src/checks/index.js';
import { downLab } from '../../src/lab/down.js';
import { faultOff, faultOn } from '../../src/lab/faults.js';
import { loadLabStatus } from '../../src/lab/status.js';
import type { LabPlugin } from '../../src/lab/model.js';
import type { LabStatus } from '../../src/lab/types.js';
import { upLab } from '../../src/lab/up.js';
import type { FaultId } from '../../src/model/faults.js';
import { compareWithReal, unexpectedPairs } from '../../testkit/lab-agreement.js';
import { describeCauses, diagnoseLab } from '../../testkit/lab-harness.js';
import { canRunLab, curl, uniqueLabName } from '../../testkit/lab-helpers.js';

// A little more than the 2 s default per probe: CI runs other lab suites on the same two cores.
const E2E = { timeoutMs: 3000 };

/** analyze in-process on the lab collected like a live cluster: findings at warning or above. */
async function loudFindings(name: string): Promise<{ fault?: string; node?: string; check: string }[]> {
  const model = await loadClusterModel({ lab: name });
  return runChecks(model).findings.filter((f) => f.severity !== 'info');
}

function labSuite(
  plugin: LabPlugin,
  tag: string,
  nodes: number,
  body: (name: string, st: () => LabStatus) => void,
) {
  describe.skipIf(!canRunLab)(`lab e2e: ovs-${plugin}, ${nodes} nodes × 3 pods`, () => {
    const name = uniqueLabName(tag);
    let st: LabStatus;
    beforeAll(async () => {
      await upLab({ name, nodes, podsPerNode: 3, plugin });
      st = (await loadLabStatus(name))!;
    }, 180_000);
    afterAll(async () => {
      await downLab(name);
    }, 120_000);
    body(name, () => st);
  });
}

/** Each fault alone: the checks and diagnose name exactly it; the simulator agrees with TCP. */
function faultCase(
  name: string,
  st: () => LabStatus,
  fault: FaultId,
  expectBroken: boolean,
  via: 'analyze' | 'diagnose' | 'both',
  services: 'decided' | false = 'decided',
) {
  it(`${fault} alone → exactly ${fault}; simulator ⇔ real TCP`, async () => {
    await faultOn(name, fault);
    try {
      if (via !== 'diagnose') {
        const loud = await loudFindings(name);
        expect(loud.length, JSON.stringify(loud)).toBeGreaterThan(0);
        expect(loud.every((f) => f.fault === fault)).toBe(true);
      }
      if (via !== 'analyze') {
        const r = await diagnoseLab(name, E2E);
        expect(r.verdict.causes.length, describeCauses(r)).toBeGreaterThan(0);
        expect(
          r.verdict.causes.every((c) => c.fault === fault),
          describeCauses(r),
        ).toBe(true);
      }
      const a = await compareWithReal(name, st(), services);
      console.log(
        `${fault}: ${a.checked} pod → pod / service pairs, ${a.broken} unreachable in the simulator, ${a.undecided} service pairs with some endpoints cut off left out`,
      );
      expect(a.disagreements).toEqual([]);
      if (expectBroken) expect(a.broken).toBeGreaterThan(0);
    } finally {
      await faultOff(name, fault);
    }
  }, 240_000);
}

labSuite('networkpolicy', 'np', 3, (name, st) => {
  it('the healthy lab: routes work, no finding, no unexpected pair, diagnose healthy', async () => {
    expect((await curl(st().client.netns, st().routerUrl)).body).toMatch(/^pod=demo\/web-1-/);
    expect((await curl(st().client.netns, 'https://shop-shop.apps.example.com/')).body).toMatch(
      /^pod=shop\//,
    );
    expect(await loudFindings(name)).toEqual([]);
    expect(await unexpectedPairs(name)).toEqual([]);
    const r = await diagnoseLab(name, E2E);
    expect(describeCauses(r)).toBe('(none)');
    expect(r.verdict.healthy).toBe(true);
  }, 180_000);

  it('the healthy lab: simulator ⇔ real TCP for every pod pair and pod → service port (some isolated by the policies)', async () => {
    const a = await compareWithReal(name, st(), 'decided');
    console.log(
      `healthy: ${a.checked} pod → pod / service pairs, ${a.broken} unreachable in the simulator, ${a.undecided} left out`,
    );
    expect(a.undecided).toBe(0);
    // every pod pair, and pod → service ports beside them
    expect(a.checked).toBeGreaterThan(st().pods.length * (st().pods.length - 1));
    expect(a.disagreements).toEqual([]);
    // shop → demo's client pods: deny-by-default, nothing admits shop there
    expect(a.broken).toBeGreaterThan(0);
  }, 180_000);

  it('policy-denies-router alone → exactly policy-denies-router, naming the policy; simulator ⇔ real TCP', async () => {
    await faultOn(name, 'policy-denies-router');
    try {
      const r = await diagnoseLab(name, E2E);
      expect(
        r.verdict.causes.map((c) => `${c.fault} ${c.policy ?? ''}`),
        describeCauses(r),
      ).toEqual(['policy-denies-router demo/deny-by-default']);
      expect(r.verdict.causes[0]!.fix.en).toContain('namespaceSelector');
      // an intended isolation: nothing for analyze to find
      expect(await loudFindings(name)).toEqual([]);
      const a = await compareWithReal(name, st(), 'decided');
      expect(a.disagreements).toEqual([]);
    } finally {
      await faultOff(name, 'policy-denies-router');
    }
  }, 240_000);

  faultCase(name, st, 'policy-flow-missing', true, 'analyze');
  faultCase(name, st, 'policy-flow-stale', false, 'analyze');

  it('after the faults the lab is healthy again', async () => {
    expect(await loudFindings(name)).toEqual([]);
    expect(await unexpectedPairs(name)).toEqual([]);
  }, 120_000);
});

labSuite('multitenant', 'npm', 2, (name, st) => {
  // Pod pairs only here: on this lab computeMatrix's pod → svc/demo/web pairs say unreachable while
  // its own trace (ClusterDataplane.verdict, every endpoint branch) delivers and TCP connects; its
  // node → pod pairs of a healthy multitenant lab disagree with the trace the same way. A matrix
  // bug outside issue 11's lab agreement (the networkpolicy lab), reported rather than hidden.
  faultCase(name, st, 'vnid-mismatch', true, 'analyze', false);
});
