/**
 * The one table from artifact kind to parser to node facet (DESIGN.md §2). Adding a command the
 * model reads = adding a row. Rows of the same facet are alternatives in preference order
 * (`ip addr` before `ip link`: both give links, only the first has addresses).
 */
import type { ArtifactKind } from '../../artifacts/types.js';
import {
  parseIpAddr,
  parseKeepalivedLog,
  parseProcesses,
  parseIpRoute,
  parseIptablesSave,
  parseNodeConfig,
  parseNodeJournal,
  parseOvsFlows,
  parseOvsGroups,
  parseOvsListBr,
  parseOvsPortsDesc,
  parseOvsShow,
  parseResolvConf,
  parseSysctl,
} from '../../parsers/index.js';
import type { ParseResult, SysctlRecord } from '../../parsers/types.js';
import type { NodeFacet } from '../types.js';

export interface FacetRow {
  readonly kind: ArtifactKind;
  readonly facet: NodeFacet;
  /** Parses the artifact text and shapes the facet value. */
  readonly read: (text: string) => ParseResult<unknown>;
  /** True when the parsed value holds nothing (then parser warnings mean "unreadable", not "none"). */
  readonly isEmpty: (value: unknown) => boolean;
  /**
   * An empty output is an answer (`ovs-vsctl list-br` printing nothing = no bridge, 39.7.4),
   * not an unreadable artifact. Everywhere else empty output means the command failed quietly.
   */
  readonly emptyOutputIsAnswer?: boolean;
  /**
   * Every line must parse: one unreadable line means the output is not what the command prints
   * (an error page, a shell message), so the rest cannot be trusted either (`list-br`: a garbage
   * output must not read as "no br0").
   */
  readonly strict?: boolean;
}

const emptyList = (v: unknown): boolean => Array.isArray(v) && v.length === 0;
const emptyJournal = (v: unknown): boolean => {
  const j = v as { blocks?: unknown; errors?: unknown; setupFailures?: unknown };
  return emptyList(j.blocks) && emptyList(j.errors) && emptyList(j.setupFailures);
};
const noKeys = (v: unknown): boolean =>
  typeof v !== 'object' || v === null || Object.values(v).every((x) => x === undefined);

/** `sysctl` lines → `{ key: { value, line } }` (later lines win, as the kernel's last write does). */
function sysctlMap(text: string): ParseResult<Record<string, { value: string; line: number }>> {
  const { records, warnings } = parseSysctl(text);
  const map: Record<string, { value: string; line: number }> = {};
  for (const r of records as readonly SysctlRecord[]) map[r.key] = { value: r.value, line: r.line };
  return { records: map, warnings };
}

export const NODE_FACET_TABLE: readonly FacetRow[] = [
  { kind: 'ip-addr', facet: 'links', read: parseIpAddr, isEmpty: emptyList }, // 39.8.1
  { kind: 'ip-link', facet: 'links', read: parseIpAddr, isEmpty: emptyList },
  { kind: 'ip-route', facet: 'routes', read: parseIpRoute, isEmpty: emptyList }, // 39.7.3.2
  { kind: 'sysctl', facet: 'sysctls', read: sysctlMap, isEmpty: (v) => noKeys(v) }, // 39.7.3.1
  {
    kind: 'ovs-list-br',
    facet: 'ovs.bridges',
    read: parseOvsListBr,
    isEmpty: emptyList,
    emptyOutputIsAnswer: true,
    strict: true,
  }, // 39.7.4
  {
    kind: 'ovs-show',
    facet: 'ovs.show',
    read: parseOvsShow,
    isEmpty: (v) =>
      emptyList((v as { bridges?: unknown }).bridges) && !(v as { ovsVersion?: unknown }).ovsVersion,
  },
  { kind: 'ovs-ports', facet: 'ovs.ports', read: parseOvsPortsDesc, isEmpty: emptyList },
  { kind: 'ovs-flows', facet: 'ovs.flows', read: parseOvsFlows, isEmpty: emptyList },
  // No group is an answer (no egress IP on this node): the header alone still parses to [].
  { kind: 'ovs-groups', facet: 'ovs.groups', read: parseOvsGroups, isEmpty: emptyList },
  { kind: 'iptables-save', facet: 'iptables', read: parseIptablesSave, isEmpty: emptyList }, // 39.7.4.1
  {
    kind: 'resolv-conf',
    facet: 'resolvConf',
    read: parseResolvConf,
    isEmpty: (v) => {
      const r = v as { nameservers?: unknown; search?: unknown; options?: unknown };
      return emptyList(r.nameservers) && emptyList(r.search) && emptyList(r.options);
    },
    emptyOutputIsAnswer: true, // an empty resolv.conf is a real (if odd) configuration, 39.9
  },
  { kind: 'node-config', facet: 'nodeConfig', read: parseNodeConfig, isEmpty: noKeys }, // 36.8 / 39.8.1
  {
    // 3.11 and 4.x: the SDN runs in the openshift-sdn `sdn` pod, so its setup log is that pod's
    // log (oc logs), preferred over the node journal, which then holds only the kubelet's lines.
    kind: 'sdn-pod-log',
    facet: 'journal',
    read: parseNodeJournal,
    isEmpty: emptyJournal,
  }, // 39.10
  {
    kind: 'node-journal',
    facet: 'journal',
    read: parseNodeJournal,
    isEmpty: emptyJournal,
  }, // 39.10
  {
    // 39.13.2: kubelet's and docker's TLS handshake timeouts are in the node journal, read even when
    // the sdn pod's log is the setup log (read once: node-facts.ts shares the parse between rows)
    kind: 'node-journal',
    facet: 'nodeJournal',
    read: parseNodeJournal,
    isEmpty: emptyJournal,
  },
  { kind: 'processes', facet: 'processes', read: parseProcesses, isEmpty: emptyList }, // §12
  {
    kind: 'keepalived-log',
    facet: 'keepalivedLog',
    read: parseKeepalivedLog,
    isEmpty: (v) => emptyList((v as { events?: unknown }).events),
    // No keepalived line is an answer (keepalived never logged here), not an unreadable log.
    emptyOutputIsAnswer: true,
  }, // §12
];

/** Preference of a row among the rows of its facet (table order). */
export function rowsForKind(kind: ArtifactKind): readonly FacetRow[] {
  return NODE_FACET_TABLE.filter((r) => r.kind === kind);
}

export function rowRank(row: FacetRow): number {
  return NODE_FACET_TABLE.indexOf(row);
}
