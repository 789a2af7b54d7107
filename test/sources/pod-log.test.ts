/**
 * The SDN's log through pods/log (39.10 on 3.11 and 4.x, where the SDN runs in the openshift-sdn
 * `sdn` pod): `collect` asks the API for each node's sdn pod log (container, tail, timestamps),
 * records it as `nodes/<node>/sdn-pod-log.txt`, and the model reads the setup log from it in
 * preference to the node journal. A loopback API server stands in for the cluster.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiSnapshot, Artifact } from '../../src/artifacts/types.js';
import { analyzeSnapshot } from '../../src/checks/analyze.js';
import { buildModel } from '../../src/model/index.js';
import { collectSnapshot } from '../../src/sources/collect.js';
import { createPodLogReader, POD_LOG_TAIL_LINES } from '../../src/sources/live/pod-log.js';
import type { NodeShell } from '../../src/sources/node-shell.js';
import { tempDir } from '../bundle/helpers.js';
import { listenOnLoopback, loopbackKubeconfig } from '../../testkit/loopback.js';

const sdnPod = (name: string, node: string) => ({
  metadata: { name, namespace: 'openshift-sdn', labels: { app: 'sdn' } },
  spec: { nodeName: node, hostNetwork: true, containers: [{ name: 'sdn' }] },
});
const API: ApiSnapshot = {
  pods: {
    ok: true,
    items: [
      sdnPod('sdn-aaaaa', 'node-a'),
      sdnPod('sdn-bbbbb', 'node-b'),
      // an ovs pod and an application pod on node-c: node-c has no sdn pod, so no log
      {
        ...sdnPod('ovs-ccccc', 'node-c'),
        metadata: { name: 'ovs-ccccc', namespace: 'openshift-sdn', labels: { app: 'ovs' } },
      },
      {
        metadata: { name: 'web', namespace: 'demo', labels: { app: 'sdn' } },
        spec: { nodeName: 'node-c', containers: [{ name: 'sdn' }] },
      },
    ],
  },
};

/** The sdn container's log as `oc logs --timestamps` prints it: a failed setup script on node-a. */
const FAILED_SETUP = [
  '2026-12-05T03:00:00.000000000Z I1205 03:00:00.000000    4242 node.go:100] Starting openshift-sdn pod manager',
  '2026-12-05T03:00:01.000000000Z I1205 03:00:01.000000    4242 setup.go:53] Output of setup script:',
  '2026-12-05T03:00:01.000000000Z + ovs-vsctl add-port br0 vxlan0',
  '2026-12-05T03:00:01.000000000Z ovs-vsctl: cannot create a port named vxlan0 because a port named vxlan0 already exists',
  '',
].join('\n');

/** A node shell whose commands all fail: only the pod logs carry anything. */
const NO_SHELL: NodeShell = {
  name: 'none',
  run: async () => ({
    stdout: '',
    stderr: '',
    exitCode: null,
    error: 'no shell in this test',
    durationMs: 0,
  }),
};

describe('sdn pod logs through pods/log', () => {
  let server: http.Server;
  let dir: { path: string; cleanup: () => Promise<void> };
  let kubeconfig: string;
  const asked: string[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      asked.push(url.pathname + url.search);
      if (url.pathname === '/api/v1/namespaces/openshift-sdn/pods/sdn-aaaaa/log') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(FAILED_SETUP);
      } else {
        res.writeHead(403, { 'content-type': 'application/json' });
        res.end('{"kind":"Status","reason":"Forbidden","message":"pods \\"sdn-bbbbb\\" is forbidden"}');
      }
    });
    const port = await listenOnLoopback(server);
    dir = await tempDir();
    kubeconfig = await loopbackKubeconfig(dir.path, port);
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await dir.cleanup();
  });

  const collect = async () => {
    const podLogs = createPodLogReader({ kubeconfig });
    try {
      return await collectSnapshot({
        api: async () => API,
        shell: NO_SHELL,
        nodes: ['node-a', 'node-b', 'node-c'],
        timeoutMs: 5000,
        commands: [],
        podLogs,
      });
    } finally {
      podLogs.close();
    }
  };

  it('one log per node that has an sdn pod, asked as `oc logs -c sdn --tail --timestamps` asks; a refusal is a warning', async () => {
    const snap = await collect();
    expect(asked.filter((a) => a.includes('/log')).sort()).toEqual([
      `/api/v1/namespaces/openshift-sdn/pods/sdn-aaaaa/log?container=sdn&tailLines=${POD_LOG_TAIL_LINES}&timestamps=true`,
      `/api/v1/namespaces/openshift-sdn/pods/sdn-bbbbb/log?container=sdn&tailLines=${POD_LOG_TAIL_LINES}&timestamps=true`,
    ]);
    const logs = snap.artifacts.filter((a) => a.kind === 'sdn-pod-log');
    expect(logs.map((a) => [a.id, a.node, a.error ?? ''])).toEqual([
      ['nodes/node-a/sdn-pod-log.txt', 'node-a', ''],
      ['nodes/node-b/sdn-pod-log.txt', 'node-b', expect.stringContaining('HTTP 403')],
    ]);
    expect(logs[0]?.argv).toEqual([
      'oc',
      'logs',
      '-n',
      'openshift-sdn',
      'sdn-aaaaa',
      '-c',
      'sdn',
      '--tail',
      '5000',
      '--timestamps',
    ]);
    expect(snap.warnings.map((w) => w.source)).toContain('nodes/node-b/sdn-pod-log.txt');
  });

  it("the setup log is read from the sdn pod's log, preferred to the node journal", async () => {
    const snap = await collect();
    const journal: Artifact = {
      id: 'nodes/node-a/node-journal.txt',
      kind: 'node-journal',
      node: 'node-a',
      argv: ['journalctl'],
      text: 'Dec 05 03:00:00 node-a atomic-openshift-node[1]: I1205 03:00:00.000000    1 kubelet.go:1] kubelet started\n',
      exitCode: 0,
      collectedAt: 'x',
    };
    const both = { ...snap, artifacts: [...snap.artifacts, journal] };
    expect(buildModel(both).model.nodeFacts['node-a']?.journal?.artifact).toBe(
      'nodes/node-a/sdn-pod-log.txt',
    );
    const finding = analyzeSnapshot(both).findings.find((f) => f.check === 'setup-log');
    expect(finding?.evidence[0]?.artifact).toBe('nodes/node-a/sdn-pod-log.txt');
    expect(finding?.message.en).toContain('cannot create a port named vxlan0');
    // without the pod log, the journal is read (and has no error)
    const journalOnly = { ...snap, artifacts: [journal] };
    expect(buildModel(journalOnly).model.nodeFacts['node-a']?.journal?.artifact).toBe(
      'nodes/node-a/node-journal.txt',
    );
  });
});
