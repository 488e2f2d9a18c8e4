import jsQRModule from 'jsqr';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { launchBrowser, runAxe, severeViolations, type TestBrowser } from '../support/browser.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { anEmployer } from '../support/factories/employer.js';
import { aPublishedOffer } from '../support/factories/job-offer.js';

const NOW = new Date('2026-03-10T09:00:00.000Z');
// Screenshots land here for a person to look at; SCREENSHOT_DIR=docs/screenshots refreshes the
// committed ones.
const SHOTS = process.env.SCREENSHOT_DIR ?? join('var', 'screenshots');

// jsqr is CommonJS with a `default` export: under Node ESM the function is the module itself.
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule.default }).default ??
  jsQRModule) as unknown as typeof jsQRModule.default;

/** Decodes the first QR code found in a PNG. */
function decodeQr(png: Buffer): string | null {
  const img = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(img.data), img.width, img.height)?.data ?? null;
}

describe('public job board and poster in headless Chromium', () => {
  let t: TestApp;
  let browser: TestBrowser;
  let base: string;
  let offer: string;
  let parent: Server;
  let parentOrigin: string;

  beforeAll(async () => {
    // A second origin standing for the Mission Locale's website, which frames the board.
    parent = createServer((req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(
        `<!doctype html><html lang="fr"><title>Site de la Mission Locale</title>` +
          `<iframe id="board" title="Offres" src="${decodeURIComponent(req.url!.slice(1))}" width="800" height="600"></iframe></html>`,
      );
    });
    await new Promise<void>((r) => parent.listen(0, '127.0.0.1', r));
    parentOrigin = `http://localhost:${(parent.address() as AddressInfo).port}`;
    t = await createTestApp({ now: NOW, env: { EMBED_ORIGINS: parentOrigin } });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const bakery = await anEmployer(t.ds, {
      legal_name: 'SARL Les Délices Comtois',
      trade_name: 'Pâtisserie Hélène',
    });
    const garage = await anEmployer(t.ds, { legal_name: 'Garage Central SAS', trade_name: null });
    offer = await aPublishedOffer(t.ds, bakery, NOW, {
      daysAgo: 1,
      title: 'Apprenti pâtissier / apprentie pâtissière (H/F)',
      description:
        'Au sein d’une équipe de cinq personnes, vous préparez les entremets, les viennoiseries et ' +
        'les crèmes, vous participez à la réception des livraisons et au nettoyage du laboratoire. ' +
        'Débutant accepté : votre maître d’apprentissage vous forme au métier. Horaires en journée, ' +
        'deux week-ends par mois.',
      contract_type: 'apprenticeship',
      working_time: 'full_time',
      weekly_hours: 35,
      positions: 2,
      start_date: '2026-09-01',
    });
    const more: [string, 'cdi' | 'cdd' | 'temporary_work', string, string, string][] = [
      ['Vendeur / vendeuse en boulangerie', 'cdi', '25056', '25000', 'Besançon'],
      ['Mécanicien automobile', 'cdd', '25388', '25200', 'Montbéliard'],
      ['Préparateur de commandes', 'temporary_work', '25056', '25000', 'Besançon'],
    ];
    let days = 2;
    for (const [title, contractType, inseeCode, postalCode, city] of more)
      await aPublishedOffer(t.ds, garage, NOW, {
        daysAgo: days++,
        title,
        contract_type: contractType,
        insee_code: inseeCode,
        postal_code: postalCode,
        city,
        epci_code: inseeCode === '25388' ? '200065647' : '242500361',
        start_date: contractType === 'cdd' ? '2026-04-01' : null,
      });
    browser = await launchBrowser();
    mkdirSync(SHOTS, { recursive: true });
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await new Promise((r) => parent?.close(r));
  });

  it('board: no serious accessibility violation, at desktop and phone widths', async () => {
    const { page, messages } = await browser.newPage();
    await page.setViewportSize({ width: 1100, height: 900 });
    const res = await page.goto(`${base}/offres`);
    expect(res?.status()).toBe(200);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(severeViolations(await runAxe(page))).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'offres.png'), fullPage: true });
    await page.setViewportSize({ width: 360, height: 740 });
    const { scrollWidth, clientWidth } = await page.evaluate(() => {
      const el = (globalThis as any).document.documentElement;
      return { scrollWidth: el.scrollWidth as number, clientWidth: el.clientWidth as number };
    });
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    expect(severeViolations(await runAxe(page))).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'offres-telephone.png'), fullPage: true });
    expect(messages.filter((m) => /Content Security Policy|pageerror/i.test(m))).toEqual([]);
    await page.close();
  }, 60_000);

  it('board: filters work without JavaScript, by their French labels, into a bookmarkable URL', async () => {
    const { page } = await browser.newPage();
    await page.goto(`${base}/offres`);
    await page.getByLabel('Mots-clés').fill('patissiere');
    await page.getByText('Commune, territoire, type de contrat, temps de travail').click();
    await page.getByLabel('Apprentissage').check();
    await page.getByRole('button', { name: 'Afficher les offres' }).click();
    await page.waitForURL(/\/offres\?/);
    // The form sends every field, empty ones too; the board answers with its canonical URL.
    expect(new URL(page.url()).search).toBe('?q=patissiere&contrat=apprentissage');
    const titles = await page.locator('.offers h3').allTextContents();
    expect(titles).toEqual(['Apprenti pâtissier / apprentie pâtissière (H/F)']);
    await page.close();
  }, 60_000);

  it('embed view: framed by the allowed origin, refused elsewhere', async () => {
    const { page } = await browser.newPage();
    await page.goto(`${parentOrigin}/${encodeURIComponent(`${base}/offres?embed=1`)}`);
    const frame = page.frameLocator('#board');
    await expect(frame.locator('h1').textContent()).resolves.toBe(
      'Offres d’emploi pour les jeunes',
    );
    expect(severeViolations(await runAxe(page.frames()[1]! as never))).toEqual([]);
    // The offer pages themselves keep frame-ancestors 'none': the browser refuses to show them.
    const { page: other } = await browser.newPage();
    await other.goto(`${parentOrigin}/${encodeURIComponent(`${base}/public/job-offers/${offer}`)}`);
    await other.waitForTimeout(500);
    const framed = other.frames()[1];
    const text = await framed
      ?.evaluate(() => (globalThis as any).document.body?.innerText ?? '')
      .catch(() => '');
    expect(text ?? '').not.toContain('pâtissier');
    await page.close();
    await other.close();
  }, 60_000);

  it('poster: accessible, one A4 page, and its QR code leads to the offer page', async () => {
    const { page, messages } = await browser.newPage();
    await page.setViewportSize({ width: 1000, height: 1300 });
    const res = await page.goto(`${base}/public/job-offers/${offer}/affiche`);
    expect(res?.status()).toBe(200);
    expect(await page.textContent('body')).toContain(
      'Adressez-vous à votre conseiller·ère de la Mission Locale',
    );
    expect(severeViolations(await runAxe(page))).toEqual([]);
    expect(messages.filter((m) => /Content Security Policy|pageerror/i.test(m))).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'affiche.png'), fullPage: true });

    // Decoded from pixels Chromium drew from the server's SVG, as a phone camera would.
    const qr = await page.locator('.qr svg').screenshot();
    expect(decodeQr(qr)).toBe(`https://crm.test/public/job-offers/${offer}`);
    // And from the whole printed-size page, to be sure nothing covers it.
    expect(decodeQr(await page.screenshot({ fullPage: true }))).toBe(
      `https://crm.test/public/job-offers/${offer}`,
    );

    // Printed through the print stylesheet: exactly one A4 page.
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    const text = pdf.toString('latin1');
    expect(text.match(/\/Type\s*\/Page[^s]/g)).toHaveLength(1);
    const box = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(text);
    // A4 is 595 × 842 points.
    expect([Math.round(Number(box![1])), Math.round(Number(box![2]))]).toEqual([595, 842]);
    writeFileSync(join(SHOTS, 'affiche.pdf'), pdf);
    await page.close();
  }, 60_000);
});
