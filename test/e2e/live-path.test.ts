/**
 * The user's path (issue: "the live path made real"): from the lab's client namespace — outside
 * the cluster — `sdn-doctor diagnose <route url> --kubeconfig <lab kubeconfig>` reaches the nodes
 * through the Kubernetes API: exec into openshift-sdn's pods (default `pod-exec`) or into a debug
 * pod it creates (`--node-shell debug-pod`). Both give the verdict `--lab` gives, on the healthy
 * lab and with every fault of the catalogue, for both plugins; debug pods are always deleted.
 * One lab per plugin, faults in sequence. Runs the built CLI (dist/, made by `npm ci`).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiagnoseResult } from '../../src/diagnose/types.js';
import { readCreatedPods } from '../../src/lab/api/data-files.js';
import { downLab, labNames, loadLabStatus, loadState, upLab } from '../../src/lab/index.js';
import type { LabPlugin } from '../../src/lab/model.js';
import type { LabStatus } from '../../src/lab/types.js';
import { FAULT_IDS, type FaultId } from '../../src/model/faults.js';
import { canRunLab, catalogue, diagnoseLab, uniqueLabName, withFault } from '../diagnose/lab-harness.js';

const CLI = join(__dirname, '../../dist/cli/main.js');
const E2E = { timeoutMs: 3000 };

interface Verdict {
  readonly healthy: boolean;
  readonly causes: readonly string[];
}

const verdictOf = (v: {
  healthy: boolean;
  causes: readonly { fault: string; node?: string; pod?: string; service?: string }[];
}): Verdict => ({
  healthy: v.healthy,
  causes: v.causes.map((c) => `${c.fault}@${c.node ?? ''}/${c.pod ?? ''}/${c.service ?? ''}`).sort(),
});

/** The CLI in the lab's client namespace with the client's kubeconfig, as a user outside runs it. */
export function diagnoseFromClient(
  name: string,
  url: string,
  egressName: string,
  shell: 'pod-exec' | 'debug-pod',
): Promise<{ code: number | null; doc?: DiagnoseResult['verdict']; stderr: string }> {
  const n = labNames(name);
  const args = ['diagnose', url, '--kubeconfig', n.clientKubeconfig, '--node-shell', shell];
  args.push('--egress-name', egressName, '--timeout', String(E2E.timeoutMs / 1000), '-o', 'json');
  return new Promise((resolve) =>
    execFile(
      'ip',
      ['netns', 'exec', n.client, process.execPath, CLI, ...args],
      { timeout: 120_000 },
      (e, stdout, stderr) => {
        const code = e ? (typeof e.code === 'number' ? e.code : null) : 0;
        try {
          resolve({
            code,
            doc: (JSON.parse(stdout) as { verdict: DiagnoseResult['verdict'] }).verdict,
            stderr,
          });
        } catch {
          resolve({ code, stderr: `${stderr}\n${stdout}` });
        }
      },
    ),
  );
}

for (const plugin of ['subnet', 'multitenant'] as const satisfies readonly LabPlugin[]) {
  describe.skipIf(!canRunLab)(`diagnose --kubeconfig from outside the cluster (${plugin})`, () => {
    const name = uniqueLabName(plugin === 'subnet' ? 'lvs' : 'lvm');
    let status: LabStatus;
    let egress: string;
    beforeAll(async () => {
      if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build (npm ci does)`);
      await upLab({ name, nodes: 3, podsPerNode: 2, plugin });
      status = (await loadLabStatus(name))!;
      egress = (await loadState(name))!.spec.outsideHost;
    }, 180_000);
    afterAll(async () => {
      await downLab(name);
    }, 120_000);

    const agree = async () => {
      const [lab, podExec, debugPod] = await Promise.all([
        diagnoseLab(name, E2E),
        diagnoseFromClient(name, status.routerUrl, egress, 'pod-exec'),
        diagnoseFromClient(name, status.routerUrl, egress, 'debug-pod'),
      ]);
      const expected = verdictOf(lab.verdict);
      expect(podExec.doc && verdictOf(podExec.doc), `pod-exec: ${podExec.stderr}`).toEqual(expected);
      expect(debugPod.doc && verdictOf(debugPod.doc), `debug-pod: ${debugPod.stderr}`).toEqual(expected);
      expect(podExec.code).toBe(debugPod.code);
      // debug-pod deletes every pod it created
      expect(readCreatedPods(labNames(name).apiDir)).toEqual([]);
      return expected;
    };

    it('healthy: both shells healthy, as --lab', async () => {
      expect((await agree()).healthy).toBe(true);
    }, 120_000);

    for (const fault of FAULT_IDS as readonly FaultId[]) {
      it(`${fault}: pod-exec and debug-pod conclude what --lab concludes`, async () => {
        const c = catalogue(status).find((x) => x.fault === fault)!;
        const verdict = await withFault(name, c, agree);
        expect(verdict.causes.length, 'the fault is found at all').toBeGreaterThan(0);
      }, 120_000);
    }
  });
}
