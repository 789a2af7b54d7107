/**
 * Acceptance of `diagnose` in the lab: a healthy 3-node lab is healthy with no cause; two faults
 * at once on different nodes are both found. One lab for the file, faults in sequence.
 * Each fault of DESIGN.md §5 alone → exactly that fault on the right object is asserted in
 * test/e2e/live-path.test.ts, on both plugins' labs, by the very `--lab` run the user's path is
 * compared with: one diagnose per fault instead of two on two labs (CI's 45 minutes).
 */
import { describe, expect, it } from 'vitest';
import { faultOff, faultOn } from '../../src/lab/index.js';
import { canRunLab, describeCauses, diagnoseLab } from '../../testkit/lab-harness.js';
import { itIsHealthy, sharedLab } from '../../testkit/lab-suite.js';

const run = canRunLab; // lab-helpers prints why it skips outside CI without root
// A little more than the 2 s default per probe: CI runs other lab suites on the same two cores.
const E2E = { timeoutMs: 3000 };

describe.skipIf(!run)('diagnose in the lab: the fault catalogue', () => {
  const lab = sharedLab('dgc');
  const { name } = lab;

  itIsHealthy(lab, E2E);

  it('two faults at once on different nodes → both', async () => {
    const pod3 = lab.status.pods.find((p) => p.node === 'node-3' && p.namespace === 'demo')!;
    await faultOn(name, 'ip-forward-off', { node: 'node-2' });
    await faultOn(name, 'flow-pod-missing', { pod: `${pod3.namespace}/${pod3.name}` });
    try {
      const r = await diagnoseLab(name, E2E);
      const got = r.verdict.causes.map((c) => `${c.fault}@${c.node}`).sort();
      expect(got, describeCauses(r)).toEqual(['flow-pod-missing@node-3', 'ip-forward-off@node-2']);
    } finally {
      await faultOff(name, 'flow-pod-missing');
      await faultOff(name, 'ip-forward-off');
    }
  });

  it('a broken tunnel flow on one node and a dead pod on another → both, the pod not folded into the flow', async () => {
    const pod3 = lab.status.pods.find((p) => p.node === 'node-3' && p.namespace === 'demo')!;
    await faultOn(name, 'flow-tun-dst-missing', { node: 'node-1' });
    await faultOn(name, 'endpoint-down', { pod: `${pod3.namespace}/${pod3.name}` });
    try {
      const r = await diagnoseLab(name, E2E);
      const got = r.verdict.causes.map((c) => `${c.fault}@${c.node}${c.pod ? `/${c.pod}` : ''}`).sort();
      expect(got, describeCauses(r)).toEqual([
        `endpoint-down@node-3/${pod3.namespace}/${pod3.name}`,
        'flow-tun-dst-missing@node-1',
      ]);
    } finally {
      await faultOff(name, 'endpoint-down');
      await faultOff(name, 'flow-tun-dst-missing');
    }
  });

  it('the lab is healthy again after the faults are cleared', async () => {
    const r = await diagnoseLab(name, E2E);
    expect(describeCauses(r)).toBe('(none)');
  });
});
