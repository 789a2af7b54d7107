/**
 * The table 80 flows model/policy-flows.ts writes, against the ones a real 3.11 node programmed for
 * the same policies (openshift-examples capture, test/fixtures/ovs-flows/
 * ovs_flow_diffs_networkpolicy_ocp3.11_and_4.1_nostats_names.txt, blocks 6–8: the `+` lines).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { flowKey, flowText, namespaceFlows } from '../../src/model/policy-flows.js';
import type { NetworkPolicy, Pod } from '../../src/model/types.js';
import { parseOvsFlows } from '../../src/parsers/index.js';

const FIXTURE = readFileSync(
  new URL(
    '../fixtures/ovs-flows/ovs_flow_diffs_networkpolicy_ocp3.11_and_4.1_nostats_names.txt',
    import.meta.url,
  ),
  'utf8',
);
const SIMPSON = 13787457;
const BOUVIER = 3770897;

/** The `+` lines of blocks 6–8 (what the three policies added to table 80). */
function addedFlows(): string[] {
  const blocks = FIXTURE.split('### block ').filter((b) => /^[678]\n/.test(b));
  return blocks.flatMap((b) =>
    b
      .split('\n')
      .filter((l) => l.startsWith('+ table=80'))
      .map((l) => l.slice(1)),
  );
}

const ALL = { matchLabels: {}, matchExpressions: [] };
const POLICIES: NetworkPolicy[] = [
  {
    namespace: 'simpson',
    name: 'allow-from-openshift-ingress-namespace',
    podSelector: ALL,
    policyTypes: ['Ingress'],
    ingress: [
      {
        ports: [],
        peers: [{ namespaceSelector: { matchLabels: { name: 'openshift-ingress' }, matchExpressions: [] } }],
      },
    ],
    egress: [],
  },
  {
    namespace: 'simpson',
    name: 'allow-from-same-namespace',
    podSelector: ALL,
    policyTypes: ['Ingress'],
    ingress: [{ ports: [], peers: [{ podSelector: ALL }] }],
    egress: [],
  },
  {
    namespace: 'simpson',
    name: 'allow-from-bouviers-to-marge',
    podSelector: { matchLabels: { app: 'marge' }, matchExpressions: [] },
    policyTypes: ['Ingress'],
    ingress: [
      {
        ports: [],
        peers: [{ namespaceSelector: { matchLabels: { name: 'bouvier' }, matchExpressions: [] } }],
      },
    ],
    egress: [],
  },
];

const pod = (namespace: string, name: string, podIP: string, labels: Record<string, string>): Pod => ({
  namespace,
  name,
  node: 'node1',
  podIP,
  phase: 'Running',
  ready: true,
  hostNetwork: false,
  labels,
  containerPorts: [],
});

describe('policy flows as openshift-sdn 3.11 writes them', () => {
  it('equal the flows the real node added for the three policies', () => {
    const objects = {
      // the capture's router namespace had VNID 0 (the flow is reg0=0)
      netids: new Map([
        ['openshift-ingress', 0],
        ['simpson', SIMPSON],
        ['bouvier', BOUVIER],
      ]),
      namespaceLabels: new Map<string, Record<string, string>>([
        ['openshift-ingress', { name: 'openshift-ingress' }],
        ['simpson', {}],
        ['bouvier', { name: 'bouvier' }],
      ]),
      pods: [
        pod('simpson', 'marge-1', '10.30.2.90', { app: 'marge' }),
        pod('simpson', 'marge-2', '10.30.3.60', { app: 'marge' }),
        pod('simpson', 'homer-1', '10.30.2.91', { app: 'homer' }),
      ],
    };
    const ours = namespaceFlows('simpson', POLICIES, objects);
    const real = parseOvsFlows(addedFlows().join('\n')).records;
    expect(real).toHaveLength(4);
    const realKeys = real.map((f) =>
      flowKey({
        priority: f.priority as 150,
        vnid: Number(f.match.find((m) => m.field === 'reg1')!.value),
        ...(f.match.some((m) => m.field === 'reg0')
          ? { reg0: Number(f.match.find((m) => m.field === 'reg0')!.value) }
          : {}),
        ...(f.match.some((m) => m.field === 'nw_dst')
          ? { nwDst: f.match.find((m) => m.field === 'nw_dst')!.value! }
          : {}),
        action: 'allow',
      }),
    );
    // every policy selects all pods (two have an empty podSelector): no priority 100/50 flows
    expect(ours.map(flowKey).sort()).toEqual(realKeys.sort());
    expect(ours.find((f) => f.reg0 === 0)?.policy).toBe('simpson/allow-from-openshift-ingress-namespace');
    expect(flowText(ours.find((f) => f.nwDst === '10.30.2.90')!)).toBe(
      `table=80, priority=150, reg1=${SIMPSON}, ip, reg0=${BOUVIER}, nw_dst=10.30.2.90, actions=output:NXM_NX_REG2[]`,
    );
  });

  it('a namespace whose policies select some pods: drops for those, then open (priority 100 / 50)', () => {
    const objects = {
      netids: new Map([['simpson', SIMPSON]]),
      namespaceLabels: new Map([['simpson', {}]]),
      pods: [pod('simpson', 'marge-1', '10.30.2.90', { app: 'marge' })],
    };
    const flows = namespaceFlows('simpson', [POLICIES[2]!], objects).filter((f) => f.priority !== 150);
    expect(flows.map(flowText)).toEqual([
      `table=80, priority=100, reg1=${SIMPSON}, ip, nw_dst=10.30.2.90, actions=drop`,
      `table=80, priority=50, reg1=${SIMPSON}, actions=output:NXM_NX_REG2[]`,
    ]);
  });
});
