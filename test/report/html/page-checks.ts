/**
 * What every HTML report must pass in the browser, and its screenshots: test-artifacts/html/ (CI
 * keeps them), and docs/img/ for the README with SDN_DOCTOR_DOCS_IMG=1.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { expect } from 'vitest';
import { ROOT } from '../../checks/run-cli.js';
import type { OpenedPage } from '../../../testkit/html/browser.js';

const ARTIFACTS = join(ROOT, 'test-artifacts/html');
const DOCS_IMG = process.env.SDN_DOCTOR_DOCS_IMG === '1' ? join(ROOT, 'docs/img') : undefined;
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The README's pictures: one per view, from the faulty example and the lab diagnose run. */
const DOCS = new Set([
  'analyze-faulty-3node',
  'matrix-faulty-3node',
  'trace-faulty-3node',
  'topology-faulty-3node',
  'diagnose-lab',
]);

export async function shoot(o: OpenedPage, name: string, selector?: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const target = selector ? o.page.locator(selector).first() : o.page;
  await target.screenshot({ path: join(ARTIFACTS, `${name}.png`), ...(selector ? {} : { fullPage: true }) });
  if (DOCS_IMG && DOCS.has(name)) {
    mkdirSync(DOCS_IMG, { recursive: true });
    await target.screenshot({ path: join(DOCS_IMG, `${name}.png`) });
  }
}

/** No console error, no request; the embedded JSON is the run's `-o json` document when given. */
export async function clean(o: OpenedPage, json?: unknown): Promise<void> {
  expect(o.consoleErrors).toEqual([]);
  expect(o.requests).toEqual([]);
  // the page's own JSON is the run's JSON
  const embedded = await o.page.evaluate<unknown>(
    "JSON.parse(document.getElementById('run-json').textContent)",
  );
  if (json !== undefined) expect(embedded).toEqual(json);
  else expect(embedded).toBeTruthy();
}

export async function axe(o: OpenedPage): Promise<void> {
  // evaluated through the debugger protocol, which the page's CSP does not govern
  await o.page.evaluate(AXE);
  const violations = await o.page.evaluate<{ id: string; impact: string; nodes: string[] }[]>(
    `axe.run(document, { resultTypes: ['violations'] }).then((r) =>
      r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.html).slice(0, 3) })))`,
  );
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
}
