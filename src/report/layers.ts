/**
 * The guide's layers, in the order it walks them (§3 outside → §11 kube-proxy): reports group
 * findings by these.
 */
import type { Finding } from '../checks/types.js';
import { msg, type Msg } from '../i18n/message.js';
import { compareSections } from '../model/sections.js';

export interface Layer {
  readonly key: string;
  readonly title: Msg;
}

/** Most specific prefix first. */
const LAYERS: readonly { readonly prefix: string; readonly layer: Layer }[] = [
  { prefix: '3', layer: { key: '3', title: msg('External access and DNS', '外部アクセスと DNS') } },
  { prefix: '4', layer: { key: '4', title: msg('Router and routes', 'ルーターとルート') } },
  { prefix: '5', layer: { key: '5', title: msg('Services and endpoints', 'サービスとエンドポイント') } },
  { prefix: '6', layer: { key: '6', title: msg('Node-to-node', 'ノード間通信') } },
  { prefix: '7.4.1', layer: { key: '7.4.1', title: msg('Node: iptables', 'ノード: iptables') } },
  {
    prefix: '7.4',
    layer: { key: '7.4', title: msg('Node: Open vSwitch (br0)', 'ノード: Open vSwitch (br0)') },
  },
  {
    prefix: '7',
    layer: { key: '7.3', title: msg('Node: IP forwarding and routes', 'ノード: IP 転送とルート') },
  },
  { prefix: '8', layer: { key: '8', title: msg('Virtual network (MTU)', '仮想ネットワーク (MTU)') } },
  { prefix: '9', layer: { key: '9', title: msg('Pod egress (DNS)', 'Pod の Egress (DNS)') } },
  { prefix: '10', layer: { key: '10', title: msg('Node service log', 'ノードサービスのログ') } },
  { prefix: '11', layer: { key: '11', title: msg('Kubernetes (kube-proxy)', 'Kubernetes (kube-proxy)') } },
];

const OTHER: Layer = { key: '99', title: msg('Other', 'その他') };

/** The layer a guide section belongs to (`7.4.1` → iptables, `8, 13.2` → MTU). */
export function layerOf(section: string): Layer {
  const first = (section.split(',')[0] ?? '').trim();
  const hit = LAYERS.find((l) => first === l.prefix || first.startsWith(`${l.prefix}.`));
  return hit?.layer ?? OTHER;
}

/** `7.4` → `§7.4 (36.7.4 / 39.7.4)`: both editions of the guide. */
export function guideRef(section: string): string {
  const parts = section
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return parts.map((s) => `§${s} (36.${s} / 39.${s})`).join(', ');
}

/** Findings grouped by layer, layers and findings in the guide's order (key = the layer's §). */
export function findingsByLayer(
  findings: readonly Finding[],
): Map<string, { readonly title: Msg; readonly findings: Finding[] }> {
  const groups = new Map<string, { title: Msg; findings: Finding[] }>();
  for (const f of [...findings].sort((a, b) => compareSections(a.section, b.section))) {
    const layer = layerOf(f.section);
    const g = groups.get(layer.key) ?? { title: layer.title, findings: [] };
    g.findings.push(f);
    groups.set(layer.key, g);
  }
  return groups;
}
