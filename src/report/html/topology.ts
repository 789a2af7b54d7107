/**
 * The topology view: each node with its HostSubnet, IPs and pods; the router (nodes running router
 * pods, route hosts) and DNS (the nodes' nameservers); the VXLAN mesh between nodes, every broken
 * node pair drawn as a broken edge with its cause (from the matrix, when the run has one). Laid out
 * by dagre; past {@link TOPOLOGY_MAX_NODES} nodes, the ones with nothing to report are one box.
 */
import { layout, graphlib } from '@dagrejs/dagre';
import { count, msg, render, type Lang, type Msg } from '../../i18n/message.js';
import { isRouterPod } from '../../model/selector.js';
import type { ClusterModel } from '../../model/types.js';
import type { CellState } from '../matrix-cells.js';
import { arrowMarker, html, type SafeHtml } from './template.js';

export const TOPOLOGY_VIEW: Msg = msg('Topology', 'トポロジー');
/** Nodes drawn one by one; past this, nodes without findings or broken links are aggregated. */
export const TOPOLOGY_MAX_NODES = 24;
/** Pods listed per node below the diagram. */
const PODS_LISTED = 50;
/** Broken links listed as text below the diagram. */
const LINKS_LISTED = 200;

export interface BrokenLink {
  readonly from: string;
  readonly to: string;
  readonly cause: string;
}

export interface TopologyInput {
  readonly model: ClusterModel;
  /** Node pairs whose pod → pod traffic breaks (the matrix's node grid); undefined: not simulated. */
  readonly brokenLinks?: readonly BrokenLink[];
  /** Node pairs (with pods at both ends) by state, from the same node grid. */
  readonly mesh?: { readonly pairs: number } & Readonly<Record<CellState, number>>;
  /** Findings per node (analyze). */
  readonly findingsByNode?: ReadonlyMap<string, number>;
}

const T = {
  router: msg('router', 'ルーター'),
  dns: msg('DNS', 'DNS'),
  pods: (n: number) => msg(count(n, 'pod'), `Pod ${n} 個`),
  findings: (n: number) => msg(`✖ ${count(n, 'finding')}`, `✖ 検出 ${n} 件`),
  others: (n: number) =>
    msg(`${count(n, 'other node')}, nothing to report`, `その他のノード ${n} 台（報告なし）`),
  mesh: (m: NonNullable<TopologyInput['mesh']>) =>
    msg(
      `VXLAN mesh: ${m.reachable} of ${m.pairs} node pairs carry all their pod → pod traffic; ${m.broken} broken, ${m.isolated} isolated by the plugin, ${m.unknown} unknown.`,
      `VXLAN メッシュ: ノード組 ${m.pairs} 組のうち ${m.reachable} 組で Pod → Pod 通信がすべて通ります。到達不能 ${m.broken}、プラグインによる分離 ${m.isolated}、不明 ${m.unknown}。`,
    ),
  notSimulated: msg(
    'VXLAN mesh: not simulated in this run (sdn-doctor matrix draws broken tunnels).',
    'VXLAN メッシュ: この実行では模擬していません（sdn-doctor matrix が壊れたトンネルを描きます）。',
  ),
  broken: msg('Broken node pairs', '通信できないノード組'),
  podsPerNode: msg('Pods per node', 'ノードごとの Pod'),
  more: (n: number) => msg(`… ${n} more`, `… ほか ${n} 件`),
  nodes: (n: number) => msg(count(n, 'node'), `${n} ノード`),
  subnet: msg('HostSubnet', 'HostSubnet'),
  unknownSubnet: msg('no HostSubnet', 'HostSubnet なし'),
} as const;

interface Box {
  readonly id: string;
  readonly lines: readonly string[];
  readonly cls: string;
  readonly title: string;
}

export function topologyView(input: TopologyInput, lang: Lang): SafeHtml {
  const t = (m: Msg): string => render(m, lang);
  const { model } = input;
  const names = [
    ...new Set([
      ...(model.nodes?.value.map((n) => n.name) ?? []),
      ...(model.hostSubnets?.value.map((h) => h.host) ?? []),
      ...Object.keys(model.nodeFacts),
    ]),
  ].sort();
  const podsOn = new Map<string, number>();
  const podList = new Map<string, string[]>();
  const routerNodes = new Set<string>();
  for (const p of model.pods?.value ?? []) {
    if (!p.node) continue;
    if (!p.hostNetwork) podsOn.set(p.node, (podsOn.get(p.node) ?? 0) + 1);
    if (isRouterPod(p)) routerNodes.add(p.node);
    const list = podList.get(p.node) ?? [];
    if (list.length < PODS_LISTED) list.push(`${p.namespace}/${p.name}${p.podIP ? ` (${p.podIP})` : ''}`);
    podList.set(p.node, list);
  }
  const links = input.brokenLinks ?? [];
  const involved = new Set([
    ...links.flatMap((l) => [l.from, l.to]),
    ...[...(input.findingsByNode ?? new Map<string, number>()).entries()]
      .filter(([, n]) => n > 0)
      .map(([k]) => k),
    ...routerNodes,
  ]);
  const drawn =
    names.length <= TOPOLOGY_MAX_NODES
      ? names
      : names.filter((n) => involved.has(n)).slice(0, TOPOLOGY_MAX_NODES);
  const drawnSet = new Set(drawn);
  const others = names.length - drawn.length;

  const boxes: Box[] = [];
  const nameservers = [
    ...new Set(
      Object.values(model.nodeFacts).flatMap(
        (f) => f.resolvConf?.value.nameservers.map((x) => x.address) ?? [],
      ),
    ),
  ].sort();
  const hosts = [...new Set((model.routes?.value ?? []).map((r) => r.host))].sort();
  boxes.push({
    id: 'dns',
    cls: 'infra',
    lines: [t(T.dns), ...nameservers.slice(0, 3)],
    title: `${t(T.dns)}: ${nameservers.join(', ')}`,
  });
  boxes.push({
    id: 'router',
    cls: 'infra',
    lines: [t(T.router), ...hosts.slice(0, 2), ...(hosts.length > 2 ? [t(T.more(hosts.length - 2))] : [])],
    title: `${t(T.router)}: ${hosts.join(', ')}`,
  });
  for (const n of drawn) {
    const k = model.nodes?.value.find((x) => x.name === n);
    const hs = model.hostSubnets?.value.find((h) => h.host === n);
    const f = input.findingsByNode?.get(n) ?? 0;
    const bad = f > 0 || links.some((l) => l.from === n || l.to === n);
    const lines = [
      n,
      k?.internalIP ?? hs?.hostIP ?? '',
      hs ? `${t(T.subnet)} ${hs.subnet}` : t(T.unknownSubnet),
      t(T.pods(podsOn.get(n) ?? 0)),
      ...(f ? [t(T.findings(f))] : []),
    ].filter(Boolean);
    boxes.push({ id: `node:${n}`, cls: bad ? 'node-bad' : 'node-box', lines, title: lines.join(' · ') });
  }
  if (others > 0)
    boxes.push({ id: 'others', cls: 'node-box', lines: [t(T.others(others))], title: t(T.others(others)) });

  const g = new graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 28, ranksep: 56, marginx: 8, marginy: 8 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const b of boxes) {
    const w = Math.max(120, 12 + 6.8 * Math.max(...b.lines.map((l) => l.length)));
    g.setNode(b.id, { width: w, height: 12 + 15 * b.lines.length });
  }
  // the path of a request from outside: DNS → router → the nodes it runs on (39.3)
  g.setEdge('dns', 'router', { kind: 'path' }, 'dns');
  for (const n of [...routerNodes].filter((x) => drawnSet.has(x)))
    g.setEdge('router', `node:${n}`, { kind: 'path' }, `r:${n}`);
  for (const n of drawn.filter((x) => !routerNodes.has(x)))
    g.setEdge('router', `node:${n}`, { kind: 'layout' }, `l:${n}`);
  if (others > 0) g.setEdge('router', 'others', { kind: 'layout' }, 'l:others');
  layout(g);

  const parts: SafeHtml[] = [];
  const nodePos = (id: string): { x: number; y: number; width: number; height: number } =>
    g.node(id) as unknown as { x: number; y: number; width: number; height: number };
  for (const e of g.edges()) {
    const label = g.edge(e) as { kind: string; points?: { x: number; y: number }[] };
    if (label.kind !== 'path' || !label.points) continue;
    const d = label.points.map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
    parts.push(html`<path class="edge-ok" d="${d}" marker-end="url(#topo-arrow)" />`);
  }
  // VXLAN mesh: the broken node pairs, each as a dashed curve between the two boxes with its cause
  const seenPair = new Set<string>();
  for (const l of links) {
    if (!drawnSet.has(l.from) || !drawnSet.has(l.to) || l.from === l.to) continue;
    const a = nodePos(`node:${l.from}`);
    const b = nodePos(`node:${l.to}`);
    const reverse = seenPair.has(`${l.to}>${l.from}`);
    seenPair.add(`${l.from}>${l.to}`);
    // leave from the side of the box facing the peer and arrive on the side facing the source;
    // the way back sits further out so the two directions do not overlap
    const dir = b.x >= a.x ? 1 : -1;
    const x1 = a.x + dir * a.width * (reverse ? 0.35 : 0.15);
    const x2 = b.x - dir * b.width * (reverse ? 0.35 : 0.15);
    const y1 = a.y + a.height / 2;
    const y2 = b.y + b.height / 2;
    const depth = 30 + Math.abs(b.x - a.x) * 0.15 + (reverse ? 25 : 0);
    const d = `M${x1.toFixed(1)},${y1.toFixed(1)} Q${((x1 + x2) / 2).toFixed(1)},${(Math.max(y1, y2) + depth).toFixed(1)} ${x2.toFixed(1)},${y2.toFixed(1)}`;
    parts.push(
      html`<path
        class="edge-bad"
        d="${d}"
        marker-end="url(#topo-arrow-bad)"
        data-from="${l.from}"
        data-to="${l.to}"
        ><title>${l.from} → ${l.to}: ${l.cause}</title></path
      >`,
    );
  }
  for (const b of boxes) {
    const p = nodePos(b.id);
    const x = p.x - p.width / 2;
    const y = p.y - p.height / 2;
    parts.push(
      html`<g data-box="${b.id}"
        ><title>${b.title}</title
        ><rect
          class="${b.cls}"
          x="${x}"
          y="${y}"
          width="${p.width}"
          height="${p.height}"
          rx="5"
        />${b.lines.map(
          (l, i) =>
            html`<text x="${x + 6}" y="${y + 17 + 15 * i}" ${i === 0 ? html` font-weight="600"` : ''}
              >${l}</text
            >`,
        )}</g
      >`,
    );
  }
  const graph = g.graph() as { width?: number; height?: number };
  const width = Math.ceil(graph.width ?? 400);
  const height = Math.ceil((graph.height ?? 200) + (links.length ? 120 : 0));
  // the listed links, one line per source node and cause
  const byFromCause = new Map<string, { from: string; cause: string; to: string[] }>();
  for (const l of links) {
    const k = `${l.from}\u0000${l.cause}`;
    const e = byFromCause.get(k) ?? { from: l.from, cause: l.cause, to: [] };
    e.to.push(l.to);
    byFromCause.set(k, e);
  }
  const linkGroups = [...byFromCause.values()];
  return html`<section id="topology" aria-labelledby="topology-h">
    <h2 id="topology-h">${t(TOPOLOGY_VIEW)}</h2>
    <div class="topo grid" tabindex="0">
      <svg
        role="group"
        aria-label="${t(TOPOLOGY_VIEW)}"
        width="${width}"
        height="${height}"
        viewBox="0 0 ${width} ${height}"
      >
        <title>${t(TOPOLOGY_VIEW)}</title>
        <defs>${arrowMarker('topo-arrow', '#1a7f37')} ${arrowMarker('topo-arrow-bad', '#cf222e')}</defs>
        ${parts}
      </svg>
    </div>
    <p>${input.mesh ? t(T.mesh(input.mesh)) : t(T.notSimulated)}</p>
    <details>
      <summary>${t(T.podsPerNode)}</summary>
      <table>
        <tbody>
          ${drawn.map(
            (n) =>
              html`<tr>
                <th class="name">${n}</th>
                <td class="name">
                  ${(podList.get(n) ?? []).join(', ')}${(podsOn.get(n) ?? 0) > PODS_LISTED
                    ? ` ${t(T.more((podsOn.get(n) ?? 0) - PODS_LISTED))}`
                    : ''}
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </details>
    ${linkGroups.length
      ? html`<h3>${t(T.broken)}</h3>
          <ul class="links">
            ${linkGroups
              .slice(0, LINKS_LISTED)
              .map(
                (l) =>
                  html`<li class="name">
                    ✖ ${l.from} →
                    ${l.to.slice(0, 5).join(', ')}${l.to.length > 5 ? ` … (${t(T.nodes(l.to.length))})` : ''}:
                    ${l.cause}
                  </li>`,
              )}
            ${linkGroups.length > LINKS_LISTED
              ? html`<li>${t(T.more(linkGroups.length - LINKS_LISTED))}</li>`
              : ''}
          </ul>`
      : ''}
  </section>`;
}
