import { describe, expect, it } from 'vitest';
import { msg } from '../../src/i18n/message.js';
import { dedupe, reduceCauses, rootCauses, type Candidate } from '../../src/diagnose/root-cause.js';

const c = (x: Partial<Candidate> & Pick<Candidate, 'fault'>): Candidate => ({
  section: '7.4',
  summary: msg(x.fault, x.fault),
  fix: msg('fix', '対処'),
  evidence: [],
  step: 'local.ovs',
  ...x,
});

describe('dedupe', () => {
  it('merges the same fault on the same object, keeping the more specific object', () => {
    const out = dedupe([
      c({ fault: 'svc-nat-missing', node: 'node-2', evidence: ['a'] }),
      c({ fault: 'svc-nat-missing', node: 'node-2', service: 'demo/web', evidence: ['b', 'a'] }),
    ]);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ service: 'demo/web', evidence: ['a', 'b'] });
  });

  it('keeps different nodes and different pods apart', () => {
    expect(
      dedupe([
        c({ fault: 'ip-forward-off', node: 'node-1' }),
        c({ fault: 'ip-forward-off', node: 'node-2' }),
      ]),
    ).toHaveLength(2);
    expect(
      dedupe([
        c({ fault: 'endpoint-down', node: 'n', pod: 'a/x' }),
        c({ fault: 'endpoint-down', node: 'n', pod: 'a/y' }),
      ]),
    ).toHaveLength(2);
  });
});

describe('rootCauses', () => {
  it('folds an endpoint that does not answer into the missing flow of its pod (one cause)', () => {
    const out = rootCauses([
      c({
        fault: 'endpoint-down',
        node: 'node-2',
        pod: 'demo/web-1',
        service: 'demo/web',
        involves: ['node-2'],
      }),
      c({ fault: 'flow-pod-missing', node: 'node-2', pod: 'demo/web-1' }),
    ]);
    expect(out.map((x) => x.fault)).toEqual(['flow-pod-missing']);
  });

  describe("39.13.3: two pods that got each other's ports", () => {
    const swap = (pod: string, other: string): Candidate =>
      c({
        fault: 'veth-peer-mismatch',
        section: '13.3',
        node: 'node-2',
        pod,
        text: `Pod ${pod}: br0's flows use port 4 — the veth of pod ${other}`,
      });
    const down = c({
      fault: 'endpoint-down',
      section: '5',
      node: 'node-2',
      pod: 'demo/web-2',
      service: 'demo/web',
      involves: ['node-2'],
    });

    it('are one cause, named by the pod the failed probe reached; its endpoint-down folds into it', () => {
      const out = rootCauses([down, swap('shop/shop-2', 'demo/web-2'), swap('demo/web-2', 'shop/shop-2')]);
      expect(out.map((x) => `${x.fault}@${x.pod}`)).toEqual(['veth-peer-mismatch@demo/web-2']);
    });

    it('stay two causes when no probe reached either pod (nothing says which one the user meant)', () => {
      const out = rootCauses([swap('shop/shop-2', 'demo/web-2'), swap('demo/web-2', 'shop/shop-2')]);
      expect(out.map((x) => x.pod).sort()).toEqual(['demo/web-2', 'shop/shop-2']);
    });

    it('are not folded when the two findings do not name each other (two separate swaps)', () => {
      const out = rootCauses([down, swap('shop/shop-2', 'demo/web-9'), swap('demo/web-2', 'shop/shop-7')]);
      expect(out.map((x) => x.pod).sort()).toEqual(['demo/web-2', 'shop/shop-2']);
    });
  });

  it('keeps an endpoint-down whose node has no deeper cause, next to a fault on another node', () => {
    const out = rootCauses([
      c({ fault: 'endpoint-down', section: '5', node: 'node-3', pod: 'demo/web-3', involves: ['node-3'] }),
      c({ fault: 'ip-forward-off', section: '7.3.1', node: 'node-2' }),
    ]);
    expect(out.map((x) => `${x.fault}@${x.node}`)).toEqual(['endpoint-down@node-3', 'ip-forward-off@node-2']);
  });

  it('svc-no-endpoints explains a service symptom', () => {
    const out = rootCauses([
      c({ fault: 'svc-no-endpoints', section: '5', service: 'demo/web' }),
      c({
        fault: 'svc-nat-missing',
        section: '11',
        node: 'node-1',
        service: 'demo/web',
        involves: ['node-1'],
      }),
    ]);
    expect(out.map((x) => x.fault)).toEqual(['svc-no-endpoints']);
  });

  it('ovs-port-missing explains flow-pod-missing of the same pod, matched by pod IP in the finding text', () => {
    const out = rootCauses(
      [
        c({ fault: 'ovs-port-missing', node: 'node-2', pod: 'demo/web-1' }),
        c({ fault: 'flow-pod-missing', node: 'node-2', text: 'no table 70 flow for 10.128.2.2' }),
      ],
      { podIps: { 'demo/web-1': '10.128.2.2' } },
    );
    expect(out.map((x) => x.fault)).toEqual(['ovs-port-missing']);
  });

  it('does not fold flow-pod-missing of another pod', () => {
    const out = rootCauses(
      [
        c({ fault: 'ovs-port-missing', node: 'node-2', pod: 'demo/web-1' }),
        c({ fault: 'flow-pod-missing', node: 'node-2', text: 'no table 70 flow for 10.128.2.3' }),
      ],
      { podIps: { 'demo/web-1': '10.128.2.2' } },
    );
    expect(out.map((x) => x.fault).sort()).toEqual(['flow-pod-missing', 'ovs-port-missing']);
  });

  it('a stale HostSubnet explains tunnel flows that other nodes lack for it', () => {
    const out = rootCauses(
      [
        c({ fault: 'hostsubnet-stale', section: '6', node: 'node-2' }),
        c({ fault: 'flow-tun-src-missing', node: 'node-1', text: 'no tun_src=192.168.122.62 flow' }),
        c({ fault: 'flow-tun-src-missing', node: 'node-3', text: 'no tun_src=192.168.122.62 flow' }),
      ],
      { staleHostSubnets: [{ node: 'node-2', hostIP: '192.168.122.62', subnet: '10.128.2.0/23' }] },
    );
    expect(out.map((x) => x.fault)).toEqual(['hostsubnet-stale']);
  });

  it('router-timeout explains the INPUT drop on the router port', () => {
    const out = rootCauses(
      [
        c({ fault: 'router-timeout', section: '3', node: 'node-1' }),
        c({
          fault: 'iptables-drop',
          section: '7.4.1',
          node: 'node-1',
          text: '-A INPUT -p tcp -m tcp --dport 80 -j DROP',
        }),
      ],
      { routerPort: 80 },
    );
    expect(out.map((x) => x.fault)).toEqual(['router-timeout']);
  });

  it("router-timeout explains keepalived's failing check on the same node only (§12)", () => {
    const out = rootCauses([
      c({ fault: 'router-timeout', section: '3', node: 'node-1' }),
      c({ fault: 'ipf-check-failing', section: '12', node: 'node-1', step: 'failover.monitor' }),
      c({ fault: 'ipf-check-failing', section: '12', node: 'node-2', step: 'failover.monitor' }),
    ]);
    expect(out.map((x) => `${x.fault}@${x.node}`)).toEqual([
      'router-timeout@node-1',
      'ipf-check-failing@node-2',
    ]);
  });

  it('a failed SDN setup explains the routes missing on its node, not on another', () => {
    const out = rootCauses([
      c({ fault: 'sdn-setup-error', section: '10', node: 'node-2' }),
      c({ fault: 'cluster-route-missing', section: '7.3.2', node: 'node-2' }),
      c({ fault: 'cluster-route-missing', section: '7.3.2', node: 'node-3' }),
    ]);
    expect(out.map((x) => `${x.fault}@${x.node}`)).toEqual([
      'cluster-route-missing@node-3',
      'sdn-setup-error@node-2',
    ]);
  });

  it('sorts by guide section', () => {
    const out = rootCauses([
      c({ fault: 'sdn-setup-error', section: '10', node: 'a' }),
      c({ fault: 'dns-missing', section: '3' }),
    ]);
    expect(out.map((x) => x.fault)).toEqual(['dns-missing', 'sdn-setup-error']);
  });
});

describe('one cause per shared misconfiguration', () => {
  const mtu = (node: string, values = '1500'): Candidate =>
    c({
      fault: 'mtu-mismatch',
      section: '8, 13.2',
      step: 'mtu',
      node,
      summary: msg(`On node ${node} the SDN MTU (${values}) is too big`, `ノード ${node} の MTU (${values})`),
      evidence: [`nodes/${node}/ip-addr.txt: mtu 1500`],
    });

  it('the same SDN MTU finding on every node is one cause naming all of them, node the first', () => {
    const out = rootCauses([mtu('node-3'), mtu('node-1'), mtu('node-2')]);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({
      fault: 'mtu-mismatch',
      node: 'node-1',
      nodes: ['node-1', 'node-2', 'node-3'],
    });
    expect(out[0]!.evidence).toHaveLength(3);
    expect(out[0]!.summary.en).toContain('the same on node-1, node-2, node-3');
  });

  it('a finding on one node stays one cause without `nodes`; different settings stay apart', () => {
    expect(rootCauses([mtu('node-2')])[0]!.nodes).toBeUndefined();
    expect(rootCauses([mtu('node-1', '1500'), mtu('node-2', '9000')])).toHaveLength(2);
  });

  it('the failover interface missing on every selected node is one cause (one setting of the configuration)', () => {
    const missing = (node: string): Candidate =>
      c({
        fault: 'ipf-interface-missing',
        section: '12',
        step: 'failover.keepalived',
        node,
        summary: msg(`${node} has no interface eth9`, `${node} には eth9 がありません`),
      });
    const out = rootCauses([missing('node-2'), missing('node-1')]);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ node: 'node-1', nodes: ['node-1', 'node-2'] });
  });

  it('a per-node fault is never merged across nodes', () => {
    const out = rootCauses([
      c({ fault: 'ip-forward-off', node: 'node-1', summary: msg('ip_forward 0', 'ip_forward 0') }),
      c({ fault: 'ip-forward-off', node: 'node-2', summary: msg('ip_forward 0', 'ip_forward 0') }),
    ]);
    expect(out.map((x) => x.node)).toEqual(['node-1', 'node-2']);
  });
});

describe('a failed probe is explained before it counts', () => {
  const dfProbe = c({
    fault: 'mtu-mismatch',
    section: '8, 13.2',
    step: 'mtu',
    node: 'node-1',
    involves: ['node-1', 'node-2'],
    active: true,
  });

  it('a don’t-fragment probe across a node whose tunnel flow is missing raises no MTU cause', () => {
    const flow = c({ fault: 'flow-tun-dst-missing', node: 'node-1' });
    const r = reduceCauses([dfProbe, flow]);
    expect(r.causes.map((x) => x.fault)).toEqual(['flow-tun-dst-missing']);
    expect(r.explained).toHaveLength(1);
    expect(r.explained[0]!.candidate.fault).toBe('mtu-mismatch');
    expect(r.explained[0]!.by).toMatchObject({ fault: 'flow-tun-dst-missing', node: 'node-1' });
  });

  it('the same probe stands when the path fault is on a node it does not cross', () => {
    const r = reduceCauses([dfProbe, c({ fault: 'ip-forward-off', node: 'node-3' })]);
    expect(r.causes.map((x) => x.fault).sort()).toEqual(['ip-forward-off', 'mtu-mismatch']);
    expect(r.explained).toEqual([]);
  });

  it('passive MTU evidence still counts beside a broken path', () => {
    const passive = c({ fault: 'mtu-mismatch', section: '8, 13.2', step: 'mtu', node: 'node-1' });
    const r = reduceCauses([passive, c({ fault: 'flow-pod-missing', node: 'node-1', pod: 'demo/a' })]);
    expect(r.causes.map((x) => x.fault).sort()).toEqual(['flow-pod-missing', 'mtu-mismatch']);
  });

  it('a host-to-host ping (underlay) is not explained by a flow fault on one of its nodes', () => {
    const ul = c({
      fault: 'underlay-down',
      section: '6',
      step: 'nodes.connectivity',
      node: 'node-3',
      involves: ['node-1', 'node-3'],
      active: true,
    });
    const r = reduceCauses([ul, c({ fault: 'flow-tun-dst-missing', node: 'node-1' })]);
    expect(r.causes.map((x) => x.fault).sort()).toEqual(['flow-tun-dst-missing', 'underlay-down']);
  });

  it('the explaining cause is the root of a chain (setup error → missing flow → failed probe)', () => {
    const r = reduceCauses([
      dfProbe,
      c({ fault: 'flow-tun-dst-missing', node: 'node-1' }),
      c({ fault: 'sdn-setup-error', section: '10', step: 'logs', node: 'node-1' }),
    ]);
    expect(r.causes.map((x) => x.fault)).toEqual(['sdn-setup-error']);
    expect(r.explained[0]!.by.fault).toBe('sdn-setup-error');
  });
});

describe('a symptom over a path that could not be read', () => {
  it('an endpoint that does not answer is undecided, not endpoint-down, when its node’s layers are unread', () => {
    const ep = c({
      fault: 'endpoint-down',
      node: 'node-3',
      pod: 'demo/web-3',
      involves: ['node-3'],
      active: true,
    });
    const r = reduceCauses([ep], { unreadPath: { 'node-3': msg('ovs-ofctl timed out', 'x') } });
    expect(r.causes).toEqual([]);
    expect(r.undecided).toMatchObject([{ node: 'node-3', reason: { en: 'ovs-ofctl timed out' } }]);
    // another node unread does not touch it
    expect(reduceCauses([ep], { unreadPath: { 'node-1': msg('x', 'x') } }).causes).toHaveLength(1);
  });
});
