/** The HTML pages as strings: the run's language, the header, the embedded JSON, one script. */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { analyzeModel } from '../../../src/checks/analyze.js';
import { loadClusterModel } from '../../../src/cli/sources.js';
import { ClusterDataplane } from '../../../src/dataplane/trace/cluster.js';
import { computeMatrix } from '../../../src/dataplane/matrix/matrix.js';
import { render } from '../../../src/i18n/message.js';
import { toJsonReport } from '../../../src/report/json.js';
import { escapeText, renderAnalyzeHtml } from '../../../src/report/html/index.js';

const EXAMPLES = join(import.meta.dirname, '../../../examples');
const RUN = { source: 'examples/faulty-3node', generatedAt: '2026-01-02T03:04:05Z', version: '9.9.9' };

describe('analyze page', async () => {
  const model = await loadClusterModel({ bundle: join(EXAMPLES, 'faulty-3node') });
  const result = analyzeModel(model);

  it('is in the run language, with the same texts as the terminal report', () => {
    const page = renderAnalyzeHtml(result, model, 'ja', RUN);
    expect(page).toContain('<html lang="ja">');
    expect(page).toContain('検出事項');
    expect(result.findings.length).toBeGreaterThan(0);
    for (const f of result.findings) {
      expect(page).toContain(escapeText(render(f.message, 'ja')));
      expect(page).toContain(escapeText(render(f.fix, 'ja')));
    }
    expect(page).not.toContain(escapeText(result.findings[0]!.message.en));
  });

  it('has the header facts, the CSP, one script and the run JSON', () => {
    const page = renderAnalyzeHtml(result, model, 'en', RUN);
    expect(page).toContain('<dd class="name">examples/faulty-3node</dd>');
    expect(page).toContain('<time datetime="2026-01-02T03:04:05Z">2026-01-02T03:04:05Z</time>');
    expect(page).toContain('<dd>9.9.9</dd>');
    expect(page).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;/);
    expect(page.match(/<script>/g)).toHaveLength(1);
    const json = /<script type="application\/json" id="run-json">([^<]*)<\/script>/.exec(page)![1]!;
    expect(JSON.parse(json)).toEqual(toJsonReport(result, 'en'));
  });
});

describe('topology mesh', () => {
  it('a node whose flows were not collected makes its node pairs unknown, never reachable', async () => {
    const top = mkdtempSync(join(tmpdir(), 'sdn-doctor-mesh-'));
    onTestFinished(() => rmSync(top, { recursive: true, force: true }));
    const dir = join(top, 'b');
    cpSync(join(EXAMPLES, 'healthy-3node'), dir, { recursive: true });
    rmSync(join(dir, 'nodes/node-2/ovs-flows.txt'));
    const model = await loadClusterModel({ bundle: dir });
    const mesh = computeMatrix(new ClusterDataplane(model), { maxPairs: 0, nodeGrid: true });
    const page = renderAnalyzeHtml(analyzeModel(model), model, 'en', RUN, mesh);
    expect(page).toContain(
      'VXLAN mesh: 2 of 6 node pairs carry all their pod → pod traffic; 0 broken, 0 isolated by the plugin, 4 unknown.',
    );
    const healthy = await loadClusterModel({ bundle: join(EXAMPLES, 'healthy-3node') });
    const all = computeMatrix(new ClusterDataplane(healthy), { maxPairs: 0, nodeGrid: true });
    expect(renderAnalyzeHtml(analyzeModel(healthy), healthy, 'en', RUN, all)).toContain(
      'VXLAN mesh: 6 of 6 node pairs carry all their pod → pod traffic; 0 broken',
    );
    expect(renderAnalyzeHtml(analyzeModel(healthy), healthy, 'en', RUN)).toContain('not simulated');
  });
});
