/**
 * Issue 14 (§12), the lab: `lab up --ipfailover` runs real keepalived on node-1 and node-2 (VRRP
 * over the underlay) in front of the routers. One lab for the whole file, the six ipf-* faults
 * cycled on it: the healthy lab has one holder per VIP, answers on its route names (which resolve
 * to the VIPs) and `analyze` of a `collect --lab` bundle has no ipf-* finding; each fault alone →
 * exactly that fault id among the ipf-* findings, on the node it went on; off → healthy again.
 * Needs root; runs in CI (CI=true), skipped elsewhere with a printed reason (testkit/lab-helpers).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downLab, faultOff, faultOn, loadLabStatus, upLab } from '../../src/lab/index.js';
import type { LabStatus } from '../../src/lab/types.js';
import { IPF_FAULT_IDS } from '../../src/model/faults.js';
import { canRunLab, sh, uniqueLabName } from '../../testkit/lab-helpers.js';
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

  for (const fault of IPF_FAULT_IDS) {
    it(`${fault} alone → exactly ${fault} among the ipf-* findings; off → healthy again`, async () => {
      const t0 = Date.now();
      const f = await faultOn(name, fault);
      let found: JsonFinding[] = [];
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
      console.log(`${fault}: on + collect + analyze + off in ${Date.now() - t0} ms`);
      await expectHealthy(`${fault}-off`);
    }, 180_000);
  }
});
