/**
 * Debian's chromium driven by playwright-core (no browser download): opens report files from
 * file:// and records console errors, page errors and every request that is not the file itself.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.SDN_DOCTOR_CHROMIUM ?? '/usr/bin/chromium';

/** Browser tests run where chromium is installed (CI installs it: .ci/run). */
export const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`browser tests skipped: no ${CHROMIUM} (apt-get install chromium)`);

export interface OpenedPage {
  readonly page: Page;
  readonly consoleErrors: string[];
  readonly requests: string[];
}

export interface BrowserSession {
  open(file: string, width?: number): Promise<OpenedPage>;
  close(): Promise<void>;
}

export async function startBrowser(): Promise<BrowserSession> {
  const profile = mkdtempSync(join(tmpdir(), 'sdn-doctor-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    async open(file, width = 1280) {
      const page = await context.newPage();
      await page.setViewportSize({ width, height: 900 });
      const consoleErrors: string[] = [];
      const requests: string[] = [];
      const url = pathToFileURL(file).href;
      page.on('console', (m) => {
        if (m.type() === 'error') consoleErrors.push(m.text());
      });
      page.on('pageerror', (e) => consoleErrors.push(String(e)));
      page.on('request', (r) => {
        if (r.url().split('#')[0] !== url) requests.push(r.url());
      });
      await page.goto(url);
      return { page, consoleErrors, requests };
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
