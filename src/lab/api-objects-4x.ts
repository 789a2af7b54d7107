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
