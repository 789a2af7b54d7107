/**
 * The fixed list of read-only commands sdn-doctor may run on a node or in a pod's network
 * namespace (docs/DEVELOPING.md "Read-only"). Every command is an argv array; parameters
 * (addresses, host names, URLs, interface names) are validated before they are placed in one, and
 * nothing ever goes through a shell.
 */
import type { ApiSnapshot, ArtifactKind } from './types.js';

/** An OpenShift release line, as far as the node layout differs (issue 12 "The 4.x node layout"). */
export type Release = '3.x' | '4.x';

export interface NodeCommand {
  readonly kind: ArtifactKind;
  /** Artifact file name inside `nodes/<node>/` in a bundle. */
  readonly file: string;
  readonly argv: readonly string[];
  /** Runs inside the OVS container on 3.11 (`oc exec -n openshift-sdn <ovs pod>`), 39.7.4. */
  readonly inOvsContainer?: boolean;
  /**
   * The releases whose nodes have what the command reads; omitted: every release. 4.x nodes have
   * no node-config.yaml and no atomic-openshift-node unit: the SDN's configuration is in API
   * objects and its log is the `sdn` pod's (openshift-sdn-pipeline.md §7.2).
   */
  readonly releases?: readonly Release[];
}

/** What `collect` and `diagnose` read from every node: one entry per step of the guide. */
export const NODE_COMMANDS: readonly NodeCommand[] = [
  { kind: 'ip-addr', file: 'ip-addr.txt', argv: ['ip', 'addr', 'show'] }, // 39.8.1
  { kind: 'ip-route', file: 'ip-route.txt', argv: ['ip', 'route', 'show'] }, // 39.7.3.2
  { kind: 'sysctl', file: 'sysctl.txt', argv: ['sysctl', 'net.ipv4.ip_forward'] }, // 39.7.3.1
  { kind: 'ovs-list-br', file: 'ovs-list-br.txt', argv: ['ovs-vsctl', 'list-br'], inOvsContainer: true }, // 39.7.4
  { kind: 'ovs-show', file: 'ovs-show.txt', argv: ['ovs-vsctl', 'show'], inOvsContainer: true },
  {
    kind: 'ovs-ports',
    file: 'ovs-ports.txt',
    argv: ['ovs-ofctl', '-O', 'OpenFlow13', 'dump-ports-desc', 'br0'],
    inOvsContainer: true,
  },
  {
    kind: 'ovs-flows',
    file: 'ovs-flows.txt',
    argv: ['ovs-ofctl', '-O', 'OpenFlow13', 'dump-flows', 'br0'],
    inOvsContainer: true,
  },
  {
    // Egress IP from rule version 10 (4.x): table 101 sends to `group:<vnid>`, whose buckets say
    // which node carries the traffic out (openshift/sdn ovscontroller.go SetNamespaceEgressViaEgressIPs).
    kind: 'ovs-groups',
    file: 'ovs-groups.txt',
    argv: ['ovs-ofctl', '-O', 'OpenFlow13', 'dump-groups', 'br0'],
    inOvsContainer: true,
  },
  { kind: 'iptables-save', file: 'iptables-save.txt', argv: ['iptables-save'] }, // 39.7.4.1
  { kind: 'iptables-nat-list', file: 'iptables-nat-list.txt', argv: ['iptables', '-t', 'nat', '-L', '-n'] }, // 39.11
  { kind: 'resolv-conf', file: 'resolv.conf', argv: ['cat', '/etc/resolv.conf'] }, // 39.9
  {
    kind: 'node-config',
    file: 'node-config.yaml',
    argv: ['cat', '/etc/origin/node/node-config.yaml'],
    releases: ['3.x'],
  }, // 36.8 / 39.8.1
  {
    kind: 'node-journal',
    file: 'node-journal.txt',
    argv: ['journalctl', '-u', 'atomic-openshift-node.service', '--boot', '--no-pager', '-n', '5000'],
    releases: ['3.x'],
  }, // 39.10
  // §12 (ipf-debug.sh): is keepalived running here, and what did it log (VRRP states, check script).
  { kind: 'processes', file: 'processes.txt', argv: ['ps', '-e', '-o', 'pid=,args='] },
  {
    kind: 'keepalived-log',
    file: 'keepalived-journal.txt',
    argv: ['journalctl', '-t', 'Keepalived_vrrp', '--boot', '--no-pager', '-n', '2000'],
  },
];

/** Whether `command` reads something nodes of `release` have (undefined release: every command runs). */
export function appliesTo(command: NodeCommand, release: Release | undefined): boolean {
  return release === undefined || command.releases === undefined || command.releases.includes(release);
}

/**
 * 4.x when the API shows the Network operator's object (every 4.x cluster has
 * `network.operator.openshift.io/cluster`; a 3.x server has no such resource) or the `sdn-config`
 * config map the operator renders into openshift-sdn, else undefined: the absence of a list says
 * nothing, so every command still runs.
 */
export function releaseOfApi(api: ApiSnapshot): Release | undefined {
  const operator = api.operatornetworks;
  if (operator?.ok && operator.items.length > 0) return '4.x';
  // the ClusterVersion: config.openshift.io exists on every 4.x server and on no 3.x one
  const versions = api.clusterversions;
  if (versions?.ok && versions.items.length > 0) return '4.x';
  const cms = api.configmaps;
  const sdnConfig = cms?.ok
    ? cms.items.some((i) => {
        const m = (i as { metadata?: { name?: unknown; namespace?: unknown } }).metadata;
        return m?.name === 'sdn-config' && m.namespace === 'openshift-sdn';
      })
    : false;
  return sdnConfig ? '4.x' : undefined;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;
// Never a leading '-': `ethtool -s` would read the name as an option.
const IFNAME = /^[A-Za-z0-9_.@:][A-Za-z0-9_.@:-]{0,14}$/;

/** Thrown when a parameter would not be safe in an argv (never reaches a node). */
export class UnsafeParameterError extends Error {}

export function assertIPv4(ip: string): string {
  if (!IPV4.test(ip)) throw new UnsafeParameterError(`not an IPv4 address: ${JSON.stringify(ip)}`);
  return ip;
}

export function assertHost(host: string): string {
  if (!IPV4.test(host) && !HOSTNAME.test(host)) {
    throw new UnsafeParameterError(`not a host name or IPv4 address: ${JSON.stringify(host)}`);
  }
  return host;
}

export function assertIfName(name: string): string {
  if (!IFNAME.test(name)) throw new UnsafeParameterError(`not an interface name: ${JSON.stringify(name)}`);
  return name;
}

export function assertUrl(url: string): string {
  const u = new URL(url); // throws on garbage
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new UnsafeParameterError(`only http/https URLs are probed: ${JSON.stringify(url)}`);
  }
  assertHost(u.hostname);
  return u.toString();
}

/** Parametrised read-only probes of the guide, as argv arrays. */
export const probeCommands = {
  /** 39.6 step 4 */
  ipRouteGet: (ip: string) => ['ip', 'route', 'get', assertIPv4(ip)],
  /** 39.3, 39.6: three pings, short wait. */
  ping: (host: string, timeoutS = 1) => [
    'ping',
    '-c',
    '3',
    '-i',
    '0.2',
    '-W',
    String(timeoutS),
    assertHost(host),
  ],
  /** 39.8 / 39.13.2: one full-size ping with don't-fragment set. */
  pingDf: (host: string, size: number, timeoutS = 1) => [
    'ping',
    '-c',
    '1',
    '-M',
    'do',
    '-s',
    String(Math.trunc(size)),
    '-W',
    String(timeoutS),
    assertHost(host),
  ],
  /** 39.3, 39.6 */
  tracepath: (host: string) => ['tracepath', '-n', '-m', '8', assertHost(host)],
  /** 39.3, 39.5: `curl -kv`, bounded. */
  curl: (url: string, timeoutS = 2) => [
    'curl',
    '-kvsS',
    '-o',
    '/dev/null',
    '-m',
    String(timeoutS),
    '--connect-timeout',
    String(timeoutS),
    assertUrl(url),
  ],
  /** 39.3 */
  digShort: (name: string) => ['dig', '+short', '+time=1', '+tries=1', assertHost(name)],
  /** 39.9 */
  digSearchAnswer: (name: string) => [
    'dig',
    '+search',
    '+noall',
    '+answer',
    '+time=1',
    '+tries=1',
    assertHost(name),
  ],
  /** 39.6: link state */
  ethtool: (ifname: string) => ['ethtool', assertIfName(ifname)],
  /** 39.13.3: veth peer */
  ethtoolStats: (ifname: string) => ['ethtool', '-S', assertIfName(ifname)],
  /** 39.13.3: driver */
  ethtoolDriver: (ifname: string) => ['ethtool', '-i', assertIfName(ifname)],
  ipLinkShow: (ifname: string) => ['ip', 'link', 'show', 'dev', assertIfName(ifname)],
} as const;
