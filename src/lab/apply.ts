/**
 * Reconcilers: regenerate a node's flows / iptables, the router, DNS and resolv.conf files from the
 * cluster view (spec + active faults) and apply them for real. Faults that are a changed cluster
 * state (stale HostSubnet, missing endpoints, deleted flows, …) are expressed here, so turning one
 * fault off re-applies everything else unchanged.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inNetns, must, run, type RunResult } from './exec.js';
import { generateNodeFlows, hostSubnetCookie, type NodeFlowSpec } from './flows.js';
import { generateNodeFlows13 } from './flows-v13.js';
import { generateNodeIptables } from './iptables.js';
import { labRelease, podsOnNode, type LabNodeSpec, type LabPodSpec, type LabState } from './model.js';
import { objectKey } from '../model/object-key.js';
import { ETC_NETNS, labNames } from './names.js';
import { ovsEnv } from './ovs.js';
import { ipfailoverNodes, VRRP_ACCEPT_RULE, VRRP_DROP_RULE } from './ipfailover.js';
import { nodePolicies, nodePolicyFlows } from './policies.js';
import { flowText, type PolicyFlow } from '../model/policy-flows.js';
import { clusterView, findPod, readyEndpoints } from './view.js';

const vnidOf = (state: LabState, ns: string): number =>
  state.spec.namespaces.find((n) => n.name === ns)?.netid ?? 0;

/**
 * The VNID a pod's flows load. Fault vnid-mismatch: the netid of another project (the first other
 * non-global one), as a node that missed a NetNamespace update would keep it.
 */
function podVnid(state: LabState, p: LabPodSpec): number {
  const own = vnidOf(state, p.namespace);
  if (!state.faults.some((f) => f.id === 'vnid-mismatch' && f.pod === objectKey(p))) return own;
  return state.spec.namespaces.find((n) => n.netid !== 0 && n.netid !== own)?.netid ?? own + 1;
}

/**
 * Node i's table 80 flows and, on rule version 13, its table 27 flows. Fault policy-flow-missing:
 * the node lost one priority-150 (allow) flow, the first of the policy named by `--policy` (the
 * allow-from-default-namespace flow puts it on a route's path: the router's VNID 0), else the
 * node's first; table 80's first, table 27's when the policy has no ingress flow (Egress only).
 */
function nodePolicyTables(
  state: LabState,
  i: number,
): Pick<NodeFlowSpec, 'policyFlows' | 'egressPolicyFlows'> {
  const { ingress, egress } = nodePolicyFlows(state.spec, i, nodePolicies(state, i));
  const f = state.faults.find((x) => x.id === 'policy-flow-missing' && x.node === i);
  const lost = f
    ? [...ingress, ...egress].find((x) => x.priority === 150 && (!f.policy || x.policy === f.policy))
    : undefined;
  const kept = (flows: readonly PolicyFlow[]) => flows.filter((x) => x !== lost).map(flowText);
  return { policyFlows: kept(ingress), egressPolicyFlows: kept(egress) };
}

/**
 * The br0 port a pod's flows use. Fault veth-peer-mismatch (§13.3): the two pods' flows point at
 * each other's port, as a node whose flows outlived a pod recreated on a reused port number would
 * keep them; the veths stay where CNI plugged them.
 */
function podFlowPort(state: LabState, p: LabPodSpec): number {
  const key = objectKey(p);
  for (const f of state.faults) {
    if (f.id !== 'veth-peer-mismatch' || !f.pod || !f.peerPod) continue;
    const other = f.pod === key ? f.peerPod : f.peerPod === key ? f.pod : undefined;
    const swapped = other ? findPod(state, other) : undefined;
    if (swapped) return swapped.ofport;
  }
  return p.ofport;
}

const node = (state: LabState, i: number): LabNodeSpec => {
  const n = state.spec.nodes[i - 1];
  if (!n) throw new Error(`no node ${i}`);
  return n;
};

/** br0's flows for node i, with flow faults applied (deleted flows stay deleted). */
export function nodeFlows(state: LabState, i: number): string[] {
  const { spec } = state;
  const view = clusterView(state);
  const me = node(state, i);
  const flowSpec: NodeFlowSpec = {
    plugin: spec.plugin,
    clusterNetworks: [spec.clusterNetwork],
    serviceNetwork: spec.serviceNetwork,
    localSubnet: me.subnet,
    nodeIP: me.ip,
    // the node follows the HostSubnets in the API (hostsubnet-stale: a wrong VTEP)
    remoteSubnets: view.hostSubnets
      .filter((h) => h.node.index !== i)
      .map((h) => ({ hostIP: h.hostIP, subnet: h.node.subnet, uid: h.node.hostSubnetUid })),
    pods: podsOnNode(spec, i).map((p) => ({
      ip: p.ip,
      ofport: podFlowPort(state, p),
      vnid: podVnid(state, p),
    })),
    ...(spec.plugin === 'networkpolicy' ? nodePolicyTables(state, i) : {}),
    services: view.services.map((s) => ({
      ip: s.clusterIP,
      ports: s.ports.map((p) => ({ port: p.port, protocol: p.protocol })),
      vnid: vnidOf(state, s.namespace),
    })),
  };
  // 4.x lab: rule version 13; flow faults drop lines of tables 10/20/40/70/90, the same in both
  const flows =
    labRelease(spec) === '4.x' ? generateNodeFlows13(flowSpec, spec.vxlanPort) : generateNodeFlows(flowSpec);
  const drop: ((f: string) => boolean)[] = [];
  for (const f of state.faults) {
    if (f.node !== i && f.id !== 'flow-pod-missing') continue;
    const peer = f.peer ? spec.nodes[f.peer - 1] : undefined;
    if (f.id === 'flow-tun-src-missing' && peer) {
      const c = hostSubnetCookie(peer.hostSubnetUid);
      drop.push((l) => l.startsWith('table=10,') && l.includes(`cookie=${c},`));
    } else if (f.id === 'flow-tun-dst-missing' && peer) {
      drop.push((l) => l.startsWith('table=90,') && l.includes(`nw_dst=${peer.subnet},`));
    } else if (f.id === 'flow-pod-missing' && f.pod) {
      const pod = findPod(state, f.pod);
      if (pod && pod.nodeIndex === i) {
        drop.push(
          (l) =>
            /^table=(20|40|70),/.test(l) &&
            (l.includes(`nw_src=${pod.ip},`) || l.includes(`nw_dst=${pod.ip},`)),
        );
      }
    }
  }
  return drop.length === 0 ? flows : flows.filter((l) => !drop.some((d) => d(l)));
}

/** Replaces br0's flows with the generated ones in one `ovs-ofctl replace-flows` (only the diff changes). */
export async function applyFlows(
  state: LabState,
  i: number,
): Promise<{ flows: string[]; result: RunResult }> {
  const me = node(state, i);
  const flows = nodeFlows(state, i);
  const file = join(me.dir, 'flows.txt');
  await writeFile(file, `${flows.join('\n')}\n`);
  const result = await run(
    inNetns(me.netns, ['ovs-ofctl', '-O', 'OpenFlow13', 'replace-flows', 'br0', file]),
    { env: ovsEnv(me) },
  );
  if (result.code !== 0)
    throw new Error(`replace-flows on ${me.name}: ${result.stderr.trim() || result.error}`);
  return { flows, result };
}

/** Node i's iptables rules text (with iptables faults). */
export function nodeIptables(state: LabState, i: number): string {
  const { spec } = state;
  const view = clusterView(state);
  const mine = state.faults.filter((f) => f.node === i);
  const extra: string[] = [];
  for (const f of mine) {
    // 39.7.4.1: an administrator's rule that drops the pods' forwarded traffic
    if (f.id === 'iptables-drop') extra.push(`-A FORWARD -s ${spec.clusterNetwork} -j DROP`);
    // 39.3: the router host silently drops its HTTP/HTTPS ports
    if (f.id === 'router-timeout') {
      extra.push('-A INPUT -p tcp -m tcp --dport 80 -j DROP', '-A INPUT -p tcp -m tcp --dport 443 -j DROP');
    }
    // §12: an administrator's rule above the ipfailover one drops VRRP adverts
    if (f.id === 'ipf-vrrp-blocked') extra.push(VRRP_DROP_RULE);
  }
  // §12: the ipfailover pod inserts its VRRP ACCEPT at the top of OPENSHIFT_HA_IPTABLES_CHAIN
  if (ipfailoverNodes(state).includes(i)) extra.push(VRRP_ACCEPT_RULE);
  return generateNodeIptables({
    clusterNetworks: [spec.clusterNetwork],
    vxlanPort: spec.vxlanPort,
    services: view.services.flatMap((s) =>
      s.ports.map((p) => ({
        namespace: s.namespace,
        name: s.name,
        portName: p.name,
        clusterIP: s.clusterIP,
        port: p.port,
        protocol: p.protocol,
        ...(p.nodePort !== undefined ? { nodePort: p.nodePort } : {}),
        ...(s.externalIPs ? { externalIPs: s.externalIPs } : {}),
        endpoints: readyEndpoints(view, s).map((e) => `${e.pod.ip}:${p.targetPort}`),
      })),
    ),
    omitServiceNat: mine.filter((f) => f.id === 'svc-nat-missing' && f.service).map((f) => f.service!),
    omitNodePorts: mine.filter((f) => f.id === 'nodeport-nat-missing' && f.service).map((f) => f.service!),
    omitMasquerade: mine.some((f) => f.id === 'svc-masquerade-missing'),
    extraFilterRules: extra,
  });
}

export async function applyIptables(state: LabState, i: number): Promise<void> {
  const me = node(state, i);
  const rules = nodeIptables(state, i);
  await writeFile(join(me.dir, 'iptables.rules'), rules);
  await must(inNetns(me.netns, ['iptables-restore']), { input: rules });
}

/** resolv.conf of every lab namespace (ip-netns bind-mounts /etc/netns/<ns>/resolv.conf). */
export async function applyResolvConf(state: LabState): Promise<void> {
  const { spec } = state;
  const n = labNames(spec.name);
  // 39.9: a search domain whose zone has a wildcard record hijacks every external name
  const extraSearch = state.faults.some((f) => f.id === 'egress-dns-wildcard') ? ' example.com' : '';
  const files: [string, string][] = [
    [n.client, `nameserver ${spec.dnsServer}\n`],
    [n.outside, `nameserver ${spec.dnsServer}\n`],
    ...spec.nodes.map((x): [string, string] => [
      x.netns,
      `# Generated by NetworkManager\n${extraSearch ? `search${extraSearch}\n` : ''}nameserver ${spec.dnsServer}\n`,
    ]),
    ...spec.pods.map((p): [string, string] => [
      p.netns,
      `nameserver ${spec.dnsServer}\nsearch ${p.namespace}.svc.cluster.local svc.cluster.local cluster.local${extraSearch}\noptions ndots:5\n`,
    ]),
  ];
  await Promise.all(
    files.map(async ([ns, text]) => {
      await mkdir(join(ETC_NETNS, ns), { recursive: true });
      await writeFile(join(ETC_NETNS, ns, 'resolv.conf'), text);
    }),
  );
}

export async function removeResolvConf(netns: readonly string[]): Promise<void> {
  await Promise.all(netns.map((ns) => rm(join(ETC_NETNS, ns), { recursive: true, force: true })));
}
