import type { Page } from 'playwright-core';
import request from 'supertest';
import { launchBrowser, type TestBrowser } from '../support/browser.js';
import {
  aStaffAccount,
  checkPage,
  launchWithoutJavaScript,
  logIn,
  logInHttp,
  startWebApp,
  type WebTestApp,
  type WebUserAccount,
} from '../support/web.js';
import { anEmployer } from '../support/factories/employer.js';

// Browser journeys on a loaded 2-core machine: generous per-test budgets, never timing assertions.
const JOURNEY = 180_000;

describe('employers area', () => {
  let w: WebTestApp;
  let browser: TestBrowser;
  let adviser: WebUserAccount;
  let manager: WebUserAccount;
  let bakery: string;
  const http = () => request(w.t.app.getHttpServer());
  const interactions = async (employerId: string) =>
    Number(
      (
        (await w.t.ds.query('SELECT count(*) AS n FROM interactions WHERE employer_id = $1', [
          employerId,
        ])) as { n: string }[]
      )[0]!.n,
    );

  beforeAll(async () => {
    w = await startWebApp();
    adviser = await aStaffAccount(w.t, 'adviser', { displayName: 'Awa Diallo' });
    manager = await aStaffAccount(w.t, 'manager', { displayName: 'Marc Direction' });
    bakery = await anEmployer(w.t.ds, {
      legal_name: 'Pâtisserie Hélène SARL',
      trade_name: 'Pâtisserie Hélène',
      city: 'Besançon',
      postal_code: '25000',
      referent_id: adviser.id,
    });
    await anEmployer(w.t.ds, { legal_name: 'Menuiserie Perrin' });
    await w.t.ds.query(
      `INSERT INTO contact_persons (employer_id, first_name, last_name, job_title, is_primary)
       VALUES ($1, 'Hélène', 'Roux', 'Gérante', true)`,
      [bakery],
    );
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await w?.close();
  });

  async function findBakery(page: Page): Promise<void> {
    await page.getByRole('link', { name: 'Entreprises', exact: true }).click();
    await page.getByLabel('Nom ou SIRET').fill('patiserie helene');
  }

  async function logContact(page: Page, subject: string): Promise<void> {
    await page.getByLabel('Visite').check();
    await page
      .getByLabel('Interlocuteur (facultatif)')
      .selectOption({ label: 'Hélène Roux (Gérante)' });
    await page.getByLabel('Objet').fill(subject);
    await page.getByLabel('Compte rendu (facultatif)').fill('Deux postes de vendeur en janvier.');
    await page.getByLabel('Recrutement').check();
    await page.getByLabel('Date de la prochaine action (facultatif)').fill('2030-01-10T09:00');
    await page
      .getByLabel('Prochaine action (facultatif)', { exact: true })
      .fill('Envoyer deux profils');
    await page.getByRole('button', { name: 'Enregistrer le contact' }).click();
    await page.waitForURL(/\/employers\/[0-9a-f-]+#historique$/);
  }

  it(
    'finds “Pâtisserie Hélène” as the adviser types “patiserie helene”, then logs a contact that tops the timeline',
    async () => {
      const { page, messages } = await browser.newPage();
      await logIn(page, w.baseUrl, adviser);
      await findBakery(page);
      // No submit: the results follow the typing.
      const result = page.locator('#resultats').getByRole('link', { name: 'Pâtisserie Hélène' });
      // The list shows every employer before the search; the typing narrows it without a submit.
      await page
        .locator('#resultats')
        .getByRole('link', { name: 'Menuiserie Perrin' })
        .waitFor({ state: 'detached' });
      await result.waitFor();
      expect(page.url()).toContain('q=patiserie+helene');
      await checkPage(page, 'entreprises-recherche');
      await result.click();
      await page.waitForURL(`${w.baseUrl}/employers/${bakery}`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Pâtisserie Hélène');
      await checkPage(page, 'entreprise');

      await logContact(page, 'Besoin de vendeurs pour les fêtes');
      expect(await page.getByRole('status').first().textContent()).toContain('Contact enregistré.');
      const first = page.getByRole('region', { name: 'Historique' }).getByRole('listitem').first();
      expect(await first.textContent()).toContain('Visite — Besoin de vendeurs pour les fêtes');
      expect(await first.textContent()).toContain('avec Hélène Roux');
      expect(await first.textContent()).toContain('Noté par Awa Diallo');
      expect(await first.textContent()).toContain('Prochaine action : Envoyer deux profils');
      expect(messages.filter((m) => /Content Security Policy|pageerror|404/i.test(m))).toEqual([]);
      await page.close();
    },
    JOURNEY,
  );

  it(
    'does the same without JavaScript: the search is a GET form, the contact form a plain POST',
    async () => {
      const noJs = await launchWithoutJavaScript();
      const page = noJs.page;
      await logIn(page, w.baseUrl, adviser);
      await findBakery(page);
      await page.getByRole('button', { name: 'Rechercher' }).click();
      await page.waitForURL(/\/employers\?q=patiserie\+helene/);
      await page.locator('#resultats').getByRole('link', { name: 'Pâtisserie Hélène' }).click();
      await logContact(page, 'Relance sans JavaScript');
      const first = page.getByRole('region', { name: 'Historique' }).getByRole('listitem').first();
      expect(await first.textContent()).toContain('Relance sans JavaScript');
      await noJs.close();
    },
    JOURNEY,
  );

  it(
    'shows the errors of the contact form in a summary linking to each field, keeping what was typed',
    async () => {
      const { page } = await browser.newPage();
      await logIn(page, w.baseUrl, adviser);
      await page.goto(`${w.baseUrl}/employers/${bakery}`);
      await page.getByLabel('Compte rendu (facultatif)').fill('Texte gardé');
      await page.getByLabel('Date et heure').fill('2099-01-01T10:00');
      await page.getByRole('button', { name: 'Enregistrer le contact' }).click();
      const summary = page.getByRole('alert');
      expect(await summary.textContent()).toContain('Il y a un problème');
      expect(await summary.textContent()).toContain('Renseignez « Objet ».');
      await summary.getByRole('link', { name: 'Renseignez « Objet ».' }).click();
      expect(
        await page.evaluate(() => (globalThis as any).document.activeElement.id as string),
      ).toBe('f-subject');
      expect(await page.getByLabel('Compte rendu (facultatif)').inputValue()).toBe('Texte gardé');
      await checkPage(page, 'entreprise-erreurs');
      await page.close();
    },
    JOURNEY,
  );

  it('refuses a contact posted without the CSRF token: 403, nothing written', async () => {
    const s = await logInHttp(w.t, adviser);
    const before = await interactions(bakery);
    const form = {
      type: 'phone',
      direction: 'outbound',
      occurredAt: '2026-01-05T10:00',
      subject: 'Appel',
    };
    const res = await http()
      .post(`/employers/${bakery}/interactions`)
      .set('Cookie', s.cookie)
      .set('Origin', s.origin)
      .type('form')
      .send(form)
      .expect(403);
    expect(res.text).toContain('Rien n’a été enregistré');
    await http()
      .post(`/employers/${bakery}/interactions`)
      .set('Cookie', s.cookie)
      .set('Origin', 'https://evil.example')
      .type('form')
      .send({ ...form, _csrf: s.csrf })
      .expect(403);
    expect(await interactions(bakery)).toBe(before);
    // The same form with the token is recorded.
    await http()
      .post(`/employers/${bakery}/interactions`)
      .set('Cookie', s.cookie)
      .set('Origin', s.origin)
      .type('form')
      .send({ ...form, _csrf: s.csrf })
      .expect(303);
    expect(await interactions(bakery)).toBe(before + 1);
  }, 60_000);

  it('answers an adviser on the merge page (a manager page) with the French 403 page', async () => {
    const s = await logInHttp(w.t, adviser);
    const res = await http().get(`/employers/${bakery}/merge`).set('Cookie', s.cookie).expect(403);
    expect(res.text).toContain('Accès refusé');
    const m = await logInHttp(w.t, manager);
    const ok = await http().get(`/employers/${bakery}/merge`).set('Cookie', m.cookie).expect(200);
    expect(ok.text).toContain('Fusionner Pâtisserie Hélène avec une autre fiche');
  }, 60_000);

  it('answers an unknown or malformed employer id with the 404 page', async () => {
    const s = await logInHttp(w.t, adviser);
    await http().get('/employers/not-an-id').set('Cookie', s.cookie).expect(404);
    const edit = await http().get('/employers/not-an-id/edit').set('Cookie', s.cookie).expect(404);
    expect(edit.text).toContain('Page introuvable');
    const res = await http()
      .get('/employers/00000000-0000-4000-8000-000000000000')
      .set('Cookie', s.cookie)
      .expect(404);
    expect(res.text).toContain('Page introuvable');
  }, 60_000);
});
