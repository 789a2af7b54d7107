/**
 * Port names ↔ numbers of one br0. Dumps print numbers or, with `--names` / on a tty, names
 * (pipeline reference §6); `dump-ports-desc` gives the mapping. When it was not collected, names
 * are tied to numbers through the per-pod flows (table 20 `in_port=<veth>,nw_src=<ip>` and table 70
 * `nw_dst=<ip> … load:<n>->NXM_NX_REG2[]` name the same pod). vxlan0 is 1 and tun0 is 2
 * (`ovscontroller.go SetupOVS()`, ofport_request).
 */
import type { Flow, OvsPort } from '../../model/types.js';
import { PIPELINES, podTables } from '../../model/pipeline.js';
import { ovsVersionNote } from '../../model/build/ovs-note.js';

export const OFPP_IN_PORT = 0xfff8;
export const OFPP_LOCAL = 0xfffe;
export const VXLAN_PORT = 1;
export const TUN0_PORT = 2;
/** Numbers given to names nothing maps (never equal to a real OpenFlow port). */
const SYNTHETIC_BASE = 0x1000000;

export class PortTable {
  private readonly byName = new Map<string, number>();
  private readonly names = new Map<number, string>();
  private synthetic = 0;
  /** Ports known to exist on the bridge; undefined when dump-ports-desc was not collected. */
  readonly existing: ReadonlySet<number> | undefined;

  constructor(ports: readonly OvsPort[] | undefined, flows: readonly Flow[]) {
    if (ports) {
      const existing = new Set<number>();
      for (const p of ports) {
        const n = p.ofport === 'LOCAL' ? OFPP_LOCAL : p.ofport;
        existing.add(n);
        this.alias(p.name, n);
      }
      this.existing = existing;
    }
    if (!this.byName.has('vxlan0')) this.alias('vxlan0', VXLAN_PORT);
    if (!this.byName.has('tun0')) this.alias('tun0', TUN0_PORT);
    this.inferFromPodFlows(flows);
  }

  private alias(name: string, n: number): void {
    this.byName.set(name, n);
    if (!this.names.has(n)) this.names.set(n, name);
  }

  /** `3` → 3, `vxlan0` → 1, `LOCAL` → 0xfffe, unknown name → a stable synthetic number. */
  resolve(token: string): number {
    if (/^\d+$/.test(token)) return Number(token);
    if (token === 'LOCAL') return OFPP_LOCAL;
    if (token === 'IN_PORT' || token === 'in_port') return OFPP_IN_PORT;
    let n = this.byName.get(token);
    if (n === undefined) {
      n = SYNTHETIC_BASE + this.synthetic++;
      this.alias(token, n);
    }
    return n;
  }

  nameOf(n: number): string | undefined {
    return this.names.get(n);
  }

  label(n: number): string {
    const name = this.names.get(n);
    return n >= SYNTHETIC_BASE ? (name ?? `?${n}`) : name ? `${n} (${name})` : String(n);
  }

  /** False only when the port list was collected and lacks the port. */
  exists(n: number): boolean {
    return this.existing ? this.existing.has(n) : n < SYNTHETIC_BASE || this.names.has(n);
  }

  private inferFromPodFlows(flows: readonly Flow[]): void {
    // The per-pod tables of the dump's rule version (pipeline reference §4.1).
    const t = podTables(PIPELINES.get(ovsVersionNote(flows)?.ruleVersion ?? -1));
    const nameByIp = new Map<string, string>();
    const numberByIp = new Map<string, number>();
    for (const f of flows) {
      if (f.table === t.fromPod) {
        const port = f.match.find((m) => m.field === 'in_port')?.value;
        const ip = f.match.find((m) => m.field === 'nw_src' || m.field === 'arp_spa')?.value;
        if (port && ip && !/^\d+$/.test(port)) nameByIp.set(ip, port);
      } else if (f.table === t.toLocalPod) {
        const ip = f.match.find((m) => m.field === 'nw_dst')?.value;
        for (const a of f.actions) {
          if (ip && a.kind === 'load' && /^NXM_NX_REG2\[\]$|^reg2$/.test(a.dst)) {
            const v = Number(a.value);
            if (Number.isInteger(v)) numberByIp.set(ip, v);
          }
        }
      }
    }
    for (const [ip, name] of nameByIp) {
      const n = numberByIp.get(ip);
      if (n !== undefined && !this.byName.has(name)) this.alias(name, n);
    }
  }
}
