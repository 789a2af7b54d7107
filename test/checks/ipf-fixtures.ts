/**
 * The healthy 3-node cluster of model-fixtures.ts with an IP failover configuration as
 * `oc adm ipfailover ipf-ha-router --replicas=2 --selector=ha-router=primary --virtual-ips=…
 * --watch-port=80 --iptables-chain=INPUT` creates it (guide §12): the DeploymentConfig (normalized
 * by the real model code), keepalived on node-1 and node-2, one VIP held by each, the VRRP ACCEPT
 * rule the image inserts, and keepalived's log as keepalived 2.2.7 printed it (test/fixtures).
 */
import { readFileSync } from 'node:fs';
import { toIpFailover } from '../../src/model/build/normalize-ipfailover.js';
import type { ClusterModel, IpFailover } from '../../src/model/types.js';
import { buildTestModel, healthyTexts, NODES, PS_TEXT, type ClusterTexts } from './model-fixtures.js';

export const VIP1 = '192.168.122.100';
export const VIP2 = '192.168.122.101';
export const IPF_NODES = ['node-1', 'node-2'];

const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/keepalived-log/${name}`, import.meta.url), 'utf8');
export const KEEPALIVED_MASTER_LOG = fixture('keepalived-2.2.7-master.log');
export const KEEPALIVED_CHECK_FAILING_LOG = fixture('keepalived-2.2.7-check-failing.log');

/** The DeploymentConfig `oc adm ipfailover` creates (apps.openshift.io/v1), with env overrides. */
export function ipfDeploymentConfig(env: Record<string, string> = {}, name = 'ipf-ha-router'): unknown {
  const vars: Record<string, string> = {
    OPENSHIFT_HA_CONFIG_NAME: name,
    OPENSHIFT_HA_VIRTUAL_IPS: `${VIP1}-101`,
    OPENSHIFT_HA_VIP_GROUPS: '',
    OPENSHIFT_HA_NETWORK_INTERFACE: 'eth0',
    OPENSHIFT_HA_MONITOR_PORT: '80',
    OPENSHIFT_HA_VRRP_ID_OFFSET: '0',
    OPENSHIFT_HA_REPLICA_COUNT: '2',
    OPENSHIFT_HA_USE_UNICAST: 'false',
    OPENSHIFT_HA_IPTABLES_CHAIN: 'INPUT',
    OPENSHIFT_HA_CHECK_INTERVAL: '2',
    ...env,
  };
  return {
    apiVersion: 'apps.openshift.io/v1',
    kind: 'DeploymentConfig',
    metadata: { name, namespace: 'default', labels: { ipfailover: name } },
    spec: {
      replicas: 2,
      selector: { ipfailover: name },
      strategy: { type: 'Recreate' },
      template: {
        metadata: { labels: { ipfailover: name } },
        spec: {
          hostNetwork: true,
          nodeSelector: { 'ha-router': 'primary' },
          serviceAccountName: 'ipfailover',
          containers: [
            {
              name: `${name}-keepalived`,
              image: 'docker.io/openshift/origin-keepalived-ipfailover:v3.11',
              securityContext: { privileged: true },
              ports: [{ containerPort: 63000, hostPort: 63000, protocol: 'TCP' }],
              env: Object.entries(vars).map(([n, value]) => ({ name: n, value })),
              volumeMounts: [{ name: 'lib-modules', mountPath: '/lib/modules', readOnly: true }],
            },
          ],
          volumes: [{ name: 'lib-modules', hostPath: { path: '/lib/modules' } }],
        },
      },
    },
  };
}

export function ipfConfig(env: Record<string, string> = {}, name = 'ipf-ha-router'): IpFailover {
  const c = toIpFailover(ipfDeploymentConfig(env, name), 'DeploymentConfig');
  if (!c || 'error' in c) throw new Error('fixture DeploymentConfig is not an ipfailover configuration');
  return c;
}

/** `ip addr` of a node with `vip` added on eth0 (how keepalived adds it: /32, scope global). */
export function withVip(ipAddr: string | undefined, vip: string): string {
  if (ipAddr === undefined) throw new Error('ip addr not collected');
  return ipAddr.replace(
    /( {4}inet 192\.168\.122\.\d+\/24 [^\n]*eth0\n[^\n]*\n)/,
    `$1    inet ${vip}/32 scope global eth0\n       valid_lft forever preferred_lft forever\n`,
  );
}

/** Removes `vip` from a node's `ip addr` (keepalived stopped or gave it up). */
export const dropVip = (vip: string) => (n: { ipAddr?: string }) =>
  (n.ipAddr = n.ipAddr?.replace(
    new RegExp(`    inet ${vip.replace(/\./g, '\\.')}/32[^\\n]*\\n[^\\n]*\\n`),
    '',
  ));

/** The rule the ipfailover image inserts (`iptables -I INPUT -d 224.0.0.18/32 -j ACCEPT`). */
export const VRRP_RULE = '-A INPUT -d 224.0.0.18/32 -j ACCEPT';

export function keepalivedPs(node: string): string {
  const conf = `/var/lib/sdn-doctor/${node}/keepalived.conf`;
  return `${PS_TEXT} 2301 /usr/sbin/keepalived -n -l -D --vrrp -f ${conf}\n 2302 /usr/sbin/keepalived -n -l -D --vrrp -f ${conf}\n`;
}

/** The healthy cluster with ipfailover on node-1 and node-2 (VIP1 on node-1, VIP2 on node-2). */
export function ipfTexts(): ClusterTexts {
  const t = healthyTexts();
  t.ipFailovers = [ipfConfig()];
  t.nodes = t.nodes.map((n) =>
    IPF_NODES.includes(n.name) ? { ...n, labels: { ...n.labels, 'ha-router': 'primary' } } : n,
  );
  for (const [i, name] of IPF_NODES.entries()) {
    const spec = NODES.find((n) => n.name === name);
    t.pods.push({
      namespace: 'default',
      name: `ipf-ha-router-1-${['x7k2p', 'q9m4d'][i]}`,
      node: name,
      ...(spec ? { hostIP: spec.ip, podIP: spec.ip } : {}),
      phase: 'Running',
      ready: true,
      hostNetwork: true,
      labels: { ipfailover: 'ipf-ha-router', deploymentconfig: 'ipf-ha-router' },
      containerPorts: [{ port: 63000, protocol: 'TCP' }],
    });
  }
  for (const [name, n] of Object.entries(t.node)) {
    n.iptables = n.iptables?.replace(/^(-A INPUT )/m, `${VRRP_RULE}\n$1`);
    if (!IPF_NODES.includes(name)) continue;
    n.processes = keepalivedPs(name);
    n.keepalivedLog = KEEPALIVED_MASTER_LOG;
    n.ipAddr = withVip(n.ipAddr, name === 'node-1' ? VIP1 : VIP2);
  }
  return t;
}

export function ipfModel(mutate: (t: ClusterTexts) => void = () => {}): ClusterModel {
  const t = ipfTexts();
  mutate(t);
  return buildTestModel(t);
}
