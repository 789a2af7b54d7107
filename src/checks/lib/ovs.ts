/**
 * br0's ports (39.7.4 `dump-ports-desc`, `ovs-vsctl show`): vxlan0 is port 1, tun0 port 2, one veth
 * per local pod. Flows name ports by number or, with `--names`, by name: both resolve here.
 */
import type { NodeFacts, OvsPort } from '../../model/types.js';

/** The port a flow's `in_port=`/`output:` value designates (number or name), if br0 has it. */
export function resolvePort(ports: readonly OvsPort[], ref: string): OvsPort | undefined {
  const n = /^\d+$/.test(ref) ? Number(ref) : undefined;
  return ports.find((p) => (n !== undefined ? p.ofport === n : p.name === ref));
}

/** Port by interface name. */
export function portByName(ports: readonly OvsPort[], name: string): OvsPort | undefined {
  return ports.find((p) => p.name === name);
}

/**
 * Bridge names known on the node, from `ovs-vsctl list-br`, else `ovs-vsctl show`; undefined when
 * neither was collected.
 */
export function bridgeNames(facts: NodeFacts): { names: readonly string[]; artifact: string } | undefined {
  if (facts.ovs.bridges) return { names: facts.ovs.bridges.value, artifact: facts.ovs.bridges.artifact };
  if (facts.ovs.show)
    return { names: facts.ovs.show.value.bridges.map((b) => b.name), artifact: facts.ovs.show.artifact };
  return undefined;
}
