/**
 * What a support engineer receives instead of our bundle, built from a bundle of a lab: an
 * `oc adm must-gather` (inspect tree) with the API objects and one sosreport per node with the
 * command outputs, at the paths those tools write. The outputs are the lab's own,
 * captured with the commands the tools run, so analysing them must give the bundle's findings.
 * Shared by the layout test (test/partial) and the built-CLI test (test/cli).
 */
import { xz } from '@napi-rs/lzma';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import type { ArtifactKind, Snapshot } from '../src/artifacts/types.js';

/**
 * Where sos puts the output of the command each kind comes from (sos/report/plugins: openvswitch,
 * networking, kernel, origin; `_mangle_command` names; files copied at their own path). No
 * `iptables-save`: sos does not run it for the host (see writeSosreport).
 */
export const SOS_PATH: Partial<Record<ArtifactKind, string>> = {
  'ovs-flows': 'sos_commands/openvswitch/ovs-ofctl_-O_OpenFlow13_dump-flows_br0',
  'ovs-ports': 'sos_commands/openvswitch/ovs-ofctl_-O_OpenFlow13_dump-ports-desc_br0',
  'ovs-show': 'sos_commands/openvswitch/ovs-vsctl_-t_5_show',
  'ovs-list-br': 'sos_commands/openvswitch/ovs-vsctl_-t_5_list-br',
  'ip-route': 'sos_commands/networking/ip_route_show_table_all',
  'ip-addr': 'sos_commands/networking/ip_address',
  sysctl: 'sos_commands/kernel/sysctl_-a',
  'node-journal': 'sos_commands/origin/journalctl_--no-pager_--unit_atomic-openshift-node',
  'resolv-conf': 'etc/resolv.conf',
  'node-config': 'etc/origin/node/node-config.yaml',
};

/** Where `oc adm inspect` writes each resource: one file per cluster-scoped object, a list per namespace. */
const CLUSTER_SCOPED: Readonly<Record<string, string>> = {
  nodes: 'core/nodes',
  hostsubnets: 'network.openshift.io/hostsubnets',
  clusternetworks: 'network.openshift.io/clusternetworks',
  netnamespaces: 'network.openshift.io/netnamespaces',
};
const NAMESPACED: Readonly<Record<string, string>> = {
  pods: 'core/pods',
  services: 'core/services',
  endpoints: 'core/endpoints',
  configmaps: 'core/configmaps',
  routes: 'route.openshift.io/routes',
  networkpolicies: 'networking.k8s.io/networkpolicies',
};

async function put(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

/**
 * The API objects of `whole` as a must-gather: `<dir>/must-gather.local.123/<image>/…` (the folder
 * per gather image). Returns the must-gather folder (what the person passes to analyze).
 */
export async function writeMustGather(
  dir: string,
  whole: Snapshot,
  /** `oc logs --timestamps` text of openshift-sdn `sdn` pods, by pod name (inspect's current.log). */
  sdnLogs: Readonly<Record<string, string>> = {},
  /**
   * Captures folder (`<node>/iptables-save-c`): also write gather_network_logs' openshift-sdn
   * files, `network_logs/<node>_iptables` (`iptables-save -c`) and `<node>_ovs_dump` (`ovs-vsctl show`).
   */
  networkLogs?: string,
): Promise<string> {
  const top = join(dir, 'must-gather.local.123');
  const root = join(top, 'quay-io-openshift-must-gather-sha256-abc');
  for (const [resource, list] of Object.entries(whole.api)) {
    if (!list?.ok) continue;
    const items = list.items as { metadata: { name: string; namespace?: string } }[];
    if (resource === 'namespaces') {
      for (const o of items)
        await put(join(root, `namespaces/${o.metadata.name}/${o.metadata.name}.yaml`), stringify(o));
    } else if (CLUSTER_SCOPED[resource]) {
      for (const o of items)
        await put(
          join(root, `cluster-scoped-resources/${CLUSTER_SCOPED[resource]}/${o.metadata.name}.yaml`),
          stringify(o),
        );
    } else if (NAMESPACED[resource]) {
      const byNs = new Map<string, unknown[]>();
      for (const o of items)
        byNs.set(o.metadata.namespace ?? '', [...(byNs.get(o.metadata.namespace ?? '') ?? []), o]);
      for (const [ns, nsItems] of byNs)
        await put(
          join(root, `namespaces/${ns}/${NAMESPACED[resource]}.yaml`),
          stringify({ apiVersion: 'v1', items: nsItems, kind: 'List', metadata: { resourceVersion: '' } }),
        );
    }
  }
  if (networkLogs) {
    for (const node of nodesOf(whole)) {
      await put(
        join(root, 'network_logs', `${node}_iptables`),
        await readFile(join(networkLogs, node, 'iptables-save-c'), 'utf8'),
      );
      const show = whole.artifacts.find((a) => a.node === node && a.kind === 'ovs-show' && !a.where);
      if (show) await put(join(root, 'network_logs', `${node}_ovs_dump`), show.text);
    }
  }
  for (const [pod, text] of Object.entries(sdnLogs))
    await put(join(root, `namespaces/openshift-sdn/pods/${pod}/sdn/sdn/logs/current.log`), text);
  return top;
}

/**
 * A journal's lines as `oc logs --timestamps` prints the container's own output: the runtime's
 * RFC 3339 time before each line, no journald prefix (what the SDN pod log of 3.11 / 4.x is).
 */
export function asContainerLog(journal: string, date = '2026-11-21'): string {
  return journal
    .split('\n')
    .flatMap((l) => {
      const m = /^\w{3} \d\d (\d\d:\d\d:\d\d) \S+ [^:]+: (.*)$/.exec(l);
      return m ? [`${date}T${m[1]}.000000000Z ${m[2]}`] : [];
    })
    .map((l) => `${l}\n`)
    .join('');
}

/** The nodes that have command outputs in `whole`. */
/** The lab-derived `iptables -nvL` listings of an example bundle's nodes. */
export const sosListings = (example: string): string =>
  join(import.meta.dirname, '../test/fixtures/bundles/support-captures', example);

export const nodesOf = (whole: Snapshot): string[] =>
  [...new Set(whole.artifacts.flatMap((a) => (a.node ? [a.node] : [])))].sort();

/**
 * `node`'s command outputs as an extracted sosreport: `<dir>/sosreport-<node>-<date>/sosreport-<node>/`
 * (sos's archive has the report folder as its one top folder). Returns the outer folder.
 */
export async function writeSosreport(
  dir: string,
  whole: Snapshot,
  node: string,
  /** Folder with `<node>/iptables_-t_{filter,nat}_-nvL` listings of the same rules. */
  listings?: string,
): Promise<string> {
  const outer = join(dir, `sosreport-${node}-2026-12-04-abcdef`);
  const root = join(outer, `sosreport-${node}`);
  await mkdir(join(root, 'sos_reports'), { recursive: true });
  await writeFile(join(root, 'version.txt'), 'sosreport: 4.5.6\n');
  await writeFile(join(root, 'hostname'), `${node}.lab.example.com\n`);
  for (const a of whole.artifacts.filter((x) => x.node === node && x.where === undefined)) {
    const rel = SOS_PATH[a.kind];
    if (rel) await put(join(root, rel), a.text);
  }
  // sos lists iptables (`iptables -t T -nvL`), it never saves them: the same rules listed, captured
  // from the example's iptables-save (test/fixtures/bundles/SOURCES.md, support-captures/)
  if (listings) {
    for (const name of ['iptables_-t_filter_-nvL', 'iptables_-t_nat_-nvL'])
      await put(
        join(root, 'sos_commands/networking', name),
        await readFile(join(listings, node, name), 'utf8'),
      );
  }
  return outer;
}

async function filesUnder(root: string, rel = ''): Promise<[string, Buffer][]> {
  const out: [string, Buffer][] = [];
  for (const e of await readdir(join(root, rel), { withFileTypes: true })) {
    const path = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await filesUnder(root, path)));
    else out.push([path, await readFile(join(root, path))]);
  }
  return out.sort((a, b) => a[0].localeCompare(b[0]));
}

/** A ustar archive of regular files (long names split into prefix + name, as tar writes them). */
function tarOf(files: readonly [string, Buffer][]): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, data] of files) {
    const h = Buffer.alloc(512);
    const slash = name.length > 100 ? name.lastIndexOf('/', 155) : -1;
    h.write(slash > 0 ? name.slice(slash + 1) : name, 0);
    if (slash > 0) h.write(name.slice(0, slash), 345);
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
    h.write('00000000000\0', 136);
    h.write('        ', 148);
    h.write('0', 156);
    h.write('ustar\0' + '00', 257);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(h, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

/** The sosreport folder `outer` as sos's own archive `<outer>.tar.xz`; returns its path. */
export async function packSosreport(outer: string): Promise<string> {
  const archive = `${outer}.tar.xz`;
  await writeFile(archive, await xz.compress(tarOf(await filesUnder(outer))));
  return archive;
}
