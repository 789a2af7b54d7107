/**
 * Imports an `oc adm must-gather` or `oc adm inspect` directory: the API objects and the
 * openshift-sdn pods' logs. oc's inspect writes cluster-scoped objects one file each at
 * `cluster-scoped-resources/<group>/<resource>/<name>.yaml` (`core` for the core group),
 * namespaced ones as a list at `namespaces/<ns>/<group>/<resource>.yaml`, and each container's log
 * at `namespaces/<ns>/pods/<pod>/<container>/<container>/logs/current.log`. A must-gather holds
 * that tree under one folder per gather image (`must-gather.local.N/<image>/`), found here by its
 * `cluster-scoped-resources/` or `namespaces/` folder.
 */
import type { ApiResource, Artifact, InputWarning, Snapshot } from '../../../artifacts/types.js';
import type { BundleFiles } from '../files.js';
import { fileMissingWarning } from '../warn.js';
import { apiListFromText } from './api-text.js';

/** Where each resource sdn-doctor reads lives in the inspect tree. */
const CLUSTER_SCOPED: Readonly<Record<string, ApiResource>> = {
  'core/nodes': 'nodes',
  'core/namespaces': 'namespaces',
  'network.openshift.io/hostsubnets': 'hostsubnets',
  'network.openshift.io/clusternetworks': 'clusternetworks',
  'network.openshift.io/netnamespaces': 'netnamespaces',
};
const NAMESPACED: Readonly<Record<string, ApiResource>> = {
  'core/pods': 'pods',
  'core/services': 'services',
  'core/endpoints': 'endpoints',
  'core/configmaps': 'configmaps',
  'route.openshift.io/routes': 'routes',
  'networking.k8s.io/networkpolicies': 'networkpolicies',
};

const ROOT = /^(.*?)(cluster-scoped-resources|namespaces)\//;

/** True when the files hold an inspect tree (must-gather or `oc adm inspect`). */
export function isMustGather(files: BundleFiles): boolean {
  return files.paths.some(
    (p) =>
      /(^|\/)cluster-scoped-resources\/core\/nodes\/[^/]+\.yaml$/.test(p) ||
      /(^|\/)namespaces\/[^/]+\/core\/pods\.yaml$/.test(p),
  );
}

export async function readMustGather(files: BundleFiles): Promise<Snapshot> {
  const warnings: InputWarning[] = [];
  const items = new Map<ApiResource, unknown[]>();
  const readFrom = new Map<ApiResource, string[]>();
  const logs: string[] = [];
  for (const path of files.paths) {
    const root = ROOT.exec(path);
    if (!root) continue;
    const rest = path.slice((root[1] ?? '').length);
    const resource = resourceOf(rest);
    // oc adm inspect (pkg/cli/admin/inspect/pod.go) writes `oc logs --timestamps` of each container
    // as current.log, or current.insecure.log when it had to skip the kubelet's TLS check.
    if (/^namespaces\/openshift-sdn\/pods\/[^/]+\/sdn\/sdn\/logs\/current(\.insecure)?\.log$/.test(rest))
      logs.push(path);
    if (!resource) continue;
    const read = await files.read(path);
    if (!read.ok) {
      warnings.push(fileMissingWarning(path, undefined, read.error));
      continue;
    }
    const { list, warnings: w } = apiListFromText(path, read.data.toString('utf8'));
    warnings.push(...w);
    if (list.ok) {
      items.set(resource, [...(items.get(resource) ?? []), ...list.items]);
      readFrom.set(resource, [...(readFrom.get(resource) ?? []), path]);
    }
  }
  const api: Partial<Record<ApiResource, Snapshot['api'][ApiResource]>> = {};
  for (const [resource, list] of [...items].sort((a, b) => a[0].localeCompare(b[0])))
    api[resource] = { ok: true, items: list, source: pathsGlob(readFrom.get(resource) ?? []) };

  const podNode = new Map<string, string>();
  for (const p of items.get('pods') ?? []) {
    const pod = p as { metadata?: { name?: unknown; namespace?: unknown }; spec?: { nodeName?: unknown } };
    if (pod.metadata?.namespace === 'openshift-sdn' && typeof pod.metadata.name === 'string')
      if (typeof pod.spec?.nodeName === 'string') podNode.set(pod.metadata.name, pod.spec.nodeName);
  }
  const artifacts: Artifact[] = [];
  for (const path of logs.sort()) {
    const pod = /pods\/([^/]+)\/sdn\//.exec(path)?.[1] ?? '';
    const node = podNode.get(pod);
    const read = await files.read(path);
    if (!node || !read.ok) continue; // a log whose pod is not in the pod list has no node to speak for
    artifacts.push({
      id: path,
      // the SDN's own log, preferred over a node journal for the setup-log check (39.10)
      kind: 'sdn-pod-log',
      node,
      argv: ['oc', 'logs', '--timestamps', '-n', 'openshift-sdn', pod, '-c', 'sdn'],
      text: read.data.toString('utf8'),
      exitCode: 0,
      collectedAt: 'unknown',
    });
  }
  artifacts.push(...(await networkLogs(files, warnings)));
  return { collectedAt: 'unknown', collector: 'must-gather', api, artifacts, warnings };
}

function resourceOf(rest: string): ApiResource | undefined {
  const cluster = /^cluster-scoped-resources\/([^/]+\/[^/]+)\/[^/]+\.yaml$/.exec(rest);
  if (cluster) return CLUSTER_SCOPED[cluster[1] as string];
  const ns = /^namespaces\/[^/]+\/([^/]+\/[^/]+)\.yaml$/.exec(rest);
  if (ns) return NAMESPACED[ns[1] as string];
  // `oc adm inspect ns/X` writes the namespace itself at namespaces/X/X.yaml
  if (/^namespaces\/([^/]+)\/\1\.yaml$/.test(rest)) return 'namespaces';
  return undefined;
}

/**
 * The files a list was read from, as one name for evidence: the file itself, or the files with
 * `*` where their paths differ (the object name of cluster-scoped files, the namespace of lists).
 */
function pathsGlob(paths: readonly string[]): string {
  const split = paths.map((p) => p.split('/'));
  const first = split[0] ?? [];
  if (split.some((s) => s.length !== first.length)) {
    let i = 0;
    while (split.every((s) => s[i] === first[i] && i < s.length - 1)) i++;
    return `${first.slice(0, i).join('/')}/`;
  }
  const star = (i: number): string => {
    const ext = /\.[^.]+$/.exec(first[i] ?? '')?.[0];
    return ext && split.every((s) => s[i]?.endsWith(ext)) ? `*${ext}` : '*';
  };
  return first.map((seg, i) => (split.every((s) => s[i] === seg) ? seg : star(i))).join('/');
}

/**
 * `network_logs/` of a must-gather made with gather_network_logs on an openshift-sdn cluster
 * (openshift/must-gather collection-scripts/gather_network_logs, `gather_openshiftsdn_nodes_data`,
 * until d848aca6 of 2021-11): per node, `<node>_iptables` = `iptables-save -c` and `<node>_ovs_dump`
 * = `ovs-vsctl show`, both run in the node's sdn pod. Node names have no `_` (DNS-1123), so the
 * name before the last `_iptables` / `_ovs_dump` is the node.
 */
const NETWORK_LOGS: readonly { suffix: string; kind: Artifact['kind']; argv: readonly string[] }[] = [
  { suffix: '_iptables', kind: 'iptables-save', argv: ['iptables-save', '-c'] },
  { suffix: '_ovs_dump', kind: 'ovs-show', argv: ['ovs-vsctl', 'show'] },
];

async function networkLogs(files: BundleFiles, warnings: InputWarning[]): Promise<Artifact[]> {
  const out: Artifact[] = [];
  for (const path of [...files.paths].sort()) {
    const m = /(?:^|\/)network_logs\/([^/]+)$/.exec(path);
    const rule = m ? NETWORK_LOGS.find((r) => (m[1] as string).endsWith(r.suffix)) : undefined;
    if (!m || !rule) continue;
    const node = (m[1] as string).slice(0, -rule.suffix.length);
    if (node === '' || node.includes('_')) continue;
    const read = await files.read(path);
    if (!read.ok) {
      warnings.push(fileMissingWarning(path, node, read.error));
      continue;
    }
    out.push({
      id: path,
      kind: rule.kind,
      node,
      argv: ['oc', 'exec', '-n', 'openshift-sdn', '-c', 'sdn', '--', ...rule.argv],
      text: read.data.toString('utf8'),
      exitCode: 0,
      collectedAt: 'unknown',
    });
  }
  return out;
}
