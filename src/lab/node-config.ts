/** A 3.11 node's /etc/origin/node/node-config.yaml (and the node-config-compute config map). */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { labRelease, type LabNodeSpec, type LabSpec } from './model.js';

/**
 * Writes the node's node-config.yaml (what the lab shell's `cat` reads); a 4.x node has none (its
 * SDN settings are in the sdn-config config map and the Network operator object), so none is written.
 */
export async function writeNodeConfigFile(spec: LabSpec, mtu: number, node: LabNodeSpec): Promise<void> {
  const file = join(node.dir, 'node-config.yaml');
  if (labRelease(spec) === '4.x') await rm(file, { force: true });
  else await writeFile(file, nodeConfigYaml(spec, mtu, node));
}

export const pluginName = (plugin: LabSpec['plugin']): string => `redhat/openshift-ovs-${plugin}`;

/** `node` absent = the shared config map body (3.11 syncs nodeName/nodeIP per node). */
export function nodeConfigYaml(spec: LabSpec, mtu: number, node?: LabNodeSpec): string {
  return [
    'allowDisabledDocker: false',
    'apiVersion: v1',
    'authConfig:',
    '  authenticationCacheSize: 1000',
    '  authenticationCacheTTL: 5m',
    '  authorizationCacheSize: 1000',
    '  authorizationCacheTTL: 5m',
    'dnsBindAddress: 127.0.0.1:53',
    'dnsDomain: cluster.local',
    'dnsIP: 0.0.0.0',
    'dnsNameservers: null',
    'dnsRecursiveResolvConf: /etc/origin/node/resolv.conf',
    'dockerConfig:',
    '  dockerShimRootDirectory: /var/lib/dockershim',
    '  dockerShimSocket: /var/run/dockershim.sock',
    '  execHandlerName: native',
    'enableUnidling: true',
    'imageConfig:',
    '  format: registry.redhat.io/openshift3/ose-${component}:${version}',
    '  latest: false',
    'iptablesSyncPeriod: 30s',
    'kind: NodeConfig',
    'masterClientConnectionOverrides:',
    '  acceptContentTypes: application/vnd.kubernetes.protobuf,application/json',
    '  burst: 40',
    '  contentType: application/vnd.kubernetes.protobuf',
    '  qps: 20',
    'masterKubeConfig: node.kubeconfig',
    'networkConfig:',
    `  mtu: ${mtu}`,
    `  networkPluginName: ${pluginName(spec.plugin)}`,
    ...(node ? [`nodeIP: ${node.ip}`, `nodeName: ${node.name}`] : []),
    'podManifestConfig: null',
    'proxyArguments:',
    '  cluster-cidr:',
    `  - ${spec.clusterNetwork}`,
    '  proxy-mode:',
    '  - iptables',
    'servingInfo:',
    '  bindAddress: 0.0.0.0:10250',
    '  bindNetwork: tcp4',
    '  certFile: server.crt',
    '  clientCA: client-ca.crt',
    '  keyFile: server.key',
    'volumeConfig:',
    '  localQuota:',
    '    perFSGroup: null',
    'volumeDirectory: /var/lib/origin/openshift.local.volumes',
    '',
  ].join('\n');
}
