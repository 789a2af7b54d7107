/**
 * Issue 11: the lab API accepts NetworkPolicy and namespace-label writes from Debian's kubectl, and
 * the lab's SDN reprograms every node's table 80 as openshift-sdn's node does. One 3-node
 * networkpolicy lab: a default-deny applied into the policy-less namespace `shop` cuts a demo → shop
 * pair that connected by real TCP; the simulator (matrix on the lab collected like a live cluster)
 * agrees and `analyze` stays silent (the flows follow the objects); labelling `demo` so that a
 * namespaceSelector policy admits it reconnects the pair; `kubectl delete -f` is back to healthy.
 * An injected policy-flow-missing survives a write (the fault state is re-applied on top).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../src/checks/index.js';
import { loadClusterModel } from '../../src/cli/sources.js';
import { computeMatrix } from '../../src/dataplane/matrix/matrix.js';
import { ClusterDataplane } from '../../src/dataplane/trace/cluster.js';
import { inNetns, run } from '../../src/lab/exec.js';
import { faultOff, faultOn } from '../../src/lab/faults.js';
import { ovsEnv } from '../../src/lab/ovs.js';
import { loadState } from '../../src/lab/state.js';
import { compareWithReal, connects } from '../../testkit/lab-agreement.js';
import { canRunLab, kubectl } from '../../testkit/lab-helpers.js';
import { sharedLab } from '../../testkit/lab-suite.js';

/** A policy of `shop` selecting every pod, admitting the namespaces `labels` select (none: nothing). */
const shopPolicy = (name: string, labels?: string): string =>
  [
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata:',
    `  name: ${name}`,
    '  namespace: shop',
    'spec:',
    '  podSelector: {}',
    ...(labels
      ? ['  ingress:', '  - from:', '    - namespaceSelector:', '        matchLabels:', `          ${labels}`]
      : ['  ingress: []']),
  ].join('\n');

/** The policies applied into `shop`: the 3.11 documentation's pattern, admitting `team=a` namespaces. */
const POLICIES = [
  shopPolicy('deny-by-default'),
  shopPolicy('allow-from-default-namespace', 'name: default'),
  shopPolicy('allow-from-team-a', 'team: a'),
].join('\n---\n');

describe.skipIf(!canRunLab)('lab e2e: NetworkPolicy writes with kubectl, table 80 reprogrammed', () => {
  const lab = sharedLab('npw', 'networkpolicy');
  const k = (args: readonly string[]) => kubectl(lab.status.kubeconfig, args);
  const pair = () => {
    const st = lab.status;
    const from = st.pods.find((p) => p.namespace === 'demo')!;
    const to = st.pods.find((p) => p.namespace === 'shop' && p.node !== from.node)!;
    return { from, to, label: { from: `pod/demo/${from.name}`, to: `pod/shop/${to.name}` } };
  };
  const file = () => {
    const path = join(lab.status.runDir, 'np-writes.yaml');
    writeFileSync(path, POLICIES);
    return path;
  };

  /** The simulator's verdict for the pair, and every warning-or-worse finding of analyze. */
  async function simulated(): Promise<{ reachable: boolean; verdict?: string; loud: string[] }> {
    const model = await loadClusterModel({ lab: lab.name });
    const m = computeMatrix(new ClusterDataplane(model), { podPort: 8080 });
    const { label } = pair();
    const p = m.pairs.find((x) => x.from === label.from && x.to === label.to)!;
    const loud = runChecks(model)
      .findings.filter((f) => f.severity !== 'info')
      .map((f) => `${f.check}: ${f.fault ?? ''} ${f.node ?? ''}`);
    return { reachable: p.reachable, ...(p.verdict ? { verdict: p.verdict } : {}), loud };
  }

  /** The table 80 flows of the `to` pod's node for shop's VNID (what the node programmed). */
  async function shopFlows(): Promise<string[]> {
    const state = (await loadState(lab.name))!;
    const node = state.spec.nodes.find((n) => n.name === pair().to.node)!;
    const vnid = state.spec.namespaces.find((n) => n.name === 'shop')!.netid;
    const r = await run(
      inNetns(node.netns, ['ovs-ofctl', '-O', 'OpenFlow13', 'dump-flows', 'br0', 'table=80']),
      {
        env: ovsEnv(node),
      },
    );
    return r.stdout
      .split('\n')
      .filter((l) => new RegExp(`reg1=(${vnid}|0x${vnid.toString(16)})[, ]`).test(l));
  }

  it('healthy: demo → shop connects by real TCP, the simulator agrees', async () => {
    const { from, to } = pair();
    expect(await connects(from.netns, to.ip, 8080)).toBe(true);
    const s = await simulated();
    expect(s).toMatchObject({ reachable: true, verdict: 'ok', loud: [] });
  }, 120_000);

  it('kubectl apply -f a default-deny into shop: TCP fails within a second; simulator agrees; analyze silent', async () => {
    const before = await shopFlows();
    const applied = await k(['apply', '-f', file()]);
    expect(applied.stderr).toBe('');
    expect(applied.stdout).toContain('networkpolicy.networking.k8s.io/deny-by-default created');
    const answered = Date.now();
    let flows = await shopFlows();
    while (JSON.stringify(flows) === JSON.stringify(before) && Date.now() - answered < 1000)
      flows = await shopFlows();
    console.log(
      `table 80 for shop reprogrammed ${Date.now() - answered} ms after kubectl returned:\n${flows.join('\n')}`,
    );
    expect(Date.now() - answered).toBeLessThan(1000);
    // default deny: no priority-50 allow for shop any more, the router's namespace (VNID 0) admitted
    expect(flows.some((l) => l.includes('priority=50'))).toBe(false);
    expect(flows.some((l) => l.includes('priority=150') && /reg0=(0|0x0),/.test(l))).toBe(true);

    const { from, to } = pair();
    expect(await connects(from.netns, to.ip, 8080)).toBe(false);
    const s = await simulated();
    expect(s.reachable).toBe(false);
    expect(s.verdict).toBe('ok'); // isolated as the objects intend
    expect(s.loud).toEqual([]);
    const list = await k(['get', 'networkpolicy', '-A']);
    expect(list.stdout).toMatch(/^shop\s+deny-by-default\s+<none>/m);
    expect(list.stdout).toMatch(/^shop\s+allow-from-team-a\s+<none>/m);
    expect(list.stdout).toMatch(/^demo\s+allow-shop-to-web\s+app=web/m);
  }, 180_000);

  it('every pod pair: simulator ⇔ real TCP with the written policies', async () => {
    const a = await compareWithReal(lab.name, lab.status, false);
    console.log(`after apply: ${a.checked} pod pairs, ${a.broken} unreachable in the simulator`);
    expect(a.disagreements).toEqual([]);
    expect(a.broken).toBeGreaterThan(0);
  }, 240_000);

  it('kubectl label namespace demo team=a: the namespaceSelector policy admits demo, TCP connects again', async () => {
    // through the API's second instance, from the client namespace (kubeconfig-client)
    const client = join(lab.status.runDir, 'kubeconfig-client');
    const labelled = await kubectl(client, ['label', 'namespace', 'demo', 'team=a'], lab.status.client.netns);
    expect(labelled.stderr).toBe('');
    expect(labelled.stdout.trim()).toBe('namespace/demo labeled');
    const { from, to } = pair();
    expect(await connects(from.netns, to.ip, 8080)).toBe(true);
    const s = await simulated();
    expect(s).toMatchObject({ reachable: true, verdict: 'ok', loud: [] });
    // the label is kept in the lab's state: a later fault reconcile keeps it
    const state = (await loadState(lab.name))!;
    expect(state.spec.namespaces.find((n) => n.name === 'demo')!.labels).toMatchObject({ team: 'a' });
  }, 180_000);

  it('a write does not undo an injected policy-flow-missing (the fault state is re-applied on top)', async () => {
    await faultOn(lab.name, 'policy-flow-missing');
    try {
      const relabel = await k(['label', 'namespace', 'demo', 'team=a', 'env=test', '--overwrite']);
      expect(relabel.code, relabel.stderr).toBe(0);
      const s = await simulated();
      expect(s.loud.length).toBeGreaterThan(0);
      expect(
        s.loud.every((f) => f.includes('policy-flow-missing')),
        s.loud.join('\n'),
      ).toBe(true);
    } finally {
      await faultOff(lab.name, 'policy-flow-missing');
    }
    expect((await simulated()).loud).toEqual([]);
  }, 180_000);

  it('kubectl delete -f and label removal: back to healthy', async () => {
    const deleted = await k(['delete', '-f', file()]);
    expect(deleted.stdout).toContain('networkpolicy.networking.k8s.io "deny-by-default" deleted');
    expect((await k(['label', 'namespace', 'demo', 'team-', 'env-'])).code).toBe(0);
    const { from, to } = pair();
    expect(await connects(from.netns, to.ip, 8080)).toBe(true);
    expect(await simulated()).toMatchObject({ reachable: true, verdict: 'ok', loud: [] });
    const list = await k(['get', 'networkpolicy', '-n', 'shop']);
    expect(`${list.stdout}${list.stderr}`).toContain('No resources found');
    const a = await compareWithReal(lab.name, lab.status, false);
    expect(a.disagreements).toEqual([]);
  }, 240_000);
});
