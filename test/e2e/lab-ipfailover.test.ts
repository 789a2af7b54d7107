/**
 * Issue 14 (§12), the lab: `lab up --ipfailover` runs real keepalived on node-1 and node-2 (VRRP
 * over the underlay) in front of the routers. One lab for the whole file, the six ipf-* faults
 * cycled on it: the healthy lab has one holder per VIP, answers on its route names (which resolve
 * to the VIPs) and `analyze` of a `collect --lab` bundle has no ipf-* finding; each fault alone →
 * exactly that fault id among the ipf-* findings, on the node it went on; off → healthy again.
 * `diagnose` on the route's URL (whose name resolves to the VIPs) walks the failover layer first
 * (steps failover.*): healthy → healthy; each ipf fault → exactly that fault, on its node, from its
 * step; and every catalogue fault of the plain lab is still diagnosed exactly behind the VIPs.
 * Needs root; runs in CI (CI=true), skipped elsewhere with a printed reason (testkit/lab-helpers).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downLab, faultOff, faultOn, loadLabStatus, loadState, upLab } from '../../src/lab/index.js';
import { homeHolders } from '../../src/lab/ipfailover.js';
import type { LabStatus } from '../../src/lab/types.js';
import { IPF_FAULT_IDS, PLAIN_FAULT_IDS } from '../../src/model/faults.js';
import { canRunLab, sh, uniqueLabName } from '../../testkit/lab-helpers.js';
import {
  catalogueBehindVips,
  describeCauses,
  diagnoseLab,
  ipfCatalogue,
  isExact,
  withFault,
} from '../../testkit/lab-harness.js';
import type { StepId } from '../../src/diagnose/types.js';
import { FAILOVER_STEP_IDS } from '../../src/diagnose/steps-failover.js';
import { runCli } from '../checks/run-cli.js';

interface JsonFinding {
  check: string;
  fault: string | null;
  severity: string;
  node?: string;
  message: string;
}

/** Where each fault lands by default (`lab fault on`: node-2, the second keepalived node) and who is named. */
const EXPECTED: Readonly<Record<(typeof IPF_FAULT_IDS)[number], readonly string[]>> = {
  'ipf-vrrp-blocked': ['node-2'],
  'ipf-keepalived-down': ['node-2'],
  'ipf-vip-unheld': [],
  'ipf-check-failing': ['node-2'],
  // the DeploymentConfig names the interface for every selected node: both lack it
  'ipf-interface-missing': ['node-1', 'node-2'],
  'ipf-vrrp-id-conflict': [],
};

/** The failover step that concludes each fault (docs/diagnose.md). */
const STEP: Readonly<Record<(typeof IPF_FAULT_IDS)[number], StepId>> = {
  'ipf-vrrp-blocked': 'failover.vrrp',
  'ipf-keepalived-down': 'failover.keepalived',
  'ipf-vip-unheld': 'failover.holders',
  'ipf-check-failing': 'failover.monitor',
  'ipf-interface-missing': 'failover.keepalived',
  'ipf-vrrp-id-conflict': 'failover.vrrp',
};

/** A little more than the 2 s default per probe: CI runs other lab suites on the same two cores. */
const E2E = { timeoutMs: 3000 };

describe.skipIf(!canRunLab)('lab up --ipfailover: keepalived, VRRP, VIPs and the six ipf faults', () => {
  const name = uniqueLabName('ipf');
  let dir = '';
  let status: LabStatus;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `sdn-doctor-${name}-`));
    const t0 = Date.now();
    await upLab({ name, nodes: 3, podsPerNode: 2, plugin: 'subnet', ipfailover: true });
    console.log(`lab ${name} (ipfailover) up in ${Date.now() - t0} ms`);
    status = (await loadLabStatus(name))!;
  }, 180_000);

  afterAll(async () => {
    await downLab(name);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  const holders = async (): Promise<Record<string, string[]>> => {
    const s = await loadLabStatus(name);
    return Object.fromEntries(
      (s?.ipfailover?.configs ?? []).flatMap((c) => c.vips.map((v) => [v.vip, [...v.holders]])),
    );
  };

  /** Each VIP's home node (the highest priority), as holders() reports it. */
  const homes = async (): Promise<Record<string, string[]>> => {
    const st = await loadState(name);
    return Object.fromEntries(Object.entries(homeHolders(st!)).map(([vip, node]) => [vip, [node]]));
  };

  /** collect --lab → analyze -o json: every finding. */
  async function findings(tag: string): Promise<JsonFinding[]> {
    const bundle = join(dir, tag);
    const c = await runCli(['collect', '--lab', name, '-o', bundle, '-q']);
    expect(c.code, c.stderr).toBe(0);
    const a = await runCli(['analyze', bundle, '-o', 'json']);
    return (JSON.parse(a.stdout) as { findings: JsonFinding[] }).findings;
  }
  const ipfFindings = async (tag: string) => (await findings(tag)).filter((f) => f.check.startsWith('ipf-'));

  const url = (host: string) => `http://${host}/`;
  const curl = (target: string, extra: string[] = []) =>
    sh(status.client.netns, [
      'curl',
      '-s',
      '-o',
      '/dev/null',
      '-m',
      '5',
      '-w',
      '%{http_code}',
      ...extra,
      target,
    ]);

  async function expectHealthy(tag: string): Promise<void> {
    const h = await holders();
    expect(Object.keys(h).sort()).toEqual(['192.168.122.240', '192.168.122.241']);
    for (const [vip, nodes] of Object.entries(h)) expect(nodes, `holders of ${vip}`).toHaveLength(1);
    // and the one VRRP settles on: a takeover still to come would land in the next test
    expect(h).toEqual(await homes());
    const found = await ipfFindings(tag);
    expect(found.map((f) => `${f.check}@${f.node ?? ''}: ${f.message}`)).toEqual([]);
  }

  it('the DeploymentConfig as oc adm ipfailover creates it, one master per VIP, the router on the VIPs', async () => {
    const ipf = status.ipfailover!;
    expect(ipf.configs.map((c) => c.name)).toEqual(['default/ipf-ha-router']);
    expect(ipf.configs[0]!.nodes).toEqual(['node-1', 'node-2']);
    expect(ipf.configs[0]!.vrrpIds).toEqual([11, 12]);
    const dcs = await runCli(['lab', 'status', '--name', name, '-o', 'json']);
    expect(JSON.parse(dcs.stdout).ipfailover.configs[0].vips).toHaveLength(2);
    const human = await runCli(['lab', 'status', '--name', name]);
    expect(human.stdout).toMatch(/default\/ipf-ha-router\s+192\.168\.122\.240\s+11\s+node-\d/);
    // every VIP answers with the router; the route's name resolves to them
    for (const vip of ['192.168.122.240', '192.168.122.241']) {
      expect((await curl(url(vip), ['-H', `Host: ${status.routes[0]!.host}`])).stdout).toBe('200');
    }
    const dig = await sh(status.client.netns, ['dig', '+short', status.routes[0]!.host]);
    expect(dig.stdout.trim().split('\n').sort()).toEqual(['192.168.122.240', '192.168.122.241']);
    expect((await curl(status.routerUrl)).stdout).toBe('200');
  });

  it('healthy: one holder per VIP and no finding at all (ipf-* or any other check)', async () => {
    await expectHealthy('healthy');
    const all = await findings('healthy-all');
    expect(all.map((f) => `${f.check}@${f.node ?? ''}: ${f.message}`)).toEqual([]);
  }, 120_000);

  it('diagnose <route URL>: the failover layer first, then the guide from the VIP holder; healthy', async () => {
    const r = await diagnoseLab(name, E2E);
    expect(describeCauses(r)).toBe('(none)');
    expect(r.verdict.healthy).toBe(true);
    const ids = r.steps.map((x) => x.id);
    expect(ids.slice(0, 2 + FAILOVER_STEP_IDS.length)).toEqual([
      'external.dns',
      ...FAILOVER_STEP_IDS,
      'external.router-host',
    ]);
    for (const x of r.steps) expect(x.status, `${x.id}: ${x.verdict.en}`).toBe('pass');
    const routerHost = r.steps.find((x) => x.id === 'external.router-host')!;
    expect(routerHost.verdict.en).toMatch(
      /^192\.168\.122\.240 is a virtual IP held by node-\d, which runs a router$/,
    );
  }, 120_000);

  for (const fault of IPF_FAULT_IDS) {
    it(`${fault} alone → exactly ${fault} among the ipf-* findings; off → healthy again`, async () => {
      const t0 = Date.now();
      const f = await faultOn(name, fault);
      let found: JsonFinding[] = [];
      let diagnosed: Awaited<ReturnType<typeof diagnoseLab>> | undefined;
      try {
        if (fault === 'ipf-vip-unheld') {
          expect(Object.values(await holders()).every((h) => h.length === 0)).toBe(true);
          expect((await curl(status.routerUrl)).stdout).not.toBe('200');
        }
        if (fault === 'ipf-vrrp-blocked') {
          expect(Object.values(await holders()).some((h) => h.length === 2)).toBe(true);
        }
        if (fault === 'ipf-keepalived-down' || fault === 'ipf-check-failing') {
          // the VIPs moved to node-1 and the URL still works
          expect(Object.values(await holders()).every((h) => h.join() === 'node-1')).toBe(true);
          expect((await curl(status.routerUrl)).stdout).toBe('200');
        }
        found = await ipfFindings(fault);
        diagnosed = await diagnoseLab(name, E2E);
      } finally {
        await faultOff(name, fault);
      }
      const faults = [...new Set(found.flatMap((x) => (x.fault ? [x.fault] : [])))];
      const why = found.map((x) => `${x.check}/${x.fault}@${x.node ?? ''}: ${x.message}`).join('\n');
      expect(faults, why).toEqual([fault]);
      const nodes = [
        ...new Set(found.filter((x) => x.fault === fault).flatMap((x) => (x.node ? [x.node] : []))),
      ];
      expect(nodes.sort(), why).toEqual([...EXPECTED[fault]]);
      if (f.node !== undefined) expect(EXPECTED[fault]).toContain(`node-${f.node}`);
      // diagnose: exactly this fault, on its node (the interface: one cause naming both), from its step
      const c = ipfCatalogue().find((x) => x.fault === fault)!;
      const d = diagnosed!;
      expect(isExact(c, d), describeCauses(d)).toBe(true);
      expect(d.verdict.causes.map((x) => x.step)).toEqual([STEP[fault]]);
      if (fault === 'ipf-interface-missing') expect(d.verdict.causes[0]!.nodes).toEqual(['node-1', 'node-2']);
      console.log(`${fault}: on + collect + analyze + diagnose + off in ${Date.now() - t0} ms`);
      await expectHealthy(`${fault}-off`);
    }, 180_000);
  }

  // The plain catalogue behind the VIPs: the same exact answers as on the plain lab (one twin).
  for (const fault of PLAIN_FAULT_IDS) {
    it(`behind the VIPs: ${fault} alone → exactly ${fault === 'router-refused' ? 'ipf-check-failing (its twin here)' : fault}`, async () => {
      const c = catalogueBehindVips(status).find((x) => x.fault === fault)!;
      const r = await withFault(name, c, () => diagnoseLab(name, E2E));
      expect(isExact(c, r), `target ${JSON.stringify(c.target)}\n${describeCauses(r)}`).toBe(true);
    }, 120_000);
  }
});
