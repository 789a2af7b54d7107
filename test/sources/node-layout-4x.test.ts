/**
 * Issue 12 "The 4.x node layout": a 4.x node has no /etc/origin/node/node-config.yaml and no
 * atomic-openshift-node unit (its SDN configuration is in API objects, its log the `sdn` pod's).
 * `collect` does not run those commands when the API shows the Network operator, and the model
 * does not warn about them on a 4.x snapshot that holds them anyway; on 3.x (or when the release is
 * not shown) they run and their failure is an input warning as before.
 */
import { describe, expect, it } from 'vitest';
import { appliesTo, NODE_COMMANDS, releaseOfApi } from '../../src/artifacts/commands.js';
import type { ApiSnapshot, Artifact, Snapshot } from '../../src/artifacts/types.js';
import { buildModel } from '../../src/model/index.js';
import { collectSnapshot } from '../../src/sources/collect.js';
import type { NodeShell } from '../../src/sources/node-shell.js';
import { nodeArtifact } from '../bundle/helpers.js';

const operator = {
  apiVersion: 'operator.openshift.io/v1',
  kind: 'Network',
  metadata: { name: 'cluster' },
  spec: {
    defaultNetwork: { type: 'OpenShiftSDN', openshiftSDNConfig: { mode: 'NetworkPolicy', mtu: 1450 } },
  },
};
const nodes = { ok: true as const, items: [{ metadata: { name: 'node-a' } }] };
const API_4X: ApiSnapshot = { nodes, operatornetworks: { ok: true, items: [operator] } };
// A 3.x server answers 404 for operator.openshift.io: collect keeps that as an empty list.
const API_3X: ApiSnapshot = { nodes, operatornetworks: { ok: true, items: [] } };

/** Answers every command with an empty success and records what it was asked. */
function recordingShell(): NodeShell & { asked: string[] } {
  const asked: string[] = [];
  return {
    name: 'recording',
    asked,
    run: async (_target, argv) => {
      asked.push(argv.join(' '));
      return { stdout: '', stderr: '', exitCode: 0, durationMs: 0 };
    },
  };
}

const THREE_ONLY = NODE_COMMANDS.filter((c) => !appliesTo(c, '4.x'));

describe('4.x node layout: the commands each release runs', () => {
  it('node-config.yaml and the atomic-openshift-node journal are 3.x-only; everything else runs on both', () => {
    expect(THREE_ONLY.map((c) => c.kind).sort()).toEqual(['node-config', 'node-journal']);
    expect(NODE_COMMANDS.every((c) => appliesTo(c, '3.x') && appliesTo(c, undefined))).toBe(true);
    expect(releaseOfApi(API_4X)).toBe('4.x');
    expect(releaseOfApi(API_3X)).toBeUndefined();
    expect(releaseOfApi({})).toBeUndefined();
    const sdnConfig = { metadata: { name: 'sdn-config', namespace: 'openshift-sdn' } };
    expect(releaseOfApi({ configmaps: { ok: true, items: [sdnConfig] } })).toBe('4.x');
    expect(
      releaseOfApi({
        configmaps: { ok: true, items: [{ metadata: { name: 'sdn-config', namespace: 'x' } }] },
      }),
    ).toBeUndefined();
  });

  it('collect skips the 3.x-only commands when the API shows the Network operator', async () => {
    const shell = recordingShell();
    const progress: number[] = [];
    const snap = await collectSnapshot({
      api: async () => API_4X,
      shell,
      nodes: ['node-a'],
      timeoutMs: 2000,
      onProgress: (p) => progress.push(p.done),
    });
    const ran = new Set(snap.artifacts.map((a) => a.kind));
    for (const c of THREE_ONLY) {
      expect(ran.has(c.kind)).toBe(false);
      expect(shell.asked).not.toContain(c.argv.join(' '));
    }
    expect(snap.artifacts).toHaveLength(NODE_COMMANDS.length - THREE_ONLY.length);
    // the progress still ends at the total: a skipped command counts as done
    expect(progress.at(-1)).toBe(NODE_COMMANDS.length);
  });

  it('collect runs every command when the API shows 3.x or nothing', async () => {
    for (const api of [API_3X, {}]) {
      const shell = recordingShell();
      const snap = await collectSnapshot({ api: async () => api, shell, nodes: ['node-a'], timeoutMs: 2000 });
      expect(snap.artifacts).toHaveLength(NODE_COMMANDS.length);
      for (const c of THREE_ONLY) expect(shell.asked).toContain(c.argv.join(' '));
    }
  });
});

describe('4.x node layout: the model', () => {
  /** What an older collect recorded on a 4.x node: the file and the unit are not there. */
  const failed: Artifact[] = [
    nodeArtifact('node-a', 'node-config', '', {
      exitCode: 1,
      stderr: 'cat: /etc/origin/node/node-config.yaml: No such file or directory\n',
    }),
    nodeArtifact('node-a', 'node-journal', '-- No entries --\n'),
  ];
  const snap = (api: ApiSnapshot): Snapshot => ({
    collectedAt: 'x',
    collector: 'test',
    api,
    artifacts: failed,
    warnings: [],
  });
  const warnedAbout = (api: ApiSnapshot) =>
    buildModel(snap(api))
      .warnings.map((w) => w.source)
      .filter((s) => s.startsWith('nodes/node-a/'))
      .sort();

  it('a 4.x snapshot: no warning about files 4.x nodes never have, and no facet from them', () => {
    const { model } = buildModel(snap(API_4X));
    expect(model.release?.release).toBe('4.x');
    expect(warnedAbout(API_4X)).toEqual([]);
    expect(model.nodeFacts['node-a']?.nodeConfig).toBeUndefined();
    expect(model.nodeFacts['node-a']?.journal).toBeUndefined();
  });

  it('a snapshot that shows no release: the missing node-config.yaml is an input warning', () => {
    expect(warnedAbout({ nodes })).toEqual(['nodes/node-a/node-config.yaml']);
  });
});
