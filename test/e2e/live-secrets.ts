/**
 * Secrets planted in a real lab reach neither a bundle, nor the terminal, nor the JSON (README
 * "Security"): a pod created through the lab API with secrets in its args, env and annotations, a
 * config map in openshift-sdn holding every family, and node-1's service log with secret lines.
 * Then the user's path from outside the cluster — `collect --kubeconfig` and
 * `diagnose --kubeconfig --save-bundle` through exec into openshift-sdn's pods — and every byte
 * they wrote or printed is searched for the planted markers. Registered into live-path.test.ts's
 * subnet lab (one lab per suite).
 */
import { execFile } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createPod, deletePod } from '../../src/lab/api/pod-writes.js';
import { journalFile } from '../../src/lab/journal.js';
import { labNames } from '../../src/lab/index.js';
import type { LabStatus } from '../../src/lab/types.js';
import { jwt, SecretPlanter, sha } from '../../testkit/planted-secrets.js';

const CLI = join(__dirname, '../../dist/cli/main.js');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The built CLI in the lab's client namespace, as a user outside the cluster runs it. */
function fromClient(name: string, args: readonly string[]): Promise<Run> {
  return new Promise((resolve) =>
    execFile(
      'ip',
      ['netns', 'exec', labNames(name).client, process.execPath, CLI, ...args],
      { timeout: 180_000, maxBuffer: 64 << 20 },
      (e, stdout, stderr) =>
        resolve({ code: e ? (typeof e.code === 'number' ? e.code : null) : 0, stdout, stderr }),
    ),
  );
}

function allFiles(root: string): string {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'))
    .join('\n');
}

/** Journal lines as the node service prints them, each carrying secret text. */
function journalLines(p: SecretPlanter): string {
  const at = 'Dec 05 03:00:00 node-1 atomic-openshift-node[4242]:';
  return (
    [`${at} I1205 03:00:00.000000    4242 planted.go:1] PLANTED-JOURNAL-LINE`]
      .concat(
        p
          .textSecrets()
          .flatMap((t) => t.split('\n').map((l) => `${at} I1205 03:00:00.000000    4242 planted.go:1] ${l}`)),
      )
      .join('\n') + '\n'
  );
}

export function plantedSecretsThroughTheApi(
  name: () => string,
  status: () => LabStatus,
  egress: () => string,
): void {
  it('≥ 100 planted secrets (pod, config map, node log): none in collect/diagnose bundles, terminal or JSON', async () => {
    const n = labNames(name());
    const p = new SecretPlanter();
    const v = (shape?: (m: string) => string) => p.value(shape);
    const pod = createPod(n.apiDir, 'demo', {
      metadata: {
        name: 'planted-secrets',
        annotations: { 'example.com/jwt': v(jwt), 'example.com/note': `token=${v()}` },
      },
      spec: {
        containers: [
          {
            name: 'app',
            args: ['--password', v(), `--api-key=${v()}`, `--client-secret=${v()}`, '--token', v(sha)],
            command: ['sh', '-c', `oc login --token ${v(sha)} && curl -H "Authorization: Bearer ${v()}"`],
            env: [
              { name: 'DB_PASSWORD', value: v() },
              { name: 'AWS_SECRET_ACCESS_KEY', value: v() },
              { name: 'CONFIG', value: p.textSecrets().join('\n') },
            ],
          },
        ],
      },
    });
    expect(pod.code).toBe(201);
    const cmFile = join(n.apiDir, 'configmaps.json');
    const cmOriginal = readFileSync(cmFile, 'utf8');
    const cms = JSON.parse(cmOriginal) as { items: object[] };
    cms.items.push({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'planted-config', namespace: 'openshift-sdn' },
      data: {
        'app.env': p.textSecrets().join('\n'),
        ...Object.fromEntries(p.textSecrets().map((t, i) => [`k${i}`, t])),
      },
    });
    writeFileSync(cmFile, JSON.stringify(cms));
    const journal = journalFile(n.nodeDir(1));
    const journalOriginal = readFileSync(journal, 'utf8');
    appendFileSync(journal, journalLines(p));
    const dir = mkdtempSync(join(tmpdir(), 'sdn-doctor-secrets-'));
    try {
      expect(p.planted.length).toBeGreaterThanOrEqual(100);
      const collected = join(dir, 'collected');
      const collect = await fromClient(name(), [
        'collect',
        '--kubeconfig',
        n.clientKubeconfig,
        '--timeout',
        '10',
        '-o',
        collected,
      ]);
      expect(collect.code, collect.stderr).toBe(0);
      const saved = join(dir, 'saved');
      const diagnose = await fromClient(name(), [
        'diagnose',
        status().routerUrl,
        '--kubeconfig',
        n.clientKubeconfig,
        '--egress-name',
        egress(),
        '--timeout',
        '5',
        '--save-bundle',
        saved,
        '-o',
        'json',
      ]);
      expect(diagnose.stdout).toContain('"verdict"');
      const written = { collected: allFiles(collected), saved: allFiles(saved) };
      // the planted objects and lines were read (the test can fail): their names are there
      for (const text of Object.values(written)) {
        expect(text).toContain('planted-secrets');
        expect(text).toContain('planted-config');
      }
      expect(written.collected).toContain('PLANTED-JOURNAL-LINE');
      expect({
        collectBundle: p.leaks(written.collected),
        collectTerminal: p.leaks(collect.stdout + collect.stderr),
        diagnoseBundle: p.leaks(written.saved),
        diagnoseJsonAndTerminal: p.leaks(diagnose.stdout + diagnose.stderr),
      }).toEqual({ collectBundle: [], collectTerminal: [], diagnoseBundle: [], diagnoseJsonAndTerminal: [] });
    } finally {
      deletePod(n.apiDir, 'demo', 'planted-secrets');
      writeFileSync(cmFile, cmOriginal);
      writeFileSync(journal, journalOriginal);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 400_000);
}
