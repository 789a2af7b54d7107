/**
 * `analyze` on bundles collected from a real lab (network namespaces, one OVS per node, iptables):
 * the healthy lab has no finding at warning or above; each injected fault is found, on its node,
 * and nothing else at warning or above. Needs root; runs in CI (CI=true), skipped elsewhere with a
 * printed reason. The lab has a per-run name and is always taken down.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canRunLab, uniqueLabName } from '../../testkit/lab-helpers.js';
import { runCli } from './run-cli.js';

const run = canRunLab; // lab-helpers prints why it skips outside CI without root
const LAB = uniqueLabName('anz');
const cli = runCli;

interface JsonFinding {
  fault: string | null;
  severity: string;
  node?: string;
}

describe.skipIf(!run)('analyze on bundles of a real lab', () => {
  let dir = '';
  let up = false;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `sdn-doctor-${LAB}-`));
    const r = await cli(['lab', 'up', '--name', LAB], {}, 300_000);
    up = r.code === 0;
    if (!up) {
      // A half-built lab is taken down here too (afterAll also tries).
      await cli(['lab', 'down', '--name', LAB], {}, 180_000);
      throw new Error(`lab up failed: ${r.stderr.trim().split('\n').pop()}`);
    }
  }, 320_000);

  afterAll(async () => {
    // Take the lab down; check it is gone (status fails for an unknown lab) and retry once if not.
    for (let attempt = 1; attempt <= 2; attempt++) {
      const down = await cli(['lab', 'down', '--name', LAB], {}, 180_000);
      const status = await cli(['lab', 'status', '--name', LAB], {}, 60_000);
      if (status.code !== 0) break;
      console.log(
        `lab ${LAB} still up after down (attempt ${attempt}): ${down.stdout.trim()} ${down.stderr.trim()}`,
      );
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 200_000);

  /** collect → analyze -o json; returns the findings at warning or above. */
  async function analyzeNow(tag: string): Promise<{ code: number | null; loud: JsonFinding[] }> {
    const bundle = join(dir, tag);
    const c = await cli(['collect', '--lab', LAB, '-o', bundle, '-q']);
    expect(c.code, c.stderr).toBe(0);
    const a = await cli(['analyze', bundle, '-o', 'json']);
    const doc = JSON.parse(a.stdout) as { findings: JsonFinding[] };
    return { code: a.code, loud: doc.findings.filter((f) => f.severity !== 'info') };
  }

  it('healthy lab: exit 0, nothing at warning or above', async () => {
    const r = await analyzeNow('healthy');
    expect(r.loud).toEqual([]);
    expect(r.code).toBe(0);
  }, 120_000);

  for (const fault of [
    'ip-forward-off',
    'flow-pod-missing',
    'flow-tun-dst-missing',
    'iptables-drop',
    'svc-masquerade-missing',
  ]) {
    it(`fault ${fault}: found, and nothing else`, async () => {
      const on = await cli(['lab', 'fault', 'on', '--name', LAB, fault]);
      expect(on.code, on.stderr).toBe(0);
      try {
        const r = await analyzeNow(fault);
        expect(r.code).toBe(1);
        expect(r.loud.length).toBeGreaterThan(0);
        expect([...new Set(r.loud.map((f) => f.fault))]).toEqual([fault]);
      } finally {
        await cli(['lab', 'fault', 'off', '--name', LAB, fault]);
      }
    }, 180_000);
  }
});
