/**
 * A realistic 3-node OpenShift 3.11 openshift-sdn (ovs-subnet) cluster as API objects, in the
 * REST shapes a real master returns: what the lab API tests serve and check kubectl against.
 * Addresses follow the guide's example (39.4: router on 192.168.122.202 with pod IP 10.128.0.4).
 * Every object is created `ageMs` before `now`, so that AGE columns are predictable.
 */
import type { Api3Resource } from '../../src/artifacts/types.js';

/** One node of the fixture cluster. */
export interface FixtureNode {
  readonly name: string;
  readonly ip: string;
  readonly subnet: string;
}

export const FIXTURE_NODES: readonly FixtureNode[] = [
  { name: 'node-1', ip: '192.168.122.202', subnet: '10.128.0.0/23' },
  { name: 'node-2', ip: '192.168.122.203', subnet: '10.129.0.0/23' },
  { name: 'node-3', ip: '192.168.122.204', subnet: '10.130.0.0/23' },
];

/** Objects of every resource, keyed by plural. */
export type FixtureObjects = Record<Api3Resource, Record<string, unknown>[]>;

/** Builds the cluster; `ageMs` defaults to 3 days (AGE `3d`). */
export function buildFixtureCluster(now: number = Date.now(), ageMs = 3 * 24 * 3600 * 1000): FixtureObjects {
  const created = new Date(now - ageMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
  let uid = 0;
  const meta = (name: string, namespace?: string, labels?: Record<string, string>) => ({
    name,
    ...(namespace ? { namespace } : {}),
    uid: `0b6a1c2e-0000-4000-8000-${String(++uid).padStart(12, '0')}`,
    resourceVersion: String(1000 + uid),
    creationTimestamp: created,
    ...(labels ? { labels } : {}),
  });

  const nodes = FIXTURE_NODES.map((n, i) => ({
    metadata: meta(n.name, undefined, {
      'kubernetes.io/hostname': n.name,
      ...(i === 0
        ? { 'node-role.kubernetes.io/infra': 'true' }
        : { 'node-role.kubernetes.io/compute': 'true' }),
      ...(i === 0 ? { 'node-role.kubernetes.io/master': 'true' } : {}),
    }),
    spec: {},
    status: {
      addresses: [
        { type: 'InternalIP', address: n.ip },
        { type: 'Hostname', address: n.name },
      ],
      conditions: [
        { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory' },
        { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
      ],
      nodeInfo: {
        kubeletVersion: 'v1.11.0+d4cacc0',
        kubeProxyVersion: 'v1.11.0+d4cacc0',
        osImage: 'Red Hat Enterprise Linux Server 7.6 (Maipo)',
        kernelVersion: '3.10.0-957.el7.x86_64',
        containerRuntimeVersion: 'docker://1.13.1',
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
    },
  }));

  const namespaceNames = ['default', 'kube-system', 'openshift-node', 'openshift-sdn', 'web'];
  const namespaces = namespaceNames.map((name) => ({
    metadata: meta(name),
    spec: { finalizers: ['kubernetes', 'openshift.io/origin'] },
    status: { phase: 'Active' },
  }));

  const pod = (
    namespace: string,
    name: string,
    node: FixtureNode | undefined,
    podIP: string | undefined,
    labels: Record<string, string>,
    extra: { hostNetwork?: boolean; phase?: string; ready?: boolean; restarts?: number } = {},
  ) => {
    const phase = extra.phase ?? 'Running';
    const running = phase === 'Running';
    return {
      metadata: meta(name, namespace, labels),
      spec: {
        containers: [{ name: name.split('-')[0], image: `registry.example/${name.split('-')[0]}:v3.11` }],
        restartPolicy: 'Always',
        schedulerName: 'default-scheduler',
        serviceAccountName: 'default',
        ...(node ? { nodeName: node.name } : {}),
        ...(extra.hostNetwork ? { hostNetwork: true } : {}),
      },
      status: {
        phase,
        ...(node ? { hostIP: node.ip } : {}),
        ...(podIP ? { podIP } : {}),
        ...(node ? { startTime: created } : {}),
        conditions: [{ type: 'Ready', status: running && extra.ready !== false ? 'True' : 'False' }],
        ...(node
          ? {
              containerStatuses: [
                {
                  name: name.split('-')[0],
                  ready: running && extra.ready !== false,
                  restartCount: extra.restarts ?? 0,
                  state: running
                    ? { running: { startedAt: created } }
                    : { waiting: { reason: 'ContainerCreating' } },
                },
              ],
            }
          : {}),
      },
    };
  };
  const [n1, n2, n3] = FIXTURE_NODES as [FixtureNode, FixtureNode, FixtureNode];
  const pods = [
    // 39.4: the router runs on node-1 (192.168.122.202) with pod IP 10.128.0.4.
    pod('default', 'router-1-8x2kq', n1, '10.128.0.4', { deploymentconfig: 'router', router: 'router' }),
    pod('default', 'docker-registry-1-5tkpz', n2, '10.129.0.3', {
      deploymentconfig: 'docker-registry',
      'docker-registry': 'default',
    }),
    ...FIXTURE_NODES.flatMap((n, i) => [
      pod(
        'openshift-sdn',
        `ovs-${['7xv2p', 'bq9dn', 'k4mzt'][i]}`,
        n,
        n.ip,
        { app: 'ovs' },
        { hostNetwork: true },
      ),
      pod(
        'openshift-sdn',
        `sdn-${['2lwcs', 'hj5rf', 'w8tnq'][i]}`,
        n,
        n.ip,
        { app: 'sdn' },
        { hostNetwork: true },
      ),
    ]),
    pod('web', 'hello-1-7d4kx', n2, '10.129.0.10', { app: 'hello', deploymentconfig: 'hello' }),
    pod(
      'web',
      'hello-1-qm9vb',
      n3,
      '10.130.0.12',
      { app: 'hello', deploymentconfig: 'hello' },
      { restarts: 2 },
    ),
    pod('web', 'api-1-zz8rt', n3, '10.130.0.13', { app: 'api', tier: 'backend' }),
    // Scheduled nowhere yet: no node, no IP (field selectors must see spec.nodeName == '').
    pod('web', 'api-1-pend1', undefined, undefined, { app: 'api', tier: 'backend' }, { phase: 'Pending' }),
  ];

  const service = (
    namespace: string,
    name: string,
    clusterIP: string,
    ports: { name: string; port: number; targetPort: number; nodePort?: number }[],
    selector: Record<string, string> | undefined,
    labels?: Record<string, string>,
    type = 'ClusterIP',
  ) => ({
    metadata: meta(name, namespace, labels),
    spec: {
      clusterIP,
      type,
      sessionAffinity: 'None',
      ports: ports.map((p) => ({ protocol: 'TCP', ...p })),
      ...(selector ? { selector } : {}),
    },
    status: { loadBalancer: {} },
  });
  const services = [
    service(
      'default',
      'kubernetes',
      '172.30.0.1',
      [{ name: 'https', port: 443, targetPort: 8443 }],
      undefined,
      {
        component: 'apiserver',
        provider: 'kubernetes',
      },
    ),
    service(
      'default',
      'router',
      '172.30.143.19',
      [
        { name: '80-tcp', port: 80, targetPort: 80 },
        { name: '443-tcp', port: 443, targetPort: 443 },
        { name: '1936-tcp', port: 1936, targetPort: 1936 },
      ],
      { router: 'router' },
      { router: 'router' },
    ),
    service(
      'default',
      'docker-registry',
      '172.30.1.1',
      [{ name: '5000-tcp', port: 5000, targetPort: 5000 }],
      {
        'docker-registry': 'default',
      },
    ),
    service(
      'web',
      'hello',
      '172.30.12.34',
      [{ name: '8080-tcp', port: 8080, targetPort: 8080 }],
      { app: 'hello' },
      {
        app: 'hello',
      },
    ),
    service(
      'web',
      'hello-nodeport',
      '172.30.12.35',
      [{ name: 'http', port: 8080, targetPort: 8080, nodePort: 30080 }],
      { app: 'hello' },
      { app: 'hello' },
      'NodePort',
    ),
    service('web', 'api', '172.30.200.7', [{ name: 'http', port: 80, targetPort: 8080 }], { app: 'api' }),
  ];

  const address = (ip: string, podName: string, namespace: string, node: FixtureNode) => ({
    ip,
    nodeName: node.name,
    targetRef: { kind: 'Pod', namespace, name: podName },
  });
  const endpoints = [
    {
      metadata: meta('kubernetes', 'default', { component: 'apiserver', provider: 'kubernetes' }),
      subsets: [{ addresses: [{ ip: n1.ip }], ports: [{ name: 'https', port: 8443, protocol: 'TCP' }] }],
    },
    {
      metadata: meta('router', 'default', { router: 'router' }),
      subsets: [
        {
          addresses: [address('10.128.0.4', 'router-1-8x2kq', 'default', n1)],
          ports: [
            { name: '80-tcp', port: 80, protocol: 'TCP' },
            { name: '443-tcp', port: 443, protocol: 'TCP' },
            { name: '1936-tcp', port: 1936, protocol: 'TCP' },
          ],
        },
      ],
    },
    {
      metadata: meta('docker-registry', 'default', { 'docker-registry': 'default' }),
      subsets: [
        {
          addresses: [address('10.129.0.3', 'docker-registry-1-5tkpz', 'default', n2)],
          ports: [{ name: '5000-tcp', port: 5000, protocol: 'TCP' }],
        },
      ],
    },
    ...['hello', 'hello-nodeport'].map((name) => ({
      metadata: meta(name, 'web', { app: 'hello' }),
      subsets: [
        {
          addresses: [
            address('10.129.0.10', 'hello-1-7d4kx', 'web', n2),
            address('10.130.0.12', 'hello-1-qm9vb', 'web', n3),
          ],
          ports: [{ name: name === 'hello' ? '8080-tcp' : 'http', port: 8080, protocol: 'TCP' }],
        },
      ],
    })),
    {
      metadata: meta('api', 'web'),
      subsets: [
        {
          addresses: [address('10.130.0.13', 'api-1-zz8rt', 'web', n3)],
          ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
        },
      ],
    },
  ];

  const admitted = (host: string) => ({
    ingress: [
      {
        host,
        routerName: 'router',
        wildcardPolicy: 'None',
        conditions: [{ type: 'Admitted', status: 'True', lastTransitionTime: created }],
      },
    ],
  });
  const route = (name: string, host: string, path: string | undefined, svc: string, extra = {}) => ({
    metadata: meta(name, 'web', { app: svc }),
    spec: {
      host,
      ...(path ? { path } : {}),
      to: { kind: 'Service', name: svc, weight: 100 },
      port: { targetPort: svc === 'api' ? 'http' : '8080-tcp' },
      wildcardPolicy: 'None',
      ...extra,
    },
    status: admitted(host),
  });
  const routes = [
    route('hello', 'hello-web.apps.example.com', undefined, 'hello'),
    route('api', 'hello-web.apps.example.com', '/api', 'api'),
    route('secure', 'secure-web.apps.example.com', undefined, 'hello', {
      tls: { termination: 'edge', insecureEdgeTerminationPolicy: 'Redirect' },
    }),
  ];

  const hostsubnets = FIXTURE_NODES.map((n) => ({
    metadata: {
      ...meta(n.name),
      annotations: { 'pod.network.openshift.io/node-uid': `uid-${n.name}` },
    },
    host: n.name,
    hostIP: n.ip,
    subnet: n.subnet,
    ...(n.name === 'node-2' ? { egressIPs: ['192.168.122.250'] } : {}),
  }));

  const clusternetworks = [
    {
      metadata: meta('default'),
      clusterNetworks: [{ CIDR: '10.128.0.0/14', hostSubnetLength: 9 }],
      hostsubnetlength: 9,
      mtu: 1450,
      network: '10.128.0.0/14',
      pluginName: 'redhat/openshift-ovs-subnet',
      serviceNetwork: '172.30.0.0/16',
      vxlanPort: 4789,
    },
  ];

  const netids: Record<string, number> = {
    default: 0,
    'kube-system': 1,
    'openshift-node': 6723051,
    'openshift-sdn': 15442218,
    web: 11758537,
  };
  const netnamespaces = namespaceNames.map((name) => ({
    metadata: meta(name),
    netid: netids[name] ?? 0,
    netname: name,
  }));

  const nodeConfig = [
    'kind: NodeConfig',
    'apiVersion: v1',
    'networkConfig:',
    '  mtu: 1450',
    '  networkPluginName: redhat/openshift-ovs-subnet',
    'servingInfo:',
    '  bindAddress: 0.0.0.0:10250',
    '',
  ].join('\n');
  const configmaps: Record<string, unknown>[] = [
    'node-config-compute',
    'node-config-infra',
    'node-config-master',
  ].map((name) => ({
    metadata: meta(name, 'openshift-node'),
    data: { 'node-config.yaml': nodeConfig },
  }));
  configmaps.push({
    metadata: meta('sdn-config', 'openshift-sdn'),
    data: { 'node-config.yaml': nodeConfig },
  });
  // A configmap in a namespace sdn-doctor does not read: the live source must leave it out.
  configmaps.push({ metadata: meta('web-settings', 'web'), data: { 'greeting.txt': 'hello' } });

  return {
    nodes,
    namespaces,
    pods,
    services,
    endpoints,
    routes,
    hostsubnets,
    clusternetworks,
    netnamespaces,
    networkpolicies: [],
    configmaps,
    deploymentconfigs: [],
    deployments: [],
  };
}
