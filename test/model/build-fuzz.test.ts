import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { API_RESOURCES, type Artifact, type ArtifactKind, type Snapshot } from '../../src/artifacts/types.js';
import { NODE_COMMANDS } from '../../src/artifacts/commands.js';
import { buildModel } from '../../src/model/index.js';
import { sample } from '../bundle/helpers.js';

const KINDS = NODE_COMMANDS.map((c) => c.kind) as ArtifactKind[];

describe('buildModel never throws and never fills a facet from an unusable artifact (property)', () => {
  it('random artifacts and API items', async () => {
    const real = [
      await sample('synthetic_ovs3.1_dump_flows_br0_multitenant_rv7_stats.txt'),
      await sample('synthetic_iptables_save_openshift_sdn_and_kube_proxy_4.x.txt'),
      await sample('ovs_ofctl_show_br0_ports_ocp3.6_koktlzz.txt'),
    ];
    const text = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.constantFrom(...real),
      fc
        .tuple(fc.constantFrom(...real), fc.nat(), fc.nat({ max: 200 }))
        .map(([t, at, n]) => t.slice(0, at % t.length) + t.slice((at % t.length) + n)),
    );
    const artifact = fc.record({
      node: fc.constantFrom('n1', 'n2'),
      kind: fc.constantFrom(...KINDS),
      text,
      exitCode: fc.oneof(fc.constant(0), fc.constant(0), fc.constant(null), fc.integer({ min: 1, max: 255 })),
      error: fc.option(fc.constant('timeout after 100 ms'), { nil: undefined }),
    });
    const apiList = fc.oneof(
      fc.record({ ok: fc.constant(true as const), items: fc.array(fc.anything(), { maxLength: 5 }) }),
      fc.record({ ok: fc.constant(false as const), error: fc.string() }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(artifact, { maxLength: 10 }),
        fc.dictionary(fc.constantFrom(...API_RESOURCES), apiList),
        async (arts, api) => {
          const artifacts: Artifact[] = arts.map((a, i) => ({
            id: `nodes/${a.node}/${i}-${a.kind}.txt`,
            kind: a.kind,
            node: a.node,
            argv: [],
            text: a.text,
            exitCode: a.exitCode,
            collectedAt: 'x',
            ...(a.error ? { error: a.error } : {}),
          }));
          const snapshot: Snapshot = { collectedAt: 'x', collector: 'fuzz', api, artifacts, warnings: [] };
          const { model, warnings } = buildModel(snapshot);
          expect(Array.isArray(warnings)).toBe(true);
          for (const facts of Object.values(model.nodeFacts)) {
            const sources = [
              facts.links,
              facts.routes,
              facts.sysctls,
              facts.iptables,
              facts.resolvConf,
              facts.nodeConfig,
              facts.journal,
              facts.ovs.flows,
              facts.ovs.ports,
              facts.ovs.show,
              facts.ovs.bridges,
            ];
            for (const s of sources) {
              if (!s) continue;
              const from = artifacts.find((a) => a.id === s.artifact);
              expect(from?.error).toBeUndefined();
              expect(from?.exitCode).toBe(0);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
