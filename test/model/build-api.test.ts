import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ApiSnapshot, Snapshot } from '../../src/artifacts/types.js';
import { buildModel } from '../../src/model/index.js';
import { sample } from '../bundle/helpers.js';

const snap = (api: ApiSnapshot): Snapshot => ({
  collectedAt: 'x',
  collector: 'test',
  api,
  artifacts: [],
  warnings: [],
});
const ok = (...items: unknown[]) => ({ ok: true as const, items });

describe('buildModel: API objects', () => {
  it('ClusterNetwork "default" from the CNO sample (two cluster networks, mtu, plugin)', async () => {
    const cn = parse(await sample('clusternetwork_yaml_cno_unit_test.txt'));
    const { model, warnings } = buildModel(snap({ clusternetworks: ok(cn) }));
    expect(warnings).toEqual([]);
    expect(model.clusterNetwork).toEqual({
      artifact: 'api/clusternetworks.json',
      value: {
        name: 'default',
        clusterCIDRs: ['10.128.0.0/15', '10.0.0.0/14'],
        hostSubnetLength: 9,
        serviceNetwork: '172.30.0.0/16',
        pluginName: 'redhat/openshift-ovs-networkpolicy',
        vxlanPort: 4789,
        mtu: 1450,
      },
    });
  });

  it('legacy ClusterNetwork (network / hostsubnetlength only, no vxlanPort)', () => {
    const legacy = {
      metadata: { name: 'default' },
      network: '10.1.0.0/16',
      hostsubnetlength: 8,
      serviceNetwork: '172.30.0.0/16',
      pluginName: 'redhat/openshift-ovs-subnet',
    };
    const { model } = buildModel(
      snap({
        clusternetworks: ok(
          { metadata: { name: 'other' }, network: '10.9.0.0/16', serviceNetwork: 'x' },
          legacy,
        ),
      }),
    );
    expect(model.clusterNetwork?.value).toEqual({
      name: 'default',
      clusterCIDRs: ['10.1.0.0/16'],
      hostSubnetLength: 8,
      serviceNetwork: '172.30.0.0/16',
      pluginName: 'redhat/openshift-ovs-subnet',
      vxlanPort: 4789,
    });
  });

  it('no "default" ClusterNetwork → undefined and a warning', () => {
    const { model, warnings } = buildModel(
      snap({ clusternetworks: ok({ metadata: { name: 'x' }, network: '10.1.0.0/16', serviceNetwork: 's' }) }),
    );
    expect(model.clusterNetwork).toBeUndefined();
    expect(warnings.map((w) => w.message.en)).toEqual([
      expect.stringMatching(/no ClusterNetwork named "default"/),
    ]);
  });

  it('HostSubnets: fixed-vnid annotation, egressIPs; one without hostIP is left out with a warning', () => {
    const { model, warnings } = buildModel(
      snap({
        hostsubnets: ok(
          {
            metadata: { name: 'n2', uid: 'u2' },
            host: 'n2',
            hostIP: '10.0.0.2',
            subnet: '10.128.2.0/23',
            egressIPs: ['10.0.0.100'],
          },
          {
            metadata: { name: 'f5', annotations: { 'pod.network.openshift.io/fixed-vnid-host': '0' } },
            host: 'f5',
            hostIP: '10.0.0.50',
            subnet: '10.128.4.0/23',
          },
          { metadata: { name: 'broken' }, host: 'broken', subnet: '10.128.6.0/23' },
        ),
      }),
    );
    expect(model.hostSubnets?.value).toEqual([
      { name: 'f5', host: 'f5', hostIP: '10.0.0.50', subnet: '10.128.4.0/23', egressIPs: [], fixedVnid: 0 },
      {
        name: 'n2',
        host: 'n2',
        hostIP: '10.0.0.2',
        subnet: '10.128.2.0/23',
        uid: 'u2',
        egressIPs: ['10.0.0.100'],
      },
    ]);
    expect(warnings).toEqual([
      {
        source: 'api/hostsubnets.json',
        message: expect.objectContaining({ en: 'hostsubnets item broken has no hostIP; it is left out' }),
      },
    ]);
  });

  it('NetNamespaces: multicast annotation', () => {
    const { model } = buildModel(
      snap({
        netnamespaces: ok(
          {
            metadata: {
              name: 'a',
              annotations: { 'netnamespace.network.openshift.io/multicast-enabled': 'true' },
            },
            netname: 'a',
            netid: 11,
          },
          { metadata: { name: 'default' }, netname: 'default', netid: 0 },
        ),
      }),
    );
    expect(model.netNamespaces?.value).toEqual([
      { name: 'a', netid: 11, multicast: true },
      { name: 'default', netid: 0, multicast: false },
    ]);
  });

  it('Nodes: InternalIP and Ready (True / False / absent)', () => {
    const node = (name: string, status?: string) => ({
      metadata: { name, labels: { 'node-role.kubernetes.io/compute': 'true' } },
      status: {
        addresses: [
          { type: 'Hostname', address: name },
          { type: 'InternalIP', address: `10.0.0.${name.slice(-1)}` },
        ],
        conditions: status
          ? [
              { type: 'MemoryPressure', status: 'False' },
              { type: 'Ready', status },
            ]
          : [],
      },
    });
    const { model } = buildModel(snap({ nodes: ok(node('n3'), node('n1', 'True'), node('n2', 'False')) }));
    const nodes = model.nodes?.value ?? [];
    expect(nodes.map((n) => [n.name, n.internalIP, n.ready])).toEqual([
      ['n1', '10.0.0.1', true],
      ['n2', '10.0.0.2', false],
      ['n3', '10.0.0.3', undefined],
    ]);
    expect(nodes[0]?.labels).toEqual({ 'node-role.kubernetes.io/compute': 'true' });
    // Every API node gets a NodeFacts entry, with nothing collected: facets stay undefined.
    expect(model.nodeFacts.n1).toEqual({ name: 'n1', ovs: {} });
  });

  it('Pods: ready from conditions, hostNetwork, container ports', () => {
    const { model } = buildModel(
      snap({
        pods: ok(
          {
            metadata: { name: 'web', namespace: 'b', labels: { app: 'web' } },
            spec: {
              nodeName: 'n1',
              containers: [
                {
                  ports: [
                    { containerPort: 8080, name: 'http' },
                    { containerPort: 53, protocol: 'UDP' },
                  ],
                },
              ],
            },
            status: {
              phase: 'Running',
              podIP: '10.128.0.5',
              hostIP: '10.0.0.1',
              conditions: [{ type: 'Ready', status: 'True' }],
            },
          },
          {
            metadata: { name: 'router', namespace: 'a' },
            spec: { nodeName: 'n2', hostNetwork: true, containers: [{}] },
            status: { phase: 'Running', podIP: '10.0.0.2', conditions: [{ type: 'Ready', status: 'False' }] },
          },
        ),
      }),
    );
    expect(model.pods?.value).toEqual([
      {
        namespace: 'a',
        name: 'router',
        node: 'n2',
        podIP: '10.0.0.2',
        phase: 'Running',
        ready: false,
        hostNetwork: true,
        labels: {},
        containerPorts: [],
      },
      {
        namespace: 'b',
        name: 'web',
        node: 'n1',
        hostIP: '10.0.0.1',
        podIP: '10.128.0.5',
        phase: 'Running',
        ready: true,
        hostNetwork: false,
        labels: { app: 'web' },
        containerPorts: [
          { name: 'http', port: 8080, protocol: 'TCP' },
          { port: 53, protocol: 'UDP' },
        ],
      },
    ]);
  });

  it('Services, Endpoints, Routes (tls termination, admitted)', () => {
    const { model } = buildModel(
      snap({
        services: ok({
          metadata: { name: 'web', namespace: 'b' },
          spec: {
            clusterIP: '172.30.0.10',
            selector: { app: 'web' },
            ports: [{ name: 'http', port: 80, targetPort: 'http' }],
          },
        }),
        endpoints: ok({
          metadata: { name: 'web', namespace: 'b' },
          subsets: [
            {
              addresses: [
                { ip: '10.128.0.5', nodeName: 'n1', targetRef: { kind: 'Pod', namespace: 'b', name: 'web' } },
              ],
              notReadyAddresses: [{ ip: '10.128.0.6' }],
              ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
            },
          ],
        }),
        routes: ok(
          {
            metadata: { name: 'web', namespace: 'b' },
            spec: {
              host: 'web.apps.example.test',
              to: { kind: 'Service', name: 'web' },
              port: { targetPort: 'http' },
              tls: { termination: 'reencrypt' },
            },
            status: {
              ingress: [{ routerName: 'router', conditions: [{ type: 'Admitted', status: 'True' }] }],
            },
          },
          {
            metadata: { name: 'clash', namespace: 'b' },
            spec: { host: 'web.apps.example.test', path: '/x', to: { name: 'web' } },
            status: {
              ingress: [
                { conditions: [{ type: 'Admitted', status: 'False', reason: 'HostAlreadyClaimed' }] },
              ],
            },
          },
          {
            metadata: { name: 'new', namespace: 'b' },
            spec: { host: 'n.apps.example.test', to: { name: 'web' } },
          },
        ),
      }),
    );
    expect(model.services?.value).toEqual([
      {
        namespace: 'b',
        name: 'web',
        type: 'ClusterIP',
        clusterIP: '172.30.0.10',
        selector: { app: 'web' },
        ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }],
        labels: {},
      },
    ]);
    expect(model.endpoints?.value[0]?.subsets).toEqual([
      {
        addresses: [{ ip: '10.128.0.5', nodeName: 'n1', targetPod: { namespace: 'b', name: 'web' } }],
        notReadyAddresses: [{ ip: '10.128.0.6' }],
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      },
    ]);
    expect(
      model.routes?.value.map((r) => [r.name, r.tlsTermination, r.admitted, r.path, r.targetPort]),
    ).toEqual([
      ['clash', undefined, false, '/x', undefined],
      ['new', undefined, undefined, undefined, undefined],
      ['web', 'reencrypt', true, undefined, 'http'],
    ]);
  });

  it('a list that could not be read → facet undefined with a warning; a list never collected → undefined, silent', () => {
    const { model, warnings } = buildModel(snap({ pods: { ok: false, error: 'forbidden', status: 403 } }));
    expect(model.pods).toBeUndefined();
    expect(model.services).toBeUndefined();
    expect(warnings).toEqual([
      {
        source: 'api/pods.json',
        message: expect.objectContaining({
          en: expect.stringMatching(/^pods could not be read \(forbidden\)/),
        }),
      },
    ]);
    expect(buildModel(snap({ pods: ok() })).model.pods?.value).toEqual([]);
  });

  it('garbage items never throw', () => {
    const { model, warnings } = buildModel(
      snap({ nodes: ok(null, 42, 'x', [], { metadata: 'no' }), services: ok({ metadata: { name: 's' } }) }),
    );
    expect(model.nodes?.value).toEqual([]);
    expect(warnings).toHaveLength(6);
    expect(warnings.every((w) => w.message.ja.length > 0)).toBe(true);
  });
});
