/**
 * The 4.x networkpolicy lab (issue 12 "A 4.x lab"): one 3-node networkpolicy lab on rule version 13
 * (its own tables 0, 25, 27, 30, 31 and 80): analyze and diagnose healthy, each table 80 fault and
 * policy-denies-router exactly, Egress policies in table 27, and the lab agreement (simulator ⇔
 * real TCP) healthy and with a policy flow missing (the 3.11 files are lab-networkpolicy.test.ts
 * and diagnose-networkpolicy.test.ts). The agreement on the 4.x multitenant lab, healthy and with
 * each flow fault, is in lab-4x.test.ts, on that file's lab. Needs root; runs in CI (CI=true).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../src/checks/index.js';
import { loadClusterModel } from '../../src/cli/sources.js';
import { matchValue } from '../../src/model/flow-match.js';
import { PROTO_TCP } from '../../src/dataplane/engine/packet.js';
import { ClusterDataplane } from '../../src/dataplane/trace/cluster.js';
import { parseIp } from '../../src/net/ipv4.js';
import { compareWithReal, connects, unexpectedPairs } from '../../testkit/lab-agreement.js';
import { describeCauses, diagnoseLab, withFault } from '../../testkit/lab-harness.js';
import { canRunLab, kubectl } from '../../testkit/lab-helpers.js';
import { itDiagnosesPolicyFaults, itIsHealthy, sharedLab, where } from '../../testkit/lab-suite.js';

/** demo's web pods admit shop's shop pods (namespaceSelector + podSelector: pod IPs in table 80). */
const WEB_FROM_SHOP_PODS = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-from-shop-pods, namespace: demo}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from:
    - podSelector: {matchLabels: {app: shop}}
      namespaceSelector: {matchLabels: {name: shop}}
`;

/**
 * shop's pods may send only to web pods (of any namespace: demo's) on 8080 (release-4.12: table
 * 27, by the source's VNID; the peer becomes the web pods' IPs).
 */
const SHOP_EGRESS = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: shop-egress, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
  - to:
    - podSelector: {matchLabels: {app: web}}
      namespaceSelector: {}
    ports: [{protocol: TCP, port: 8080}]
`;

describe.skipIf(!canRunLab)(
  'the 4.x networkpolicy lab (rule version 13): analyze, diagnose, agreement',
  () => {
    const lab = sharedLab('n4x', 'networkpolicy', '4.x');
    // More than the 2 s default per probe: under a fault that makes an endpoint stop answering, the
    // router node's `curl -m 2` to it takes its full 2 s, and a node command past the timeout makes
    // diagnose give up on that node (collect's abandonHungNodes) on a loaded machine.
    const E2E = { timeoutMs: 5000 };
    /** Pod pairs the healthy lab's policies isolate: a missing allow flow must add to them. */
    let isolated = Number.NaN;
    /** `kubectl apply -f` of `yaml` (it must create `name`), `fn`, then `kubectl delete -f` whatever happened. */
    const withApplied = async (file: string, yaml: string, name: string, fn: () => Promise<void>) => {
      const path = join(lab.status.runDir, file);
      writeFileSync(path, yaml);
      const kubeconfig = lab.status.kubeconfig;
      const applied = await kubectl(kubeconfig, ['apply', '-f', path]);
      try {
        expect(applied.stdout, applied.stderr).toContain(`${name} created`);
        await fn();
      } finally {
        await kubectl(kubeconfig, ['delete', '-f', path]);
      }
    };

    it('healthy: br0 is rule version 13; analyze finds nothing, its policy check passes; simulator ⇔ real TCP', async () => {
      const model = await loadClusterModel({ lab: lab.name });
      expect(model.nodeFacts['node-1']?.ovs.ruleVersion).toBe(13);
      const run = runChecks(model);
      expect(run.findings.filter((f) => f.severity !== 'info')).toEqual([]);
      // table 80 is compared with the 4.10+ node code's flows, not left unknown
      expect(run.statuses.find((c) => c.check === 'policy-flows')?.status).toBe('pass');
      const a = await compareWithReal(lab.name, lab.status, 'decided');
      console.log(
        `4.x networkpolicy healthy: ${a.checked} pairs, ${a.broken} unreachable, ${a.undecided} left out`,
      );
      expect(a.checked).toBeGreaterThan(lab.status.pods.length * (lab.status.pods.length - 1));
      expect(a.disagreements).toEqual([]);
      isolated = a.broken;
    }, 180_000);

    itIsHealthy(lab, E2E);
    itDiagnosesPolicyFaults(lab, E2E);

    it('policy-denies-router → exactly policy-denies-router, naming the policy', async () => {
      const r = await withFault(lab.name, { fault: 'policy-denies-router', target: {} }, () =>
        diagnoseLab(lab.name, E2E),
      );
      expect(r.verdict.causes.map(where), describeCauses(r)).toEqual([
        'policy-denies-router@ policy demo/deny-by-default',
      ]);
    });

    it('kubectl apply of a NetworkPolicy reprograms tables 80 and 27 in the 4.x spelling; analyze stays silent', async () => {
      await withApplied('np4x-write.yaml', WEB_FROM_SHOP_PODS, 'web-from-shop-pods', async () => {
        const model = await loadClusterModel({ lab: lab.name });
        const flows = model.nodeFacts['node-2']?.ovs.flows?.value ?? [];
        // release-4.12 parsePeerFlows: pods of a namespaceSelector+podSelector peer by IP only, no reg0
        const shopPod = lab.status.pods.find((p) => p.namespace === 'shop' && p.node === 'node-1')!;
        const admits = flows.filter((f) => f.table === 80 && matchValue(f, 'nw_src') === shopPod.ip);
        expect(admits.length).toBeGreaterThan(0);
        expect(admits.filter((f) => matchValue(f, 'reg0') !== undefined)).toEqual([]);
        expect(flows.some((f) => f.table === 27 && f.priority === 50)).toBe(true);
        const run = runChecks(model);
        expect(run.findings.filter((f) => f.severity !== 'info')).toEqual([]);
        expect(run.statuses.find((c) => c.check === 'policy-flows')?.status).toBe('pass');
      });
    }, 120_000);

    it('an Egress NetworkPolicy applied with kubectl: table 27 holds its flows, real TCP and the simulator agree, intent sees no surprise, analyze silent; one table 27 allow flow lost → exactly policy-flow-missing', async () => {
      await withApplied('np4x-egress.yaml', SHOP_EGRESS, 'shop-egress', async () => {
        const shop = lab.status.pods.filter((p) => p.namespace === 'shop');
        // demo's pods are the web deployment's (app=web), the passthrough route's TLS pods among them
        const webPods = lab.status.pods.filter((p) => p.namespace === 'demo' && p.name.startsWith('web-'));
        const web = webPods[0]!;
        const model = await loadClusterModel({ lab: lab.name });
        const node = shop[0]!.node;
        const t27 = (model.nodeFacts[node]?.ovs.flows?.value ?? []).filter((f) => f.table === 27);
        // release-4.12 generateNamespaceEgressFlows: per web pod one allow, no drop (all pods selected)
        expect(t27.filter((f) => f.priority === 150 && matchValue(f, 'tp_dst') === '8080').length).toBe(
          webPods.length,
        );
        const run = runChecks(model);
        expect(run.findings.filter((f) => f.severity !== 'info')).toEqual([]);
        expect(run.statuses.find((c) => c.check === 'policy-flows')?.status).toBe('pass');
        // trace names the policy behind table 27's decision, both ways
        const dp = new ClusterDataplane(model);
        const podOf = (ip: string) => model.pods!.value.find((p) => p.podIP === ip)!;
        const table27Notes = (from: string, to: string) =>
          dp
            .trace({ kind: 'pod', pod: podOf(from) }, { ip: parseIp(to)!, port: 8080, proto: PROTO_TCP })
            .hops.flatMap((h) =>
              h.steps.filter((x) => x.kind === 'note' && x.table === 27).map((x) => x.action),
            );
        expect(table27Notes(shop[0]!.ip, web.ip)).toEqual(['let out by NetworkPolicy shop/shop-egress']);
        expect(table27Notes(shop[0]!.ip, shop[1]!.ip)).toEqual([
          `NetworkPolicy shop/shop-egress restricts the egress of shop/${shop[0]!.name} and none admits this: dropped as intended`,
        ]);
        // real traffic: shop → web on 8080 still goes, shop → shop no longer
        expect(await connects(shop[0]!.netns, web.ip, 8080)).toBe(true);
        expect(await connects(shop[0]!.netns, shop[1]!.ip, 8080)).toBe(false);
        const a = await compareWithReal(lab.name, lab.status, 'decided');
        console.log(`4.x networkpolicy shop-egress: ${a.checked} pairs, ${a.broken} unreachable`);
        expect(a.disagreements).toEqual([]);
        expect(a.broken).toBeGreaterThan(isolated);
        expect(await unexpectedPairs(lab.name)).toEqual([]);
        const lost = await withFault(
          lab.name,
          { fault: 'policy-flow-missing', target: { node, policy: 'shop/shop-egress' } },
          async () => runChecks(await loadClusterModel({ lab: lab.name })),
        );
        const loud = lost.findings.filter((f) => f.severity !== 'info');
        expect(loud.map((f) => `${f.fault}@${f.node} ${f.policy}`)).toEqual([
          `policy-flow-missing@${node} shop/shop-egress`,
        ]);
        expect(loud[0]!.message.en).toContain('table 27 lacks the egress allow flow');
      });
    }, 240_000);

    it('agrees on every pair with a policy flow missing, which cuts pairs off', async () => {
      const r = await withFault(lab.name, { fault: 'policy-flow-missing', target: { node: 'node-2' } }, () =>
        compareWithReal(lab.name, lab.status, 'decided'),
      );
      console.log(`4.x networkpolicy policy-flow-missing: ${r.checked} pairs, ${r.broken} unreachable`);
      expect(r.disagreements).toEqual([]);
      expect(r.broken).toBeGreaterThan(isolated);
    }, 240_000);
  },
);
