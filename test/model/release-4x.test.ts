/**
 * Issue 12 "The 4.x node layout": the release is read from what the snapshot shows, the SDN MTU
 * from the 4.x API objects, and the setup log from the `sdn` pod's log.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ApiSnapshot, Artifact, Snapshot } from '../../src/artifacts/types.js';
import { runChecks } from '../../src/checks/run.js';
import mtu from '../../src/checks/rules/mtu.js';
import setupLog from '../../src/checks/rules/setup-log.js';
import { buildModel } from '../../src/model/index.js';
import { nodeArtifact } from '../bundle/helpers.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/api-4x/${name}`, import.meta.url), 'utf8');
const operator = JSON.parse(fixture('network-operator-cluster.json')) as { items: unknown[] };

/** The ClusterNetwork the 4.x operator renders (public sample clusternetwork_yaml_cno_unit_test.txt). */
const clusterNetwork = {
  apiVersion: 'network.openshift.io/v1',
  kind: 'ClusterNetwork',
  metadata: { name: 'default' },
  clusterNetworks: [{ CIDR: '10.128.0.0/14', hostSubnetLength: 9 }],
  network: '10.128.0.0/14',
  hostsubnetlength: 9,
  mtu: 1450,
  pluginName: 'redhat/openshift-ovs-networkpolicy',
  serviceNetwork: '172.30.0.0/16',
  vxlanPort: 4789,
};
const sdnConfig = {
  kind: 'ConfigMap',
  metadata: { name: 'sdn-config', namespace: 'openshift-sdn' },
  data: {
    'kube-proxy-config.yaml': 'apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\n',
  },
};
const node = (name: string, ip: string) => ({
  metadata: { name, labels: {} },
  status: {
    addresses: [{ type: 'InternalIP', address: ip }],
    conditions: [{ type: 'Ready', status: 'True' }],
  },
});

const snap = (api: ApiSnapshot, artifacts: Artifact[] = []): Snapshot => ({
  collectedAt: 'x',
  collector: 'test',
  api,
  artifacts,
  warnings: [],
});

const api4x = (mtuValue = 1450): ApiSnapshot => ({
  operatornetworks: {
    ok: true,
    items: operator.items.map((i) =>
      JSON.parse(JSON.stringify(i).replace('"mtu":1450', `"mtu":${mtuValue}`)),
    ),
  },
  clusternetworks: { ok: true, items: [{ ...clusterNetwork, mtu: mtuValue }] },
  configmaps: { ok: true, items: [sdnConfig] },
  nodes: { ok: true, items: [node('worker-2', '10.0.0.7')] },
});

/** `ip addr` of a 4.x node: eth0 1500 carrying the node IP, tun0 at the SDN MTU. */
const ipAddr = (tun0: number) =>
  [
    '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default qlen 1000',
    '    link/ether 52:54:00:aa:bb:07 brd ff:ff:ff:ff:ff:ff',
    '    inet 10.0.0.7/24 brd 10.0.0.255 scope global dynamic eth0',
    `9: tun0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu ${tun0} qdisc noqueue state UNKNOWN group default qlen 1000`,
    '    link/ether c6:ac:2c:13:48:4b brd ff:ff:ff:ff:ff:ff',
    '    inet 10.128.2.1/23 brd 10.128.3.255 scope global tun0',
    '',
  ].join('\n');

describe('4.x: release, SDN configuration, setup log', () => {
  it('detects 4.x from the operator object and sdn-config, and reads the operator settings', () => {
    const { model, warnings } = buildModel(snap(api4x()));
    expect(warnings).toEqual([]);
    expect(model.release?.release).toBe('4.x');
    expect(model.release?.because.map((m) => m.en)).toEqual([
      'the Network operator object (network.operator.openshift.io)',
      'the sdn-config config map in openshift-sdn',
    ]);
    expect(model.sdnOperatorConfig).toEqual({
      value: {
        networkType: 'OpenShiftSDN',
        mtu: 1450,
        vxlanPort: 4789,
        mode: 'NetworkPolicy',
        pluginName: 'redhat/openshift-ovs-networkpolicy',
      },
      artifact: 'api/operatornetworks.json',
    });
  });

  it('detects 3.x from node-config.yaml and the node journal, and says nothing when both or neither show', () => {
    const nodeConfig = nodeArtifact('node-1', 'node-config', 'networkConfig:\n  mtu: 1450\n');
    expect(buildModel(snap({}, [nodeConfig])).model.release?.release).toBe('3.x');
    // A 3.x API server answers 404 for operator.openshift.io: collect keeps that as an empty list.
    expect(
      buildModel(snap({ operatornetworks: { ok: true, items: [] } }, [nodeConfig])).model.release?.release,
    ).toBe('3.x');
    expect(buildModel(snap({})).model.release).toBeUndefined();
    expect(buildModel(snap(api4x(), [nodeConfig])).model.release).toBeUndefined();
  });

  it('MTU (§8): the operator mtu is the SDN MTU on 4.x (no node-config.yaml)', () => {
    const artifacts = [nodeArtifact('worker-2', 'ip-addr', ipAddr(1450))];
    const ok = runChecks(buildModel(snap(api4x(1450), artifacts)).model, [mtu]);
    expect(ok.statuses[0]?.status).toBe('pass');
    const bad = runChecks(buildModel(snap(api4x(1480), artifacts)).model, [mtu]);
    expect(bad.statuses[0]?.status).toBe('fail');
    const text = bad.findings.map((f) => f.message.en).join('\n');
    expect(text).toContain('Network operator openshiftSDNConfig.mtu 1480');
    expect(text).toContain('ClusterNetwork mtu 1480');
    expect(bad.findings[0]?.fix?.en).toContain('network.operator.openshift.io/cluster');
    expect(bad.findings[0]?.fix?.ja).toContain('network.operator.openshift.io/cluster');
  });

  it('setup log (§10): the sdn pod log of a node waiting for its HostSubnet fails the check', () => {
    const log: Artifact = {
      id: 'nodes/worker-2/sdn-pod-log.txt',
      kind: 'sdn-pod-log',
      node: 'worker-2',
      argv: ['oc', 'logs', '-n', 'openshift-sdn', 'sdn-x7k2p', '-c', 'sdn', '--timestamps'],
      text: fixture('sdn-pod-log-waiting-hostsubnet.txt'),
      exitCode: 0,
      collectedAt: '2023-03-14T09:13:00Z',
    };
    const { model } = buildModel(snap(api4x(), [log]));
    expect(model.nodeFacts['worker-2']?.journal?.artifact).toBe('nodes/worker-2/sdn-pod-log.txt');
    const r = runChecks(model, [setupLog]);
    expect(r.statuses[0]?.status).toBe('fail');
    const stuck = r.findings.find((f) => f.message.en.includes('waiting for or failed'));
    expect(stuck?.message.en).toContain('failed to get subnet for this host: worker-2');
  });
});

describe('analyze says the release it detected', () => {
  it('in the terminal report header, in both languages', async () => {
    const { analyzeSnapshot } = await import('../../src/checks/analyze.js');
    const { renderText } = await import('../../src/report/terminal.js');
    const result = analyzeSnapshot(snap(api4x()));
    expect(result.release?.release).toBe('4.x');
    expect(renderText(result, { lang: 'en' })).toContain(
      'OpenShift 4.x (from the Network operator object (network.operator.openshift.io), the sdn-config config map in openshift-sdn)',
    );
    expect(renderText(result, { lang: 'ja' })).toContain(
      'OpenShift 4.x（根拠: Network オペレーターのオブジェクト',
    );
  });
});
