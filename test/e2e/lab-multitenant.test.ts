/**
 * The lab for real, ovs-multitenant plugin, 3 nodes × 3 pods: VNIDs on the wire and in
 * table 80 isolate the projects (the router in `default`, VNID 0, reaches all), every fault shows
 * its symptom and heals, and `lab down` leaves nothing.
 */
import { existsSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODE_COMMANDS } from '../../src/artifacts/commands.js';
import { downLab } from '../../src/lab/down.js';
import { faultOff, faultOn } from '../../src/lab/faults.js';
import { loadLabStatus } from '../../src/lab/status.js';
import type { LabStatus } from '../../src/lab/types.js';
import { upLab } from '../../src/lab/up.js';
import { PLAIN_FAULT_IDS } from '../../src/model/faults.js';
import { createLabShell } from '../../src/sources/lab-shell/index.js';
import { faultCases, labView } from './lab-fault-cases.js';
import { canRunLab, curl, uniqueLabName } from '../../testkit/lab-helpers.js';

const name = uniqueLabName('em');

describe.skipIf(!canRunLab)('lab e2e: ovs-multitenant, 3 nodes', () => {
  let st: LabStatus;
  const { pod, svc, api, svcClient } = labView(() => st);
  const podUrl = (ns: string, node: number) => `http://${pod(ns, node).ip}:8080/`;

  beforeAll(async () => {
    await upLab({ name, nodes: 3, podsPerNode: 3, plugin: 'multitenant' });
    st = (await loadLabStatus(name))!;
  }, 90_000);

  afterAll(async () => {
    await downLab(name);
  }, 60_000);

  it('NetNamespaces: default is global (0), projects have their own VNIDs', () => {
    const nn = Object.fromEntries(api('netnamespaces').items.map((n) => [n.netname, n.netid as number]));
    expect(nn.default).toBe(0);
    expect(nn.demo).toBeGreaterThanOrEqual(10);
    expect(nn.shop).toBeGreaterThanOrEqual(10);
    expect(nn.demo).not.toBe(nn.shop);
    expect(api('clusternetworks').items[0].pluginName).toBe('redhat/openshift-ovs-multitenant');
  });

  it('same project across nodes works; other projects are isolated (table 80)', async () => {
    expect((await curl(pod('demo', 1).netns, podUrl('demo', 3))).http).toBe('200');
    expect((await curl(svcClient(2).netns, `http://${svc('web').clusterIP}/`)).http).toBe('200');
    expect((await curl(pod('demo', 1).netns, podUrl('shop', 2), 1)).exit).toBe(28);
    expect((await curl(pod('demo', 1).netns, podUrl('shop', 1), 1)).exit).toBe(28);
    expect((await curl(pod('demo', 1).netns, `http://${svc('shop').clusterIP}:8080/`, 1)).exit).not.toBe(0);
  });

  it('the router (default project, host network) reaches every project; pods reach the outside', async () => {
    expect((await curl(st.client.netns, st.routerUrl)).body).toMatch(/^pod=demo\/web-1-/);
    expect((await curl(st.client.netns, 'https://shop-shop.apps.example.com/')).body).toMatch(/^pod=shop\//);
    expect((await curl(pod('shop', 2).netns, 'http://www.example.org/')).body).toContain('outside host');
  });

  it("br0's table 80 and the note are the multitenant ones", async () => {
    const shell = createLabShell(name);
    const d = await shell.run(
      { kind: 'node', node: 'node-2' },
      NODE_COMMANDS.find((c) => c.kind === 'ovs-flows')!.argv,
      {
        timeoutMs: 5000,
      },
    );
    const nn = Object.fromEntries(api('netnamespaces').items.map((n) => [n.netname, n.netid as number]));
    const hex = (n: number) => `0x${n.toString(16)}`;
    expect(d.stdout).toContain('actions=note:01.07.00.00.00.00');
    expect(d.stdout).toContain('priority=200,reg0=0 actions=output:NXM_NX_REG2[]');
    expect(d.stdout).toContain('priority=200,reg1=0 actions=output:NXM_NX_REG2[]');
    expect(d.stdout).toContain(
      `priority=100,reg0=${hex(nn.demo!)},reg1=${hex(nn.demo!)} actions=output:NXM_NX_REG2[]`,
    );
    expect(d.stdout).toContain(`actions=load:${hex(nn.shop!)}->NXM_NX_REG0[],goto_table:21`);
  });

  const cases = faultCases(name, () => st);
  for (const id of PLAIN_FAULT_IDS) {
    it(`fault ${id}: real symptom while on, healthy after off`, async () => {
      await faultOn(name, id);
      try {
        await cases[id].on();
      } finally {
        await faultOff(name, id);
      }
      await cases[id].healthy();
    });
  }

  it('lab down leaves nothing behind', async () => {
    await downLab(name);
    expect(readdirSync('/run/netns').filter((n) => n.startsWith(`sdl-${name}-`))).toEqual([]);
    expect(readdirSync('/etc/netns').filter((n) => n.startsWith(`sdl-${name}-`))).toEqual([]);
    expect(existsSync(st.runDir)).toBe(false);
  });
});
