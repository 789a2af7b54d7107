/**
 * Issue 15: `diagnose` from every door of the guide, on one shared lab. §13.1 ingress without the
 * router: a nodePort URL (shop/shop on node-2) and an external IP URL (demo/web, held by node-1)
 * are healthy on a healthy lab; each fault on that path gives exactly that fault and object. The
 * door faults are real: `nodeport-nat-missing` closes the nodePort on its node, and
 * `egress-firewall-drop` makes the outside host drop the nodes (and so the pods' masqueraded
 * traffic) while the client still reaches it.
 */
import { describe, expect, it } from 'vitest';
import { faultOff, faultOn, type FaultTarget } from '../../src/lab/index.js';
import type { FaultId } from '../../src/model/faults.js';
import type { DiagnoseResult } from '../../src/diagnose/types.js';
import { canRunLab, describeCauses, diagnoseLab } from '../../testkit/lab-harness.js';
import { sharedLab } from '../../testkit/lab-suite.js';
import { curl } from '../../testkit/lab-helpers.js';

const E2E = { timeoutMs: 3000 };
const EXTERNAL_IP = '192.168.122.230';

describe.skipIf(!canRunLab)('diagnose from every door (issue 15)', () => {
  const lab = sharedLab('dgd');
  const { name } = lab;

  const nodeIp = (n: number): string => lab.status.nodes[n - 1]!.ip;
  const nodePortUrl = (n: number): string => `http://${nodeIp(n)}:30080/`;
  const externalUrl = `http://${EXTERNAL_IP}/`;
  const causesOf = (r: DiagnoseResult): string[] =>
    r.verdict.causes.map((c) => `${c.fault}@${c.node ?? ''}/${c.service ?? ''}`).sort();
  async function withFault<T>(fault: FaultId, target: FaultTarget, fn: () => Promise<T>): Promise<T> {
    await faultOn(name, fault, target);
    try {
      return await fn();
    } finally {
      await faultOff(name, fault);
    }
  }

  describe('§13.1 ingress without the router', () => {
    it('the nodePort and the external IP answer from the client', async () => {
      expect((await curl(lab.status.client.netns, nodePortUrl(2))).http).toBe('200');
      expect((await curl(lab.status.client.netns, externalUrl)).http).toBe('200');
    });

    it('a healthy nodePort URL is healthy, through the ingress steps', async () => {
      const r = await diagnoseLab(name, { ...E2E, url: nodePortUrl(2) });
      expect(describeCauses(r)).toBe('(none)');
      expect(r.verdict.healthy).toBe(true);
      const ids = r.steps.map((s) => s.id);
      expect(ids).toContain('ingress.nat');
      expect(ids).not.toContain('external.connect');
      expect(r.steps.find((s) => s.id === 'ingress.service')?.verdict.en).toContain('shop/shop');
    });

    it('a healthy external IP URL is healthy', async () => {
      const r = await diagnoseLab(name, { ...E2E, url: externalUrl });
      expect(describeCauses(r)).toBe('(none)');
      expect(r.verdict.healthy).toBe(true);
      expect(r.steps.find((s) => s.id === 'ingress.service')?.verdict.en).toContain('reaches node-1');
    });

    it('nodeport-nat-missing on node-2 → exactly that, on node-2 and shop/shop', async () => {
      const r = await withFault('nodeport-nat-missing', { node: 'node-2' }, async () => {
        expect((await curl(lab.status.client.netns, nodePortUrl(2), 2)).http).not.toBe('200');
        expect((await curl(lab.status.client.netns, nodePortUrl(3))).http).toBe('200');
        return diagnoseLab(name, { ...E2E, url: nodePortUrl(2) });
      });
      expect(causesOf(r), describeCauses(r)).toEqual(['nodeport-nat-missing@node-2/shop/shop']);
    });

    it('svc-nat-missing on the node holding the external IP → exactly that', async () => {
      const r = await withFault('svc-nat-missing', { node: 'node-1', service: 'demo/web' }, () =>
        diagnoseLab(name, { ...E2E, url: externalUrl }),
      );
      expect(causesOf(r), describeCauses(r)).toEqual(['svc-nat-missing@node-1/demo/web']);
    });

    it('endpoint-down behind the nodePort → exactly that pod', async () => {
      const shop = lab.status.pods.find((p) => p.namespace === 'shop' && p.node === 'node-3')!;
      const r = await withFault('endpoint-down', { pod: `shop/${shop.name}` }, () =>
        diagnoseLab(name, { ...E2E, url: nodePortUrl(2) }),
      );
      expect(
        r.verdict.causes.map((c) => `${c.fault}@${c.pod ?? ''}`),
        describeCauses(r),
      ).toEqual([`endpoint-down@shop/${shop.name}`]);
    });
  });

  describe('--from: the service door (§5)', () => {
    // a pod on node-2 (the default node of svc-nat-missing) that is no endpoint of demo/web
    const client = () => lab.status.pods.find((p) => p.node === 'node-2' && p.namespace === 'shop')!;
    const from = () => `pod/${client().namespace}/${client().name}`;
    it('healthy: svc/demo/web:80 from a pod is healthy', async () => {
      const r = await diagnoseLab(name, { ...E2E, from: from(), url: 'svc/demo/web:80' });
      expect(describeCauses(r)).toBe('(none)');
      expect(r.verdict.healthy).toBe(true);
      expect(r.steps.map((s) => s.id)).toContain('service.from-source');
    });
    it('the service DNS name web.demo.svc is the same door', async () => {
      const r = await diagnoseLab(name, { ...E2E, from: from(), url: 'http://web.demo.svc/' });
      expect(r.steps.find((s) => s.id === 'service.from-source')?.status).toBe('pass');
      expect(r.verdict.healthy).toBe(true);
    });
    it("svc-nat-missing on the pod's node → exactly that", async () => {
      const r = await withFault('svc-nat-missing', { node: 'node-2', service: 'demo/web' }, () =>
        diagnoseLab(name, { ...E2E, from: from(), url: 'svc/demo/web:80' }),
      );
      expect(causesOf(r), describeCauses(r)).toEqual(['svc-nat-missing@node-2/demo/web']);
      expect(r.steps.find((s) => s.id === 'service.from-source')?.status).toBe('fail');
    });
  });

  describe('--from: catalogue faults on the service door', () => {
    const from = () => {
      const p = lab.status.pods.find((x) => x.node === 'node-2' && x.namespace === 'shop')!;
      return `pod/${p.namespace}/${p.name}`;
    };
    it('endpoint-down of a demo/web pod → exactly that pod', async () => {
      const web3 = lab.status.pods.find((p) => p.node === 'node-3' && p.namespace === 'demo')!;
      const r = await withFault('endpoint-down', { pod: `demo/${web3.name}` }, () =>
        diagnoseLab(name, { ...E2E, from: from(), url: 'svc/demo/web:80' }),
      );
      expect(
        r.verdict.causes.map((c) => `${c.fault}@${c.pod ?? ''}`),
        describeCauses(r),
      ).toEqual([`endpoint-down@demo/${web3.name}`]);
    });
    it('svc-no-endpoints → exactly that service', async () => {
      const r = await withFault('svc-no-endpoints', { service: 'demo/web' }, () =>
        diagnoseLab(name, { ...E2E, from: from(), url: 'svc/demo/web:80' }),
      );
      expect(causesOf(r), describeCauses(r)).toEqual(['svc-no-endpoints@/demo/web']);
    });
  });

  describe('--from: the pod door (§7)', () => {
    const src = () => lab.status.pods.find((p) => p.node === 'node-1' && p.namespace === 'shop')!;
    const dst = () =>
      lab.status.pods.find(
        (p) => p.node === 'node-3' && p.namespace === 'demo' && !p.name.startsWith('client-'),
      )!;
    it('healthy: pod → pod across nodes is healthy', async () => {
      const r = await diagnoseLab(name, {
        ...E2E,
        from: `pod/${src().namespace}/${src().name}`,
        url: `pod/${dst().namespace}/${dst().name}:8080`,
      });
      expect(describeCauses(r)).toBe('(none)');
      expect(r.verdict.healthy).toBe(true);
    });
    it('flow-pod-missing on the target pod → exactly that', async () => {
      const key = `${dst().namespace}/${dst().name}`;
      const r = await withFault('flow-pod-missing', { pod: key }, () =>
        diagnoseLab(name, { ...E2E, from: `pod/${src().namespace}/${src().name}`, url: `${dst().ip}:8080` }),
      );
      expect(
        r.verdict.causes.map((c) => `${c.fault}@${c.node}`),
        describeCauses(r),
      ).toEqual(['flow-pod-missing@node-3']);
    });
  });

  describe('--from: catalogue faults on the pod door', () => {
    const src = () => lab.status.pods.find((p) => p.node === 'node-1' && p.namespace === 'shop')!;
    const dst = () => lab.status.pods.find((p) => p.node === 'node-3' && p.namespace === 'demo')!;
    const run = () =>
      diagnoseLab(name, {
        ...E2E,
        from: `pod/${src().namespace}/${src().name}`,
        url: `pod/${dst().namespace}/${dst().name}:8080`,
      });
    it('ovs-port-missing of the target pod → exactly that', async () => {
      const r = await withFault('ovs-port-missing', { pod: `demo/${dst().name}` }, run);
      expect(
        r.verdict.causes.map((c) => `${c.fault}@${c.node}`),
        describeCauses(r),
      ).toEqual(['ovs-port-missing@node-3']);
    });
    it("flow-tun-dst-missing on the target's node towards the source's → exactly that", async () => {
      const r = await withFault('flow-tun-dst-missing', { node: 'node-3' }, run);
      expect(
        r.verdict.causes.map((c) => `${c.fault}@${c.node}`),
        describeCauses(r),
      ).toEqual(['flow-tun-dst-missing@node-3']);
    });
  });

  describe('--from: the egress door (§9 → §7 → §7.4.2)', () => {
    const pod = () => lab.status.pods.find((p) => p.node === 'node-2' && p.namespace === 'shop')!;
    const from = () => `pod/${pod().namespace}/${pod().name}`;
    it('healthy: the outside name from a pod is healthy', async () => {
      const r = await diagnoseLab(name, { ...E2E, from: from(), url: 'www.example.org' });
      expect(describeCauses(r)).toBe('(none)');
      expect(r.verdict.healthy).toBe(true);
      expect(r.steps.find((s) => s.id === 'egress.from-node')?.status).toBe('pass');
    });
    it('egress-firewall-drop → exactly that: the node fails too', async () => {
      const r = await withFault('egress-firewall-drop', {}, () =>
        diagnoseLab(name, { ...E2E, from: from(), url: 'www.example.org' }),
      );
      expect(causesOf(r), describeCauses(r)).toEqual(['egress-firewall-drop@node-2/']);
    });
    it("ip-forward-off on the pod's node → exactly that: the node itself still reaches the outside", async () => {
      const r = await withFault('ip-forward-off', { node: 'node-2' }, () =>
        diagnoseLab(name, { ...E2E, from: from(), url: 'www.example.org' }),
      );
      expect(causesOf(r), describeCauses(r)).toEqual(['ip-forward-off@node-2/']);
      expect(r.steps.find((s) => s.id === 'egress.from-node')?.status).toBe('pass');
    });
    it("iptables-drop on the pod's node → exactly that", async () => {
      const r = await withFault('iptables-drop', { node: 'node-2' }, () =>
        diagnoseLab(name, { ...E2E, from: from(), url: 'www.example.org' }),
      );
      expect(causesOf(r), describeCauses(r)).toEqual(['iptables-drop@node-2/']);
    });
    it("svc-masquerade-missing on the pod's node → exactly that (the pods leave with their own address)", async () => {
      const r = await withFault('svc-masquerade-missing', { node: 'node-2' }, () =>
        diagnoseLab(name, { ...E2E, from: from(), url: 'www.example.org' }),
      );
      expect(causesOf(r), describeCauses(r)).toEqual(['svc-masquerade-missing@node-2/']);
    });
    it('egress-dns-wildcard → exactly that', async () => {
      const r = await withFault('egress-dns-wildcard', {}, () =>
        diagnoseLab(name, { ...E2E, from: from(), url: 'www.example.org' }),
      );
      expect([...new Set(r.verdict.causes.map((c) => c.fault))], describeCauses(r)).toEqual([
        'egress-dns-wildcard',
      ]);
    });
  });

  describe('--from node/NAME', () => {
    it('svc-nat-missing on that node, probed on the node itself → exactly that', async () => {
      const healthy = await diagnoseLab(name, { ...E2E, from: 'node/node-2', url: 'svc/demo/web:80' });
      expect(describeCauses(healthy)).toBe('(none)');
      const r = await withFault('svc-nat-missing', { node: 'node-2', service: 'demo/web' }, () =>
        diagnoseLab(name, { ...E2E, from: 'node/node-2', url: 'svc/demo/web:80' }),
      );
      expect(causesOf(r), describeCauses(r)).toEqual(['svc-nat-missing@node-2/demo/web']);
      expect(r.steps.find((s) => s.id === 'service.from-source')?.ran[0]?.where).toBe('node/node-2');
    });
  });

  describe('§7.4.2 the outside drops our traffic (lab fault)', () => {
    it('egress-firewall-drop: the outside host drops the nodes and the pods, not the client; off restores', async () => {
      const pod = lab.status.pods.find((p) => p.node === 'node-2' && p.namespace === 'demo')!;
      const outside = 'http://192.168.122.200/';
      expect((await curl(pod.netns, outside)).http).toBe('200');
      await faultOn(name, 'egress-firewall-drop');
      try {
        expect((await curl(pod.netns, outside, 2)).exit).toBe(28);
        expect((await curl(lab.status.nodes[1]!.netns, outside, 2)).exit).toBe(28);
        expect((await curl(lab.status.client.netns, outside)).http).toBe('200');
      } finally {
        await faultOff(name, 'egress-firewall-drop');
      }
      expect((await curl(pod.netns, outside)).http).toBe('200');
    });
  });
});
