/**
 * A lab API server for tests: a per-run temp folder with the fixture cluster's data files, the
 * server process (started by the real `startLabApiServer`), a kubeconfig, and Debian's kubectl
 * run against it. Loopback only; `stop()` ends the process by its recorded PID and removes the folder.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Api3Resource } from '../../src/artifacts/types.js';
import {
  FAULTS_FILE,
  startLabApiServer,
  stopLabApiServer,
  writeKubeconfig,
  writeLabApiList,
  type FaultHook,
} from '../../src/lab/api/index.js';
import { buildFixtureCluster, type FixtureObjects } from './fixtures.js';

/** Debian's kubectl (package kubernetes-client), as issue 3 asks. */
export const KUBECTL = '/usr/bin/kubectl';

export interface KubectlResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

export interface TestApi {
  readonly dir: string;
  readonly dataDir: string;
  readonly runDir: string;
  readonly kubeconfig: string;
  readonly url: string;
  readonly pid: number;
  readonly caFile: string | undefined;
  readonly objects: FixtureObjects;
  /** Runs kubectl with this lab's kubeconfig and a private discovery cache. */
  kubectl(args: readonly string[]): Promise<KubectlResult>;
  /** Replaces `_faults.json` (empty object = no faults). */
  setFaults(faults: Record<string, FaultHook>): void;
  /** Rewrites one resource's data file, as the lab does when it changes. */
  write(resource: Api3Resource, items: readonly unknown[]): void;
  stop(): Promise<void>;
}

/** Starts a server on 127.0.0.1 serving the fixture cluster (HTTPS with `tls`). */
export async function startTestApi(name = 'labapi-test', options: { tls?: boolean } = {}): Promise<TestApi> {
  const dir = mkdtempSync(join(tmpdir(), `sdn-doctor-${name}-`));
  const dataDir = join(dir, 'api');
  const runDir = join(dir, 'run');
  const objects = buildFixtureCluster();
  for (const [resource, items] of Object.entries(objects)) {
    writeLabApiList(dataDir, resource as Api3Resource, items);
  }
  const { url, pid, caFile } = await startLabApiServer({
    dataDir,
    runDir,
    host: '127.0.0.1',
    tls: options.tls,
  });
  const kubeconfig = join(dir, 'kubeconfig');
  writeKubeconfig(kubeconfig, url, name, caFile);
  return {
    dir,
    dataDir,
    runDir,
    kubeconfig,
    url,
    pid,
    caFile,
    objects,
    kubectl: (args) =>
      runKubectl(['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'kube-cache'), ...args]),
    setFaults: (faults) => writeFileSync(join(dataDir, FAULTS_FILE), JSON.stringify(faults)),
    write: (resource, items) => writeLabApiList(dataDir, resource, items),
    stop: async () => {
      await stopLabApiServer(runDir);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function runKubectl(args: readonly string[]): Promise<KubectlResult> {
  return new Promise((resolve) => {
    execFile(
      KUBECTL,
      args,
      { timeout: 30_000, env: { PATH: process.env.PATH ?? '' } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ stdout, stderr, code });
      },
    );
  });
}

/** kubectl's lines without the padding its tab writer leaves after the last column. */
export function lines(text: string): string[] {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => line.trimEnd());
}
