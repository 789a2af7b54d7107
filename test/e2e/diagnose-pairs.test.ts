/**
 * Two catalogue faults at once (the sample of `npm run bench -- diagnose-pairs` kept in CI): each
 * pair, placed so that neither sits on the other's node, gives exactly its two faults — or, where
 * one really hides the other, the hidden one listed as not checkable with the cause in front — and
 * never a cause of anything else. One lab per plugin, pairs in sequence, chosen across layers.
 */
import { describe, expect, it } from 'vitest';
import type { LabPlugin } from '../../src/lab/model.js';
import type { PlainFaultId } from '../../src/model/faults.js';
import {
  canRunLab,
  describeCauses,
  diagnoseLab,
  pairCases,
  pairOutcome,
  withFaults,
} from '../../testkit/lab-harness.js';
import { sharedLab } from '../../testkit/lab-suite.js';

// A little more than the 2 s default per probe: CI runs other lab suites on the same two cores.
const E2E = { timeoutMs: 3000 };

const SAMPLE: Readonly<
  Record<Exclude<LabPlugin, 'networkpolicy'>, readonly (readonly [PlainFaultId, PlainFaultId])[]>
> = {
  subnet: [
    ['flow-tun-dst-missing', 'mtu-mismatch'],
    ['ip-forward-off', 'flow-pod-missing'],
    ['dns-wrong-ip', 'ovs-port-missing'],
    ['router-refused', 'router-timeout'],
    ['route-missing', 'ip-forward-off'],
    ['svc-no-endpoints', 'flow-pod-missing'],
    ['hostsubnet-stale', 'iptables-drop'],
    ['underlay-down', 'egress-dns-wildcard'],
    ['cluster-route-missing', 'svc-nat-missing'],
    ['endpoint-down', 'sdn-setup-error'],
    ['flow-tun-src-missing', 'svc-masquerade-missing'],
    ['dns-missing', 'egress-dns-wildcard'],
  ],
  multitenant: [
    ['flow-pod-missing', 'mtu-mismatch'],
    ['underlay-down', 'mtu-mismatch'],
    ['ip-forward-off', 'egress-dns-wildcard'],
    ['endpoint-down', 'flow-tun-dst-missing'],
    ['route-missing', 'svc-nat-missing'],
    ['ovs-port-missing', 'iptables-drop'],
    ['dns-wrong-ip', 'sdn-setup-error'],
    ['svc-no-endpoints', 'cluster-route-missing'],
    ['router-refused', 'hostsubnet-stale'],
    ['flow-tun-src-missing', 'svc-masquerade-missing'],
  ],
};

for (const plugin of ['subnet', 'multitenant'] as const) {
  describe.skipIf(!canRunLab)(`diagnose in the lab: pairs of faults (${plugin})`, () => {
    const lab = sharedLab('dgp', plugin);
    const { name } = lab;

    for (const [a, b] of SAMPLE[plugin]) {
      it(`${a} + ${b}`, async () => {
        const cases = pairCases(lab.status, a, b);
        const r = await withFaults(name, cases, () => diagnoseLab(name, E2E));
        const o = pairOutcome(cases, r);
        const why = `want ${o.want}\n${describeCauses(r)}`;
        expect(o.falseCauses, why).toEqual([]);
        expect(o.exact, why).toBe(true);
        // What one fault hides is named with it, never left as a bare "unknown".
        if (a === 'route-missing' || a === 'svc-no-endpoints') {
          const hidden = r.verdict.unchecked.filter((u) => u.hiddenBy?.fault === a);
          expect(hidden.length, why).toBeGreaterThan(0);
        }
      });
    }
  });
}
