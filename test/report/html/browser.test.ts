/**
 * The HTML reports in a real browser (Debian's chromium through playwright-core): every finding,
 * root cause and broken pair of the JSON is on the page, the broken cells count as the JSON does,
 * a cell opens its trace, nothing is fetched, nothing logs an error, hostile names stay text, and
 * axe-core finds no serious violation. Screenshots go to test-artifacts/html/ (and to docs/img/ for
 * the README with SDN_DOCTOR_DOCS_IMG=1).
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { ROOT, runCli } from '../../checks/run-cli.js';
import { hasChromium, startBrowser, type BrowserSession } from '../../../testkit/html/browser.js';
import { axe, clean, shoot } from './page-checks.js';
import { HOSTILE, hostileBundle } from './hostile-bundle.js';
import type { DiagnoseResult } from '../../../src/diagnose/types.js';
import { msg } from '../../../src/i18n/message.js';
import { renderDiagnoseHtml, renderMatrixHtml } from '../../../src/report/html/index.js';
import { matrixToJson } from '../../../src/report/matrix.js';
import { syntheticMatrix } from '../../../testkit/html/synthetic-matrix.js';
import { HOPS } from '../../../src/report/html/diagnose.js';

interface Run {
  readonly json: Record<string, unknown>;
  readonly file: string;
}

/** Every example bundle (healthy, faulty, and whichever are added: networkpolicy, 4.x, …). */
const EXAMPLES = readdirSync(join(ROOT, 'examples'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(ROOT, 'examples', d.name, 'manifest.json')))
  .map((d) => d.name)
  .sort();

/** The pages' folder, made when the suite runs (a skipped suite leaves nothing in /tmp). */
let out = '';

/** Runs the CLI with `-o json --html FILE`: the JSON and the page of one and the same run. */
async function cli(name: string, args: readonly string[]): Promise<Run> {
  const file = join(out, `${name}.html`);
  const r = await runCli([...args, '-o', 'json', '--html', file]);
  expect(r.stderr).toContain(file);
  return { json: JSON.parse(r.stdout) as Record<string, unknown>, file };
}

describe.skipIf(!hasChromium)('HTML reports in chromium', () => {
  let browser: BrowserSession;
  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'sdn-doctor-html-'));
    browser = await startBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(out, { recursive: true, force: true });
  });

  for (const example of EXAMPLES) {
    it(`analyze ${example}: every finding on the page, filters work`, async () => {
      const run = await cli(`analyze-${example}`, ['analyze', `examples/${example}`, '--fail-on', 'never']);
      const o = await browser.open(run.file);
      await clean(o, run.json);
      const findings = run.json.findings as {
        message: string;
        fix: string;
        severity: string;
        node?: string;
      }[];
      const text = await o.page.locator('main').innerText();
      for (const f of findings) {
        expect(text).toContain(f.message);
        expect(text).toContain(f.fix);
      }
      expect(await o.page.locator('.finding').count()).toBe(findings.length);
      // filter by node: only that node's findings stay visible
      const node = findings.find((f) => f.node)?.node;
      if (node) {
        await o.page.selectOption('#f-node', node);
        expect(await o.page.locator('.finding:visible').count()).toBe(
          findings.filter((f) => f.node === node).length,
        );
        await o.page.selectOption('#f-node', '');
      }
      await o.page.selectOption('#f-sev', 'error');
      expect(await o.page.locator('.finding:visible').count()).toBe(
        findings.filter((f) => f.severity === 'error').length,
      );
      await o.page.selectOption('#f-sev', 'info');
      // topology: every node with its HostSubnet, the nodes with findings drawn as such
      expect(await o.page.locator('[data-box^="node:"]').count()).toBeGreaterThan(0);
      for (const f of findings.filter((x) => x.node))
        expect(await o.page.locator(`[data-box="node:${f.node}"] rect`).getAttribute('class')).toBe(
          'node-bad',
        );
      expect(await o.page.locator('#topology').innerText()).toContain('HostSubnet 10.128.');
      // the mesh is simulated for the topology: the faulty example's broken tunnel is drawn
      if (example === 'faulty-3node')
        expect(await o.page.locator('path.edge-bad[data-from="node-1"][data-to="node-2"]').count()).toBe(1);
      await axe(o);
      await shoot(o, `analyze-${example}`);
    }, 120_000);

    it(`matrix ${example}: every broken pair a cell, counts equal the JSON, a cell opens its trace`, async () => {
      const run = await cli(`matrix-${example}`, ['matrix', '--bundle', `examples/${example}`]);
      const o = await browser.open(run.file);
      await clean(o, run.json);
      const pairs = run.json.pairs as { from: string; to: string; reachable: boolean }[];
      const counts = run.json.counts as { broken: number };
      expect(run.json.truncated).toBe(false);
      const pairCells = o.page.locator('rect[data-from^="pod/"], rect[data-from^="node/"][data-to^="pod/"]');
      const states = await pairCells.evaluateAll((els) =>
        els.map((e) => ({
          from: e.getAttribute('data-from'),
          to: e.getAttribute('data-to'),
          state: e.getAttribute('data-state'),
        })),
      );
      const notReachable = states.filter((s) => s.state !== 'reachable' && s.state !== 'none');
      expect(notReachable.length).toBe(counts.broken);
      const shown = new Set(notReachable.map((s) => `${s.from}>${s.to}`));
      for (const p of pairs.filter((x) => !x.reachable)) expect(shown.has(`${p.from}>${p.to}`)).toBe(true);
      const groups = run.json.broken as { cause: string }[];
      const text = await o.page.locator('main').innerText();
      for (const g of groups) expect(text).toContain(g.cause);
      // click a cell (a broken one when there is one): its trace opens
      const target = notReachable[0] ?? states.find((s) => s.state === 'reachable')!;
      const cell = o.page.locator(`rect[data-from="${target.from}"][data-to="${target.to}"]`).first();
      await cell.click();
      const opened = o.page.locator('article.trace:target');
      await expect.poll(() => opened.count()).toBe(1);
      expect(await opened.innerText()).toContain(`${target.from} → ${target.to}`);
      // the VXLAN mesh: broken node pairs drawn (and listed) only where pairs break
      const brokenEdges = await o.page.locator('path.edge-bad[data-from]').count();
      const faults = groups.filter((g) => !(g as { isolation?: boolean }).isolation);
      if (faults.length === 0) expect(brokenEdges).toBe(0);
      if (example === 'faulty-3node') expect(brokenEdges).toBeGreaterThan(0);
      // printed, every trace shows (nothing is only reachable by clicking)
      await o.page.emulateMedia({ media: 'print' });
      const hidden = await o.page
        .locator('article.trace')
        .evaluateAll((els) => els.filter((e) => e.getBoundingClientRect().height === 0).length);
      expect(hidden).toBe(0);
      await o.page.emulateMedia({ media: 'screen' });
      await axe(o);
      await shoot(o, `topology-${example}`, '#topology');
      await shoot(o, `matrix-${example}`, '#matrix .heat');
      await shoot(o, `trace-${example}`, 'article.trace:target');
    }, 120_000);
  }

  it('trace: lanes per node and the disposition, every endpoint branch of a service', async () => {
    const run = await cli('trace', [
      'trace',
      '--bundle',
      'examples/faulty-3node',
      '--from',
      'pod/shop/shop-1-gthnq',
      '--to',
      'svc/demo/web:80',
    ]);
    const o = await browser.open(run.file);
    await clean(o, run.json);
    const branches = 1 + ((run.json.alternatives as unknown[] | undefined)?.length ?? 0);
    expect(await o.page.locator('section.branch').count()).toBe(branches > 1 ? branches : 0);
    const hops = run.json.hops as { node: string }[];
    const lanes = await o.page.locator('section.lane h4').allInnerTexts();
    for (const h of hops) expect(lanes.some((l) => l.includes(h.node))).toBe(true);
    expect(await o.page.locator('.disp').first().innerText()).toMatch(/dropped|delivered|reset|denied/);
  }, 120_000);

  it('diagnose: the path with each hop coloured, every root cause on its hop, hops open their steps', async () => {
    const r: DiagnoseResult = {
      url: 'http://www.example.com/test',
      verdict: {
        healthy: false,
        causes: [
          {
            fault: 'ip-forward-off',
            section: '7.3.1',
            node: 'node-2',
            summary: msg('net.ipv4.ip_forward = 0 on node-2', 'node-2 で net.ipv4.ip_forward = 0'),
            fix: msg('sysctl -w net.ipv4.ip_forward=1', 'sysctl -w net.ipv4.ip_forward=1 を実行'),
            evidence: ['nodes/node-2/sysctl.txt:1: net.ipv4.ip_forward = 0'],
            step: 'local.ip-forward',
          },
        ],
        unchecked: [{ step: 'logs', reason: msg('node-3: timeout after 2000 ms', 'node-3: タイムアウト') }],
      },
      steps: [
        {
          id: 'external.dns',
          section: '3',
          title: msg('DNS', 'DNS'),
          status: 'pass',
          ran: [{ where: 'outside', argv: ['dig', '+short', 'www.example.com'] }],
          evidence: ['www.example.com → 192.0.2.10'],
          verdict: msg('resolves', '解決できる'),
          durationMs: 2,
        },
        {
          id: 'local.ip-forward',
          section: '7.3.1',
          title: msg('IP forwarding enabled', 'IP 転送が有効か'),
          status: 'fail',
          ran: [{ where: 'node/node-2', argv: ['sysctl', 'net.ipv4.ip_forward'] }],
          evidence: ['nodes/node-2/sysctl.txt:1: net.ipv4.ip_forward = 0'],
          verdict: msg('1 finding(s): ip-forward-off', '検出 1 件: ip-forward-off'),
          durationMs: 3,
        },
        {
          id: 'logs',
          section: '10',
          title: msg('node logs', 'ノードのログ'),
          status: 'unknown',
          ran: [],
          evidence: [],
          verdict: msg('node-3 timed out', 'node-3 タイムアウト'),
          durationMs: 2000,
        },
      ],
      durationMs: 2010,
      api: {},
      artifacts: [],
    };
    const file = join(out, 'diagnose.html');
    writeFileSync(
      file,
      renderDiagnoseHtml(r, 'en', { source: r.url, generatedAt: '2026-01-01T00:00:00Z', version: '0' }),
    );
    const o = await browser.open(file);
    await clean(o);
    const status = await o.page
      .locator('a[data-hop]')
      .evaluateAll((els) =>
        Object.fromEntries(els.map((e) => [e.getAttribute('data-hop'), e.getAttribute('data-status')])),
      );
    expect(status).toMatchObject({ dns: 'pass', node: 'fail', route: 'skipped' });
    for (const c of r.verdict.causes) {
      const hop = HOPS.find((h) => h.steps.includes(c.step))!;
      expect(await o.page.locator(`#hop-${hop.key} .cause`).innerText()).toContain(c.summary.en);
      await o.page.locator(`a[data-hop="${hop.key}"]`).click();
      expect(await o.page.evaluate('location.hash')).toBe(`#hop-${hop.key}`);
      expect(await o.page.locator(`#hop-${hop.key}`).innerText()).toContain('sysctl net.ipv4.ip_forward');
    }
    await axe(o);
    await shoot(o, 'diagnose-fixture');
  }, 120_000);

  it('a matrix past 120 nodes: a canvas whose cells answer a click with their counts', async () => {
    const { result, model, podNodes } = syntheticMatrix(150);
    const file = join(out, 'matrix-150.html');
    const json = matrixToJson(result, 'en');
    writeFileSync(
      file,
      renderMatrixHtml({ result, podNodes, traces: [], model }, json, 'en', {
        source: 'synthetic',
        generatedAt: '2026-01-01T00:00:00Z',
        version: '0',
      }),
    );
    const o = await browser.open(file);
    await clean(o, json);
    const canvas = o.page.locator('#grid-canvas');
    const box = (await canvas.boundingBox())!;
    const cellPx = Math.floor(1200 / 150);
    // row node-0007 (broken by table 90), column node-0100; a 1 px border and a 10 px strip first
    await o.page.mouse.click(box.x + 1 + 10 + 99.5 * cellPx, box.y + 1 + 10 + 6.5 * cellPx);
    await expect
      .poll(() => o.page.locator('#grid-cell').innerText())
      .toBe('node-0007 → node-0100: broken (0/100 reachable)');
    await o.page.mouse.click(box.x + 1 + 10 + 2.5 * cellPx, box.y + 1 + 10 + 3.5 * cellPx);
    await expect
      .poll(() => o.page.locator('#grid-cell').innerText())
      .toBe('node-0004 → node-0003: reachable (100/100 reachable)');
    expect(await o.page.locator('main').innerText()).toContain(result.broken[0]!.cause);
    await axe(o);
  }, 120_000);

  it('hostile names, route hosts and log lines are text on the page and run nothing', async () => {
    const bundle = hostileBundle();
    onTestFinished(() => rmSync(dirname(bundle), { recursive: true, force: true }));
    for (const [name, args] of [
      ['hostile-analyze', ['analyze', bundle, '--fail-on', 'never']],
      ['hostile-matrix', ['matrix', '--bundle', bundle]],
    ] as const) {
      const run = await cli(name, args);
      const o = await browser.open(run.file);
      await clean(o, run.json);
      const text = await o.page.locator('main').innerText();
      expect(text).toContain(HOSTILE.pod);
      if (name === 'hostile-analyze') {
        expect(text).toContain(HOSTILE.namespace);
        expect(text).toContain('javascript:window.__pwned=3//\\x1b[31m.apps.example.com');
        expect(text).toContain('<script>window.__pwned=4</script>');
      }
      expect(await o.page.evaluate('window.__pwned')).toBeUndefined();
      expect(await o.page.locator('img').count()).toBe(0);
      // only our script and the JSON blocks
      const scripts = await o.page
        .locator('script')
        .evaluateAll((els) => els.map((e) => e.getAttribute('type')));
      expect(scripts.filter((t) => t !== 'application/json')).toEqual([null]);
      expect(await o.page.locator('a[href^="javascript:"]').count()).toBe(0);
      // no layout broken: the page does not grow wider than the window
      expect(await o.page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1280);
      await shoot(o, name);
    }
  }, 180_000);
});
