/**
 * At least 100 secrets of every family planted in API objects, node command outputs (stdout,
 * stderr, shell errors), list errors and manifest warnings; `collectSnapshot` with a fake shell,
 * then `writeBundle` (directory and .tar.gz), `analyze -o json` of what was written and the deep
 * object case. Every secret value carries a marker `PLNT<n>x`: none may survive anywhere.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODE_COMMANDS } from '../../src/artifacts/commands.js';
import type { ApiSnapshot } from '../../src/artifacts/types.js';
import { analyzeSnapshot } from '../../src/checks/analyze.js';
import { renderJson, renderText } from '../../src/report/index.js';
import { readBundle, redactText, writeBundle } from '../../src/sources/bundle/index.js';
import { redactValue, TOO_DEEP } from '../../src/sources/bundle/redact.js';
import { collectSnapshot } from '../../src/sources/collect.js';
import type { NodeShell } from '../../src/sources/node-shell.js';
import { jwt, SecretPlanter, sha } from '../../testkit/planted-secrets.js';
import { tempDir } from './helpers.js';

const planter = new SecretPlanter();
const planted = planter.planted;
/** A fresh secret value with its marker. */
const v = (shape?: (m: string) => string): string => planter.value(shape);
const textSecrets = (): string[] => planter.textSecrets();

function apiSnapshot(): ApiSnapshot {
  const podWith = (name: string, extra: object) => ({
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'demo',
      annotations: { 'example.com/jwt': v(jwt), 'example.com/note': `token=${v()}` },
    },
    spec: { nodeName: 'node-a', ...extra },
    status: { podIP: '10.128.0.5' },
  });
  return {
    nodes: {
      ok: true,
      items: [
        {
          metadata: { name: 'node-a' },
          status: { addresses: [{ type: 'InternalIP', address: '10.0.0.1' }] },
        },
      ],
    },
    pods: {
      ok: true,
      items: [
        podWith('args', {
          containers: [
            {
              name: 'c',
              args: ['--password', v(), `--api-key=${v()}`, `--client-secret=${v()}`, '--token', v(sha)],
              command: ['sh', '-c', `oc login --token ${v(sha)} && curl -H "Authorization: Bearer ${v()}"`],
              env: [
                { name: 'DB_PASSWORD', value: v() },
                { name: 'X', valueFrom: { secretKeyRef: { name: 'db', key: v() } } },
              ],
            },
          ],
        }),
        podWith('keys', {
          apiToken: v(),
          privateKey: v(),
          clientSecret: v(),
          registryPassword: v(),
          accessKey: v(),
          auth: { user: 'u', pass: v() },
          cookie: v(),
          sshKey: v(),
        }),
        // A Secret without kind, and one with it, in the wrong list: dropped whatever their shape.
        { metadata: { name: 's1' }, type: 'Opaque', data: { x: v() } },
        { metadata: { name: 's2' }, stringData: { x: v() } },
        { kind: 'Secret', metadata: { name: 's3' }, data: { x: v() } },
      ],
    },
    configmaps: {
      ok: true,
      items: [
        {
          kind: 'ConfigMap',
          metadata: { name: 'cfg', namespace: 'demo' },
          data: Object.fromEntries(textSecrets().map((t, i) => [`line${i}`, t])),
        },
        {
          kind: 'ConfigMap',
          metadata: { name: 'all', namespace: 'demo' },
          data: { 'app.env': textSecrets().join('\n') },
        },
      ],
    },
    routes: {
      ok: false,
      error: `Unauthorized: Bearer ${v()} rejected by https://u:${v()}@api:6443`,
      status: 401,
    },
  };
}

/** A fake node shell: every command prints planted secrets on stdout and stderr; one fails with a token in its error. */
function plantingShell(): NodeShell {
  return {
    name: 'fake',
    async run(_t, argv) {
      if (argv.includes('iptables-save'))
        return {
          stdout: '',
          stderr: '',
          exitCode: null,
          error: `exec failed: Authorization: Bearer ${v()}`,
          durationMs: 1,
        };
      return {
        stdout: textSecrets().join('\n') + '\n',
        stderr: `warning: password=${v()}`,
        exitCode: 0,
        durationMs: 1,
      };
    },
  };
}

async function allFiles(root: string): Promise<string> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const texts = await Promise.all(
    entries.filter((e) => e.isFile()).map((e) => readFile(join(e.parentPath, e.name), 'utf8')),
  );
  return texts.join('\n');
}

const leaks = (text: string): string[] => planter.leaks(text);

describe('no planted secret reaches a bundle, the terminal or the JSON', () => {
  let dir: { path: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(async () => dir.cleanup());

  it('collect (fake shell) → writeBundle → analyze: none of ≥ 100 secrets survive', async () => {
    const collected = await collectSnapshot({
      api: async () => apiSnapshot(),
      shell: plantingShell(),
      nodes: ['node-a', 'node-b'],
      timeoutMs: 5000,
      commands: NODE_COMMANDS,
    });
    const snapshot = {
      ...collected,
      warnings: [
        ...collected.warnings,
        {
          source: 'nodes/node-a/x.txt',
          message: { en: `shell said Bearer ${v()}`, ja: `Bearer ${v()}` },
          excerpt: `token: ${v()}`,
        },
      ],
    };
    expect(planted.length).toBeGreaterThanOrEqual(100);
    // The raw snapshot holds them (the test can fail).
    expect(leaks(JSON.stringify(snapshot)).length).toBeGreaterThan(100);

    const out = join(dir.path, 'b');
    await writeBundle(snapshot, out);
    expect(leaks(await allFiles(out))).toEqual([]);
    const tgz = join(dir.path, 'b.tar.gz');
    await writeBundle(snapshot, tgz);
    const back = await readBundle(tgz);
    expect(leaks(JSON.stringify(back))).toEqual([]);
    const result = analyzeSnapshot(back);
    expect(leaks(renderJson(result, 'en'))).toEqual([]);
    expect(leaks(renderText(result, { lang: 'en' }))).toEqual([]);
  });

  it('keeps what the model reads (flow cookies, vxlan key=flow, sysctl, pod IPs)', () => {
    const flows = ' cookie=0x0, duration=1.2s, table=0, n_packets=0, priority=250,ip actions=drop';
    expect(redactText(flows)).toBe(flows);
    expect(redactText('options: {dst_port="4789", key=flow, remote_ip=flow}')).toContain('key=flow');
    expect(redactText('net.ipv4.tcp_syncookies = 1')).toBe('net.ipv4.tcp_syncookies = 1');
    const pod = redactValue({
      status: { podIP: '10.128.0.5' },
      spec: { selector: { matchExpressions: [{ key: 'app' }] } },
    });
    expect(JSON.stringify(pod)).toContain('10.128.0.5');
    expect(JSON.stringify(pod)).toContain('"key":"app"');
  });

  it('an object nested 100,000 deep is redacted without recursion and written', async () => {
    let deep: unknown = { password: v() };
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    const red = redactValue(deep);
    expect(JSON.stringify(red)).toContain(TOO_DEEP);
    const out = join(dir.path, 'deep');
    await writeBundle(
      {
        collectedAt: 'x',
        collector: 'live',
        api: { pods: { ok: true, items: [deep] } },
        artifacts: [],
        warnings: [],
      },
      out,
    );
    expect(await allFiles(out)).toContain(TOO_DEEP);
  });
});
