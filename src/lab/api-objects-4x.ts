/**
 * What the 4.x lab's API shows differently from 3.11 (issue 12 "A 4.x lab"; openshift-sdn-pipeline.md
 * §7.2; cluster-network-operator bindata/network/openshift-sdn):
 * - OVS runs on the host from 4.6, so openshift-sdn has only the `sdn` DaemonSet (no `ovs`);
 * - there is no node-config.yaml nor the node-config-* config maps of openshift-node: the SDN's
 *   settings are in the `sdn-config` config map of openshift-sdn (kube-proxy-config.yaml), which
 *   sdn-doctor reads as the 4.x sign (src/model/build/release.ts).
 */
import { labRelease, type LabSpec } from './model.js';
import { nodeConfigYaml } from './node-config.js';
import { stableUid } from './spec.js';

type Obj = Record<string, unknown>;

/** The openshift-sdn DaemonSets (and their pods) of the lab's release. */
export function sdnDaemonSets(spec: LabSpec): readonly ('ovs' | 'sdn')[] {
  return labRelease(spec) === '4.x' ? ['sdn'] : ['ovs', 'sdn'];
}

/** The image of the openshift-sdn pods, as each release names it. */
export function sdnImage(spec: LabSpec): string {
  return labRelease(spec) === '4.x'
    ? 'quay.io/openshift-release-dev/ocp-v4.0-art-dev@sha256:5d1b1f0bd6ec6f5b3f4c0b63c7a8f5de3f8a7b6f56b1f2a0d6e7c3a1b2c4d5e6'
    : 'registry.redhat.io/openshift3/ose-node:v3.11';
}

/**
 * The SDN's configuration maps: 3.11's node-config-compute (openshift-node), or 4.x's sdn-config
 * (openshift-sdn) as the Network operator renders it (kube-proxy settings; the MTU, mode and VXLAN
 * port live in the ClusterNetwork and the operator's object).
 */
export function sdnConfigMaps(
  spec: LabSpec,
  mtu: number,
  meta: (name: string, uid: string, extra?: Obj) => Obj,
): Obj[] {
  const seed = `sdn-doctor-lab/${spec.name}`;
  if (labRelease(spec) === '4.x') {
    return [
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: meta('sdn-config', stableUid(`${seed}/cm/sdn-config`), {
          namespace: 'openshift-sdn',
          labels: { app: 'sdn' },
        }),
        data: {
          'kube-proxy-config.yaml': [
            'apiVersion: kubeproxy.config.k8s.io/v1alpha1',
            'bindAddress: 0.0.0.0',
            `clusterCIDR: ${spec.clusterNetwork}`,
            'iptables:',
            '  masqueradeBit: 0',
            '  syncPeriod: 30s',
            'kind: KubeProxyConfiguration',
            'metricsBindAddress: 127.0.0.1:29101',
            'mode: iptables',
            '',
          ].join('\n'),
        },
      },
    ];
  }
  return [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta('node-config-compute', stableUid(`${seed}/cm/compute`), { namespace: 'openshift-node' }),
      data: { 'node-config.yaml': nodeConfigYaml(spec, mtu) },
    },
  ];
}

/** The release the 4.x lab presents: 4.12, the last of rule version 13 (flows-v13.ts). */
export const LAB_4X_VERSION = '4.12.0';

const MODES: Readonly<Record<LabSpec['plugin'], string>> = {
  subnet: 'Subnet',
  multitenant: 'Multitenant',
  networkpolicy: 'NetworkPolicy',
};

/**
 * 4.x only (3.11 serves neither group): the Network operator's `cluster`, as cluster-network-
 * operator keeps it after rendering (pkg/network/openshift_sdn.go fillOpenShiftSDNDefaults: mode,
 * mtu, vxlanPort filled in), and the ClusterVersion `version` with its completed install.
 */
export function operatorObjects(
  spec: LabSpec,
  mtu: number,
  meta: (name: string, uid: string, extra?: Obj) => Obj,
): { operatornetworks: Obj[]; clusterversions: Obj[] } | undefined {
  if (labRelease(spec) !== '4.x') return undefined;
  const seed = `sdn-doctor-lab/${spec.name}`;
  const created = spec.createdAt.replace(/\.\d+Z$/, 'Z');
  const network = {
    apiVersion: 'operator.openshift.io/v1',
    kind: 'Network',
    metadata: meta('cluster', stableUid(`${seed}/operator-network`), { generation: 1 }),
    spec: {
      clusterNetwork: [{ cidr: spec.clusterNetwork, hostPrefix: 32 - spec.hostSubnetLength }],
      serviceNetwork: [spec.serviceNetwork],
      defaultNetwork: {
        type: 'OpenShiftSDN',
        openshiftSDNConfig: { mode: MODES[spec.plugin], mtu, vxlanPort: spec.vxlanPort },
      },
      disableNetworkDiagnostics: false,
      logLevel: 'Normal',
      managementState: 'Managed',
      operatorLogLevel: 'Normal',
    },
    status: { readyReplicas: 0 },
  };
  const image = `quay.io/openshift-release-dev/ocp-release:${LAB_4X_VERSION}-x86_64`;
  const version = {
    apiVersion: 'config.openshift.io/v1',
    kind: 'ClusterVersion',
    metadata: meta('version', stableUid(`${seed}/clusterversion`), { generation: 2 }),
    spec: { channel: 'stable-4.12', clusterID: stableUid(`${seed}/cluster-id`) },
    status: {
      availableUpdates: null,
      desired: { image, version: LAB_4X_VERSION },
      history: [
        {
          completionTime: created,
          image,
          startedTime: created,
          state: 'Completed',
          verified: false,
          version: LAB_4X_VERSION,
        },
      ],
      observedGeneration: 2,
      versionHash: 'lab',
      conditions: [
        {
          type: 'Available',
          status: 'True',
          lastTransitionTime: created,
          message: `Done applying ${LAB_4X_VERSION}`,
        },
        { type: 'Failing', status: 'False', lastTransitionTime: created },
        {
          type: 'Progressing',
          status: 'False',
          lastTransitionTime: created,
          message: `Cluster version is ${LAB_4X_VERSION}`,
        },
      ],
    },
  };
  return { operatornetworks: [network], clusterversions: [version] };
}
