import axe from 'axe-core';
import type { AxeResults, Result } from 'axe-core';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { SurveysService } from '../../src/surveys/surveys.service.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { anActiveEmployer, deliverPendingMail } from '../support/surveys.js';

// A minimal launcher of Debian's chromium; issue 4 adds a shared one (test/support/browser.ts)
// that the lead may switch this file to.
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const LAUNCH = new Date('2027-01-11T08:00:00Z');

async function severeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the page's CSP (no inline script) stays in force.
  await page.evaluate(axe.source);
  const results = await page.evaluate(() => {
    const g = globalThis as unknown as {
      axe: { run(ctx: unknown): Promise<AxeResults> };
      document: unknown;
    };
    return g.axe.run(g.document);
  });
  return results.violations
    .filter((v: Result) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v: Result) =>
        `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
    );
}

describe('survey page in headless Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const links: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({ now: LAUNCH });
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    base = `http://127.0.0.1:${port}`;
    const a = await anActiveEmployer(t.ds, LAUNCH, { legal_name: 'Menuiserie Vernier' });
    const b = await anActiveEmployer(t.ds, LAUNCH, { legal_name: 'Hôtel du Parc' });
    const svc = t.get(SurveysService);
    const c = await svc.create({ year: 2026 }, null);
    await svc.launch(c.id, null);
    await deliverPendingMail(t);
    await t.smtp.waitFor(2);
    for (const [key, email] of [
      ['a', a.email],
      ['b', b.email],
    ] as const) {
      const m = /https:\/\/crm\.test(\/s\/[A-Za-z0-9_-]{43})\?q1=4"/.exec(
        String(t.smtp.to(email)[0]!.parsed.html),
      );
      links[key] = m![1]!;
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
      timeout: 30_000,
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  it('is accessible (axe: no serious violation), on a phone-sized screen, before and after a validation error', async () => {
    const context = await browser.newContext({
      locale: 'fr-FR',
      viewport: { width: 375, height: 740 },
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => problems.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    const res = await page.goto(`${base}${links.a}?q1=4`);
    expect(res?.status()).toBe(200);
    expect(await page.isChecked('#satisfaction-4')).toBe(true);
    expect(await severeViolations(page)).toEqual([]);
    // No horizontal scrolling on a phone.
    const overflow = await page.evaluate(() => {
      const d = (
        globalThis as unknown as {
          document: { documentElement: { scrollWidth: number; clientWidth: number } };
        }
      ).document.documentElement;
      return d.scrollWidth - d.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);

    await page.goto(`${base}${links.a}`);
    await page.click('button[type=submit]');
    expect(await page.textContent('h2')).toContain('Votre réponse n’a pas été enregistrée');
    expect(await page.getAttribute('#satisfaction-1', 'aria-describedby')).toBe(
      'satisfaction-hint satisfaction-error',
    );
    expect(await severeViolations(page)).toEqual([]);
    expect(problems.filter((p) => /Content Security Policy|pageerror/i.test(p))).toEqual([]);

    // Keyboard only: Tab into question 1, arrows to choose, Enter on the button.
    await page.goto(`${base}${links.a}`);
    await page.keyboard.press('Tab');
    const focused = () =>
      page.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document
            .activeElement?.id,
      );
    expect(await focused()).toBe('satisfaction-1');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await page.isChecked('#satisfaction-3')).toBe(true);
    await page.focus('button[type=submit]');
    // The form posts to its own URL: wait for the POST's page, not for a URL already matching.
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.keyboard.press('Enter'),
    ]);
    await page.waitForSelector('h1:text-is("Merci pour votre réponse")', { timeout: 10_000 });
    expect(await page.textContent('h1')).toBe('Merci pour votre réponse');
    expect(await severeViolations(page)).toEqual([]);
    await context.close();
  });

  it('fills and submits the survey with JavaScript disabled', async () => {
    const context = await browser.newContext({ locale: 'fr-FR', javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}${links.b}?q1=4`);
    expect(await page.isChecked('#satisfaction-4')).toBe(true);
    await page.getByLabel('9', { exact: true }).check();
    await page.getByLabel('3 à 5 recrutements').check();
    await page.getByLabel('Sur quels métiers ?').fill('Réceptionniste, cuisinier');
    await page.getByLabel('Job dating').check();
    await page.getByLabel('Information sur l’apprentissage').check();
    await page.getByLabel('5. Un commentaire, une suggestion ?').fill('Merci pour le suivi');
    await page.getByLabel('Non').check();
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.click('button[type=submit]'),
    ]);
    await page.waitForSelector('h1:text-is("Merci pour votre réponse")', { timeout: 10_000 });
    expect(await page.textContent('h1')).toBe('Merci pour votre réponse');
    await context.close();

    const answers = await t.ds.query(
      `SELECT a.question_key, a.value FROM survey_answers a
       JOIN survey_responses r ON r.id = a.response_id
       JOIN survey_invitations i ON i.id = r.invitation_id
       JOIN employers e ON e.id = i.employer_id
       WHERE e.legal_name = 'Hôtel du Parc' ORDER BY a.question_key`,
    );
    expect(answers).toEqual([
      { question_key: 'callback', value: false },
      { question_key: 'comment', value: 'Merci pour le suivi' },
      { question_key: 'recommend', value: 9 },
      { question_key: 'recruitment_needs', value: '3-5' },
      { question_key: 'recruitment_trades', value: 'Réceptionniste, cuisinier' },
      { question_key: 'satisfaction', value: 4 },
      { question_key: 'services', value: ['job_dating', 'apprenticeship_information'] },
    ]);
  });
});
