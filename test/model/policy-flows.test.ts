/**
 * The table 80 flows model/policy-flows.ts writes, against the ones a real 3.11 node programmed for
 * the same policies (openshift-examples capture, test/fixtures/ovs-flows/
 * ovs_flow_diffs_networkpolicy_ocp3.11_and_4.1_nostats_names.txt, blocks 6–8: the `+` lines).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { flowKey, flowText, namespaceEgressFlows, namespaceFlows } from '../../src/model/policy-flows.js';
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
        direction: 'ingress',
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

/**
 * Table 27 as release-4.12's node code writes it (networkpolicy.go generateNamespaceEgressFlows; the
 * scenarios of its networkpolicy_test.go: namespace "three" with a server-egress policy, "four"
 * with an egress rule to an empty podSelector).
 */
describe('egress flows (table 27) as openshift-sdn 4.10+ writes them', () => {
  const sel = (labels: Record<string, string>) => ({ matchLabels: labels, matchExpressions: [] });
  const egressPolicy = (namespace: string, name: string, spec: Partial<NetworkPolicy>): NetworkPolicy => ({
    namespace,
    name,
    podSelector: sel({ kind: 'server' }),
    policyTypes: ['Egress'],
    ingress: [],
    egress: [],
    ...spec,
  });
  const objects = {
    netids: new Map([
      ['three', 3],
      ['four', 4],
      ['five', 5],
    ]),
    namespaceLabels: new Map<string, Record<string, string>>([
      ['three', {}],
      ['four', { team: 'x' }],
      ['five', { team: 'x' }],
    ]),
    pods: [
      pod('three', 'client', '10.3.0.2', { kind: 'client' }),
      pod('three', 'server', '10.3.0.3', { kind: 'server' }),
      pod('four', 'client', '10.4.0.2', { kind: 'client' }),
      pod('four', 'server', '10.4.0.3', { kind: 'server' }),
      pod('five', 'client', '10.5.0.2', { kind: 'client' }),
    ],
  };
  const texts = (ns: string, p: NetworkPolicy[]) => namespaceEgressFlows(ns, p, objects).map(flowText);

  it('a selected pod may reach one pod: its allow flow, a drop for it, the rest open', () => {
    const flows = texts('three', [
      egressPolicy('three', 'server-egress', {
        egress: [{ ports: [], peers: [{ podSelector: sel({ kind: 'client' }) }] }],
      }),
    ]);
    expect(flows).toEqual([
      'table=27, priority=150, reg0=3, ip, nw_src=10.3.0.3, nw_dst=10.3.0.2, actions=goto_table:30',
      'table=27, priority=100, reg0=3, ip, nw_src=10.3.0.3, actions=drop',
      'table=27, priority=50, reg0=3, actions=goto_table:30',
    ]);
  });

  it('an empty podSelector peer is every pod of the namespace, by IP (the VNID is not known yet)', () => {
    const flows = texts('four', [
      egressPolicy('four', 'allow-egress', { egress: [{ ports: [], peers: [{ podSelector: ALL }] }] }),
    ]);
    expect(flows.filter((f) => f.includes('priority=150'))).toEqual([
      'table=27, priority=150, reg0=4, ip, nw_src=10.4.0.3, nw_dst=10.4.0.2, actions=goto_table:30',
      'table=27, priority=150, reg0=4, ip, nw_src=10.4.0.3, nw_dst=10.4.0.3, actions=goto_table:30',
    ]);
  });

  it('namespaceSelector peers are the pods of those namespaces; an empty one and ipBlock are addresses', () => {
    const flows = texts('three', [
      egressPolicy('three', 'to-team-x', {
        podSelector: ALL,
        egress: [
          { ports: [{ protocol: 'TCP', port: 8080 }], peers: [{ namespaceSelector: sel({ team: 'x' }) }] },
          { ports: [{ protocol: 'UDP', port: 53 }], peers: [{ namespaceSelector: ALL }] },
          { ports: [], peers: [{ ipBlock: { cidr: '192.168.0.0/16', except: [] } }] },
        ],
      }),
    ]);
    // a policy that selects every pod: no priority 100/50 flows (the table's priority 0 drops)
    expect(flows).toEqual([
      // namespaces by name (five, four), their pods by address
      'table=27, priority=150, reg0=3, tcp, nw_dst=10.5.0.2, tp_dst=8080, actions=goto_table:30',
      'table=27, priority=150, reg0=3, tcp, nw_dst=10.4.0.2, tp_dst=8080, actions=goto_table:30',
      'table=27, priority=150, reg0=3, tcp, nw_dst=10.4.0.3, tp_dst=8080, actions=goto_table:30',
      'table=27, priority=150, reg0=3, udp, tp_dst=53, actions=goto_table:30',
      'table=27, priority=150, reg0=3, ip, nw_dst=192.168.0.0/16, actions=goto_table:30',
    ]);
  });

  it('a namespace whose policies have no Egress type is open', () => {
    const ingressOnly = { ...egressPolicy('five', 'in', {}), policyTypes: ['Ingress'] };
    expect(texts('five', [ingressOnly])).toEqual(['table=27, priority=50, reg0=5, actions=goto_table:30']);
    expect(namespaceEgressFlows('unknown-ns', [], objects)).toEqual([]);
  });
});
