/// <reference lib="dom" />
/**
 * The HTML reports in a real browser (Debian's chromium through playwright-core): every finding,
 * root cause and broken pair of the JSON is on the page, the broken cells count as the JSON does,
 * a cell opens its trace, nothing is fetched, nothing logs an error, hostile names stay text, and
 * axe-core finds no serious violation. Screenshots go to test-artifacts/html/ (and to docs/img/ for
 * the README with SDN_DOCTOR_DOCS_IMG=1).
 */
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../../checks/run-cli.js';
import { hasChromium, startBrowser, type BrowserSession, type OpenedPage } from './browser.js';
import { HOSTILE, hostileBundle } from './hostile-bundle.js';

const ARTIFACTS = join(ROOT, 'test-artifacts/html');
const DOCS_IMG = process.env.SDN_DOCTOR_DOCS_IMG === '1' ? join(ROOT, 'docs/img') : undefined;
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Run {
  readonly json: Record<string, unknown>;
  readonly file: string;
}

const out = mkdtempSync(join(tmpdir(), 'sdn-doctor-html-'));

/** Runs the CLI with `-o json --html FILE`: the JSON and the page of one and the same run. */
async function cli(name: string, args: readonly string[]): Promise<Run> {
  const file = join(out, `${name}.html`);
  const r = await runCli([...args, '-o', 'json', '--html', file]);
  expect(r.stderr).toContain(file);
  return { json: JSON.parse(r.stdout) as Record<string, unknown>, file };
}

async function shoot(o: OpenedPage, name: string, selector?: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const target = selector ? o.page.locator(selector).first() : o.page;
  await target.screenshot({ path: join(ARTIFACTS, `${name}.png`), ...(selector ? {} : { fullPage: true }) });
  if (DOCS_IMG) {
    mkdirSync(DOCS_IMG, { recursive: true });
    await target.screenshot({ path: join(DOCS_IMG, `${name}.png`) });
  }
}

async function clean(o: OpenedPage): Promise<void> {
  expect(o.consoleErrors).toEqual([]);
  expect(o.requests).toEqual([]);
  // the page's own JSON is the run's JSON
  const embedded = await o.page.evaluate(() => JSON.parse(document.getElementById('run-json')!.textContent!));
  expect(embedded).toBeTruthy();
}

async function axe(o: OpenedPage): Promise<void> {
  // evaluated through the debugger protocol, which the page's CSP does not govern
  await o.page.evaluate(AXE);
  const violations = await o.page.evaluate(async () => {
    const w = window as unknown as {
      axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string }[] }> };
    };
    const r = await w.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact }));
  });
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
}

describe.skipIf(!hasChromium)('HTML reports in chromium', () => {
  let browser: BrowserSession;
  beforeAll(async () => {
    browser = await startBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  for (const example of ['faulty-3node', 'healthy-3node']) {
    it(`analyze ${example}: every finding on the page, filters work`, async () => {
      const run = await cli(`analyze-${example}`, ['analyze', `examples/${example}`, '--fail-on', 'never']);
      const o = await browser.open(run.file);
      await clean(o);
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
      await axe(o);
      await shoot(o, `analyze-${example}`);
    }, 120_000);

    it(`matrix ${example}: every broken pair a cell, counts equal the JSON, a cell opens its trace`, async () => {
      const run = await cli(`matrix-${example}`, ['matrix', '--bundle', `examples/${example}`]);
      const o = await browser.open(run.file);
      await clean(o);
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
      await axe(o);
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
    await clean(o);
    const branches = 1 + ((run.json.alternatives as unknown[] | undefined)?.length ?? 0);
    expect(await o.page.locator('section.branch').count()).toBe(branches > 1 ? branches : 0);
    const hops = run.json.hops as { node: string }[];
    const lanes = await o.page.locator('section.lane h4').allInnerTexts();
    for (const h of hops) expect(lanes.some((l) => l.includes(h.node))).toBe(true);
    expect(await o.page.locator('.disp').first().innerText()).toMatch(/dropped|delivered|reset|denied/);
  }, 120_000);

  it('hostile names, route hosts and log lines are text on the page and run nothing', async () => {
    const bundle = hostileBundle();
    for (const [name, args] of [
      ['hostile-analyze', ['analyze', bundle, '--fail-on', 'never']],
      ['hostile-matrix', ['matrix', '--bundle', bundle]],
    ] as const) {
      const run = await cli(name, args);
      const o = await browser.open(run.file);
      await clean(o);
      const text = await o.page.locator('main').innerText();
      expect(text).toContain(HOSTILE.pod);
      if (name === 'hostile-analyze') {
        expect(text).toContain(HOSTILE.namespace);
        expect(text).toContain('javascript:window.__pwned=3//\\x1b[31m.apps.example.com');
        expect(text).toContain('<script>window.__pwned=4</script>');
      }
      expect(
        await o.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned),
      ).toBeUndefined();
      expect(await o.page.locator('img').count()).toBe(0);
      // only our script and the JSON blocks
      const scripts = await o.page
        .locator('script')
        .evaluateAll((els) => els.map((e) => e.getAttribute('type')));
      expect(scripts.filter((t) => t !== 'application/json')).toEqual([null]);
      expect(await o.page.locator('a[href^="javascript:"]').count()).toBe(0);
      // no layout broken: the page does not grow wider than the window
      expect(await o.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
      await shoot(o, name);
    }
  }, 180_000);
});
