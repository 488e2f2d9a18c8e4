import request from 'supertest';
import { launchBrowser, type TestBrowser } from '../support/browser.js';
import { aContact } from '../support/factories/contact.js';
import { anEmployer } from '../support/factories/employer.js';
import { anEvent } from '../support/factories/event.js';
import { anInteraction } from '../support/factories/interaction.js';
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
const UNKNOWN = '7b0c3f4e-4a53-4b8e-9a3c-1f2d3e4f5a6b';

describe('correcting records from the employer and event pages', () => {
  let w: WebTestApp;
  let browser: TestBrowser;
  let author: WebUserAccount;
  let colleague: WebUserAccount;
  let manager: WebUserAccount;
  const http = () => request(w.t.app.getHttpServer());
  const interaction = async (id: string) =>
    (
      (await w.t.ds.query(
        'SELECT subject, summary, occurred_at, contact_person_id, version FROM interactions WHERE id = $1',
        [id],
      )) as { subject: string; summary: string | null; occurred_at: Date; version: number }[]
    )[0];
  const contactRow = async (id: string) =>
    (
      (await w.t.ds.query('SELECT last_name FROM contact_persons WHERE id = $1', [id])) as {
        last_name: string;
      }[]
    )[0];
  const event = async (id: string) =>
    (
      (await w.t.ds.query(
        'SELECT title, starts_at, capacity, place_label, version FROM events WHERE id = $1',
        [id],
      )) as {
        title: string;
        starts_at: Date;
        capacity: number | null;
        place_label: string | null;
        version: number;
      }[]
    )[0]!;

  beforeAll(async () => {
    w = await startWebApp();
    author = await aStaffAccount(w.t, 'adviser', { displayName: 'Awa Diallo' });
    colleague = await aStaffAccount(w.t, 'adviser', { displayName: 'Hugo Perrin' });
    manager = await aStaffAccount(w.t, 'manager', { displayName: 'Marc Direction' });
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await w?.close();
  });

  it(
    'lets the author correct a logged contact, then delete it, from the employer timeline',
    async () => {
      const employer = await anEmployer(w.t.ds, { legal_name: 'Boulangerie Vuillemin' });
      const occurredAt = new Date('2026-11-20T09:15:42.123Z');
      const id = await anInteraction(w.t.ds, employer, author.id, {
        subject: 'Appel pour un apprenti',
        occurred_at: occurredAt,
      });
      const { page } = await browser.newPage();
      await logIn(page, w.baseUrl, author);
      await page.goto(`${w.baseUrl}/employers/${employer}`);
      await page
        .getByRole('link', { name: 'Modifier le contact « Appel pour un apprenti »' })
        .click();
      await page.getByRole('heading', { level: 1, name: 'Modifier un contact' }).waitFor();
      expect(await page.getByLabel('Date et heure').inputValue()).toBe('2026-11-20T10:15');
      await checkPage(page, 'interaction-edit');
      await page.getByLabel('Objet').fill('Appel pour deux apprentis');
      await page.getByLabel('Compte rendu').fill('La gérante cherche deux apprentis pour janvier.');
      await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
      await page.waitForURL(new RegExp(`/employers/${employer}#historique$`));
      await page.getByText('Contact modifié.').waitFor();
      await page.getByRole('heading', { name: /Appel pour deux apprentis/ }).waitFor();
      const saved = (await interaction(id))!;
      expect(saved).toMatchObject({
        subject: 'Appel pour deux apprentis',
        summary: 'La gérante cherche deux apprentis pour janvier.',
        version: 2,
      });
      // The time shown to the minute was left alone: the instant keeps its seconds.
      expect(saved.occurred_at.toISOString()).toBe(occurredAt.toISOString());

      await page
        .getByRole('link', { name: 'Supprimer le contact « Appel pour deux apprentis »' })
        .click();
      await page.getByRole('heading', { level: 1, name: 'Supprimer un contact' }).waitFor();
      await page.getByText('Entreprise : Boulangerie Vuillemin').waitFor();
      await checkPage(page, 'interaction-delete');
      await page.getByRole('button', { name: 'Supprimer le contact' }).click();
      await page.waitForURL(new RegExp(`/employers/${employer}#historique$`));
      await page.getByText('Contact supprimé.').waitFor();
      expect(await interaction(id)).toBeUndefined();
      expect(await page.getByText('Appel pour deux apprentis').count()).toBe(0);
      await page.close();
    },
    JOURNEY,
  );

  it(
    'lets an adviser edit an event with its local Paris date and time',
    async () => {
      const id = await anEvent(w.t.ds, {
        title: 'Job dating restauration',
        starts_at: new Date('2026-12-10T08:30:00Z'),
      });
      const { page } = await browser.newPage();
      await logIn(page, w.baseUrl, colleague);
      await page.goto(`${w.baseUrl}/events/${id}`);
      await page.getByRole('link', { name: 'Modifier l’événement' }).click();
      await page.getByRole('heading', { level: 1, name: 'Modifier l’événement' }).waitFor();
      expect(await page.getByLabel('Date et heure').inputValue()).toBe('2026-12-10T09:30');
      await checkPage(page, 'event-edit');
      await page.getByLabel('Titre').fill('Job dating BTP');
      await page.getByLabel('Date et heure').fill('2026-12-11T14:00');
      await page.getByLabel('Lieu').fill('Mission Locale, salle 2');
      await page.getByLabel('Places pour les jeunes').fill('20');
      await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
      await page.waitForURL(new RegExp(`/events/${id}$`));
      await page.getByText('Événement modifié.').waitFor();
      await page.getByRole('heading', { level: 1, name: 'Job dating BTP' }).waitFor();
      const saved = await event(id);
      expect(saved).toMatchObject({ title: 'Job dating BTP', capacity: 20, version: 2 });
      expect(saved.place_label).toBe('Mission Locale, salle 2');
      expect(saved.starts_at.toISOString()).toBe('2026-12-11T13:00:00.000Z');
      await page.close();
    },
    JOURNEY,
  );

  it(
    'lets an adviser remove a contact person, keeping the contacts logged with them',
    async () => {
      const employer = await anEmployer(w.t.ds, { legal_name: 'Garage Vernier' });
      const person = await aContact(w.t.ds, employer, { first_name: 'Paul', last_name: 'Vernier' });
      const logged = await anInteraction(w.t.ds, employer, author.id, {
        contact_person_id: person,
        subject: 'Visite de l’atelier',
      });
      const { page } = await browser.newPage();
      await logIn(page, w.baseUrl, colleague);
      await page.goto(`${w.baseUrl}/employers/${employer}`);
      await page.getByRole('link', { name: 'Retirer Paul Vernier' }).click();
      await page
        .getByRole('heading', { level: 1, name: 'Retirer l’interlocuteur Paul Vernier' })
        .waitFor();
      await checkPage(page, 'contact-person-remove');
      await page.getByRole('button', { name: 'Retirer l’interlocuteur' }).click();
      await page.waitForURL(new RegExp(`/employers/${employer}#interlocuteurs$`));
      await page.getByText('Interlocuteur Paul Vernier retiré.').waitFor();
      await page.getByText('Aucun interlocuteur.').waitFor();
      expect(await contactRow(person)).toBeUndefined();
      expect(await interaction(logged)).toMatchObject({ contact_person_id: null });
      await page.close();
    },
    JOURNEY,
  );

  describe('over HTTP', () => {
    let asAuthor: SessionClient;
    let asColleague: SessionClient;
    let asManager: SessionClient;
    beforeAll(async () => {
      asAuthor = await logInHttp(w.t, author);
      asColleague = await logInHttp(w.t, colleague);
      asManager = await logInHttp(w.t, manager);
    });
    const post = (
      client: SessionClient,
      path: string,
      form: Record<string, string | string[]> = {},
      csrf = true,
    ) =>
      http()
        .post(path)
        .set('Cookie', client.cookie)
        .set('Origin', client.origin)
        .type('form')
        .send(csrf ? { ...form, _csrf: client.csrf } : form);
    const get = (client: SessionClient, path: string) =>
      http().get(path).set('Cookie', client.cookie);
    const contactForm = (o: Record<string, string | string[]> = {}) => ({
      type: 'visit',
      direction: 'outbound',
      occurredAt: '2026-11-20T10:15',
      subject: 'Visite',
      summary: '',
      nextActionAt: '',
      nextAction: '',
      version: '1',
      ...o,
    });

    it('shows another adviser no link to change someone else’s contact, and refuses them with the 403 page', async () => {
      const employer = await anEmployer(w.t.ds);
      const id = await anInteraction(w.t.ds, employer, author.id, { subject: 'Le mien' });
      const card = await get(asColleague, `/employers/${employer}`).expect(200);
      expect(card.text).toContain('Le mien');
      expect(card.text).not.toContain(`/interactions/${id}/`);
      const mine = await get(asAuthor, `/employers/${employer}`).expect(200);
      expect(mine.text).toContain(`/interactions/${id}/edit`);
      expect(mine.text).toContain(`/interactions/${id}/delete`);

      for (const path of [
        `/employers/${employer}/interactions/${id}/edit`,
        `/employers/${employer}/interactions/${id}/delete`,
      ]) {
        const page = await get(asColleague, path).expect(403);
        expect(page.text).toContain('lang="fr"');
      }
      await post(
        asColleague,
        `/employers/${employer}/interactions/${id}/edit`,
        contactForm({ subject: 'Pas le mien' }),
      ).expect(403);
      await post(asColleague, `/employers/${employer}/interactions/${id}/delete`).expect(403);
      expect(await interaction(id)).toMatchObject({ subject: 'Le mien', version: 1 });
    });

    it('lets a manager correct an adviser’s contact', async () => {
      const employer = await anEmployer(w.t.ds);
      const id = await anInteraction(w.t.ds, employer, author.id, { subject: 'Avant' });
      const card = await get(asManager, `/employers/${employer}`).expect(200);
      expect(card.text).toContain(`/interactions/${id}/edit`);
      await post(
        asManager,
        `/employers/${employer}/interactions/${id}/edit`,
        contactForm({ subject: 'Corrigé par la direction' }),
      ).expect(303);
      expect(await interaction(id)).toMatchObject({ subject: 'Corrigé par la direction' });
    });

    it('refuses every post without the CSRF token, writing nothing', async () => {
      const employer = await anEmployer(w.t.ds);
      const id = await anInteraction(w.t.ds, employer, author.id, { subject: 'Intact' });
      const person = await aContact(w.t.ds, employer, { last_name: 'Présent' });
      const ev = await anEvent(w.t.ds, { title: 'Forum intact' });
      const edit = await post(
        asAuthor,
        `/employers/${employer}/interactions/${id}/edit`,
        contactForm({ subject: 'Modifié' }),
        false,
      ).expect(403);
      expect(edit.text).toContain('Formulaire expiré');
      await post(asAuthor, `/employers/${employer}/interactions/${id}/delete`, {}, false).expect(
        403,
      );
      await post(asAuthor, `/employers/${employer}/contacts/${person}/remove`, {}, false).expect(
        403,
      );
      await post(
        asAuthor,
        `/events/${ev}/edit`,
        { title: 'Forum modifié', type: 'forum', startsAt: '2026-12-01T10:00', version: '1' },
        false,
      ).expect(403);
      expect(await interaction(id)).toMatchObject({ subject: 'Intact', version: 1 });
      expect(await contactRow(person)).toMatchObject({ last_name: 'Présent' });
      expect(await event(ev)).toMatchObject({ title: 'Forum intact', version: 1 });
    });

    it('gives the 404 page for another employer’s contact or contact person, writing nothing', async () => {
      const mine = await anEmployer(w.t.ds);
      const theirs = await anEmployer(w.t.ds);
      const id = await anInteraction(w.t.ds, theirs, author.id, { subject: 'Ailleurs' });
      const person = await aContact(w.t.ds, theirs, { last_name: 'Ailleurs' });
      await get(asAuthor, `/employers/${mine}/interactions/${id}/edit`).expect(404);
      await get(asAuthor, `/employers/${mine}/interactions/${id}/delete`).expect(404);
      await get(asAuthor, `/employers/${mine}/contacts/${person}/remove`).expect(404);
      await post(
        asAuthor,
        `/employers/${mine}/interactions/${id}/edit`,
        contactForm({ subject: 'Pirate' }),
      ).expect(404);
      await post(asAuthor, `/employers/${mine}/interactions/${id}/delete`).expect(404);
      await post(asAuthor, `/employers/${mine}/contacts/${person}/remove`).expect(404);
      expect(await interaction(id)).toMatchObject({ subject: 'Ailleurs', version: 1 });
      expect(await contactRow(person)).toMatchObject({ last_name: 'Ailleurs' });
      await get(asAuthor, `/employers/${mine}/interactions/${UNKNOWN}/edit`).expect(404);
      await get(asAuthor, `/events/${UNKNOWN}/edit`).expect(404);
    });

    it('gives the 404 page for a malformed employer id, writing nothing', async () => {
      const employer = await anEmployer(w.t.ds);
      const id = await anInteraction(w.t.ds, employer, author.id, { subject: 'Intact' });
      const person = await aContact(w.t.ds, employer, { last_name: 'Présent' });
      const page = await get(asAuthor, `/employers/pas-un-id/interactions/${id}/edit`).expect(404);
      expect(page.text).toContain('Page introuvable');
      await get(asAuthor, `/employers/pas-un-id/interactions/${id}/delete`).expect(404);
      await get(asAuthor, `/employers/pas-un-id/contacts/${person}/remove`).expect(404);
      await post(
        asAuthor,
        `/employers/pas-un-id/interactions/${id}/edit`,
        contactForm({ subject: 'Pirate' }),
      ).expect(404);
      await post(asAuthor, `/employers/pas-un-id/interactions/${id}/delete`).expect(404);
      await post(asAuthor, `/employers/pas-un-id/contacts/${person}/remove`).expect(404);
      expect(await interaction(id)).toMatchObject({ subject: 'Intact', version: 1 });
      expect(await contactRow(person)).toMatchObject({ last_name: 'Présent' });
    });

    it('answers a malformed child id with the French 404 page, as for the employer id', async () => {
      const employer = await anEmployer(w.t.ds);
      await get(asAuthor, `/employers/${employer}/interactions/not-a-uuid/edit`).expect(404);
      await post(asAuthor, `/employers/${employer}/interactions/not-a-uuid/delete`).expect(404);
      await get(asAuthor, `/employers/${employer}/contacts/not-a-uuid/remove`).expect(404);
      await get(asAuthor, '/events/not-a-uuid/edit').expect(404);
      const page = await get(asAuthor, `/employers/${employer}/contacts/pas-un-id/edit`).expect(
        404,
      );
      expect(page.text).toContain('<html lang="fr">');
    });

    it('answers a stale contact edit with 409 and overwrites nothing', async () => {
      const employer = await anEmployer(w.t.ds);
      const id = await anInteraction(w.t.ds, employer, author.id, { subject: 'Première' });
      await w.t.ds.query(
        `UPDATE interactions SET subject = 'Plus récente', version = version + 1 WHERE id = $1`,
        [id],
      );
      const res = await post(
        asAuthor,
        `/employers/${employer}/interactions/${id}/edit`,
        contactForm({ subject: 'La mienne', version: '1' }),
      ).expect(409);
      expect(res.text).toContain('Quelqu’un d’autre a modifié cet élément');
      expect(await interaction(id)).toMatchObject({ subject: 'Plus récente', version: 2 });
    });

    it('answers a stale event edit with 409 and overwrites nothing', async () => {
      const ev = await anEvent(w.t.ds, { title: 'Forum de l’emploi' });
      await w.t.ds.query(
        `UPDATE events SET title = 'Forum déplacé', version = version + 1 WHERE id = $1`,
        [ev],
      );
      const res = await post(asColleague, `/events/${ev}/edit`, {
        title: 'Forum à moi',
        type: 'forum',
        startsAt: '2026-12-01T10:00',
        version: '1',
      }).expect(409);
      expect(res.text).toContain('Quelqu’un d’autre a modifié cet élément');
      expect(await event(ev)).toMatchObject({ title: 'Forum déplacé', version: 2 });
    });

    it('shows a bad field beside it in French with 400, changing nothing', async () => {
      const employer = await anEmployer(w.t.ds);
      const id = await anInteraction(w.t.ds, employer, author.id, { subject: 'Gardé' });
      const blank = await post(
        asAuthor,
        `/employers/${employer}/interactions/${id}/edit`,
        contactForm({ subject: '  ', type: 'pigeon' }),
      ).expect(400);
      expect(blank.text).toContain('Renseignez « Objet ».');
      expect(blank.text).toContain('Choisissez une valeur de la liste pour « Type de contact ».');
      const future = await post(
        asAuthor,
        `/employers/${employer}/interactions/${id}/edit`,
        contactForm({ occurredAt: '2099-01-01T10:00' }),
      ).expect(400);
      expect(future.text).toContain('id="f-occurredAt-error"');
      expect(await interaction(id)).toMatchObject({ subject: 'Gardé', version: 1 });

      const ev = await anEvent(w.t.ds, { title: 'Forum gardé' });
      const res = await post(asColleague, `/events/${ev}/edit`, {
        title: 'Forum renommé',
        type: 'forum',
        startsAt: '2026-12-01T10:00',
        capacity: 'beaucoup',
        version: '1',
      }).expect(400);
      expect(res.text).toContain('La valeur de « Places pour les jeunes » n’est pas acceptée.');
      expect(res.text).toContain('value="Forum renommé"');
      expect(await event(ev)).toMatchObject({ title: 'Forum gardé', version: 1 });
    });
  });
});
