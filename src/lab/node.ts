/**
 * A node: a netns on the underlay bridge with its own OVS, br-ex carrying the node IP, br0 with
 * vxlan0 (port 1) and tun0 (port 2), set up the way openshift-sdn's SetupSDN()/SetupOVS() do —
 * every SDN step is run for real and recorded with its output in the node's service log.
 */
import { inNetns, must, run, type RunResult } from './exec.js';
import { NodeJournal } from './journal.js';
import { addNetnsOnUnderlay } from './netns.js';
import { prefixOf } from '../net/ipv4.js';
import type { LabNodeSpec, LabSpec, LabState } from './model.js';
import { ovsEnv, vsctl } from './ovs.js';

/** Underlay link, loopback, sysctls and br-ex with the node IP (the node's "host" network). */
export async function wireNode(spec: LabSpec, node: LabNodeSpec, underlay: string): Promise<void> {
  const ul = `ul-n${node.index}`;
  await addNetnsOnUnderlay(node.netns, underlay, ul);
  // PITFALL (spike): software checksums on the bridge port that feeds OVS via AF_PACKET
  await must(inNetns(underlay, ['ethtool', '-K', ul, 'tx', 'off']));
  await must(['ip', '-n', node.netns, '-batch', '-'], { input: 'link set lo up\nlink set eth0 up\n' });
  // PITFALL (spike): eth0 under br-ex must not answer ARP for the br-ex IP with its own MAC
  await must(
    inNetns(node.netns, [
      'sysctl',
      '-qw',
      'net.ipv4.conf.eth0.arp_ignore=1',
      'net.ipv4.conf.all.arp_ignore=1',
      // tun0 receives and re-sends service traffic on the same device: an ICMP redirect per
      // packet would use up the per-host ICMP rate limit and swallow kube-proxy's REJECT (39.5)
      'net.ipv4.conf.all.send_redirects=0',
      'net.ipv4.conf.default.send_redirects=0',
    ]),
  );
}

/** br-ex: the userspace VXLAN needs the node IP on an OVS bridge (route + ARP lookups). */
export async function setupBrEx(spec: LabSpec, node: LabNodeSpec): Promise<void> {
  await vsctl(node, [
    '--may-exist',
    'add-br',
    'br-ex',
    '--',
    'set',
    'bridge',
    'br-ex',
    'datapath_type=netdev',
    '--',
    '--may-exist',
    'add-port',
    'br-ex',
    'eth0',
  ]);
  const len = prefixOf(spec.underlayCidr);
  // §13.1: a service's external IP reaches the cluster through the node that holds it (ARP on the underlay)
  const external = spec.services
    .filter((s) => s.externalIPNode === node.index)
    .flatMap((s) => s.externalIPs ?? [])
    .map((ip) => `addr add ${ip}/32 dev br-ex\n`)
    .join('');
  await must(['ip', '-n', node.netns, '-batch', '-'], {
    input: `addr add ${node.ip}/${len} dev br-ex\n${external}link set br-ex up\nroute add default via ${spec.dnsServer}\n`,
  });
}

/** The SDN setup steps of a 3.11 node (SetupOVS + SetupSDN), as argv run in the node netns. */
export function sdnSetupSteps(spec: LabSpec, node: LabNodeSpec, mtu: number): string[][] {
  const len = prefixOf(node.subnet);
  return [
    ['ovs-vsctl', '--if-exists', 'del-br', 'br0'],
    [
      'ovs-vsctl',
      '--may-exist',
      'add-br',
      'br0',
      '--',
      'set',
      'Bridge',
      'br0',
      'fail_mode=secure',
      'protocols=OpenFlow13',
      'datapath_type=netdev',
    ],
    ['ovs-ofctl', '-O', 'OpenFlow13', 'set-frags', 'br0', 'nx-match'],
    [
      'ovs-vsctl',
      '--may-exist',
      'add-port',
      'br0',
      'vxlan0',
      '--',
      'set',
      'Interface',
      'vxlan0',
      'ofport_request=1',
      'type=vxlan',
      'options:remote_ip=flow',
      'options:key=flow',
      `options:dst_port=${spec.vxlanPort}`,
    ],
    [
      'ovs-vsctl',
      '--may-exist',
      'add-port',
      'br0',
      'tun0',
      '--',
      'set',
      'Interface',
      'tun0',
      'ofport_request=2',
      'type=internal',
      `mtu_request=${mtu}`,
    ],
    ['ip', 'link', 'set', 'tun0', 'mtu', String(mtu)],
    ['ip', 'addr', 'add', `${node.gateway}/${len}`, 'dev', 'tun0'],
    ['ip', 'link', 'set', 'tun0', 'up'],
    // deleteLocalSubnetRoute(): local pods are reached through the cluster-network route
    ['ip', 'route', 'del', node.subnet, 'dev', 'tun0'],
    ['ip', 'route', 'add', spec.clusterNetwork, 'dev', 'tun0', 'scope', 'link'],
    ['ip', 'route', 'add', spec.serviceNetwork, 'dev', 'tun0'],
    ['sysctl', '-w', 'net.ipv4.ip_forward=1'],
  ];
}

/** Runs setup steps in the node netns; each result is recorded, a failing step stops the script. */
export async function runSetupScript(
  node: LabNodeSpec,
  steps: readonly string[][],
  journal: NodeJournal,
): Promise<{ ok: boolean; results: { argv: string[]; result: RunResult }[] }> {
  const results: { argv: string[]; result: RunResult }[] = [];
  let ok = true;
  for (const argv of steps) {
    const result = await run(inNetns(node.netns, argv), { env: ovsEnv(node) });
    results.push({ argv, result });
    if (result.code !== 0) {
      ok = false;
      break;
    }
  }
  journal.setupScript(results);
  return { ok, results };
}

/**
 * PITFALL (spike): OVS's userspace tunnel learns the remote VTEP MACs by snooping ARP on br-ex;
 * until then the first packet to a node is dropped. One ping per node pair fills the cache.
 */
export async function warmTunnels(state: LabState): Promise<void> {
  const { nodes } = state.spec;
  await Promise.all(
    nodes.flatMap((a) =>
      nodes
        .filter((b) => b.index !== a.index)
        .map((b) => run(inNetns(a.netns, ['ping', '-c', '1', '-W', '1', '-q', b.ip]), { timeoutMs: 3000 })),
    ),
  );
}
