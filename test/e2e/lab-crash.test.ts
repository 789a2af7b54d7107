/**
 * Robustness of the lab: a lab whose state file is lost (a crashed `lab up`) is still
 * cleared by `lab down` from its pid files and namespaces; a second `lab up` of the same name is
 * refused; a 1-node lab works and refuses the two-node faults.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { downAll, downLab } from '../../src/lab/down.js';
import { run } from '../../src/lab/exec.js';
import { faultClear, faultOn } from '../../src/lab/faults.js';
import { labNames } from '../../src/lab/names.js';
import { alive } from '../../src/lab/procs.js';
import { loadState } from '../../src/lab/state.js';
import { loadLabStatus } from '../../src/lab/status.js';
import { upLab } from '../../src/lab/up.js';
import { canRunLab, curl, uniqueLabName } from '../../testkit/lab-helpers.js';

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

  it('two fault commands at once both land (state lock); clear removes both', async () => {
    await Promise.all([faultOn(name, 'ip-forward-off'), faultOn(name, 'cluster-route-missing')]);
    expect((await loadState(name))!.faults.map((f) => f.id).sort()).toEqual([
      'cluster-route-missing',
      'ip-forward-off',
    ]);
    const n1 = labNames(name).node(1);
    expect(
      (await run(['ip', 'netns', 'exec', n1, 'sysctl', '-n', 'net.ipv4.ip_forward'])).stdout.trim(),
    ).toBe('0');
    expect((await run(['ip', '-n', n1, 'route', 'show', '10.128.0.0/14'])).stdout).toBe('');
    expect((await faultClear(name)).map((f) => f.id).sort()).toEqual([
      'cluster-route-missing',
      'ip-forward-off',
    ]);
    expect(
      (await run(['ip', 'netns', 'exec', n1, 'sysctl', '-n', 'net.ipv4.ip_forward'])).stdout.trim(),
    ).toBe('1');
    expect((await run(['ip', '-n', n1, 'route', 'show', '10.128.0.0/14'])).stdout).toContain('dev tun0');
    expect((await loadState(name))!.faults).toEqual([]);
  }, 30_000);

  it("CLI: lab status -o json is the LabStatus; lab exec runs a person's command in a node", async () => {
    const cli = (args: string[]) =>
      run([process.execPath, '--import', 'tsx', 'src/cli/main.ts', 'lab', ...args], { timeoutMs: 30_000 });
    const status = await cli(['status', '--name', name, '-o', 'json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toEqual(await loadLabStatus(name));
    const exec = await cli(['exec', '--name', name, 'node-1', '--', 'ip', '-br', 'addr', 'show', 'br-ex']);
    expect(exec.code).toBe(0);
    expect(exec.stdout).toContain('192.168.122.11/24');
    const flows = await cli([
      'exec',
      '--name',
      name,
      '1',
      '--',
      'ovs-ofctl',
      '-O',
      'OpenFlow13',
      'dump-flows',
      'br0',
      'table=253',
    ]);
    expect(flows.stdout).toContain('actions=note:00.07.00.00.00.00');
    const human = await cli(['status', '--name', name]);
    expect(human.stdout).toMatch(/^node-1\s+192\.168\.122\.11\s+10\.128\.0\.0\/23/m);
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

  it('lab down --all clears namespaces (and what runs in them) of a lab that left no run folder', async () => {
    const ghost = uniqueLabName('eg');
    const ns = [`sdl-${ghost}-ul`, `sdl-${ghost}-n1`, `sdl-${ghost}-n1-p1`];
    for (const n of ns) expect((await run(['ip', 'netns', 'add', n])).code).toBe(0);
    mkdirSync(`/etc/netns/${ns[2]}`, { recursive: true });
    const sleeper = spawn('ip', ['netns', 'exec', ns[1]!, 'sleep', '300'], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 200));
    expect(await alive(sleeper.pid!)).toBe(true);
    const r = await downAll((lab) => lab === ghost);
    expect([...r.netns].sort()).toEqual([...ns].sort());
    expect(await alive(sleeper.pid!)).toBe(false);
    expect(readdirSync('/run/netns').filter((n) => n.startsWith(`sdl-${ghost}-`))).toEqual([]);
    expect(existsSync(`/etc/netns/${ns[2]}`)).toBe(false);
  }, 30_000);
});
