/**
 * The lab's side of the API writes (src/lab/api-writes.ts), without root: a write becomes the lab's
 * state (policies with their metadata, namespace labels; every other object keeps the
 * resourceVersion it was served with), and the bundle a node applies replaces exactly its per-VNID
 * table 80 flows with what the objects imply, with the injected fault state on top.
 */
import { describe, expect, it } from 'vitest';
import type { ApiObject } from '../../src/lab/api/data-files.js';
import { labApiObjects } from '../../src/lab/api-objects.js';
import { policyBundle, withWrite } from '../../src/lab/api-writes.js';
import { nodeFlows } from '../../src/lab/apply.js';
import type { LabState } from '../../src/lab/model.js';
import { buildLabSpec } from '../../src/lab/spec.js';

function labState(): LabState {
  const spec = buildLabSpec({ name: 'w', nodes: 3, podsPerNode: 3, plugin: 'networkpolicy' });
  return { spec, processes: [], faults: [], resourceVersion: 7 };
}

const served = (state: LabState, plural: 'networkpolicies' | 'namespaces') =>
  labApiObjects(state)[plural].items as ApiObject[];

const denyShop: ApiObject = {
  kind: 'NetworkPolicy',
  apiVersion: 'networking.k8s.io/v1',
  metadata: {
    name: 'deny-by-default',
    namespace: 'shop',
    uid: 'u-1',
    resourceVersion: '8',
    generation: 1,
    creationTimestamp: '2026-12-05T00:00:00Z',
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
  },
  spec: { podSelector: {}, ingress: [], policyTypes: ['Ingress'] },
};

describe('a write becomes the lab state', () => {
  it('a created policy is kept with its metadata and served back as written', () => {
    const state = labState();
    const spec = withWrite(state.spec, 'networkpolicies', served(state, 'networkpolicies'), {
      put: denyShop,
    });
    const next = { ...state, spec, resourceVersion: 8 };
    const back = served(next, 'networkpolicies').find((p) => p.metadata?.namespace === 'shop')!;
    expect(back.metadata).toMatchObject(denyShop.metadata!);
    expect(back.spec).toEqual(denyShop.spec);
    // the others keep the version they were served with (watchers see one change)
    const others = served(next, 'networkpolicies').filter((p) => p.metadata?.namespace !== 'shop');
    expect(others.map((p) => p.metadata?.resourceVersion)).toEqual(others.map(() => '7'));
    // and the policy is removed again by a delete
    const removed = withWrite(spec, 'networkpolicies', served(next, 'networkpolicies'), { remove: back });
    expect(removed.networkPolicies!.some((p) => p.namespace === 'shop')).toBe(false);
  });

  it('namespace labels are kept; the other namespaces are unchanged', () => {
    const state = labState();
    const items = served(state, 'namespaces');
    const demo = items.find((n) => n.metadata?.name === 'demo')!;
    const put = { ...demo, metadata: { ...demo.metadata, labels: { team: 'a' }, resourceVersion: '8' } };
    const spec = withWrite(state.spec, 'namespaces', items, { put });
    expect(spec.namespaces.find((n) => n.name === 'demo')).toMatchObject({
      labels: { team: 'a' },
      resourceVersion: '8',
    });
    const def = spec.namespaces.find((n) => n.name === 'default')!;
    expect(def.labels).toEqual(state.spec.namespaces.find((n) => n.name === 'default')!.labels);
    expect(def.resourceVersion).toBe('7');
  });
});

describe('the bundle a node applies', () => {
  it('deletes each local VNID of table 80 and adds the generated flows, nothing else', () => {
    const state = labState();
    const spec = withWrite(state.spec, 'networkpolicies', served(state, 'networkpolicies'), {
      put: denyShop,
    });
    const next = { ...state, spec };
    const lines = policyBundle(next, 2).trim().split('\n');
    const netid = (ns: string) => spec.namespaces.find((n) => n.name === ns)!.netid;
    expect(lines.filter((l) => l.startsWith('delete '))).toEqual(
      [netid('demo'), netid('shop')].sort((a, b) => a - b).map((v) => `delete table=80, reg1=${v}`),
    );
    const adds = lines.filter((l) => l.startsWith('add ')).map((l) => l.slice(4));
    expect(adds).toEqual(nodeFlows(next, 2).filter((f) => /^table=80, .*reg1=/.test(f)));
    // shop is default-deny now: no flow for its VNID at all
    expect(adds.some((f) => f.includes(`reg1=${netid('shop')},`))).toBe(false);
    expect(lines.every((l) => l.startsWith('delete table=80,') || l.startsWith('add table=80,'))).toBe(true);
  });

  it('policy-flow-missing stays injected after a write', () => {
    const state = labState();
    const healthy = policyBundle(state, 2);
    const faulty = policyBundle({ ...state, faults: [{ id: 'policy-flow-missing', node: 2 }] }, 2);
    const count = (b: string) => b.split('\n').filter((l) => l.startsWith('add ')).length;
    expect(count(faulty)).toBe(count(healthy) - 1);
  });
});
