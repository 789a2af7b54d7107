/** Shared test helpers: a per-run temp folder and a realistic snapshot built from public samples. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Artifact, Snapshot } from '../../src/artifacts/types.js';
import { NODE_COMMANDS } from '../../src/artifacts/commands.js';

/** Committed copies of the public samples (CI has no ../shared): the first folder holding the file wins. */
const SAMPLE_DIRS = ['public-samples', 'ovs-flows', 'iptables', 'ovs'].map((d) =>
  join(import.meta.dirname, '../fixtures', d),
);

/** A sample's content without its `# source:` provenance line. */
export async function sample(name: string): Promise<string> {
  for (const dir of SAMPLE_DIRS) {
    const text = await readFile(join(dir, name), 'utf8').catch(() => undefined);
    if (text !== undefined) return text.replace(/^# source:[^\n]*\n/, '');
  }
  throw new Error(`sample ${name} is not in test/fixtures/{${SAMPLE_DIRS.join(',')}}`);
}

export async function tempDir(): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `sdn-doctor-test-${process.pid}-`));
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) };
}

export function nodeArtifact(
  node: string,
  kind: Artifact['kind'],
  text: string,
  extra: Partial<Artifact> = {},
): Artifact {
  const cmd = NODE_COMMANDS.find((c) => c.kind === kind);
  if (!cmd) throw new Error(`no node command of kind ${kind}`);
  return {
    id: `nodes/${node}/${cmd.file}`,
    kind,
    node,
    argv: cmd.argv,
    text,
    exitCode: 0,
    collectedAt: '2026-11-21T22:00:00.000Z',
    ...extra,
  };
}

export async function sampleSnapshot(): Promise<Snapshot> {
  const flows = await sample('synthetic_ovs3.1_dump_flows_br0_subnet_rv7_stats.txt');
  const iptables = await sample('synthetic_iptables_save_openshift_sdn_and_kube_proxy_4.x.txt');
  return {
    collectedAt: '2026-11-21T22:00:00.000Z',
    collector: 'lab:t1',
    api: {
      nodes: {
        ok: true,
        items: [
          {
            kind: 'Node',
            metadata: { name: 'node-1', labels: { 'kubernetes.io/hostname': 'node-1' } },
            status: {
              addresses: [{ type: 'InternalIP', address: '192.168.122.11' }],
              conditions: [{ type: 'Ready', status: 'True' }],
            },
          },
        ],
      },
      hostsubnets: {
        ok: true,
        items: [
          {
            kind: 'HostSubnet',
            metadata: { name: 'node-1' },
            host: 'node-1',
            hostIP: '192.168.122.11',
            subnet: '10.128.0.0/23',
          },
        ],
      },
      pods: { ok: false, error: 'pods is forbidden: User "x" cannot list pods', status: 403 },
    },
    artifacts: [
      nodeArtifact('node-1', 'ovs-flows', flows),
      nodeArtifact('node-1', 'iptables-save', iptables),
      nodeArtifact('node-1', 'sysctl', 'net.ipv4.ip_forward = 1\n'),
      nodeArtifact('node-1', 'node-journal', '', { exitCode: null, error: 'timeout after 2000 ms' }),
      {
        id: 'probes/client/dig-short-app.example.com.txt',
        kind: 'dig-short',
        where: 'client',
        argv: ['dig', '+short', 'app.example.com'],
        text: '192.168.122.11\n',
        exitCode: 0,
        collectedAt: '2026-11-21T22:00:01.000Z',
        stderr: '',
      },
    ],
    warnings: [
      {
        source: 'nodes/node-1/node-journal.txt',
        node: 'node-1',
        message: { en: 'timeout', ja: 'タイムアウト' },
      },
    ],
  };
}
