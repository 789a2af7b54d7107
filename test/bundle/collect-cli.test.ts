import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODE_COMMANDS } from '../../src/artifacts/commands.js';
import { API_RESOURCES } from '../../src/artifacts/types.js';
import { readBundle } from '../../src/sources/bundle/index.js';
import { tempDir } from './helpers.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../..');
const cli = (...args: string[]) =>
  run('node', ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, LANG: 'C' },
  }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  );

describe('sdn-doctor collect (CLI)', () => {
  let dir: { path: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(async () => dir.cleanup());

  it('--node-shell local on this machine, API unreachable: writes a bundle with real outputs and failed API lists', async () => {
    const out = join(dir.path, 'local.tar.gz');
    const missingKc = join(dir.path, 'no-such-kubeconfig');
    const r = await cli(
      'collect',
      '--node-shell',
      'local',
      '--nodes',
      hostname(),
      '--kubeconfig',
      missingKc,
      '--timeout',
      '5',
      '-q',
      '-o',
      out,
    );
    // the bundle is written (it says what failed), but a run that could not read the API exits 2
    expect(r.stderr).toBe(
      'sdn-doctor: the API could not be read (check the kubeconfig, oc login, or --lab)\n',
    );
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(
      new RegExp(
        `^bundle written: ${out.replace(/[.]/g, '\\.')} \\(1 node, ${NODE_COMMANDS.length} outputs, \\d+ failed, ${API_RESOURCES.length} API lists unreadable`,
      ),
    );
    const snap = await readBundle(out);
    expect(snap.collector).toBe('live');
    expect(snap.api.nodes?.ok).toBe(false);
    expect(snap.artifacts.find((a) => a.kind === 'sysctl')?.text).toMatch(/^net\.ipv4\.ip_forward = [01]\n$/);
    expect(snap.artifacts.every((a) => a.node === hostname())).toBe(true);
  }, 30_000);

  it('usage errors are one line, exit 2', async () => {
    const lab = await cli('collect', '--lab', 'no-such-lab-xyz', '-o', join(dir.path, 'x'));
    expect(lab.code).toBe(2);
    expect(lab.stderr).toBe(
      'sdn-doctor: no lab named "no-such-lab-xyz" is up (sdn-doctor lab up --name no-such-lab-xyz)\n',
    );
    const foreign = join(dir.path, 'foreign');
    await mkdir(foreign);
    await writeFile(join(foreign, 'notes.txt'), 'mine');
    const r = await cli(
      'collect',
      '--node-shell',
      'local',
      '--nodes',
      hostname(),
      '--kubeconfig',
      join(dir.path, 'nope'),
      '-q',
      '-o',
      foreign,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^sdn-doctor: .*foreign: the output directory exists and is not an sdn-doctor bundle \(hint: .*\)\n$/,
    );
    const shell = await cli('collect', '--node-shell', 'telnet', '-o', join(dir.path, 'y'));
    expect(shell.code).toBe(2);
    expect(shell.stderr).toMatch(
      /^sdn-doctor: --node-shell must be one of pod-exec, debug-pod, ssh, local, lab:NAME, got telnet\n$/,
    );
  }, 30_000);
});
