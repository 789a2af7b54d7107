/**
 * The lab's cluster as Kubernetes/OpenShift API lists (the real REST shapes), written to
 * `<runDir>/api/<resource>.json` for the lab API server (src/lab/api/) to serve.
 */
import type { Api3Resource } from '../artifacts/types.js';
import { listDocument, writeStoredList, type StoredListDocument } from './api/data-files.js';
import type { ServedResource } from './api/resources.js';
import { activeConfigs } from './ipfailover.js';
import type { LabIpFailoverConfig, LabState } from './model.js';
import { routerNodes } from './router.js';
import { labNames } from './names.js';
import { pluginName } from './node-config.js';
import { operatorObjects, sdnConfigMaps, sdnDaemonSets, sdnImage } from './api-objects-4x.js';
import { stableUid } from './spec.js';
import { clusterView, readyEndpoints } from './view.js';

type Obj = Record<string, unknown>;

/** The lists only the 4.x lab's API has (operatorObjects). */
type Lab4xResource = 'operatornetworks' | 'clusterversions';

/** Every API list of the lab, as a real cluster with these faults would show it. */
export function labApiObjects(
  state: LabState,
): Record<Api3Resource, StoredListDocument<Obj>> & Partial<Record<Lab4xResource, StoredListDocument<Obj>>> {
  const { spec } = state;
  const view = clusterView(state);
  const rv = String(state.resourceVersion);
  const created = spec.createdAt.replace(/\.\d+Z$/, 'Z');
  const meta = (name: string, uid: string, extra: Obj = {}): Obj => ({
    name,
    uid,
    resourceVersion: rv,
    creationTimestamp: created,
    selfLink: undefined,
    ...extra,
  });
  const cond = (type: string, status: boolean): Obj => ({
    type,
    status: status ? 'True' : 'False',
    lastProbeTime: null,
    lastTransitionTime: created,
  });

  const nodes = spec.nodes.map((n) => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: meta(n.name, n.uid, {
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/hostname': n.name,
        ...(n.index === spec.routerNode ? { 'node-role.kubernetes.io/infra': 'true' } : {}),
        ...(spec.ipfailover?.main.nodes.includes(n.index) ? spec.ipfailover.main.nodeSelector : {}),
        'node-role.kubernetes.io/compute': 'true',
      },
      annotations: { 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    }),
    spec: {},
    status: {
      addresses: [
        { type: 'InternalIP', address: n.ip },
        { type: 'Hostname', address: n.name },
      ],
      conditions: [
        { ...cond('Ready', true), reason: 'KubeletReady', message: 'kubelet is posting ready status' },
      ],
      nodeInfo: {
        architecture: 'amd64',
        kubeletVersion: 'v1.11.0+d4cacc0',
        kubeProxyVersion: 'v1.11.0+d4cacc0',
        operatingSystem: 'linux',
        osImage: 'Red Hat Enterprise Linux Server 7.9 (Maipo)',
        containerRuntimeVersion: 'docker://1.13.1',
      },
    },
  }));

  const namespaces = spec.namespaces.map((ns) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: meta(ns.name, ns.uid, {
      labels: { ...ns.labels },
      annotations: ns.annotations ?? { 'openshift.io/sa.scc.mcs': 's0:c1,c0' },
      ...(ns.resourceVersion ? { resourceVersion: ns.resourceVersion } : {}),
    }),
    spec: { finalizers: ['kubernetes', 'openshift.io/origin'] },
    status: { phase: 'Active' },
  }));

  const podObj = (p: {
    namespace: string;
    name: string;
    uid: string;
    labels: Readonly<Record<string, string>>;
    nodeName: string;
    hostIP: string;
    podIP: string;
    hostNetwork: boolean;
    image: string;
    ports: readonly number[];
    ready: boolean;
  }): Obj => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta(p.name, p.uid, {
      namespace: p.namespace,
      labels: p.labels,
      annotations: { 'openshift.io/scc': p.hostNetwork ? 'hostnetwork' : 'restricted' },
      generateName: p.name.replace(/[a-z0-9]+$/, ''),
    }),
    spec: {
      nodeName: p.nodeName,
      ...(p.hostNetwork ? { hostNetwork: true } : {}),
      containers: [
        {
          name: p.labels.app ?? p.labels.router ?? 'main',
          image: p.image,
          ports: p.ports.map((containerPort) => ({ containerPort, protocol: 'TCP' })),
          resources: {},
        },
      ],
      dnsPolicy: p.hostNetwork ? 'ClusterFirstWithHostNet' : 'ClusterFirst',
      restartPolicy: 'Always',
      serviceAccountName: 'default',
    },
    status: {
      phase: 'Running',
      hostIP: p.hostIP,
      podIP: p.podIP,
      startTime: created,
      conditions: [cond('Initialized', true), cond('Ready', p.ready), cond('PodScheduled', true)],
      containerStatuses: [
        {
          name: p.labels.app ?? p.labels.router ?? 'main',
          ready: p.ready,
          restartCount: 0,
          image: p.image,
          state: p.ready ? { running: { startedAt: created } } : { waiting: { reason: 'CrashLoopBackOff' } },
        },
      ],
      qosClass: 'BestEffort',
    },
  });
  const nodeByIndex = (i: number) => spec.nodes[i - 1]!;
  const pods: Obj[] = spec.pods.map((p) =>
    podObj({
      namespace: p.namespace,
      name: p.name,
      uid: p.uid,
      labels: p.labels,
      nodeName: nodeByIndex(p.nodeIndex).name,
      hostIP: nodeByIndex(p.nodeIndex).ip,
      podIP: p.ip,
      hostNetwork: false,
      image: 'registry.access.redhat.com/rhscl/python-36-rhel7:latest',
      ports: [p.port, ...(p.tlsPort !== undefined ? [p.tlsPort] : [])],
      ready: true,
    }),
  );
  const seed = `sdn-doctor-lab/${spec.name}`;
  for (const i of routerNodes(state)) {
    const router = nodeByIndex(i);
    // the first router pod keeps the name and uid it had before routers ran on the ipfailover nodes
    const key = i === spec.routerNode ? `${seed}/router` : `${seed}/router/${i}`;
    pods.push(
      podObj({
        namespace: 'default',
        name: 'router-1-' + stableUid(key).slice(0, 5),
        uid: stableUid(key),
        labels: { deployment: 'router-1', deploymentconfig: 'router', router: 'router' },
        nodeName: router.name,
        hostIP: router.ip,
        podIP: router.ip,
        hostNetwork: true,
        image: 'registry.redhat.io/openshift3/ose-haproxy-router:v3.11',
        ports: [80, 443, 1936],
        ready: i === spec.routerNode ? view.routerReady : true,
      }),
    );
  }
  // §12: the ipfailover pods (keepalived, host network) of each configuration, one per selected node
  const deploymentconfigs = activeConfigs(state).map((c) => ipfailoverDc(c, meta));
  for (const c of activeConfigs(state)) {
    for (const i of c.nodes) {
      const node = nodeByIndex(i);
      const uid = stableUid(`${c.uid}/pod/${i}`);
      pods.push(
        podObj({
          namespace: c.namespace,
          name: `${c.name}-1-${uid.slice(0, 5)}`,
          uid,
          labels: ipfailoverLabels(c),
          nodeName: node.name,
          hostIP: node.ip,
          podIP: node.ip,
          hostNetwork: true,
          image: IPFAILOVER_IMAGE,
          ports: c.monitorPort ? [c.monitorPort] : [],
          ready: true,
        }),
      );
    }
  }
  // 3.11 runs OVS and the SDN node process as host-network daemonset pods (39.7.4: `oc exec` into them)
  for (const n of spec.nodes) {
    for (const app of sdnDaemonSets(spec)) {
      const uid = stableUid(`${seed}/${app}/${n.index}`);
      pods.push(
        podObj({
          namespace: 'openshift-sdn',
          name: `${app}-${uid.slice(0, 5)}`,
          uid,
          labels: { app, component: 'network', 'openshift.io/component': 'network', type: 'infra' },
          nodeName: n.name,
          hostIP: n.ip,
          podIP: n.ip,
          hostNetwork: true,
          image: sdnImage(spec),
          ports: app === 'sdn' ? [10256] : [],
          ready: true,
        }),
      );
      const pod = pods[pods.length - 1]!;
      (pod.metadata as Obj).ownerReferences = [
        {
          apiVersion: 'apps/v1',
          kind: 'DaemonSet',
          name: app,
          uid: stableUid(`${seed}/ds/${app}`),
          controller: true,
          blockOwnerDeletion: true,
        },
      ];
    }
  }

  const services = view.services.map((s) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(s.name, s.uid, { namespace: s.namespace, labels: { app: s.name } }),
    spec: {
      clusterIP: s.clusterIP,
      type: s.type,
      ports: s.ports.map((p) => ({
        name: p.name,
        port: p.port,
        protocol: p.protocol,
        targetPort: p.targetPort,
        ...(p.nodePort !== undefined ? { nodePort: p.nodePort } : {}),
      })),
      selector: s.selector,
      ...(s.externalIPs?.length ? { externalIPs: s.externalIPs } : {}),
      sessionAffinity: 'None',
      ...(s.type === 'NodePort' ? { externalTrafficPolicy: 'Cluster' } : {}),
    },
    status: { loadBalancer: {} },
  }));

  const endpoints = view.services.map((s) => {
    const eps = readyEndpoints(view, s);
    const address = (e: (typeof eps)[number]) => ({
      ip: e.pod.ip,
      nodeName: nodeByIndex(e.pod.nodeIndex).name,
      targetRef: {
        kind: 'Pod',
        namespace: e.pod.namespace,
        name: e.pod.name,
        uid: e.pod.uid,
        resourceVersion: rv,
      },
    });
    return {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: meta(s.name, stableUid(`${s.uid}/endpoints`), {
        namespace: s.namespace,
        labels: { app: s.name },
      }),
      ...(eps.length > 0
        ? {
            subsets: [
              {
                addresses: eps.map(address),
                ports: s.ports.map((p) => ({ name: p.name, port: p.targetPort, protocol: p.protocol })),
              },
            ],
          }
        : {}),
    };
  });

  const routes = view.routes.map((r) => ({
    apiVersion: 'route.openshift.io/v1',
    kind: 'Route',
    metadata: meta(r.name, r.uid, { namespace: r.namespace, labels: { app: r.service } }),
    spec: {
      host: r.host,
      ...(r.path ? { path: r.path } : {}),
      to: { kind: 'Service', name: r.service, weight: 100 },
      port: { targetPort: r.targetPort },
      ...(r.tls === 'edge' ? { tls: { termination: r.tls, insecureEdgeTerminationPolicy: 'Redirect' } } : {}),
      // 39.13.2: no plain-HTTP side (a passthrough route's insecure policy can only be None or Redirect)
      ...(r.tls === 'passthrough'
        ? { tls: { termination: r.tls, insecureEdgeTerminationPolicy: 'None' } }
        : {}),
      wildcardPolicy: 'None',
    },
    status: {
      ingress: [
        {
          host: r.host,
          routerName: 'router',
          wildcardPolicy: 'None',
          conditions: [{ type: 'Admitted', status: 'True', lastTransitionTime: created }],
        },
      ],
    },
  }));

  const hostsubnets = view.hostSubnets.map((h) => ({
    apiVersion: 'network.openshift.io/v1',
    kind: 'HostSubnet',
    metadata: meta(h.node.name, h.node.hostSubnetUid, {
      annotations: { 'pod.network.openshift.io/node-uid': h.node.uid },
    }),
    host: h.node.name,
    hostIP: h.hostIP,
    subnet: h.node.subnet,
  }));

  const clusternetworks = [
    {
      apiVersion: 'network.openshift.io/v1',
      kind: 'ClusterNetwork',
      metadata: meta('default', stableUid(`${seed}/clusternetwork`)),
      network: spec.clusterNetwork,
      hostsubnetlength: spec.hostSubnetLength,
      serviceNetwork: spec.serviceNetwork,
      pluginName: pluginName(spec.plugin),
      clusterNetworks: [{ CIDR: spec.clusterNetwork, hostSubnetLength: spec.hostSubnetLength }],
      vxlanPort: spec.vxlanPort,
      mtu: view.mtu,
    },
  ];

  // NetNamespaces exist for the multitenant and networkpolicy plugins only
  const netnamespaces =
    spec.plugin !== 'subnet'
      ? spec.namespaces.map((ns) => ({
          apiVersion: 'network.openshift.io/v1',
          kind: 'NetNamespace',
          metadata: meta(ns.name, stableUid(`${ns.uid}/netnamespace`)),
          netname: ns.name,
          netid: ns.netid,
        }))
      : [];

  const configmaps = sdnConfigMaps(spec, view.mtu, meta);

  const items: Record<Api3Resource, Obj[]> = {
    nodes,
    namespaces,
    pods,
    services,
    endpoints,
    routes,
    hostsubnets,
    clusternetworks,
    netnamespaces,
    networkpolicies: view.networkPolicies.map((p) => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta(p.name, p.uid, { namespace: p.namespace, ...p.meta }),
      spec: { policyTypes: ['Ingress'], ...p.spec },
    })),
    configmaps,
    deploymentconfigs,
    deployments: [],
  };
  const four: Partial<Record<Lab4xResource, Obj[]>> = operatorObjects(spec, view.mtu, meta) ?? {};
  const out = {} as Record<Api3Resource, StoredListDocument<Obj>> &
    Partial<Record<Lab4xResource, StoredListDocument<Obj>>>;
  for (const [res, list] of Object.entries({ ...items, ...four }) as [
    Api3Resource | Lab4xResource,
    Obj[],
  ][]) {
    out[res] = listDocument(res, JSON.parse(JSON.stringify(list)) as Obj[], rv);
  }
  return out;
}

const IPFAILOVER_IMAGE = 'registry.redhat.io/openshift3/ose-keepalived-ipfailover:v3.11';

/** The labels `oc adm ipfailover NAME` gives its pods (and matches with its selector). */
const ipfailoverLabels = (c: LabIpFailoverConfig) => ({ ipfailover: c.name, deploymentconfig: c.name });

/**
 * §12: the DeploymentConfig `oc adm ipfailover` creates (openshift/origin pkg/oc/cli/admin/
 * ipfailover/keepalived/generator.go: privileged host-network keepalived, OPENSHIFT_HA_* env).
 */
function ipfailoverDc(c: LabIpFailoverConfig, meta: (name: string, uid: string, extra?: Obj) => Obj): Obj {
  const env: Record<string, string> = {
    OPENSHIFT_HA_CONFIG_NAME: c.name,
    OPENSHIFT_HA_VIRTUAL_IPS: c.virtualIPsText,
    OPENSHIFT_HA_NETWORK_INTERFACE: c.networkInterface,
    OPENSHIFT_HA_MONITOR_PORT: String(c.monitorPort),
    OPENSHIFT_HA_VRRP_ID_OFFSET: String(c.vrrpIdOffset),
    OPENSHIFT_HA_REPLICA_COUNT: String(c.replicas),
    OPENSHIFT_HA_USE_UNICAST: 'false',
    OPENSHIFT_HA_IPTABLES_CHAIN: 'INPUT',
    OPENSHIFT_HA_CHECK_INTERVAL: '2',
  };
  const labels = ipfailoverLabels(c);
  return {
    apiVersion: 'apps.openshift.io/v1',
    kind: 'DeploymentConfig',
    metadata: { ...meta(c.name, c.uid, { namespace: c.namespace, labels }), generation: 1 },
    spec: {
      replicas: c.replicas,
      selector: labels,
      strategy: { type: 'Recreate' },
      triggers: [{ type: 'ConfigChange' }],
      template: {
        metadata: { labels },
        spec: {
          hostNetwork: true,
          nodeSelector: c.nodeSelector,
          serviceAccountName: 'ipfailover',
          containers: [
            {
              name: `${c.name}-keepalived`,
              image: IPFAILOVER_IMAGE,
              env: Object.entries(env).map(([name, value]) => ({ name, value })),
              ports: c.monitorPort
                ? [{ containerPort: c.monitorPort, hostPort: c.monitorPort, protocol: 'TCP' }]
                : [],
              securityContext: { privileged: true },
              volumeMounts: [{ name: 'lib-modules', mountPath: '/lib/modules', readOnly: true }],
            },
          ],
          volumes: [{ name: 'lib-modules', hostPath: { path: '/lib/modules' } }],
        },
      },
    },
    status: {
      latestVersion: 1,
      observedGeneration: 1,
      replicas: c.replicas,
      updatedReplicas: c.replicas,
      availableReplicas: c.replicas,
      readyReplicas: c.replicas,
    },
  };
}

/** openshift-sdn's DaemonSets on 3.11: `ovs` (Open vSwitch) and `sdn` (the SDN node process). */

/** `oc get ds -n openshift-sdn`: one pod of each DaemonSet per node, all scheduled and ready. */
export function labDaemonSets(state: LabState): StoredListDocument<Obj> {
  const { spec } = state;
  const seed = `sdn-doctor-lab/${spec.name}`;
  const created = spec.createdAt.replace(/\.\d+Z$/, 'Z');
  const count = spec.nodes.length;
  const labels = (app: string) => ({
    app,
    component: 'network',
    'openshift.io/component': 'network',
    type: 'infra',
  });
  return {
    kind: 'DaemonSetList',
    apiVersion: 'apps/v1',
    metadata: { resourceVersion: String(state.resourceVersion) },
    items: sdnDaemonSets(spec).map((app) => ({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: {
        name: app,
        namespace: 'openshift-sdn',
        uid: stableUid(`${seed}/ds/${app}`),
        resourceVersion: String(state.resourceVersion),
        generation: 1,
        creationTimestamp: created,
        labels: { component: 'network', 'openshift.io/component': 'network', type: 'infra' },
        annotations: {
          'kubernetes.io/description':
            app === 'sdn'
              ? 'This daemon set launches the OpenShift networking components (kube-proxy, DNS, and openshift-sdn).\nIt expects that OVS is running on the node.\n'
              : 'This daemon set launches the openvswitch daemon.\n',
        },
      },
      spec: {
        selector: { matchLabels: { app } },
        template: {
          metadata: { labels: labels(app) },
          spec: {
            hostNetwork: true,
            hostPID: true,
            serviceAccountName: 'sdn',
            priorityClassName: 'system-node-critical',
            nodeSelector: { 'node-role.kubernetes.io/compute': 'true' },
            containers: [
              {
                name: app,
                image: sdnImage(spec),
                securityContext: { privileged: true, runAsUser: 0 },
              },
            ],
          },
        },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%' } },
        revisionHistoryLimit: 10,
      },
      status: {
        currentNumberScheduled: count,
        desiredNumberScheduled: count,
        numberAvailable: count,
        numberMisscheduled: 0,
        numberReady: count,
        observedGeneration: 1,
        updatedNumberScheduled: count,
      },
    })),
  };
}

/** Rewrites every `<runDir>/api/<resource>.json`, each atomically (temp + rename). */
export async function writeApiObjects(state: LabState): Promise<void> {
  state.resourceVersion += 1;
  const dir = labNames(state.spec.name).apiDir;
  const lists = labApiObjects(state);
  const all: [ServedResource, StoredListDocument<Obj>][] = [
    ...(Object.entries(lists) as [Api3Resource | Lab4xResource, StoredListDocument<Obj>][]),
    ['daemonsets', labDaemonSets(state)],
  ];
  for (const [res, list] of all) writeStoredList(dir, res, list.items, list.metadata.resourceVersion);
}
