import request from 'supertest';
import { launchBrowser, type TestBrowser } from '../support/browser.js';
import { aContact } from '../support/factories/contact.js';
import { anEmployer } from '../support/factories/employer.js';
import { aYoungPerson } from '../support/factories/young-person.js';
import {
  aStaffAccount,
  checkPage,
  logIn,
  logInHttp,
  startWebApp,
  type SessionClient,
  type WebTestApp,
  type WebUserAccount,
} from '../support/web.js';

// Browser journeys on a loaded 2-core machine: generous per-test budgets, never timing assertions.
const JOURNEY = 180_000;

describe('RGPD erasure from the browser', () => {
  let w: WebTestApp;
  let browser: TestBrowser;
  let manager: WebUserAccount;
  let adviser: WebUserAccount;
  const http = () => request(w.t.app.getHttpServer());
  const youngPerson = async (id: string) =>
    (
      (await w.t.ds.query(
        'SELECT first_name, last_name, email, phone, erased_at FROM young_people WHERE id = $1',
        [id],
      )) as Record<string, unknown>[]
    )[0]!;
  const contact = async (id: string) =>
    (
      (await w.t.ds.query(
        'SELECT first_name, last_name, email, erased_at FROM contact_persons WHERE id = $1',
        [id],
      )) as Record<string, unknown>[]
    )[0]!;

  beforeAll(async () => {
    w = await startWebApp();
    manager = await aStaffAccount(w.t, 'manager', { displayName: 'Marc Direction' });
    adviser = await aStaffAccount(w.t, 'adviser', { displayName: 'Awa Diallo' });
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await w?.close();
  });

  it(
    'lets a manager anonymise a young person after a page saying what goes and what stays',
    async () => {
      const id = await aYoungPerson(w.t.ds, {
        first_name: 'Kylian',
        last_name: 'Morel',
        email: 'kylian.morel@example.org',
        phone: '06 11 22 33 44',
      });
      const { page } = await browser.newPage();
      await logIn(page, w.baseUrl, manager);
      await page.goto(`${w.baseUrl}/young-people/${id}`);
      await page.getByRole('link', { name: 'Anonymiser (RGPD)' }).click();
      await page.getByRole('heading', { level: 1, name: 'Anonymiser Kylian Morel' }).waitFor();
      await page.getByText('Cette action ne peut pas être annulée.').waitFor();
      await checkPage(page, 'young-person-erase');

      // Cancel changes nothing.
      await page.getByRole('link', { name: 'Annuler' }).click();
      await page.getByRole('heading', { level: 1, name: 'Kylian Morel' }).waitFor();
      expect((await youngPerson(id)).erased_at).toBeNull();

      await page.getByRole('link', { name: 'Anonymiser (RGPD)' }).click();
      await page.getByRole('button', { name: 'Anonymiser définitivement' }).click();
      await page.waitForURL(new RegExp(`/young-people/${id}$`));
      await page.getByText('Jeune anonymisé.').waitFor();
      await page.getByRole('heading', { level: 1, name: 'Personne anonymisée' }).waitFor();
      expect(await page.getByText('kylian.morel@example.org').count()).toBe(0);
      expect(await youngPerson(id)).toMatchObject({ email: null, phone: null });
      expect((await youngPerson(id)).erased_at).not.toBeNull();
      expect(await page.getByRole('link', { name: 'Anonymiser (RGPD)' }).count()).toBe(0);
      await page.close();
    },
    JOURNEY,
  );

  it(
    'lets a manager erase a contact person from the employer page',
    async () => {
      const employer = await anEmployer(w.t.ds, { legal_name: 'Menuiserie Bretillot' });
      const id = await aContact(w.t.ds, employer, {
        first_name: 'Sophie',
        last_name: 'Bretillot',
        email: 's.bretillot@example.org',
      });
      const { page } = await browser.newPage();
      await logIn(page, w.baseUrl, manager);
      await page.goto(`${w.baseUrl}/employers/${employer}`);
      await page.getByRole('link', { name: 'Effacer (RGPD) Sophie Bretillot' }).click();
      await page
        .getByRole('heading', { level: 1, name: 'Effacer l’interlocuteur Sophie Bretillot' })
        .waitFor();
      await page.getByText('Entreprise : Menuiserie Bretillot').waitFor();
      await checkPage(page, 'contact-person-erase');
      await page.getByRole('button', { name: 'Effacer définitivement' }).click();
      await page.waitForURL(new RegExp(`/employers/${employer}$`));
      await page.getByText('Interlocuteur effacé.').waitFor();
      expect(await page.getByText('s.bretillot@example.org').count()).toBe(0);
      expect(await contact(id)).toMatchObject({ email: null });
      expect((await contact(id)).erased_at).not.toBeNull();
      await page.close();
    },
    JOURNEY,
  );

  describe('over HTTP', () => {
    let asAdviser: SessionClient;
    let asManager: SessionClient;
    beforeAll(async () => {
      asAdviser = await logInHttp(w.t, adviser);
      asManager = await logInHttp(w.t, manager);
    });
    const post = (client: SessionClient, path: string, csrf = true) =>
      http()
        .post(path)
        .set('Cookie', client.cookie)
        .set('Origin', client.origin)
        .type('form')
        .send(csrf ? { _csrf: client.csrf } : {});

    it('shows an adviser neither the links nor the pages, and refuses their post with 403', async () => {
      const person = await aYoungPerson(w.t.ds, { first_name: 'Inès', last_name: 'Garnier' });
      const employer = await anEmployer(w.t.ds);
      const someone = await aContact(w.t.ds, employer, { first_name: 'Yves', last_name: 'Roy' });

      const page = await http().get(`/young-people/${person}`).set('Cookie', asAdviser.cookie);
      expect(page.status).toBe(200);
      expect(page.text).not.toContain('/erase');
      const card = await http().get(`/employers/${employer}`).set('Cookie', asAdviser.cookie);
      expect(card.text).not.toContain('/erase');

      for (const path of [
        `/young-people/${person}/erase`,
        `/employers/${employer}/contacts/${someone}/erase`,
      ]) {
        const form = await http().get(path).set('Cookie', asAdviser.cookie).expect(403);
        expect(form.text).toContain('lang="fr"');
        await post(asAdviser, path).expect(403);
      }
      expect((await youngPerson(person)).erased_at).toBeNull();
      expect((await contact(someone)).erased_at).toBeNull();
    });

    it('refuses a manager’s post without the CSRF token, erasing nothing', async () => {
      const person = await aYoungPerson(w.t.ds, { first_name: 'Noé', last_name: 'Perrin' });
      const res = await post(asManager, `/young-people/${person}/erase`, false).expect(403);
      expect(res.text).toContain('Formulaire expiré');
      expect((await youngPerson(person)).erased_at).toBeNull();
    });

    it('gives the 404 page for another employer’s contact person, erasing nothing', async () => {
      const mine = await anEmployer(w.t.ds);
      const theirs = await anEmployer(w.t.ds);
      const someone = await aContact(w.t.ds, theirs, { first_name: 'Léon', last_name: 'Faivre' });
      await http()
        .get(`/employers/${mine}/contacts/${someone}/erase`)
        .set('Cookie', asManager.cookie)
        .expect(404);
      await post(asManager, `/employers/${mine}/contacts/${someone}/erase`).expect(404);
      expect((await contact(someone)).erased_at).toBeNull();
    });

    it('answers a malformed or an unknown id with 404, erasing nothing', async () => {
      await http()
        .get('/young-people/not-a-uuid/erase')
        .set('Cookie', asManager.cookie)
        .expect(404);
      await post(asManager, '/young-people/7b0c3f4e-4a53-4b8e-9a3c-1f2d3e4f5a6b/erase').expect(404);
    });
  });
});
