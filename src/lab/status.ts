/** `lab status`: the LabStatus contract (src/lab/types.ts) of a running lab, and a human table. */
import { readdir } from 'node:fs/promises';
import type { LabStatus } from './types.js';
import type { LabState } from './model.js';
import { labNames, RUN_ROOT } from './names.js';
import { loadState } from './state.js';
import { activeConfigs, vipHolders } from './ipfailover.js';

/** `holders`: who holds each VIP (vipHolders); without it every VIP shows no holder. */
export function labStatus(
  state: LabState,
  holders: Readonly<Record<string, readonly string[]>> = {},
): LabStatus {
  const { spec } = state;
  const n = labNames(spec.name);
  const nodeName = (i: number) => spec.nodes[i - 1]?.name ?? `node-${i}`;
  const main = spec.routes.find((r) => !r.tls && !r.path) ?? spec.routes[0];
  return {
    name: spec.name,
    kubeconfig: n.kubeconfig,
    routerUrl: main ? `${main.tls ? 'https' : 'http'}://${main.host}${main.path ?? '/'}` : '',
    plugin: spec.plugin,
    nodes: spec.nodes.map((x) => ({
      name: x.name,
      netns: x.netns,
      ip: x.ip,
      subnet: x.subnet,
      ovsRundir: x.ovsRundir,
    })),
    pods: spec.pods.map((p) => ({
      namespace: p.namespace,
      name: p.name,
      node: nodeName(p.nodeIndex),
      ip: p.ip,
      netns: p.netns,
    })),
    services: spec.services.map((s) => ({
      namespace: s.namespace,
      name: s.name,
      clusterIP: s.clusterIP,
      ports: s.ports.map((p) => ({
        name: p.name,
        port: p.port,
        targetPort: p.targetPort,
        protocol: p.protocol,
        ...(p.nodePort !== undefined ? { nodePort: p.nodePort } : {}),
      })),
    })),
    routes: spec.routes.map((r) => ({
      namespace: r.namespace,
      name: r.name,
      host: r.host,
      ...(r.path ? { path: r.path } : {}),
      service: r.service,
      ...(r.tls ? { tls: r.tls } : {}),
    })),
    faults: state.faults.map((f) => ({
      id: f.id,
      ...(f.node !== undefined ? { node: nodeName(f.node) } : {}),
      ...(f.pod ? { pod: f.pod } : {}),
      ...(f.service ? { service: f.service } : {}),
      ...(f.route ? { route: f.route } : {}),
      ...(f.peer !== undefined ? { peer: nodeName(f.peer) } : {}),
      ...(f.peerPod ? { peerPod: f.peerPod } : {}),
    })),
    client: { netns: n.client, ip: spec.clientIp, dnsServer: spec.dnsServer },
    runDir: n.runDir,
    ...(spec.ipfailover
      ? {
          ipfailover: {
            configs: activeConfigs(state).map((c) => ({
              name: `${c.namespace}/${c.name}`,
              interface: c.networkInterface,
              vrrpIds: c.virtualIPs.map((_, i) => c.vrrpIdOffset + i + 1),
              monitorPort: c.monitorPort,
              nodes: c.nodes.map(nodeName),
              vips: c.virtualIPs.map((vip) => ({ vip, holders: [...(holders[vip] ?? [])] })),
            })),
          },
        }
      : {}),
  };
}

export async function loadLabStatus(name: string): Promise<LabStatus | undefined> {
  const state = await loadState(name);
  if (!state) return undefined;
  const vips = activeConfigs(state).flatMap((c) => c.virtualIPs);
  return labStatus(state, vips.length ? await vipHolders(state, vips) : {});
}

/** Names of the labs that have a run folder. */
export async function listLabs(): Promise<string[]> {
  return (await readdir(RUN_ROOT).catch(() => [] as string[])).sort();
}

/** Plain-text table of a lab for people (labels in the given language). */
export function formatStatus(s: LabStatus, lang: 'en' | 'ja'): string {
  const L = (en: string, ja: string) => (lang === 'ja' ? ja : en);
  const table = (rows: string[][]) => {
    const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
    return rows
      .map((r) =>
        r
          .map((c, i) => c.padEnd(w[i]!))
          .join('  ')
          .trimEnd(),
      )
      .join('\n');
  };
  const out = [
    `${L('lab', 'ラボ')} ${s.name} (${s.plugin})   kubeconfig: ${s.kubeconfig}`,
    `${L('router URL', 'ルーター URL')}: ${s.routerUrl}   ${L('client', 'クライアント')}: ${s.client.netns} ${s.client.ip}, DNS ${s.client.dnsServer}`,
    '',
    table([['NODE', 'IP', 'SUBNET', 'NETNS'], ...s.nodes.map((x) => [x.name, x.ip, x.subnet, x.netns])]),
    '',
    table([
      ['NAMESPACE', 'POD', 'NODE', 'IP', 'NETNS'],
      ...s.pods.map((p) => [p.namespace, p.name, p.node, p.ip, p.netns]),
    ]),
    '',
    table([
      ['NAMESPACE', 'SERVICE', 'CLUSTER-IP', 'PORTS'],
      ...s.services.map((x) => [
        x.namespace,
        x.name,
        x.clusterIP,
        x.ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol}`).join(','),
      ]),
    ]),
    '',
    table([
      ['NAMESPACE', 'ROUTE', 'HOST', 'PATH', 'SERVICE', 'TLS'],
      ...s.routes.map((r) => [r.namespace, r.name, r.host, r.path ?? '', r.service, r.tls ?? '']),
    ]),
    '',
    ...(s.ipfailover
      ? [
          table([
            ['IPFAILOVER', 'VIP', 'VRRP-ID', 'HELD-BY', 'NODES'],
            ...s.ipfailover.configs.flatMap((c) =>
              c.vips.map((v, i) => [
                c.name,
                v.vip,
                String(c.vrrpIds[i] ?? ''),
                v.holders.join(',') || L('(none)', '（なし）'),
                c.nodes.join(','),
              ]),
            ),
          ]),
          '',
        ]
      : []),
    s.faults.length === 0
      ? L('faults: none', '障害: なし')
      : `${L('faults', '障害')}: ${s.faults.map((f) => [f.id, f.node, f.peer, f.pod, f.peerPod, f.service, f.route].filter(Boolean).join(' ')).join('; ')}`,
  ];
  return `${out.join('\n')}\n`;
}
