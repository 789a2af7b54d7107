/**
 * The matrix HTML of a 2000-node synthetic cluster (issue: "opens and is interactive in under 3 s",
 * "under 15 MB"): the result a 2000-node matrix run yields — 10 pods a node, a node grid with one
 * node whose table 90 lost its tun_dst flows, one multitenant-isolated project, one node with
 * unreadable flows — is rendered as `matrix -o html` renders it, opened in Debian's chromium from
 * file://, and timed until a click on the grid answers with the cell's counts.
 *   html_matrix_2000_open_s  goto → load → canvas painted → a cell click answered
 *   html_matrix_2000_mb      size of the page
 * (The result is synthetic: computing a real 2000-node matrix takes minutes; bench/dataplane.ts
 * times that.)
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { matrixToJson } from '../src/cli/commands/matrix.js';
import type { BrokenGroup, MatrixPair, MatrixResult } from '../src/dataplane/matrix.js';
import { msg } from '../src/i18n/message.js';
import type { ClusterModel, HostSubnet, KubeNode, Pod } from '../src/model/types.js';
import { renderMatrixHtml } from '../src/report/html/index.js';
import { CHROMIUM, hasChromium, startBrowser } from '../test/report/html/browser.js';

const NODES = 2000;
const PODS_PER_NODE = 10;
const LISTED = 10_000;

function synthetic(): { result: MatrixResult; model: ClusterModel; podNodes: Map<string, string> } {
  const names = Array.from({ length: NODES }, (_, i) => `node-${String(i + 1).padStart(4, '0')}`);
  const ip = (i: number): string => `10.0.${Math.floor(i / 250)}.${(i % 250) + 2}`;
  const subnet = (i: number): string => `10.${128 + Math.floor(i / 128)}.${(i % 128) * 2}.0/23`;
  const nodes: KubeNode[] = names.map((name, i) => ({
    name,
    addresses: [{ type: 'InternalIP', address: ip(i) }],
    internalIP: ip(i),
    ready: true,
    labels: {},
  }));
  const hostSubnets: HostSubnet[] = names.map((host, i) => ({
    name: host,
    host,
    hostIP: ip(i),
    subnet: subnet(i),
    egressIPs: [],
  }));
  const pods: Pod[] = [];
  const podNodes = new Map<string, string>();
  names.forEach((node, i) => {
    for (let k = 0; k < PODS_PER_NODE; k++) {
      const ns = k < 2 ? 'secret' : `team-${k % 4}`;
      const name = `app-${i + 1}-${k}`;
      pods.push({
        namespace: ns,
        name,
        node,
        podIP: subnet(i).replace(/0\/23$/, String(k + 2)),
        ready: true,
        hostNetwork: false,
        labels: {},
        containerPorts: [{ port: 8080, protocol: 'TCP' }],
      } as Pod);
      podNodes.set(`pod/${ns}/${name}`, node);
    }
  });
  const sourced = <T>(value: T) => ({ value, artifact: 'synthetic' });
  const model = {
    nodes: sourced(nodes),
    hostSubnets: sourced(hostSubnets),
    pods: sourced(pods),
    nodeFacts: {},
  } as unknown as ClusterModel;

  const broken: BrokenGroup[] = [
    {
      cause:
        "dropped by a rule of table 90 on node-0007: no flow for the destination node's HostSubnet (39.7.4)",
      message: msg(
        "dropped by a rule of table 90 on node-0007: no flow for the destination node's HostSubnet (39.7.4)",
        'node-0007 のテーブル 90 のルールで破棄: 宛先ノードの HostSubnet へのフローがありません (39.7.4)',
      ),
      disposition: 'dropped',
      node: 'node-0007',
      table: 90,
      rule: 'cookie=0x0, table=90, priority=0 actions=drop',
      pairs: 0,
      examples: [],
    },
    {
      cause: 'dropped by table 80 on the destination node: multitenant isolation',
      message: msg(
        'dropped by table 80 on the destination node: multitenant isolation',
        '宛先ノードのテーブル 80 で破棄: multitenant の分離',
      ),
      disposition: 'dropped',
      table: 80,
      pairs: 0,
      examples: [],
      isolation: true,
    },
    {
      cause: 'ends "insufficient-info" instead of at the pod',
      message: msg(
        'ends "insufficient-info" instead of at the pod',
        'Pod に届かず "insufficient-info" で終わります',
      ),
      disposition: 'insufficient-info',
      node: 'node-1500',
      pairs: 0,
      examples: [],
    },
  ];
  const n = NODES;
  const per = PODS_PER_NODE * PODS_PER_NODE;
  const gridPairs = new Array<number>(n * n);
  const reachable = new Array<number>(n * n);
  const cause = new Array<number>(n * n);
  const counts = [0, 0, 0];
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      const k = a * n + b;
      const pairs = a === b ? per - PODS_PER_NODE : per;
      gridPairs[k] = pairs;
      let c = -1;
      if (a === 6 && b !== 6) c = 0;
      else if (a === 1499 || b === 1499) c = 2;
      else if (a !== b && (a + b) % 97 === 0) c = 1;
      cause[k] = c;
      reachable[k] = c < 0 ? pairs : 0;
      if (c >= 0) counts[c]! += pairs;
    }
  }
  broken.forEach((g, i) => Object.assign(g, { pairs: counts[i] }));
  const total = gridPairs.reduce((x, y) => x + y, 0);
  const ok = reachable.reduce((x, y) => x + y, 0);
  const labels = [...podNodes.keys()];
  const listed: MatrixPair[] = [];
  for (let i = 0; listed.length < LISTED; i++)
    listed.push({
      from: labels[i % labels.length]!,
      to: labels[(i * 7 + 1) % labels.length]!,
      reachable: true,
    });
  const result: MatrixResult = {
    schemaVersion: 1,
    counts: {
      pairs: total,
      reachable: ok,
      broken: total - ok,
      byKind: {
        'pod-pod': { pairs: total, reachable: ok },
        'pod-service': { pairs: 0, reachable: 0 },
        'node-pod': { pairs: 0, reachable: 0 },
      },
    },
    truncated: true,
    maxPairs: LISTED,
    pairs: listed,
    broken,
    stats: { pods: pods.length, podClasses: NODES * 2, traces: NODES * 4 },
    nodeGrid: { nodes: names, pairs: gridPairs, reachable, cause },
  };
  return { result, model, podNodes };
}

export async function run(): Promise<Record<string, number | string>> {
  const { result, model, podNodes } = synthetic();
  const page = renderMatrixHtml({ result, podNodes, traces: [], model }, matrixToJson(result, 'en'), 'en', {
    source: 'synthetic 2000 nodes',
    generatedAt: new Date().toISOString(),
    version: 'bench',
  });
  const dir = mkdtempSync(join(tmpdir(), 'sdn-doctor-bench-html-'));
  const file = join(dir, 'matrix-2000.html');
  writeFileSync(file, page);
  const figures: Record<string, number | string> = {
    html_matrix_2000_mb: statSync(file).size / 1e6,
  };
  if (!hasChromium) {
    figures.html_matrix_2000_open_s = `skipped (no ${CHROMIUM})`;
    rmSync(dir, { recursive: true, force: true });
    return figures;
  }
  const browser = await startBrowser();
  try {
    const start = performance.now();
    const o = await browser.open(file);
    const canvas = o.page.locator('#grid-canvas');
    const box = (await canvas.boundingBox())!;
    // node-0007's row: a broken cell
    await o.page.mouse.click(box.x + box.width * 0.5, box.y + (6.5 / NODES) * box.height);
    await o.page.waitForFunction("document.getElementById('grid-cell').textContent.length > 0");
    figures.html_matrix_2000_open_s = (performance.now() - start) / 1000;
    figures.html_matrix_2000_console_errors = o.consoleErrors.length;
    figures.html_matrix_2000_requests = o.requests.length;
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}
