/**
 * The scale harness (lab API with emulated nodes): each node's sdn pod answers exec with that
 * node's generated outputs (br0 flows that the flow parser reads, a tunnel flow per remote node),
 * hung nodes never answer, refusing nodes get RBAC's 403 — each picked the same way every time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODE_COMMANDS } from '../../src/artifacts/commands.js';
import { writeKubeconfig } from '../../src/lab/api/index.js';
import {
  createHarnessBackend,
  dumpFlows,
  flowDumps,
  harnessHangs,
  harnessState,
  writeHarnessApi,
  type HarnessOptions,
} from '../../src/lab/api/exec/harness.js';
import { nodeFlows } from '../../src/lab/apply.js';
import { createLabApiServer, listen } from '../../src/lab/api/server.js';
import { parseOvsFlows } from '../../src/parsers/ovs-flows.js';
import { createPodExecShell } from '../../src/sources/live/pod-exec-shell.js';

const OPTIONS: HarnessOptions = { nodes: 40, medianMs: 1, sigma: 0, hungShare: 0.1, refuseShare: 0.1 };
let dir: string;
let server: Server;
let kc: KubeConfig;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sdn-doctor-harness-'));
  writeHarnessApi(join(dir, 'api'), harnessState(OPTIONS.nodes));
  server = createLabApiServer(join(dir, 'api'), () => undefined, undefined, createHarnessBackend(OPTIONS));
  const url = await listen(server, '127.0.0.1', 0);
  writeKubeconfig(join(dir, 'kubeconfig'), url, 'harness');
  kc = new KubeConfig();
  kc.loadFromFile(join(dir, 'kubeconfig'));
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const flowsArgv = NODE_COMMANDS.find((c) => c.kind === 'ovs-flows')!.argv;
const nodes = Array.from({ length: OPTIONS.nodes }, (_, i) => `node-${i + 1}`);

describe('scale harness', () => {
  it('2000 nodes with addresses that fit in the /12; applications on three nodes', () => {
    const { spec } = harnessState(2000);
    expect(spec.nodes[1999]).toMatchObject({ ip: '172.16.7.208', subnet: '10.143.158.0/23' });
    expect(new Set(spec.pods.map((p) => p.nodeIndex))).toEqual(new Set([1, 2, 3]));
  });

  it("each node's flow dump is the lab generator's flows converted line by line (tunnel flows converted once)", () => {
    for (const n of [1, 2, 3, 7]) {
      const state = harnessState(n);
      const dumpOf = flowDumps(state);
      for (let i = 1; i <= n; i++) expect(dumpOf(i)).toBe(dumpFlows(nodeFlows(state, i)));
    }
  });

  it("a healthy node's sdn pod answers with its br0 flows: one tunnel flow per remote node, parseable", async () => {
    const shell = createPodExecShell({ kubeConfig: kc });
    const healthy = nodes.find((n) => !harnessHangs(n, OPTIONS))!;
    const r = await shell.run({ kind: 'node', node: healthy }, flowsArgv, {
      timeoutMs: 5000,
      inOvsContainer: true,
    });
    expect(r.exitCode).toBe(0);
    const parsed = parseOvsFlows(r.stdout);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.records.filter((f) => f.table === 90)).toHaveLength(OPTIONS.nodes - 1 + 1); // + the drop rule
  });

  it('hung and refusing nodes: a timeout and a 403, the same nodes each time', async () => {
    const shell = createPodExecShell({ kubeConfig: kc });
    const results = await Promise.all(
      nodes.map((node) =>
        shell.run({ kind: 'node', node }, ['sysctl', 'net.ipv4.ip_forward'], { timeoutMs: 1500 }),
      ),
    );
    const hung = nodes.filter((_, i) => results[i]!.error?.startsWith('timeout after'));
    const refused = nodes.filter((_, i) => results[i]!.error?.includes('HTTP 403'));
    expect(hung).toEqual(nodes.filter((n) => harnessHangs(n, OPTIONS)));
    expect(hung.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    const ok = results.filter((r) => r.exitCode === 0);
    expect(ok.length).toBe(nodes.length - hung.length - refused.length);
    for (const r of ok) expect(r.stdout).toBe('net.ipv4.ip_forward = 1\n');
  });
});
