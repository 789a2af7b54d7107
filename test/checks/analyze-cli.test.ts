import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBundle } from '../../src/sources/bundle/index.js';
import { dropLines, healthyTexts, onNode } from './model-fixtures.js';
import { runCli } from './run-cli.js';
import { toSnapshot } from './snapshot-fixtures.js';

const cli = (args: string[], env: Record<string, string> = {}) => runCli(['analyze', ...args], env);

describe('sdn-doctor analyze <bundle>', () => {
  let dir = '';
  let healthy = '';
  let faulty = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `sdn-doctor-analyze-cli-${process.pid}-`));
    healthy = join(dir, 'healthy');
    faulty = join(dir, 'faulty.tar.gz');
    await writeBundle(toSnapshot(healthyTexts()), healthy);
    const t = healthyTexts();
    onNode('node-2', (n) => (n.flows = dropLines(n.flows, /table=70, .*nw_dst=10\.128\.2\.2 /)))(t);
    onNode('node-1', (n) => (n.sysctl = 'net.ipv4.ip_forward = 0\n'))(t);
    await writeBundle(toSnapshot(t), faulty);
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('healthy bundle: exit 0', async () => {
    const r = await cli([healthy]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('No problems found.');
    expect(r.code).toBe(0);
  });

  it('a bundle with no API objects and no artifacts: every check unknown, not "No problems found", exit 1', async () => {
    const empty = join(dir, 'empty');
    await writeBundle({ collectedAt: 'x', collector: 'live', api: {}, artifacts: [], warnings: [] }, empty);
    const r = await cli([empty]);
    expect(r.stdout).not.toContain('No problems found.');
    expect(r.stdout).toContain('Nothing could be checked');
    expect(r.code).toBe(1);
  });

  it('faulty .tar.gz bundle: exit 1, every fault in the JSON report', async () => {
    const r = await cli([faulty, '-o', 'json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as {
      schemaVersion: number;
      findings: { fault: string | null; node?: string }[];
    };
    expect(doc.schemaVersion).toBe(1);
    expect(doc.findings.map((f) => `${f.fault} ${f.node}`).sort()).toEqual([
      'flow-pod-missing node-2',
      'ip-forward-off node-1',
    ]);
  });

  it('--fail-on error still fails on errors; Japanese from LANG', async () => {
    const r = await cli([faulty, '--fail-on', 'error'], { LANG: 'ja_JP.UTF-8' });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('IP 転送が無効です');
  });

  it('-o junit', async () => {
    const r = await cli([faulty, '-o', 'junit']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('<testsuites name="sdn-doctor"');
  });

  it('usage errors: exit 2, one line, no stack trace', async () => {
    for (const args of [[healthy, '-o', 'xml'], [healthy, '--fail-on', 'fatal'], [join(dir, 'nope')]]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('corrupted manifest: exit 2 naming the file', async () => {
    const broken = join(dir, 'broken');
    cpSync(healthy, broken, { recursive: true });
    writeFileSync(join(broken, 'manifest.json'), '{ "schemaVersion": 1, "artifacts": [ ');
    const r = await cli([broken]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('manifest.json');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
