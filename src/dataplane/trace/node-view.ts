/**
 * What the simulator needs of one node, compiled once from its facts: br0 (flows + ports), the
 * iptables tables, the route table, its own addresses and ip_forward (39.7.3.1).
 */
import { matchValue } from '../../model/flow-match.js';
import { pipelineOf, podTables } from '../../model/pipeline.js';
import type { ClusterModel, NodeFacts } from '../../model/types.js';
import { Bridge } from '../engine/bridge.js';
import { indexIptables, type IndexedTable, type IptablesContext } from '../engine/iptables.js';
import { parseCidr, parseIp } from '../../net/ipv4.js';
import { RouteTable } from '../engine/routes.js';

export class NodeView {
  readonly name: string;
  readonly facts: NodeFacts | undefined;
  readonly bridge: Bridge | undefined;
  readonly iptables: ReadonlyMap<string, IndexedTable> | undefined;
  readonly routes: RouteTable | undefined;
  /** `net.ipv4.ip_forward` as collected, or undefined. */
  readonly ipForward: string | undefined;
  /** The node's IP as the API knows it (Node InternalIP, else HostSubnet hostIP). */
  readonly realIp: number | undefined;
  /** tun0's address: the first host of the node's HostSubnet (GenerateDefaultGateway). */
  readonly gateway: number | undefined;
  private readonly addresses = new Set<number>();
  private readonly devAddresses = new Map<string, number>();
  private readonly portByIp = new Map<number, number>();
  private readonly ipByPort = new Map<number, number>();
  /**
   * The iptables contexts of this node by devices, kept on the node rather than in a WeakMap keyed
   * by it: V8's young-generation collector keeps alive what a WeakMap in the old generation holds
   * for a young key until the next full collection, and a context's functions hold the node, so
   * every dropped node (flows, dump text, compiled tables) was copied and promoted
   * (docs/dataplane.md, "The young generation kept nodes no one kept").
   */
  private readonly contexts = new Map<string, IptablesContext>();

  constructor(name: string, facts: NodeFacts | undefined, model: ClusterModel) {
    this.name = name;
    this.facts = facts;
    const flows = facts?.ovs.flows?.value;
    this.bridge = flows ? new Bridge(flows, facts?.ovs.ports?.value, facts?.ovs.groups?.value) : undefined;
    this.iptables = facts?.iptables ? indexIptables(facts.iptables.value) : undefined;
    this.routes = facts?.routes ? new RouteTable(facts.routes.value) : undefined;
    this.ipForward = facts?.sysctls?.value['net.ipv4.ip_forward']?.value;
    const node = model.nodes?.value.find((n) => n.name === name);
    const hs = model.hostSubnets?.value.find((h) => h.host === name || h.name === name);
    this.realIp = parseIp(node?.internalIP ?? hs?.hostIP ?? '');
    const subnet = hs ? parseCidr(hs.subnet) : undefined;
    this.gateway = subnet ? (subnet.base + 1) >>> 0 : undefined;
    if (this.realIp !== undefined) this.addresses.add(this.realIp);
    for (const a of node?.addresses ?? []) {
      const ip = parseIp(a.address);
      if (ip !== undefined && a.type === 'InternalIP') this.addresses.add(ip);
    }
    for (const link of facts?.links?.value ?? []) {
      for (const addr of link.addresses) {
        if (addr.family !== 'inet') continue;
        const ip = parseIp(addr.cidr.split('/')[0]!);
        if (ip === undefined) continue;
        this.addresses.add(ip);
        if (!this.devAddresses.has(link.name)) this.devAddresses.set(link.name, ip);
      }
    }
    if (this.gateway !== undefined) {
      this.addresses.add(this.gateway);
      if (!this.devAddresses.has('tun0')) this.devAddresses.set('tun0', this.gateway);
    }
    if (this.bridge) this.indexPodPorts();
  }

  /**
   * What iptables rules are matched against on this node for a packet in through `inDev` and out
   * through `outDev` (cached: the matrix asks millions of times).
   */
  iptablesContext(inDev: string | undefined, outDev: string | undefined): IptablesContext {
    const key = `${inDev ?? ''}|${outDev ?? ''}`;
    let c = this.contexts.get(key);
    if (!c) {
      c = {
        ...(inDev ? { inDev } : {}),
        ...(outDev ? { outDev } : {}),
        isLocal: (ip: number) => this.isLocal(ip),
        addressOf: (d: string) => this.addressOf(d),
      };
      this.contexts.set(key, c);
    }
    return c;
  }

  /**
   * Lets go of what was compiled on demand since the view was built (its bridge's tables: see
   * {@link Bridge.release}); the view stays usable and compiles them again when asked. Called by
   * the cache that drops the node.
   */
  release(): void {
    this.bridge?.release();
  }

  /** Is the address the node's own? (links, local routes, Node/HostSubnet IPs, tun0's gateway) */
  isLocal(ip: number): boolean {
    return this.addresses.has(ip) || (this.routes?.isLocal(ip) ?? false) || ip >>> 24 === 127;
  }

  /** Primary IPv4 address of a device (MASQUERADE, source address selection). */
  addressOf(dev: string): number | undefined {
    return this.devAddresses.get(dev) ?? (dev === 'tun0' ? this.gateway : this.realIp);
  }

  /** br0 port of a local pod, from the per-pod flows (setupPodFlows, §4.1). */
  portOfPod(ip: number): number | undefined {
    return this.portByIp.get(ip);
  }

  /** IP of the pod behind a br0 port. */
  podIpAt(port: number): number | undefined {
    return this.ipByPort.get(port);
  }

  private indexPodPorts(): void {
    const bridge = this.bridge!;
    const add = (ip: string | undefined, port: number | undefined, preferPort: boolean): void => {
      const addr = ip ? parseIp(ip) : undefined;
      if (addr === undefined || port === undefined) return;
      if (preferPort || !this.portByIp.has(addr)) this.portByIp.set(addr, port);
      if (!this.ipByPort.has(port)) this.ipByPort.set(port, addr);
    };
    // The per-pod tables of this node's rule version (pipeline reference §4.1).
    const t = podTables(pipelineOf(this.facts));
    // (every flow of the node passes here, 3·10⁶ at 1000 nodes: no closure made per flow)
    for (const f of this.facts!.ovs.flows!.value) {
      if (f.table === t.fromPod) {
        const port = matchValue(f, 'in_port');
        add(
          matchValue(f, 'nw_src') ?? matchValue(f, 'arp_spa'),
          port === undefined ? undefined : bridge.ports.resolve(port),
          true,
        );
      } else if (f.table === t.toLocalPod) {
        for (const a of f.actions) {
          if (a.kind === 'load' && /^(NXM_NX_REG2\[\]|reg2)$/.test(a.dst))
            add(matchValue(f, 'nw_dst'), Number(a.value), false);
        }
      } else if (f.table === t.arpToLocalPod) {
        for (const a of f.actions) {
          if (a.kind === 'output')
            add(matchValue(f, 'arp_tpa') ?? matchValue(f, 'nw_dst'), bridge.ports.resolve(a.port), false);
        }
      }
    }
  }
}
