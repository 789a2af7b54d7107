/**
 * Robustness of the lab (issue 3): a lab whose state file is lost (a crashed `lab up`) is still
 * cleared by `lab down` from its pid files and namespaces; a second `lab up` of the same name is
 * refused; a 1-node lab works and refuses the two-node faults.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { downLab } from '../../src/lab/down.js';
import { faultOn } from '../../src/lab/faults.js';
import { labNames } from '../../src/lab/names.js';
import { alive } from '../../src/lab/procs.js';
import { loadState } from '../../src/lab/state.js';
import { upLab } from '../../src/lab/up.js';
import { canRunLab, curl, uniqueLabName } from './lab-helpers.js';

const name = uniqueLabName('ec');

describe.skipIf(!canRunLab)('lab e2e: crash leftovers, name clash, 1-node lab', () => {
  afterAll(async () => {
    await downLab(name);
  }, 60_000);

  it('a 1-node lab serves its pod through the router and refuses two-node faults', async () => {
    await upLab({ name, nodes: 1, podsPerNode: 1, plugin: 'subnet' });
    const n = labNames(name);
    expect((await curl(n.client, 'http://web-demo.apps.example.com/')).body).toMatch(/^pod=demo\//);
    await expect(faultOn(name, 'underlay-down')).rejects.toThrow(/at least 2 nodes/);
    expect((await loadState(name))!.faults).toEqual([]);
  }, 60_000);

  it('refuses to bring up a lab whose name is taken', async () => {
    await expect(upLab({ name, nodes: 1, podsPerNode: 1, plugin: 'subnet' })).rejects.toThrow(
      /already exists/,
    );
  });

  it('lab down clears a lab whose state file is gone (crash), by pid files and namespaces', async () => {
    const state = (await loadState(name))!;
    const pids = state.processes.map((p) => p.pid);
    expect(pids.length).toBeGreaterThanOrEqual(6);
    rmSync(labNames(name).stateFile);
    await downLab(name);
    for (const pid of pids) expect(await alive(pid), `pid ${pid}`).toBe(false);
    expect(readdirSync('/run/netns').filter((ns) => ns.startsWith(`sdl-${name}-`))).toEqual([]);
    expect(readdirSync('/etc/netns').filter((ns) => ns.startsWith(`sdl-${name}-`))).toEqual([]);
    expect(existsSync(labNames(name).runDir)).toBe(false);
  }, 30_000);
});
