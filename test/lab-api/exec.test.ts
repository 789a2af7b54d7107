/**
 * pods/exec, pods/log and the pod writes of the lab API, through three independent clients:
 * @kubernetes/client-node (what sdn-doctor uses), the `ws` library speaking the channel protocol
 * byte by byte, Debian's python3-kubernetes (`kubernetes.stream`) and kubectl (`logs`, `get ds`).
 * The server runs in this process on the fixture cluster; its kubelet is this machine (every
 * node's commands run here, read-only ones only), its logs a fixed list of lines.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Api3Resource } from '../../src/artifacts/types.js';
import { labDaemonSets } from '../../src/lab/api-objects.js';
import { writeKubeconfig, writeLabApiList } from '../../src/lab/api/index.js';
import { createHostExecBackend, type LogLine } from '../../src/lab/api/exec/backend.js';
import { createLabApiServer, listen } from '../../src/lab/api/server.js';
import { buildLabSpec } from '../../src/lab/spec.js';
import { execInPod } from '../../src/sources/live/pod-exec-run.js';
import { buildFixtureCluster } from './fixtures.js';
import { KUBECTL, lines } from './helpers.js';

const PYTHON = '/usr/bin/python3';
const hasPythonKubernetes = existsSync('/usr/lib/python3/dist-packages/kubernetes/stream/ws_client.py');
const NOW = Date.now();
const LOG: readonly LogLine[] = [
  {
    time: new Date(NOW - 3_600_000),
    text: 'I1121 22:00:00.000000    4242 node.go:150] Initializing SDN node',
  },
  {
    time: new Date(NOW - 120_000),
    text: 'I1121 22:58:00.000000    4242 proxier.go:1022] Started iptables proxy',
  },
  { time: new Date(NOW - 10_000), text: 'E1121 22:59:50.000000    4242 pod.go:300] error on port veth1' },
];

let dir: string;
let server: Server;
let url: string;
let kubeconfig: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sdn-doctor-exec-test-'));
  const dataDir = join(dir, 'api');
  const objects = buildFixtureCluster();
  for (const [resource, items] of Object.entries(objects))
    writeLabApiList(dataDir, resource as Api3Resource, items);
  // a pod with two containers, and openshift-sdn's DaemonSets as the lab writes them
  const sdn = objects.pods.find((p) => (p.metadata as { name: string }).name === 'sdn-2lwcs')!;
  const twoContainers = {
    ...sdn,
    metadata: { ...(sdn.metadata as object), name: 'two-containers' },
    spec: { ...(sdn.spec as object), containers: [{ name: 'a' }, { name: 'b' }] },
  };
  writeLabApiList(dataDir, 'pods', [...objects.pods, twoContainers]);
  const spec = buildLabSpec(
    { name: 'unit', nodes: 3, podsPerNode: 1, plugin: 'subnet' },
    new Date(NOW - 86_400_000),
  );
  writeLabApiList(
    dataDir,
    'daemonsets',
    labDaemonSets({ spec, processes: [], faults: [], resourceVersion: 3 }).items,
  );
  const backend = { ...createHostExecBackend(), logs: async () => LOG };
  server = createLabApiServer(dataDir, () => undefined, undefined, backend);
  url = await listen(server, '127.0.0.1', 0);
  kubeconfig = join(dir, 'kubeconfig');
  writeKubeconfig(kubeconfig, url, 'exectest');
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const kubeConfig = (context = 'exectest') => {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  kc.setCurrentContext(context);
  return kc;
};
const token = (context: string) =>
  context.endsWith('-reader') ? 'lab-exectest-reader-token' : 'lab-exectest-dummy-token';

/** One exec over a raw WebSocket: every frame as it came, the close code, or the refused answer. */
function rawExec(
  path: string,
  protocols: string[],
  context = 'exectest',
  send?: (ws: WebSocket) => void,
): Promise<{
  protocol?: string;
  frames: Buffer[];
  closeCode?: number;
  refused?: { status: number; body: string };
}> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace('http', 'ws')}${path}`, protocols, {
      headers: { Authorization: `Bearer ${token(context)}` },
    });
    const frames: Buffer[] = [];
    ws.on('open', () => send?.(ws));
    ws.on('message', (data: Buffer) => frames.push(data));
    ws.on('close', (closeCode) => resolve({ protocol: ws.protocol, frames, closeCode }));
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ frames, refused: { status: res.statusCode ?? 0, body } }));
    });
    ws.on('error', reject);
  });
}

const execPath = (pod: string, argv: string[], extra = '') =>
  `/api/v1/namespaces/openshift-sdn/pods/${pod}/exec?${argv.map((a) => `command=${encodeURIComponent(a)}`).join('&')}&stdout=true&stderr=true${extra}`;
const channel = (frames: Buffer[], n: number) =>
  Buffer.concat(frames.filter((f) => f[0] === n).map((f) => f.subarray(1))).toString();

describe('pods/exec over WebSocket', () => {
  it('v4.channel.k8s.io: stdout on channel 1, then Success on channel 3, then a normal close', async () => {
    const r = await rawExec(execPath('sdn-2lwcs', ['sysctl', 'net.ipv4.ip_forward']), ['v4.channel.k8s.io']);
    expect(r.protocol).toBe('v4.channel.k8s.io');
    expect(channel(r.frames, 1)).toMatch(/^net\.ipv4\.ip_forward = [01]\n$/);
    expect(JSON.parse(channel(r.frames, 3))).toEqual({ metadata: {}, status: 'Success' });
    expect(r.frames[r.frames.length - 1]![0]).toBe(3);
    expect(r.closeCode).toBe(1000);
  });

  it('v5.channel.k8s.io is preferred, and the close signal for stdin is accepted', async () => {
    const r = await rawExec(
      execPath('sdn-2lwcs', ['sysctl', 'net.ipv4.ip_forward'], '&stdin=true'),
      ['v4.channel.k8s.io', 'v5.channel.k8s.io'],
      'exectest',
      (ws) => ws.send(Buffer.from([255, 0])),
    );
    expect(r.protocol).toBe('v5.channel.k8s.io');
    expect(JSON.parse(channel(r.frames, 3)).status).toBe('Success');
  });

  it('a non-zero exit: stderr on channel 2 and NonZeroExitCode with an ExitCode cause; argv kept as argv', async () => {
    const argv = ['cat', '/etc/origin/node/node-config.yaml'];
    const r = await rawExec(execPath('sdn-2lwcs', argv), ['v4.channel.k8s.io']);
    expect(channel(r.frames, 2)).toContain('No such file or directory');
    expect(JSON.parse(channel(r.frames, 3))).toEqual({
      metadata: {},
      status: 'Failure',
      message:
        'command terminated with non-zero exit code: error executing command [cat /etc/origin/node/node-config.yaml], exit code 1',
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: '1' }] },
    });
  });

  it('a program the lab does not hold is "not found" (exit 127), never run', async () => {
    const r = await rawExec(execPath('sdn-2lwcs', ['rm', '-rf', '/tmp/x']), ['v4.channel.k8s.io']);
    expect(channel(r.frames, 2)).toContain('exec: "rm": executable file not found');
    expect(JSON.parse(channel(r.frames, 3)).details.causes).toEqual([{ reason: 'ExitCode', message: '127' }]);
  });

  it('answers before the upgrade as kube-apiserver does: 404, 400 (container, command, protocol), 403', async () => {
    const v4 = ['v4.channel.k8s.io'];
    const notFound = await rawExec(execPath('nope', ['ls']), v4);
    expect(notFound.refused?.status).toBe(404);
    expect(JSON.parse(notFound.refused!.body)).toMatchObject({
      reason: 'NotFound',
      message: 'pods "nope" not found',
    });
    const badContainer = await rawExec(execPath('sdn-2lwcs', ['ls'], '&container=ovs'), v4);
    expect(badContainer.refused?.status).toBe(400);
    expect(JSON.parse(badContainer.refused!.body).message).toBe(
      'container ovs is not valid for pod sdn-2lwcs',
    );
    const choose = await rawExec(execPath('two-containers', ['ls']), v4);
    expect(JSON.parse(choose.refused!.body).message).toBe(
      'a container name must be specified for pod two-containers, choose one of: [a b]',
    );
    const chosen = await rawExec(
      execPath('two-containers', ['sysctl', 'net.ipv4.ip_forward'], '&container=b'),
      v4,
    );
    expect(JSON.parse(channel(chosen.frames, 3)).status).toBe('Success');
    const noCommand = await rawExec('/api/v1/namespaces/openshift-sdn/pods/sdn-2lwcs/exec?stdout=true', v4);
    expect(JSON.parse(noCommand.refused!.body).message).toBe('you must specify at least 1 command');
    const oldProtocol = await rawExec(execPath('sdn-2lwcs', ['ls']), ['channel.k8s.io']);
    expect(oldProtocol.refused?.status).toBe(400);
    const reader = await rawExec(execPath('sdn-2lwcs', ['ls']), v4, 'exectest-reader');
    expect(reader.refused?.status).toBe(403);
    expect(JSON.parse(reader.refused!.body).message).toBe(
      'pods "sdn-2lwcs" is forbidden: User "system:serviceaccount:sdn-doctor:lab-reader" cannot create resource "pods/exec" in API group "" in the namespace "openshift-sdn"',
    );
  });

  it('a pod that does not run refuses exec', async () => {
    const r = await rawExec('/api/v1/namespaces/web/pods/api-1-pend1/exec?command=ls', ['v4.channel.k8s.io']);
    expect(r.refused?.status).toBe(400);
    expect(JSON.parse(r.refused!.body).message).toBe('pod api-1-pend1 does not have a host assigned');
  });

  it('@kubernetes/client-node (sdn-doctor pod-exec): output and exit codes; 403 for the reader', async () => {
    const pod = { namespace: 'openshift-sdn', name: 'sdn-2lwcs' };
    const ok = await execInPod(kubeConfig(), pod, ['sysctl', 'net.ipv4.ip_forward'], 10_000);
    expect(ok).toMatchObject({ exitCode: 0, stderr: '' });
    expect(ok.stdout).toMatch(/^net\.ipv4\.ip_forward = [01]\n$/);
    const failed = await execInPod(kubeConfig(), pod, ['cat', '/etc/origin/node/node-config.yaml'], 10_000);
    expect(failed.exitCode).toBe(1);
    const denied = await execInPod(kubeConfig('exectest-reader'), pod, ['ls'], 10_000);
    expect(denied.exitCode).toBeNull();
    expect(denied.error).toContain('403');
  });
});

function python(args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(
      PYTHON,
      [join(__dirname, 'kube-python.py'), kubeconfig, ...args],
      { timeout: 60_000 },
      (e, out, err) => (e ? reject(new Error(`${e.message}\n${err}`)) : resolve(out)),
    ),
  );
}

describe.skipIf(!hasPythonKubernetes)("Debian's python3-kubernetes (kubernetes.stream)", () => {
  if (!hasPythonKubernetes)
    console.warn('skipped: python3-kubernetes is not installed (apt-get install python3-kubernetes)');

  it('exec: stdout and returncode 0; a failing command returncode 1', async () => {
    const ok = JSON.parse(
      await python(['exectest', 'exec', 'openshift-sdn', 'sdn-2lwcs', '--', 'sysctl', 'net.ipv4.ip_forward']),
    );
    expect(ok.returncode).toBe(0);
    expect(ok.stdout).toMatch(/^net\.ipv4\.ip_forward = [01]\n$/);
    const failed = JSON.parse(
      await python([
        'exectest',
        'exec',
        'openshift-sdn',
        'sdn-2lwcs',
        '--',
        'cat',
        '/etc/origin/node/node-config.yaml',
      ]),
    );
    expect(failed.returncode).toBe(1);
    expect(failed.stderr).toContain('No such file or directory');
  });

  it('exec: the handshake is refused with 403 for the reader and 404 for an unknown pod', async () => {
    expect(
      JSON.parse(await python(['exectest-reader', 'exec', 'openshift-sdn', 'sdn-2lwcs', '--', 'ls'])).reason,
    ).toBe('Handshake status 403 Forbidden');
    expect(JSON.parse(await python(['exectest', 'exec', 'openshift-sdn', 'nope', '--', 'ls'])).reason).toBe(
      'Handshake status 404 Not Found',
    );
  });

  it('read_namespaced_pod_log with tail_lines and timestamps', async () => {
    expect(await python(['exectest', 'log', 'openshift-sdn', 'sdn-2lwcs', 'tail_lines=1'])).toBe(
      `${LOG[2]!.text}\n`,
    );
    const stamped = await python([
      'exectest',
      'log',
      'openshift-sdn',
      'sdn-2lwcs',
      'timestamps=true',
      'tail_lines=2',
    ]);
    expect(lines(stamped)).toEqual(
      LOG.slice(1).map((l) => `${l.time.toISOString().replace(/\.(\d+)Z$/, '.$1000000Z')} ${l.text}`),
    );
  });
});

function kubectl(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve) =>
    execFile(
      KUBECTL,
      ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'kube-cache'), ...args],
      { timeout: 30_000 },
      (e, stdout, stderr) =>
        resolve({ stdout, stderr, code: e ? (typeof e.code === 'number' ? e.code : -1) : 0 }),
    ),
  );
}

describe('kubectl logs and kubectl get ds', () => {
  it('kubectl logs: --tail, --since, --timestamps, -c', async () => {
    const all = await kubectl(['logs', '-n', 'openshift-sdn', 'sdn-2lwcs']);
    expect(lines(all.stdout)).toEqual(LOG.map((l) => l.text));
    expect(lines((await kubectl(['logs', '-n', 'openshift-sdn', 'sdn-2lwcs', '--tail=1'])).stdout)).toEqual([
      LOG[2]!.text,
    ]);
    expect(lines((await kubectl(['logs', '-n', 'openshift-sdn', 'sdn-2lwcs', '--since=5m'])).stdout)).toEqual(
      LOG.slice(1).map((l) => l.text),
    );
    const stamped = await kubectl(['logs', '-n', 'openshift-sdn', 'sdn-2lwcs', '--tail=1', '--timestamps']);
    expect(stamped.stdout).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z E1121 /);
    const wrong = await kubectl(['logs', '-n', 'openshift-sdn', 'sdn-2lwcs', '-c', 'ovs']);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('container ovs is not valid for pod sdn-2lwcs');
  });

  it('kubectl get ds -n openshift-sdn: sdn and ovs, one pod per node', async () => {
    const r = await kubectl(['get', 'ds', '-n', 'openshift-sdn']);
    expect(lines(r.stdout)).toEqual([
      'NAME   DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR                          AGE',
      'ovs    3         3         3       3            3           node-role.kubernetes.io/compute=true   24h',
      'sdn    3         3         3       3            3           node-role.kubernetes.io/compute=true   24h',
    ]);
  });
});

describe('pod writes for debug-pod', () => {
  const pod = (name: string) =>
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: { nodeName: 'node-2', hostNetwork: true, containers: [{ name: 'debug', image: 'x' }] },
    });
  const call = async (method: string, path: string, context: string, body?: string) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token(context)}`, 'Content-Type': 'application/json' },
      ...(body ? { body } : {}),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('create runs a pinned pod at once with its node IP; exec works; delete removes it', async () => {
    const created = await call('POST', '/api/v1/namespaces/default/pods', 'exectest', pod('dbg-1'));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: { phase: 'Running', podIP: '192.168.122.203', hostIP: '192.168.122.203' },
    });
    const again = await call('POST', '/api/v1/namespaces/default/pods', 'exectest', pod('dbg-1'));
    expect(again.status).toBe(409);
    const r = await execInPod(
      kubeConfig(),
      { namespace: 'default', name: 'dbg-1' },
      ['sysctl', 'net.ipv4.ip_forward'],
      10_000,
    );
    expect(r.exitCode).toBe(0);
    expect((await call('DELETE', '/api/v1/namespaces/default/pods/dbg-1', 'exectest')).status).toBe(200);
    expect((await call('GET', '/api/v1/namespaces/default/pods/dbg-1', 'exectest')).status).toBe(404);
  });

  it("the reader may not create or delete pods (403); the lab's own pods are not deleted (405)", async () => {
    expect(
      (await call('POST', '/api/v1/namespaces/default/pods', 'exectest-reader', pod('dbg-2'))).status,
    ).toBe(403);
    expect(
      (await call('DELETE', '/api/v1/namespaces/openshift-sdn/pods/sdn-2lwcs', 'exectest-reader')).status,
    ).toBe(403);
    expect((await call('DELETE', '/api/v1/namespaces/openshift-sdn/pods/sdn-2lwcs', 'exectest')).status).toBe(
      405,
    );
  });
});
