/**
 * The CLI end to end in a lab: `sdn-doctor diagnose <routerUrl> --lab NAME` as a user
 * types it — JSON contract, exit codes, Japanese output, --save-bundle readable by the bundle reader.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { faultOff, faultOn } from '../../src/lab/index.js';
import { readBundle } from '../../src/sources/bundle/index.js';
import { canRunLab } from '../../testkit/lab-harness.js';
import { sharedLab } from '../../testkit/lab-suite.js';
import { hasChromium, startBrowser } from '../../testkit/html/browser.js';
import { axe, clean, shoot } from '../report/html/page-checks.js';

const run = canRunLab; // lab-helpers prints why it skips outside CI without root

const exec = promisify(execFile);
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await exec('node_modules/.bin/tsx', ['src/cli/main.ts', ...args], { timeout: 60_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: x.code ?? -1, stdout: x.stdout ?? '', stderr: x.stderr ?? '' };
  }
}

describe.skipIf(!run)('sdn-doctor diagnose --lab (CLI)', () => {
  const lab = sharedLab('dgx');
  const { name } = lab;
  const dir = mkdtempSync(join(tmpdir(), 'sdn-doctor-dgx-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('healthy: exit 0, JSON with the contract fields', async () => {
    const r = await cli(['diagnose', lab.status.routerUrl, '--lab', name, '-o', 'json']);
    const doc = JSON.parse(r.stdout) as {
      schemaVersion: number;
      url: string;
      verdict: { healthy: boolean; causes: unknown[] };
      steps: {
        id: string;
        section: string;
        status: string;
        ran: { where: string; argv: string[] }[];
        evidence: string[];
        durationMs: number;
      }[];
    };
    expect(r.code, r.stderr).toBe(0);
    expect(doc.schemaVersion).toBe(1);
    expect(doc.url).toBe(lab.status.routerUrl);
    expect(doc.verdict).toMatchObject({ healthy: true, causes: [] });
    expect(doc.steps.map((s) => s.id)).toContain('external.connect');
    for (const s of doc.steps) {
      expect(['pass', 'fail', 'unknown', 'skipped']).toContain(s.status);
      expect(typeof s.durationMs).toBe('number');
      for (const x of s.ran) expect(Array.isArray(x.argv)).toBe(true);
    }
  });

  it('a fault: exit 1, the cause in Japanese, and a bundle analyze can read', async () => {
    await faultOn(name, 'ip-forward-off', { node: 'node-2' });
    try {
      const bundle = join(dir, 'b.tar.gz');
      const r = await cli([
        'diagnose',
        lab.status.routerUrl,
        '--lab',
        name,
        '--lang',
        'ja',
        '-q',
        '--save-bundle',
        bundle,
      ]);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stdout).toMatch(/判定: 根本原因 1 件/);
      expect(r.stdout).toMatch(/\[ip-forward-off\] §7\.3\.1 \(node node-2\)/);
      const snap = await readBundle(bundle);
      expect(snap.artifacts.some((a) => a.id === 'nodes/node-2/sysctl.txt')).toBe(true);
      expect(snap.api.pods?.ok).toBe(true);
    } finally {
      await faultOff(name, 'ip-forward-off');
    }
  });

  it('a fault: --html writes the path, every root cause of the JSON on its hop in chromium', async () => {
    if (!hasChromium) return;
    await faultOn(name, 'ip-forward-off', { node: 'node-2' });
    try {
      const file = join(dir, 'diagnose.html');
      const r = await cli(['diagnose', lab.status.routerUrl, '--lab', name, '-o', 'json', '--html', file]);
      expect(r.code, r.stderr).toBe(1);
      const doc = JSON.parse(r.stdout) as { verdict: { causes: { summary: string; fix: string }[] } };
      expect(doc.verdict.causes.length).toBeGreaterThan(0);
      const browser = await startBrowser();
      try {
        const o = await browser.open(file);
        await clean(o);
        const text = await o.page.locator('main').innerText();
        for (const c of doc.verdict.causes) {
          expect(text).toContain(c.summary);
          expect(text).toContain(c.fix);
        }
        expect(await o.page.locator('a[data-hop][data-status="fail"]').count()).toBeGreaterThan(0);
        await axe(o);
        await shoot(o, 'diagnose-lab');
      } finally {
        await browser.close();
      }
    } finally {
      await faultOff(name, 'ip-forward-off');
    }
  }, 180_000);

  it('usage errors: exit 2 with one line', async () => {
    const r = await cli(['diagnose', 'ftp://x', '--lab', name]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    const r2 = await cli(['diagnose', lab.status.routerUrl, '--lab', 'no-such-lab']);
    expect(r2.code).toBe(2);
  });
});
