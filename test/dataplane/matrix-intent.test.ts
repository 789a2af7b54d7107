import { describe, expect, it } from 'vitest';
import { ClusterDataplane } from '../../src/dataplane/trace/cluster.js';
import { computeMatrix } from '../../src/dataplane/matrix/matrix.js';
import { renderMatrixText, matrixToJson } from '../../src/report/matrix.js';
import { fixtureCluster } from '../../testkit/dataplane/cluster-fixture.js';
import { fixtureModel } from '../../testkit/dataplane/fixture-model.js';
import { parseIp } from '../../src/net/ipv4.js';
import { PROTO_TCP } from '../../src/dataplane/engine/packet.js';

describe('matrix: intent from the objects beside reachability', () => {
  it('healthy multitenant: zero unexpected pairs, cross-project pairs isolated as intended', () => {
    const m = computeMatrix(new ClusterDataplane(fixtureModel(fixtureCluster('multitenant', 3, 6))));
    // node → pod pairs have no intent (the matrix answers them through a stand-in pod)
    expect(m.intent).toMatchObject({ unexpectedDeny: 0, unexpectedAllow: 0, complete: false });
    const podPairs = m.pairs.filter((p) => !p.from.startsWith('node/'));
    expect(m.intent!.pairs).toBe(podPairs.length);
    expect(m.intent!.isolated.pairs).toBe(podPairs.filter((p) => !p.reachable).length);
    expect(m.intent!.isolated.pairs).toBeGreaterThan(0);
    expect(podPairs.every((p) => p.verdict === 'ok')).toBe(true);
    const json = matrixToJson(m) as { pairs: { expected?: string; verdict?: string }[] };
    expect(json.pairs.some((p) => p.expected === 'isolated' && p.verdict === 'ok')).toBe(true);
    const text = renderMatrixText(m, 'en');
    expect(text).toContain('Broken (unexpected deny): 0');
    expect(text).toContain('Isolation holes (unexpected allow): 0');
    expect(text).toContain(`Isolated as intended: ${m.intent!.isolated.pairs}`);
  });

  it('a pod that lost its flows: its intended pairs become unexpected denies', () => {
    const model = fixtureModel(fixtureCluster('multitenant', 3, 6), [
      { id: 'flow-pod-missing', pod: 'blue/app-2-2' },
    ]);
    const m = computeMatrix(new ClusterDataplane(model));
    expect(m.intent!.unexpectedDeny).toBeGreaterThan(0);
    expect(m.intent!.unexpectedAllow).toBe(0);
    const denied = m.pairs.filter((p) => p.verdict === 'unexpected-deny');
    expect(
      denied.every(
        (p) => p.from === 'pod/blue/app-2-2' || p.to === 'pod/blue/app-2-2' || p.to.startsWith('svc/'),
      ),
    ).toBe(true);
    expect(renderMatrixText(m, 'ja')).toContain('不通（意図に反する拒否）');
  });

  it('a table 80 flow that admits everything on one node: isolation holes', () => {
    const model = fixtureModel(fixtureCluster('multitenant', 3, 6), [
      { id: 'extra-flow', node: 'node-2', flow: 'table=80, priority=250, actions=output:NXM_NX_REG2[]' },
    ]);
    const m = computeMatrix(new ClusterDataplane(model));
    expect(m.intent!.unexpectedAllow).toBeGreaterThan(0);
    const holes = m.pairs.filter((p) => p.verdict === 'unexpected-allow');
    const nodeOf = new Map(model.pods!.value.map((p) => [`pod/${p.namespace}/${p.name}`, p.node]));
    expect(holes.filter((p) => p.to.startsWith('pod/')).every((p) => nodeOf.get(p.to) === 'node-2')).toBe(
      true,
    );
    expect(holes.every((p) => p.expected === 'isolated' && p.reachable)).toBe(true);
  });

  it('subnet: everything intended reachable; no NetNamespaces needed', () => {
    const m = computeMatrix(new ClusterDataplane(fixtureModel(fixtureCluster('subnet', 3, 6))));
    expect(m.intent).toMatchObject({
      unexpectedDeny: 0,
      unexpectedAllow: 0,
      isolated: { pairs: 0 },
    });
    expect(m.intent!.pairs).toBe(m.counts.byKind['pod-pod'].pairs + m.counts.byKind['pod-service'].pairs);
  });

  it('multitenant without NetNamespaces: intent unknown, no verdicts', () => {
    const model = { ...fixtureModel(fixtureCluster('multitenant', 3, 6)), netNamespaces: undefined };
    const m = computeMatrix(new ClusterDataplane(model));
    expect(m.intent!.unknown?.en).toContain('NetNamespaces were not read');
    expect(m.pairs.some((p) => p.verdict !== undefined)).toBe(false);
  });
});

describe('trace: table 80 names the object behind its decision', () => {
  const model = fixtureModel(fixtureCluster('multitenant', 3, 6));
  const dp = new ClusterDataplane(model);
  const pods = model.pods!.value;
  const notes = (from: string, to: string): string[] => {
    const a = pods.find((p) => `${p.namespace}/${p.name}` === from)!;
    const b = pods.find((p) => `${p.namespace}/${p.name}` === to)!;
    const t = dp.trace({ kind: 'pod', pod: a }, { ip: parseIp(b.podIP!)!, port: 8080, proto: PROTO_TCP });
    return t.hops.flatMap((h) =>
      h.steps.filter((s) => s.kind === 'note' && s.table === 80).map((s) => s.action),
    );
  };

  it('isolated across projects: the netids', () => {
    const [a, b] = [pods.find((p) => p.namespace === 'blue')!, pods.find((p) => p.namespace === 'green')!];
    expect(notes(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`)).toEqual([
      "the projects' NetNamespace netids isolate it (intended)",
    ]);
  });

  it('admitted within a project: the netid', () => {
    const [a, b] = pods.filter((p) => p.namespace === 'blue');
    expect(notes(`${a!.namespace}/${a!.name}`, `${b!.namespace}/${b!.name}`)).toEqual([
      'same project or a global one (netid)',
    ]);
  });
});
