/**
 * §12 (IP failover, what ipf-debug.sh looks at): which nodes a failover configuration puts
 * keepalived on, which nodes hold a VIP, and the names keepalived uses for it.
 */
import type { ClusterModel, IpFailover, KubeNode, LinkEntry, Process } from '../../model/types.js';
import { selectorMatches } from '../../model/selector.js';
import { nodesHolding } from './nodes.js';

/** keepalived's VRRP multicast group (RFC 5798 §5.1.1.2). */
export const VRRP_GROUP = '224.0.0.18';

/** `namespace/name` of the DeploymentConfig or Deployment, as `oc get` names it. */
export function configLabel(c: IpFailover): string {
  return `${c.kind === 'DeploymentConfig' ? 'dc' : 'deployment'}/${c.name} (${c.namespace})`;
}

/** The nodes the node selector picks (ipf-debug.sh derives the node set from the dc selector). */
export function selectedNodes(model: ClusterModel, c: IpFailover): KubeNode[] {
  return (model.nodes?.value ?? []).filter((n) => selectorMatches(c.nodeSelector, n.labels));
}

/**
 * The nodes that should run keepalived for `c`: the selected nodes, or — when the replica count is
 * below the number of selected nodes — the nodes its pods were scheduled on (the rest run none).
 */
export function keepalivedNodes(model: ClusterModel, c: IpFailover): string[] {
  const selected = selectedNodes(model, c).map((n) => n.name);
  if (c.replicas === undefined || c.replicas >= selected.length) return selected.sort();
  const podNodes = (model.pods?.value ?? [])
    .filter(
      (p) =>
        p.namespace === c.namespace &&
        Object.keys(c.podLabels).length > 0 &&
        selectorMatches(c.podLabels, p.labels) &&
        p.node !== undefined &&
        selected.includes(p.node),
    )
    .map((p) => p.node as string);
  return [...new Set(podNodes)].sort();
}

/** Nodes (of those whose addresses were collected) that have `vip` on an interface. */
export const vipHolders = nodesHolding;

/** The keepalived processes in a `ps` listing. */
export function keepalivedProcesses(processes: readonly Process[]): Process[] {
  return processes.filter((p) => p.command === 'keepalived');
}

/** The check script's name in the generated keepalived.conf (`chk_${HA_CONFIG_NAME//-/_}`). */
export function checkScriptName(c: IpFailover): string {
  return `chk_${c.configName.replace(/-/g, '_')}`;
}

/**
 * true when the node's interfaces were collected and `ifname` (OPENSHIFT_HA_NETWORK_INTERFACE) is
 * not among them; unset (the default route's interface) or uncollected is never missing.
 */
export function interfaceMissing(
  links: readonly LinkEntry[] | undefined,
  ifname: string | undefined,
): boolean {
  return links !== undefined && ifname !== undefined && !links.some((l) => l.name === ifname);
}

/**
 * The VIPs of the configurations that run keepalived where a router runs (`oc adm ipfailover
 * --watch-port=80` in front of the routers): a route's host may resolve to them (§12).
 */
export function routerVips(model: ClusterModel, routerNodes: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const c of model.ipFailovers?.value ?? []) {
    if (keepalivedNodes(model, c).some((n) => routerNodes.has(n))) for (const v of c.virtualIPs) out.add(v);
  }
  return out;
}
