import axe from 'axe-core';
import type { AxeResults, ImpactValue, Result, RunOptions } from 'axe-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium package (`apt-get install chromium`); .ci/run installs it when missing. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Headless, no GPU, and nothing that phones home or depends on a previous profile.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestBrowser {
  context: BrowserContext;
  /** A new tab; its console messages (CSP reports among them) are collected in `messages`. */
  newPage(): Promise<{ page: Page; messages: string[] }>;
  close(): Promise<void>;
}

/** Launches Chromium on a fresh profile directory, removed on close. */
export async function launchBrowser(
  options: { javaScriptEnabled?: boolean } = {},
): Promise<TestBrowser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'crm-chromium-'));
  // launchPersistentContext is how Playwright takes a --user-data-dir of our choosing.
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
    locale: 'fr-FR',
    timeout: 30_000,
    // false: the pages as a browser without JavaScript gets them (every form must still work).
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
  return {
    context,
    async newPage() {
      const page = await context.newPage();
      const messages: string[] = [];
      page.on('console', (m) => messages.push(`${m.type()}: ${m.text()}`));
      page.on('pageerror', (e) => messages.push(`pageerror: ${e.message}`));
      return { page, messages };
    },
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs axe-core in the page and returns its violations. The source is evaluated through the
 * DevTools protocol, which the page's Content-Security-Policy does not block, so the page is
 * tested under its real CSP.
 */
export async function runAxe(page: Page, options: RunOptions = {}): Promise<Result[]> {
  await page.evaluate(axe.source);
  // Runs in the page: `globalThis.axe` is what the evaluated source defined, `document` the page's.
  const results = await page.evaluate(
    (opts) => {
      const g = globalThis as unknown as {
        axe: { run(context: unknown, o: unknown): Promise<AxeResults> };
        document: unknown;
      };
      return g.axe.run(g.document, opts);
    },
    options as Record<string, unknown>,
  );
  return results.violations;
}

const SEVERE: ImpactValue[] = ['serious', 'critical'];

/** Serious and critical violations, summarised so a failing assertion says what is wrong. */
export function severeViolations(violations: Result[]): string[] {
  return violations
    .filter((v) => SEVERE.includes(v.impact ?? null))
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
    );
}
