/**
 * Which OpenShift release a snapshot comes from, and the SDN configuration 4.x keeps in API
 * objects (openshift-sdn-pipeline.md §7.2):
 * - 4.x: the Network operator's `network.operator.openshift.io/cluster`
 *   (spec.defaultNetwork.openshiftSDNConfig: mtu, mode, vxlanPort), the `sdn-config` config map of
 *   openshift-sdn (cluster-network-operator bindata/network/openshift-sdn: kube-proxy-config.yaml)
 *   and, during an MTU migration (4.8+), `sdn-config-mtu-migration` (`mtu.yaml`: `mtu:`);
 *   and the ClusterVersion `version` of config.openshift.io (status.desired.version), which no 3.x
 *   server serves;
 * - 3.x: node-config.yaml (on the node or in the `node-config-*` config maps of openshift-node) and
 *   the atomic-openshift-node journal.
 * The release is said only when the snapshot shows it; otherwise it stays undefined.
 */
import type { ApiSnapshot, Artifact } from '../../artifacts/types.js';
import { msg, type Msg } from '../../i18n/message.js';
import type { ReleaseGuess, SdnOperatorConfig, Sourced } from '../types.js';
import { apiSource } from './api-facets.js';
import { at, num, str } from './api-object.js';

const MODES: Readonly<Record<string, string>> = {
  Subnet: 'redhat/openshift-ovs-subnet',
  Multitenant: 'redhat/openshift-ovs-multitenant',
  NetworkPolicy: 'redhat/openshift-ovs-networkpolicy',
};

/** The operator's openshift-sdn settings and the MTU migration config map, when the snapshot has them. */
export function buildSdnOperatorConfig(api: ApiSnapshot): Sourced<SdnOperatorConfig> | undefined {
  const list = api.operatornetworks;
  const cluster = list?.ok ? list.items.find((i) => str(at(i, 'metadata', 'name')) === 'cluster') : undefined;
  const sdn = cluster ? at(cluster, 'spec', 'defaultNetwork', 'openshiftSDNConfig') : undefined;
  const type = cluster ? str(at(cluster, 'spec', 'defaultNetwork', 'type')) : undefined;
  const migration = configMap(api, 'sdn-config-mtu-migration');
  const migrationYaml = migration ? str(at(migration, 'data', 'mtu.yaml')) : undefined;
  const migrationMtu = migrationYaml ? Number(/^\s*mtu:\s*(\d+)\s*$/m.exec(migrationYaml)?.[1]) : undefined;
  if (!cluster && migrationMtu === undefined) return undefined;
  const mode = str(at(sdn, 'mode'));
  const value: SdnOperatorConfig = {
    ...(type ? { networkType: type } : {}),
    ...(num(at(sdn, 'mtu')) !== undefined ? { mtu: num(at(sdn, 'mtu')) as number } : {}),
    ...(num(at(sdn, 'vxlanPort')) !== undefined ? { vxlanPort: num(at(sdn, 'vxlanPort')) as number } : {}),
    ...(mode ? { mode, ...(MODES[mode] ? { pluginName: MODES[mode] } : {}) } : {}),
    ...(migrationMtu !== undefined && Number.isFinite(migrationMtu) ? { migrationMtu } : {}),
  };
  return { value, artifact: cluster ? apiSource('operatornetworks') : apiSource('configmaps') };
}

function configMap(api: ApiSnapshot, name: string): unknown {
  const list = api.configmaps;
  if (!list?.ok) return undefined;
  return list.items.find(
    (i) => str(at(i, 'metadata', 'name')) === name && str(at(i, 'metadata', 'namespace')) === 'openshift-sdn',
  );
}

/** 3.x or 4.x, with what showed it; undefined when the snapshot shows neither. */
export function detectRelease(api: ApiSnapshot, artifacts: readonly Artifact[]): ReleaseGuess | undefined {
  const four: Msg[] = [];
  const three: Msg[] = [];
  if (api.operatornetworks?.ok && api.operatornetworks.items.length > 0)
    four.push(
      msg(
        'the Network operator object (network.operator.openshift.io)',
        'Network オペレーターのオブジェクト（network.operator.openshift.io）',
      ),
    );
  // config.openshift.io exists from 4.1 on: its ClusterVersion names the release outright.
  const cv = api.clusterversions?.ok
    ? api.clusterversions.items.find((i) => str(at(i, 'metadata', 'name')) === 'version')
    : undefined;
  if (cv) {
    const version = str(at(cv, 'status', 'desired', 'version'));
    four.push(
      version
        ? msg(`the ClusterVersion (${version})`, `ClusterVersion（${version}）`)
        : msg('the ClusterVersion (config.openshift.io)', 'ClusterVersion（config.openshift.io）'),
    );
  }
  if (configMap(api, 'sdn-config'))
    four.push(msg('the sdn-config config map in openshift-sdn', 'openshift-sdn の設定マップ sdn-config'));
  const cm = api.configmaps;
  if (
    cm?.ok &&
    cm.items.some(
      (i) =>
        str(at(i, 'metadata', 'namespace')) === 'openshift-node' &&
        (str(at(i, 'metadata', 'name')) ?? '').startsWith('node-config-'),
    )
  )
    three.push(
      msg('node-config-* config maps in openshift-node', 'openshift-node の設定マップ node-config-*'),
    );
  const ran = (kind: Artifact['kind']) =>
    artifacts.some((a) => a.kind === kind && a.exitCode === 0 && (a.text ?? '').trim() !== '');
  if (ran('node-config'))
    three.push(
      msg('/etc/origin/node/node-config.yaml on a node', 'ノード上の /etc/origin/node/node-config.yaml'),
    );
  if (
    artifacts.some(
      (a) =>
        a.kind === 'node-journal' &&
        a.exitCode === 0 &&
        /atomic-openshift-node|origin-node/.test(a.text ?? ''),
    )
  )
    three.push(msg('the atomic-openshift-node journal', 'atomic-openshift-node のジャーナル'));
  // Both at once (an object copied between clusters, a half-migrated bundle): say nothing rather than guess.
  if (four.length && !three.length) return { release: '4.x', because: four };
  if (three.length && !four.length) return { release: '3.x', because: three };
  return undefined;
}
