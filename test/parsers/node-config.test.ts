import { describe, expect, it } from 'vitest';
import { parseNodeConfig } from '../../src/parsers/node-config.js';
import { hostFixture } from './host-fixture.js';

const lineOf = (text: string, n: number | undefined) =>
  n === undefined ? undefined : text.split('\n')[n - 1];

describe('parseNodeConfig', () => {
  it('reads a 3.11 node-config.yaml rendered by openshift-ansible, with the lines of mtu and plugin', () => {
    const text = hostFixture('node-config', 'ansible-3.11-rendered.yaml');
    const r = parseNodeConfig(text);
    expect(r.warnings).toEqual([]);
    expect(r.records).toEqual({
      mtu: 8951,
      mtuLine: 42,
      networkPluginName: 'redhat/openshift-ovs-multitenant',
      pluginLine: 43,
      dnsIP: '0.0.0.0',
      dnsDomain: 'cluster.local',
      iptablesSyncPeriod: '30s',
    });
    expect(lineOf(text, r.records.mtuLine)).toBe('  mtu: 8951');
  });

  it('reads the same YAML inside the config map (oc get configmap -o yaml), lines in the outer text', () => {
    const text = hostFixture('node-config', 'configmap-compute.yaml');
    const r = parseNodeConfig(text);
    expect(r.warnings).toEqual([]);
    expect(r.records).toMatchObject({
      mtu: 8951,
      mtuLine: 45,
      pluginLine: 46,
      networkPluginName: 'redhat/openshift-ovs-multitenant',
    });
    expect(lineOf(text, r.records.mtuLine)?.trim()).toBe('mtu: 8951');
    expect(lineOf(text, r.records.pluginLine)?.trim()).toBe(
      'networkPluginName: redhat/openshift-ovs-multitenant',
    );
  });

  it('reads the config map as JSON (-o json): both values sit on the data line', () => {
    const r = parseNodeConfig(hostFixture('node-config', 'configmap-compute.json'));
    expect(r.warnings).toEqual([]);
    expect(r.records).toMatchObject({ mtu: 8951, mtuLine: 10, pluginLine: 10, iptablesSyncPeriod: '30s' });
  });

  it('reads `oc describe configmaps` text: the data key, the ruler, the YAML, then Events', () => {
    const yaml = hostFixture('node-config', 'ansible-3.11-rendered.yaml').trimEnd();
    // kubectl/oc describe layout for a ConfigMap (pkg/kubectl/describe: Name, Namespace, Labels, Annotations, Data ====, key ----).
    const text = [
      'Name:         node-config-infra',
      'Namespace:    openshift-node',
      'Labels:       <none>',
      'Annotations:  <none>',
      '',
      'Data',
      '====',
      'node-config.yaml:',
      '----',
      yaml,
      '',
      'Events:  <none>',
    ].join('\n');
    const r = parseNodeConfig(text);
    expect(r.warnings).toEqual([]);
    expect(r.records).toMatchObject({ mtu: 8951, mtuLine: 51, pluginLine: 52 });
    expect(lineOf(text, 51)).toBe('  mtu: 8951');
  });

  it('reads a List of config maps (oc get configmaps -o yaml): the first one carrying node-config.yaml', () => {
    const cm = hostFixture('node-config', 'configmap-compute.yaml')
      .trimEnd()
      .split('\n')
      .map((l, i) => (i === 0 ? `- ${l}` : `  ${l}`));
    const text = [
      'apiVersion: v1',
      'items:',
      '- apiVersion: v1',
      '  data: {}',
      '  kind: ConfigMap',
      ...cm,
      'kind: List',
    ].join('\n');
    const r = parseNodeConfig(text);
    expect(r.warnings).toEqual([]);
    expect(r.records).toMatchObject({ mtu: 8951, networkPluginName: 'redhat/openshift-ovs-multitenant' });
    expect(lineOf(text, r.records.mtuLine)?.trim()).toBe('mtu: 8951');
  });

  it("reads the guide's elided fragment (39.8.1) with its `...` lines", () => {
    const r = parseNodeConfig(hostFixture('node-config', 'guide-39.8.1-describe-fragment.txt'));
    expect(r).toEqual({
      records: { mtu: 1450, mtuLine: 3, networkPluginName: 'company/openshift-ovs-subnet', pluginLine: 4 },
      warnings: [],
    });
  });

  it('treats the empty strings of a serialized NodeConfig (CNO) as unset', () => {
    expect(parseNodeConfig(hostFixture('node-config', 'cno-unit-test-nodeconfig.yaml'))).toEqual({
      records: {
        mtu: 1450,
        mtuLine: 31,
        networkPluginName: 'redhat/openshift-ovs-networkpolicy',
        pluginLine: 32,
      },
      warnings: [],
    });
  });

  it('reads nodeName, nodeIP, proxy arguments and quoted numbers', () => {
    const text = [
      'nodeName: node1.example.com',
      'nodeIP: 192.168.122.46',
      'networkConfig:',
      '  mtu: "1450"',
      'proxyArguments:',
      '  cluster-cidr:',
      '  - 10.128.0.0/14',
      '  proxy-mode:',
      '  - iptables',
    ].join('\n');
    expect(parseNodeConfig(text).records).toEqual({
      nodeName: 'node1.example.com',
      nodeIP: '192.168.122.46',
      mtu: 1450,
      mtuLine: 4,
      clusterNetworkCIDR: '10.128.0.0/14',
      proxyMode: 'iptables',
    });
  });

  it('warns, with the line, on an MTU that is not a number, broken YAML, empty or non-map input', () => {
    const bad = parseNodeConfig('networkConfig:\n  mtu: big\n');
    expect(bad.records.mtu).toBeUndefined();
    expect(bad.warnings.map((w) => [w.line, w.excerpt])).toEqual([[2, '  mtu: big']]);
    const broken = parseNodeConfig('networkConfig:\n  mtu: 1450\n  networkPluginName: [redhat\n');
    expect(broken.warnings.length).toBeGreaterThan(0);
    expect(broken.warnings.every((w) => w.line >= 0)).toBe(true);
    expect(parseNodeConfig('').warnings.map((w) => w.line)).toEqual([0]);
    expect(parseNodeConfig('- a\n- b\n').warnings.map((w) => w.message.en)).toEqual([
      'not a node configuration',
    ]);
  });

  it('refuses an alias bomb with a warning instead of expanding it', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
    ].join('\n');
    const r = parseNodeConfig(bomb);
    expect(r.records).toEqual({});
    expect(r.warnings.map((w) => w.line)).toEqual([0]);
    expect(r.warnings[0]?.message.en).toContain('unreadable node config');
  });
});
