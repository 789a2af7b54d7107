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
import { matrixToJson } from '../src/report/matrix.js';
import { syntheticMatrix } from '../testkit/html/synthetic-matrix.js';
import { renderMatrixHtml } from '../src/report/html/index.js';
import { CHROMIUM, hasChromium, startBrowser } from '../testkit/html/browser.js';

const NODES = 2000;

export async function run(): Promise<Record<string, number | string>> {
  const { result, model, podNodes } = syntheticMatrix(NODES);
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
    // node-0007's row (1 px cells below a 10 px strip, inside a 1 px border): a broken cell
    await o.page.mouse.click(box.x + box.width * 0.5, box.y + 1 + 10 + 6.5);
    await o.page.waitForFunction("document.getElementById('grid-cell').textContent.length > 0");
    figures.html_matrix_2000_open_s = (performance.now() - start) / 1000;
    figures.html_matrix_2000_clicked = await o.page.locator('#grid-cell').innerText();
    figures.html_matrix_2000_console_errors = o.consoleErrors.length;
    figures.html_matrix_2000_requests = o.requests.length;
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}
