/** `sdn-doctor lab` as a person uses it: bilingual output, one-line errors with exit code 2. */
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { FAULT_IDS } from '../../src/model/faults.js';

function cli(args: string[], lang = 'C'): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, LANG: lang };
  delete env.LC_ALL;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', ...args],
      { env, timeout: 30_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('sdn-doctor lab (CLI)', () => {
  it('fault list: every fault with its guide section, in English and Japanese', async () => {
    const en = await cli(['lab', 'fault', 'list']);
    expect(en.code).toBe(0);
    const lines = en.stdout.trim().split('\n');
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual([...FAULT_IDS]);
    expect(en.stdout).toMatch(/^ip-forward-off\s+§7\.3\.1\s+net\.ipv4\.ip_forward = 0 on a node$/m);
    const ja = await cli(['lab', 'fault', 'list'], 'ja_JP.UTF-8');
    expect(ja.stdout).toMatch(/^ip-forward-off\s+§7\.3\.1\s+ノードで net\.ipv4\.ip_forward = 0$/m);
  }, 60_000);

  it('status of a lab that is not up: one line, exit 2, both languages', async () => {
    const en = await cli(['lab', 'status', '--name', 'no-such-lab']);
    expect(en.code).toBe(2);
    expect(en.stderr).toBe('sdn-doctor: no lab named "no-such-lab" is up\n');
    const ja = await cli(['lab', 'status', '--name', 'no-such-lab'], 'ja_JP.UTF-8');
    expect(ja.stderr).toBe('sdn-doctor: ラボ "no-such-lab" は起動していません\n');
  }, 60_000);

  it('refuses bad options before touching the machine', async () => {
    const r = await cli(['lab', 'up', '--name', 'Bad_Name!']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/lab name must be/);
    const p = await cli(['lab', 'up', '--plugin', 'ovn']);
    expect(p.code).toBe(2);
    expect(p.stderr).toMatch(/--plugin must be subnet, multitenant or networkpolicy/);
    const f = await cli(['lab', 'fault', 'on', 'no-such-fault', '--name', 'no-such-lab']);
    expect(f.code).toBe(2);
    expect(f.stderr).toMatch(/unknown fault "no-such-fault"/);
  }, 60_000);
});
