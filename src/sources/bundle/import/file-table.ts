/**
 * The files debug.sh and `oc adm diagnostics NetworkCheck` write per host, mapped to artifact
 * kinds (prior-art-networkcheck.md §1.6, §2.2; openshift-sdn hack/debug.sh `log_system`,
 * `log_service`, `do_node`; origin in_pod/util/log.go `LogSystem`, `LogServices`, `LogNode`).
 * One table, both tools: where they differ (journal order, config file prefix) the row says so.
 */
import type { ArtifactKind } from '../../../artifacts/types.js';

export interface HostFileRule {
  /** Matches the file's base name inside `nodes/<node>/` or `master/`. */
  readonly name: RegExp;
  readonly kind: ArtifactKind;
  /** The command as the tool ran it (debug.sh's `> cmd` header wins when present). */
  readonly argv: (match: RegExpExecArray) => readonly string[];
}

const fixed =
  (...argv: string[]) =>
  (): readonly string[] =>
    argv;

/** Kinds our parsers read. Everything not listed is kept as kind `other`. */
export const HOST_FILE_RULES: readonly HostFileRule[] = [
  { name: /^addresses$/, kind: 'ip-addr', argv: fixed('ip', 'addr', 'show') },
  { name: /^routes$/, kind: 'ip-route', argv: fixed('ip', 'route', 'show') },
  { name: /^iptables$/, kind: 'iptables-save', argv: fixed('iptables-save') },
  { name: /^resolv\.conf$/, kind: 'resolv-conf', argv: fixed('cat', '/etc/resolv.conf') },
  { name: /^sysctl$/, kind: 'sysctl', argv: fixed('sysctl', '-a') },
  { name: /^flows$/, kind: 'ovs-flows', argv: fixed('ovs-ofctl', '-O', 'OpenFlow13', 'dump-flows', 'br0') },
  // `ovs-ofctl show br0` prints the same port list as dump-ports-desc, after a features header.
  { name: /^ovs-show$/, kind: 'ovs-ports', argv: fixed('ovs-ofctl', '-O', 'OpenFlow13', 'show', 'br0') },
  // 39.10: the node service's journal (debug.sh: journal-atomic-openshift-node.service,
  // NetworkCheck: journal-atomic-openshift-node, written with `-r`, newest first).
  {
    name: /^journal-((?:atomic-openshift|origin|openshift)-node)(\.service)?$/,
    kind: 'node-journal',
    argv: (m) => ['journalctl', '-u', `${m[1]}${m[2] ?? ''}`],
  },
  // debug.sh writes CONFIG-<unit>, NetworkCheck config-<unit>: the node's node-config.yaml.
  {
    name: /^(?:CONFIG|config)-((?:atomic-openshift|origin|openshift)-node)(\.service)?$/,
    kind: 'node-config',
    argv: fixed('cat', '/etc/origin/node/node-config.yaml'),
  },
  { name: /^arp$/, kind: 'other', argv: fixed('ip', 'neighbor', 'show') },
];

/** Files under `master/` that hold `oc get <resource> -o yaml` (debug.sh `do_master`, NetworkCheck `LogMaster`). */
export const MASTER_API_FILES: Readonly<Record<string, import('../../../artifacts/types.js').ApiResource>> = {
  nodes: 'nodes',
  pods: 'pods',
  services: 'services',
  endpoints: 'endpoints',
  aos_routes: 'routes', // debug.sh: `routes` is taken by `ip route show`
  clusternetwork: 'clusternetworks',
  hostsubnets: 'hostsubnets',
  netnamespaces: 'netnamespaces',
};

/** Files inside `nodes/<node>/pods/<pod>/`: the pod's own netns (`nsenter -n -t PID ip …`). */
export const POD_FILE_RULES: readonly HostFileRule[] = [
  { name: /^addresses$/, kind: 'ip-addr', argv: fixed('ip', 'addr', 'show') },
  { name: /^routes$/, kind: 'ip-route', argv: fixed('ip', 'route', 'show') },
];

export function matchRule(
  rules: readonly HostFileRule[],
  base: string,
): { rule: HostFileRule; match: RegExpExecArray } | undefined {
  for (const rule of rules) {
    const match = rule.name.exec(base);
    if (match) return { rule, match };
  }
  return undefined;
}
