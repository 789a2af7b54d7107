/**
 * Starts the lab API server (src/lab/api) for a lab and writes its kubeconfigs. Two instances
 * serve the same data and run exec in the lab's namespaces: one on this machine's loopback
 * (`kubeconfig`, for kubectl and `--lab`), one on the underlay at the DNS server's address
 * (`kubeconfig-client`), which is how a user in the client namespace reaches the cluster's API —
 * the vantage point of `diagnose <url> --kubeconfig` run from outside the cluster.
 */
import { join } from 'node:path';
import { startLabApiServer, stopLabApiServer, writeKubeconfig } from './api/index.js';
import type { LabState } from './model.js';
import { labNames } from './names.js';

const clientRunDir = (runDir: string) => join(runDir, 'api-client');

export async function startApiServer(state: LabState): Promise<{ url: string; pid: number }> {
  const n = labNames(state.spec.name);
  const exec = `lab:${state.spec.name}`;
  const [api, client] = await Promise.all([
    startLabApiServer({ dataDir: n.apiDir, runDir: n.runDir, host: '127.0.0.1', port: 0, exec }),
    startLabApiServer({
      dataDir: n.apiDir,
      runDir: clientRunDir(n.runDir),
      host: state.spec.dnsServer,
      port: 0,
      exec,
      netns: n.underlay,
    }),
  ]);
  writeKubeconfig(n.kubeconfig, api.url, `lab-${state.spec.name}`);
  writeKubeconfig(n.clientKubeconfig, client.url, `lab-${state.spec.name}`);
  return api;
}

export async function stopApiServer(name: string): Promise<void> {
  const { runDir } = labNames(name);
  await Promise.all([stopLabApiServer(runDir), stopLabApiServer(clientRunDir(runDir))]);
}
