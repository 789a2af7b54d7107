/**
 * The 4.x lab's API (issue 12 "A 4.x lab"): the Network operator's `cluster` and the ClusterVersion
 * `version`, served through discovery so that Debian's kubectl finds them by their full names,
 * while the 3.11 lab answers 404 for both groups as an OpenShift 3.11 server does; sdn-doctor's
 * live reader gets them and its model says 4.x with the SDN settings of the operator object.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeHarnessApi } from '../../src/lab/api/exec/harness.js';
import { writeKubeconfig } from '../../src/lab/api/index.js';
import { createLabApiServer, listen } from '../../src/lab/api/server.js';
import type { LabState } from '../../src/lab/model.js';
import { buildLabSpec } from '../../src/lab/spec.js';
import { buildModel } from '../../src/model/index.js';
import { readApiSnapshot } from '../../src/sources/live/api.js';
import { KUBECTL, lines } from './helpers.js';

const state = (release: '3.11' | '4.x'): LabState => ({
  spec: buildLabSpec(
    { name: `rel-${release}`, nodes: 2, podsPerNode: 1, plugin: 'multitenant', release },
    new Date('2026-11-21T22:00:00Z'),
  ),
  processes: [],
  faults: [],
  resourceVersion: 3,
});

interface Served {
  readonly server: Server;
  readonly kubeconfig: string;
}
let dir: string;
const served: Record<'3.11' | '4.x', Served> = {} as Record<'3.11' | '4.x', Served>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sdn-doctor-release-4x-'));
  for (const release of ['3.11', '4.x'] as const) {
    const dataDir = join(dir, release, 'api');
    writeHarnessApi(dataDir, state(release));
    const server = createLabApiServer(dataDir);
    const url = await listen(server, '127.0.0.1', 0);
    const kubeconfig = join(dir, release, 'kubeconfig');
    writeKubeconfig(kubeconfig, url, `rel-${release}`);
    served[release] = { server, kubeconfig };
  }
});
afterAll(async () => {
  for (const s of Object.values(served)) {
    s.server.closeAllConnections();
    await new Promise((r) => s.server.close(r));
  }
  rmSync(dir, { recursive: true, force: true });
});

const kubectl = (release: '3.11' | '4.x', args: readonly string[]) =>
  new Promise<{ stdout: string; stderr: string; code: number }>((resolve) => {
    const cache = join(dir, release, 'kube-cache');
    execFile(
      KUBECTL,
      ['--kubeconfig', served[release].kubeconfig, '--cache-dir', cache, ...args],
      { timeout: 30_000, env: { PATH: process.env.PATH ?? '' } },
      (error, stdout, stderr) =>
        resolve({ stdout, stderr, code: error ? (typeof error.code === 'number' ? error.code : -1) : 0 }),
    );
  });

describe('lab API --release 4.x: operator and config objects', () => {
  it('kubectl get network.operator.openshift.io cluster -o yaml: mode, MTU and VXLAN port of openshift-sdn', async () => {
    const r = await kubectl('4.x', ['get', 'network.operator.openshift.io', 'cluster', '-o', 'yaml']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const spec = state('4.x').spec;
    expect(r.stdout).toContain('apiVersion: operator.openshift.io/v1');
    expect(r.stdout).toContain('kind: Network');
    expect(r.stdout).toContain('type: OpenShiftSDN');
    expect(r.stdout).toContain('mode: Multitenant');
    expect(r.stdout).toContain(`mtu: ${spec.mtu}`);
    expect(r.stdout).toContain(`vxlanPort: ${spec.vxlanPort}`);
  });

  it('kubectl get clusterversion: the columns of the ClusterVersion CRD with a 4.x version', async () => {
    const r = await kubectl('4.x', ['get', 'clusterversion']);
    expect(r.stderr).toBe('');
    const [head, row] = lines(r.stdout);
    expect(head!.split(/\s+/)).toEqual(['NAME', 'VERSION', 'AVAILABLE', 'PROGRESSING', 'SINCE', 'STATUS']);
    expect(row).toMatch(/^version\s+4\.12\.0\s+True\s+False\s+\S+\s+Cluster version is 4\.12\.0$/);
  });

  it('the 3.11 lab answers as a 3.11 server: no such resource types', async () => {
    for (const what of ['network.operator.openshift.io', 'clusterversion']) {
      const r = await kubectl('3.11', ['get', what]);
      expect(r.code).not.toBe(0);
      // kubectl names the resource without its group in this message
      expect(r.stderr).toContain(`the server doesn't have a resource type "${what.split('.')[0]}"`);
    }
  });

  it("sdn-doctor's live reader: 4.x with the operator's MTU and the ClusterVersion; 3.11 reads both as absent", async () => {
    for (const release of ['4.x', '3.11'] as const) {
      const api = await readApiSnapshot({ kubeconfig: served[release].kubeconfig, timeoutMs: 10_000 });
      const { model } = buildModel({ collectedAt: 'x', collector: 'test', api, artifacts: [], warnings: [] });
      if (release === '4.x') {
        expect(model.release?.release).toBe('4.x');
        expect(model.release?.because.map((m) => m.en)).toContain('the ClusterVersion (4.12.0)');
        expect(model.sdnOperatorConfig?.value).toMatchObject({
          mode: 'Multitenant',
          mtu: state('4.x').spec.mtu,
          vxlanPort: state('4.x').spec.vxlanPort,
        });
      } else {
        expect(api.operatornetworks).toEqual({ ok: true, items: [] });
        expect(api.clusterversions).toEqual({ ok: true, items: [] });
        expect(model.release?.release).toBe('3.x');
      }
    }
  });
});
