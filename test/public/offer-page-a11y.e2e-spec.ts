import type { AddressInfo } from 'node:net';
import { launchBrowser, runAxe, severeViolations, type TestBrowser } from '../support/browser.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { anEmployer } from '../support/factories/employer.js';
import { aPublishedOffer } from '../support/factories/job-offer.js';

const NOW = new Date('2026-03-10T09:00:00.000Z');

describe('public offer page in headless Chromium', () => {
  let t: TestApp;
  let browser: TestBrowser;
  let base: string;
  let offer: string;

  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    base = `http://127.0.0.1:${port}`;
    const employer = await anEmployer(t.ds);
    offer = await aPublishedOffer(t.ds, employer, NOW, {
      title: 'Employé polyvalent de restauration (H/F)',
      description:
        'Au sein d’une équipe de six personnes, vous assurez la préparation des plats et le service.\n\n' +
        'Débutant accepté : une formation est assurée à l’arrivée.\nHoraires en journée.',
      working_time: 'part_time',
      weekly_hours: 28,
      contract_type: 'cdd',
      start_date: '2026-04-01',
    });
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  it('has no serious or critical accessibility violation', async () => {
    const { page, messages } = await browser.newPage();
    const res = await page.goto(`${base}/public/job-offers/${offer}`);
    expect(res?.status()).toBe(200);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.title()).toContain('Employé polyvalent de restauration');
    expect(severeViolations(await runAxe(page))).toEqual([]);
    // Styles apply under the real Content-Security-Policy, and nothing was blocked.
    const headerBackground = await page.$eval('header', (el) => {
      const g = globalThis as unknown as {
        getComputedStyle(e: unknown): { backgroundColor: string };
      };
      return g.getComputedStyle(el).backgroundColor;
    });
    expect(headerBackground).toBe('rgb(0, 52, 122)');
    expect(messages.filter((m) => /Content Security Policy|pageerror/i.test(m))).toEqual([]);
    await page.close();
  });

  it('starts keyboard navigation with a working skip link', async () => {
    const { page } = await browser.newPage();
    await page.goto(`${base}/public/job-offers/${offer}`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (globalThis as any).document.activeElement.textContent)).toBe(
      'Aller au contenu',
    );
    await page.keyboard.press('Enter');
    // Following a fragment link is asynchronous: wait for it instead of reading the URL at once.
    await page.waitForURL(/#contenu$/);
    expect(page.url()).toMatch(/#contenu$/);
    await page.close();
  });

  it('fits a phone screen without horizontal scrolling', async () => {
    const { page } = await browser.newPage();
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto(`${base}/public/job-offers/${offer}`);
    const { scrollWidth, clientWidth } = await page.evaluate(() => {
      const el = (globalThis as any).document.documentElement;
      return { scrollWidth: el.scrollWidth as number, clientWidth: el.clientWidth as number };
    });
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    expect(severeViolations(await runAxe(page))).toEqual([]);
    await page.close();
  });

  it('has an accessible not-found page', async () => {
    const { page } = await browser.newPage();
    const res = await page.goto(`${base}/public/job-offers/7b0c3f4e-4a53-4b8e-9a3c-1f2d3e4f5a6b`);
    expect(res?.status()).toBe(404);
    expect(await page.textContent('h1')).toBe('Offre introuvable');
    expect(severeViolations(await runAxe(page))).toEqual([]);
    await page.close();
  });
});
