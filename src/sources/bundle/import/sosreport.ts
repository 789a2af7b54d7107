/**
 * Imports a sosreport directory (RHEL 7 nodes of 3.x, RHCOS toolbox runs of 4.x): one node per
 * report. sos writes each command's output to `sos_commands/<plugin>/<command>` with the command
 * mangled into a file name (sos/report/plugins/__init__.py `_mangle_command`: `/usr/bin/` dropped,
 * anything but word characters, `-`, `.` and `/` becomes `_`), and copies files at their own path
 * (`etc/resolv.conf`). The node is the report's `hostname` file; the API objects come from another
 * input (a must-gather), merged by `analyze PATH...`. Each artifact's id is its file inside the report.
 */
import type { Artifact, ArtifactKind, InputWarning, Snapshot } from '../../../artifacts/types.js';
import type { BundleFiles } from '../files.js';
import { fileMissingWarning } from '../warn.js';

interface SosRule {
  readonly path: RegExp;
  readonly kind: ArtifactKind;
}

/**
 * The command files our parsers read, by the names sos writes (plugins openvswitch, networking,
 * kernel, origin/openshift: `journalctl --no-pager --unit atomic-openshift-node`). Listed in
 * preference order where two give one facet (`ip address` before the `-d` form).
 */
export const SOS_RULES: readonly SosRule[] = [
  { path: /^sos_commands\/openvswitch\/ovs-ofctl_(-O_OpenFlow1[0-5]_)?dump-flows_br0$/, kind: 'ovs-flows' },
  {
    path: /^sos_commands\/openvswitch\/ovs-ofctl_(-O_OpenFlow1[0-5]_)?dump-ports-desc_br0$/,
    kind: 'ovs-ports',
  },
  // sos's openvswitch plugin also runs dump-groups per bridge (egress IP groups, rule version 10+).
  { path: /^sos_commands\/openvswitch\/ovs-ofctl_(-O_OpenFlow1[1-5]_)?dump-groups_br0$/, kind: 'ovs-groups' },
  { path: /^sos_commands\/openvswitch\/ovs-vsctl_(-t_5_)?show$/, kind: 'ovs-show' },
  { path: /^sos_commands\/openvswitch\/ovs-vsctl_(-t_5_)?list-br$/, kind: 'ovs-list-br' },
  { path: /^sos_commands\/networking\/ip_route_show_table_all$/, kind: 'ip-route' },
  { path: /^sos_commands\/networking\/ip_address$/, kind: 'ip-addr' },
  { path: /^sos_commands\/networking\/ip_-d_address$/, kind: 'ip-addr' },
  // sos never runs the host's `iptables-save` (networking, firewall_tables: `iptables -t T -nvL`,
  // `iptables -vnxL`; only `ip netns exec NS iptables-save`): the nat listing is kept as what it
  // is, and unless another input (a must-gather's network_logs/) gives the node's iptables-save,
  // the model warns that the iptables checks are unknown. A report someone added the output to at
  // the name sos would give it is read.
  { path: /^sos_commands\/(networking|firewall_tables)\/iptables-save$/, kind: 'iptables-save' },
  { path: /^sos_commands\/(networking|firewall_tables)\/iptables_-t_nat_-nvL$/, kind: 'iptables-nat-list' },
  { path: /^sos_commands\/kernel\/sysctl_-a$/, kind: 'sysctl' },
  {
    path: /^sos_commands\/(origin|openshift|logs)\/journalctl_--no-pager_--unit_(atomic-openshift|origin)-node(\.service)?$/,
    kind: 'node-journal',
  },
  { path: /^etc\/resolv\.conf$/, kind: 'resolv-conf' },
  { path: /^etc\/origin\/node\/node-config\.yaml$/, kind: 'node-config' },
];

/** True when the files are a sosreport (sos writes `sos_commands/` and `sos_reports/` or `version.txt`). */
export function isSosreport(files: BundleFiles): boolean {
  return (
    files.paths.some((p) => p.startsWith('sos_commands/')) &&
    files.paths.some((p) => p.startsWith('sos_reports/') || p === 'version.txt' || p === 'hostname')
  );
}

export async function readSosreport(files: BundleFiles): Promise<Snapshot> {
  const warnings: InputWarning[] = [];
  const host = await files.read('hostname');
  const node = host.ok ? host.data.toString('utf8').trim().split(/\s+/)[0] || files.label : files.label;
  const artifacts: Artifact[] = [];
  const taken = new Set<ArtifactKind>();
  for (const rule of SOS_RULES) {
    const path = files.paths.filter((p) => rule.path.test(p)).sort()[0];
    if (path === undefined || taken.has(rule.kind)) continue;
    const read = await files.read(path);
    if (!read.ok) {
      warnings.push(fileMissingWarning(path, node, read.error));
      continue;
    }
    taken.add(rule.kind);
    artifacts.push({
      id: path,
      kind: rule.kind,
      node,
      argv: argvOf(path),
      text: read.data.toString('utf8'),
      exitCode: 0,
      collectedAt: 'unknown',
    });
  }
  return { collectedAt: 'unknown', collector: 'sosreport', api: {}, artifacts, warnings };
}

/** The command as sos ran it, from the mangled file name (`ovs-ofctl_-O_OpenFlow13_dump-flows_br0`). */
function argvOf(path: string): string[] {
  if (path.startsWith('etc/')) return ['cat', `/${path}`];
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base.split('_').filter(Boolean);
}
