import { describe, expect, it } from 'vitest';
import type { Artifact, Snapshot } from '../../src/artifacts/types.js';
import { runChecks } from '../../src/checks/run.js';
import { buildModel } from '../../src/model/index.js';
import { MODELED_RULE_VERSIONS, PIPELINES } from '../../src/model/pipeline.js';
import { nodeArtifact, sample } from '../bundle/helpers.js';

const snap = (artifacts: Artifact[]): Snapshot => ({
  collectedAt: 'x',
  collector: 'test',
  api: {},
  artifacts,
  warnings: [],
});

describe('pipeline layouts per rule version (openshift-sdn-pipeline.md §0)', () => {
  it('describes rule versions 3 to 14 and the table moves between them', () => {
    expect(MODELED_RULE_VERSIONS).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    const at = (v: number) => PIPELINES.get(v);
    expect([at(4)?.enp, at(4)?.egressIp]).toEqual([100, undefined]);
    expect([at(7)?.egressIp, at(7)?.enp, at(7)?.routing]).toEqual([100, 101, 30]);
    expect([at(11)?.dns, at(11)?.enp, at(11)?.egressIp]).toEqual([99, 100, 101]);
    expect([at(10)?.egressIpGroups, at(9)?.egressIpGroups]).toEqual([true, false]);
    expect([at(13)?.egressPolicy, at(13)?.ctSetup, at(13)?.routing, at(13)?.policyCommit]).toEqual([
      27,
      30,
      31,
      undefined,
    ]);
  });

  it('a dump of an unmodeled rule version: one input warning, layout checks unknown, no error', async () => {
    const text = (await sample('synthetic_ovs3.1_dump_flows_br0_subnet_rv7_stats.txt'))
      .split('\n')
      // Flows a rule-version-7 reading would call missing: a guessed layout would report them.
      // (their priority=0 defaults stay: a dump with a whole table gone reads as a selection)
      .filter((l) => !/table=(10|90), .*priority=100/.test(l))
      .join('\n')
      .replace('note:00.07', 'note:00.01');
    const { model, warnings } = buildModel(snap([nodeArtifact('n1', 'ovs-flows', text)]));
    const notModeled = warnings.filter((w) => w.message.en.includes('rule version 1 is not modeled'));
    expect(notModeled).toHaveLength(1);
    expect(notModeled[0]?.message.ja).toContain('ルールバージョン 1');
    const { statuses } = runChecks(model);
    for (const id of ['flow-tun-src', 'flow-tun-dst', 'flow-pod']) {
      const st = statuses.find((s) => s.check === id);
      expect(st?.status, id).not.toBe('fail');
    }
  });

  it('modeled versions load without that warning (rule versions 3, 8, 13 samples)', async () => {
    for (const file of [
      'ovs_dump_flows_br0_multitenant_ocp3.6_full_sdn_test.txt',
      'ovs_dump_flows_br0_networkpolicy_ocp4.6_nostats_names_full.txt',
      'synthetic_ovs3.1_dump_flows_br0_master_rv13.txt',
    ]) {
      const { warnings } = buildModel(snap([nodeArtifact('n1', 'ovs-flows', await sample(file))]));
      expect(
        warnings.filter((w) => w.message.en.includes('not modeled')),
        file,
      ).toEqual([]);
    }
  });
});
