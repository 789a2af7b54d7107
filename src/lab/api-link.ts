/** Starts the lab API server (src/lab/api) for a lab and writes its kubeconfig. */
import { startLabApiServer, stopLabApiServer, writeKubeconfig } from './api/index.js';
import type { LabState } from './model.js';
import { labNames } from './names.js';

export async function startApiServer(state: LabState): Promise<{ url: string; pid: number }> {
  const n = labNames(state.spec.name);
  const api = await startLabApiServer({ dataDir: n.apiDir, runDir: n.runDir, host: '127.0.0.1', port: 0 });
  writeKubeconfig(n.kubeconfig, api.url, `lab-${state.spec.name}`);
  return api;
}

export async function stopApiServer(name: string): Promise<void> {
  await stopLabApiServer(labNames(name).runDir);
}
