/**
 * What br0's OpenFlow pipeline looks like for each openshift-sdn rule version (the 2nd byte of the
 * table 253 note), as data: checks, simulator and lab read table roles from here instead of
 * hard-coding table numbers. Source: openshift-sdn-pipeline.md §0, §2, §3 (openshift/sdn
 * pkg/network/node/ovscontroller.go SetupOVS() on the release branches).
 * A rule version absent from PIPELINES is not modeled: layout-dependent checks say unknown.
 */
import { ovsVersionNote } from './build/ovs-note.js';
import type { NodeFacts } from './types.js';

export interface PipelineLayout {
  readonly ruleVersion: number;
  /** VXLAN ingress filter, one `tun_src=<HostIP>` rule per remote HostSubnet. */
  readonly vxlanIngress: number;
  /** From a local pod: anti-spoof and source VNID (per-pod `in_port` rules). */
  readonly fromPod: number;
  /** From tun0 with a local pod source (service hairpin); conntrack plugins, all plugins from 13. */
  readonly fromTun0Pod: number;
  /** NetworkPolicy conntrack commit (21) before rule version 13; absent from 13. */
  readonly policyCommit?: number;
  /** NetworkPolicy egress enforcement (27) from rule version 13. */
  readonly egressPolicy?: number;
  /** Conntrack setup (30) from rule version 13; before, routing did it. */
  readonly ctSetup?: number;
  /** General routing on destination. */
  readonly routing: number;
  readonly arpToLocalPod: number;
  /** ARP to a remote node's subnet: `set_field:<HostIP>->tun_dst`. */
  readonly arpToRemote: number;
  readonly service: number;
  readonly toLocalPod: number;
  /** Ingress isolation / NetworkPolicy. */
  readonly ingressPolicy: number;
  /** IP to a remote node's subnet: `set_field:<HostIP>->tun_dst`. */
  readonly toRemote: number;
  /** DNS to the node (table 99 from 11; before, a prio-200/51 rule in egressIp/enp). */
  readonly dns?: number;
  readonly enp: number;
  /** Egress IP routing (absent before rule version 5). */
  readonly egressIp?: number;
  /** Egress IP through OVS select groups (`group:<vnid>`) from rule version 10. */
  readonly egressIpGroups: boolean;
  /** `ct_state=-trk → ct(table=0)` in table 0 (conntrack plugins). */
  readonly conntrackInTable0: 'networkpolicy' | 'all';
  /** Services go through iptables only (table 60 sends everything to tun0) from 4.13. */
  readonly servicesThroughIptablesOnly: boolean;
  readonly multicastOut: number;
  readonly multicastVxlan: number;
  readonly multicastLocal: number;
}

const COMMON = {
  vxlanIngress: 10,
  fromPod: 20,
  fromTun0Pod: 25,
  arpToLocalPod: 40,
  arpToRemote: 50,
  service: 60,
  toLocalPod: 70,
  ingressPolicy: 80,
  toRemote: 90,
  multicastOut: 110,
  multicastVxlan: 111,
  multicastLocal: 120,
} as const;

function classic(ruleVersion: number): PipelineLayout {
  const swapped = ruleVersion >= 11; // fb9a5e21e: 99 = DNS, 100 = ENP, 101 = egress IP
  return {
    ...COMMON,
    ruleVersion,
    policyCommit: 21,
    routing: 30,
    ...(swapped ? { dns: 99 } : ruleVersion >= 5 ? { dns: 100 } : { dns: 101 }),
    enp: swapped ? 100 : ruleVersion >= 5 ? 101 : 100,
    ...(ruleVersion >= 5 ? { egressIp: swapped ? 101 : 100 } : {}),
    egressIpGroups: ruleVersion >= 10,
    conntrackInTable0: 'networkpolicy',
    servicesThroughIptablesOnly: false,
  };
}

function split(ruleVersion: number): PipelineLayout {
  return {
    ...COMMON,
    ruleVersion,
    egressPolicy: 27,
    ctSetup: 30,
    routing: 31,
    dns: 99,
    enp: 100,
    egressIp: 101,
    egressIpGroups: true,
    // 916c89f9c (4.13) drops non-conntrack services; rule version 13 spans 4.10–4.15, so a dump
    // alone cannot say which: 14 (release-4.16) is always the iptables-only form.
    conntrackInTable0: ruleVersion >= 14 ? 'all' : 'networkpolicy',
    servicesThroughIptablesOnly: ruleVersion >= 14,
  };
}

/** The roles a table number can have in a layout (the numeric fields of {@link PipelineLayout}). */
export type TableRole = {
  [K in keyof PipelineLayout]-?: NonNullable<PipelineLayout[K]> extends number
    ? K extends 'ruleVersion'
      ? never
      : K
    : never;
}[keyof PipelineLayout];

const ROLES: readonly TableRole[] = [
  'vxlanIngress',
  'fromPod',
  'fromTun0Pod',
  'policyCommit',
  'egressPolicy',
  'ctSetup',
  'routing',
  'arpToLocalPod',
  'arpToRemote',
  'service',
  'toLocalPod',
  'ingressPolicy',
  'toRemote',
  'dns',
  'enp',
  'egressIp',
  'multicastOut',
  'multicastVxlan',
  'multicastLocal',
];

/** What table `table` does in `layout` (e.g. 100: EgressNetworkPolicy from rule version 11, egress IP before). */
export function tableRole(layout: PipelineLayout, table: number): TableRole | undefined {
  return ROLES.find((r) => layout[r] === table);
}

/**
 * The per-pod tables (setupPodFlows, pipeline reference §4.1), which have the same numbers in every
 * described rule version: a dump without a (modeled) note still names its pods' ports through them.
 */
export function podTables(layout: PipelineLayout | undefined): {
  readonly fromPod: number;
  readonly arpToLocalPod: number;
  readonly toLocalPod: number;
} {
  const l = layout ?? COMMON;
  return { fromPod: l.fromPod, arpToLocalPod: l.arpToLocalPod, toLocalPod: l.toLocalPod };
}

/** Rule versions 3 (3.6) to 14 (4.16): openshift-sdn-pipeline.md §0. */
export const PIPELINES: ReadonlyMap<number, PipelineLayout> = new Map(
  [3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    .map((v) => [v, classic(v)] as const)
    .concat([13, 14].map((v) => [v, split(v)] as const)),
);

export const MODELED_RULE_VERSIONS: readonly number[] = [...PIPELINES.keys()];

/** The rule version of a node's br0, from the table 253 note. */
export function ruleVersionOf(facts: NodeFacts | undefined): number | undefined {
  const flows = facts?.ovs.flows?.value;
  return facts?.ovs.ruleVersion ?? (flows ? ovsVersionNote(flows)?.ruleVersion : undefined);
}

/** A node's pipeline layout, from its table 253 note; undefined when absent or not modeled. */
export function pipelineOf(facts: NodeFacts | undefined): PipelineLayout | undefined {
  const v = ruleVersionOf(facts);
  return v === undefined ? undefined : PIPELINES.get(v);
}
