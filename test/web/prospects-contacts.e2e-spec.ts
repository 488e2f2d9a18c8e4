import request from 'supertest';
import { launchBrowser, type TestBrowser } from '../support/browser.js';
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
import { anEmployer, aSiret } from '../support/factories/employer.js';
import { aContact } from '../support/factories/contact.js';

// Browser journeys on a loaded 2-core machine: generous per-test budgets, never timing assertions.
const JOURNEY = 180_000;

// Valid SIRETs (Luhn key): taking on creates an employer, whose SIRET is checked.
const BAKERY = aSiret();
const GARAGE = aSiret();
const MASKED = aSiret();

describe('prospects and contact persons pages', () => {
  let w: WebTestApp;
  let browser: TestBrowser;
  let adviser: WebUserAccount;
  let manager: WebUserAccount;
  const http = () => request(w.t.app.getHttpServer());
  const employersWithSiret = async (siret: string) =>
    (await w.t.ds.query('SELECT id, referent_id FROM employers WHERE siret = $1', [siret])) as {
      id: string;
      referent_id: string;
    }[];

  async function aProspect(
    siret: string,
    o: {
      name?: string | null;
      tradeName?: string | null;
      naf?: string | null;
      band?: string | null;
      city?: string | null;
      inseeCode?: string;
      postalCode?: string | null;
    },
  ): Promise<void> {
    await w.t.ds.query(
      `INSERT INTO prospects (siret, siren, name, trade_name, naf_code, naf_version, headcount_band,
                              street, postal_code, insee_code, city, epci_code, epci_name)
       VALUES ($1, $2, $3, $4, $5, 'rev2', $6, NULL, $7, $8, $9, '242500361', 'Grand Besançon Métropole')`,
      [
        siret,
        siret.slice(0, 9),
        o.name === undefined ? 'Prospect' : o.name,
        o.tradeName ?? null,
        o.naf === undefined ? '10.71C' : o.naf,
        o.band === undefined ? '11' : o.band,
        o.postalCode === undefined ? '25000' : o.postalCode,
        o.inseeCode ?? '25056',
        o.city === undefined ? 'Besançon' : o.city,
      ],
    );
  }

  beforeAll(async () => {
    w = await startWebApp();
    adviser = await aStaffAccount(w.t, 'adviser', { displayName: 'Awa Diallo' });
    manager = await aStaffAccount(w.t, 'manager', { displayName: 'Marc Direction' });
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await w?.close();
  });

  describe('prospects', () => {
    it(
      'explains how the register is loaded while it is empty',
      async () => {
        const { page } = await browser.newPage();
        await logIn(page, w.baseUrl, adviser);
        await page.getByRole('link', { name: 'Prospects', exact: true }).click();
        await page.getByRole('heading', { level: 1, name: 'Prospects' }).waitFor();
        await page
          .getByText('Un responsable le remplit en chargeant les fichiers SIRENE de l’Insee.')
          .waitFor();
        expect(await page.getByRole('link', { name: 'Charger les fichiers SIRENE' }).count()).toBe(
          0,
        );
        expect(await page.getByRole('button', { name: /Prendre en charge/ }).count()).toBe(0);
        await checkPage(page, 'prospects-empty');
        await page.close();
      },
      JOURNEY,
    );

    it(
      'filters the register and takes an establishment on, landing on the new employer',
      async () => {
        await aProspect(BAKERY, {
          name: 'BOULANGERIE ROUX SARL',
          tradeName: 'Au Bon Pain',
          naf: '10.71C',
          band: '11',
        });
        await aProspect(GARAGE, {
          name: 'Garage du Doubs',
          naf: '45.20A',
          band: '03',
          city: 'Thise',
          inseeCode: '25560',
          postalCode: '25220',
        });
        // A non-diffusible individual entrepreneur: SIRENE gave neither name nor sign.
        await aProspect(MASKED, { name: null, tradeName: null, naf: '43.21A', band: '01' });

        const { page } = await browser.newPage();
        await logIn(page, w.baseUrl, adviser);
        await page.getByRole('link', { name: 'Prospects', exact: true }).click();
        await page.getByRole('heading', { name: '3 établissements' }).waitFor();
        const table = page.getByRole('table');
        await table.getByText('Boulangerie et boulangerie-pâtisserie').waitFor();
        await table.getByText('10 à 19 salariés').waitFor();
        await table.getByText('Nom non diffusible').waitFor();
        await checkPage(page, 'prospects-list');

        // Filters: a GET form, so the view is a bookmarkable URL.
        await page
          .getByLabel('Secteur d’activité (section NAF)')
          .selectOption({ label: "Commerce ; réparation d'automobiles et de motocycles" });
        await page.getByRole('button', { name: 'Filtrer les prospects' }).click();
        await page.waitForURL(/nafSection=G/);
        await page.getByRole('heading', { name: '1 établissement' }).waitFor();
        await table.getByText('Garage du Doubs').waitFor();

        await page.getByLabel('Effectif salarié').selectOption({ label: '10 à 19 salariés' });
        await page.getByRole('button', { name: 'Filtrer les prospects' }).click();
        await page.getByRole('heading', { name: 'Aucun établissement ne correspond' }).waitFor();

        await page.goto(`${w.baseUrl}/prospects?q=bon+pain`);
        await page.getByRole('heading', { name: '1 établissement' }).waitFor();
        await page.getByRole('button', { name: 'Prendre en charge BOULANGERIE ROUX SARL' }).click();
        await page.waitForURL(/\/employers\/[0-9a-f-]+$/);
        await page.getByText('est prise en charge : vous en êtes le référent.').waitFor();
        await page.getByRole('heading', { level: 1, name: /Au Bon Pain/ }).waitFor();
        const [created] = await employersWithSiret(BAKERY);
        expect(created?.referent_id).toBe(adviser.id);

        // Taken on: no longer in the register's list.
        await page.goto(`${w.baseUrl}/prospects`);
        await page.getByRole('heading', { name: '2 établissements' }).waitFor();
        await page.close();
      },
      JOURNEY,
    );
  });

  describe('contact persons', () => {
    const contactRow = async (id: string) =>
      (
        (await w.t.ds.query(
          `SELECT first_name, last_name, job_title, email, phone, is_primary, survey_recipient,
                  opted_out_at FROM contact_persons WHERE id = $1`,
          [id],
        )) as Record<string, unknown>[]
      )[0]!;

    it(
      'adds a contact person with French errors beside the fields, then edits it',
      async () => {
        const employer = await anEmployer(w.t.ds, { legal_name: 'Scierie Vuillemin' });
        const { page } = await browser.newPage();
        await logIn(page, w.baseUrl, adviser);
        await page.goto(`${w.baseUrl}/employers/${employer}`);
        await page.getByRole('link', { name: 'Ajouter un interlocuteur' }).click();
        await page.getByRole('heading', { level: 1, name: 'Ajouter un interlocuteur' }).waitFor();
        await checkPage(page, 'contact-person-new');

        await page.getByLabel('Prénom (facultatif)').fill('Julie');
        await page.getByLabel('Adresse e-mail (facultatif)').fill('julie.vuillemin@');
        await page.getByLabel('Téléphone (facultatif)').fill('appelez-moi');
        await page.getByRole('button', { name: 'Ajouter l’interlocuteur' }).click();
        await page.getByRole('heading', { name: 'Il y a un problème' }).waitFor();
        const emailField = page.locator('.field', {
          has: page.getByLabel('Adresse e-mail (facultatif)'),
        });
        await emailField.getByText('Saisissez une adresse e-mail valide').waitFor();
        const phoneField = page.locator('.field', {
          has: page.getByLabel('Téléphone (facultatif)'),
        });
        await phoneField.getByText('Saisissez un numéro de téléphone').waitFor();
        expect(await page.getByLabel('Prénom (facultatif)').inputValue()).toBe('Julie');
        await checkPage(page, 'contact-person-errors');
        expect(
          await w.t.ds.query('SELECT 1 FROM contact_persons WHERE employer_id = $1', [employer]),
        ).toHaveLength(0);

        await page.getByLabel('Nom (facultatif)', { exact: true }).fill('Vuillemin');
        await page.getByLabel('Fonction (facultatif)').fill('Gérante');
        await page.getByLabel('Adresse e-mail (facultatif)').fill('julie.vuillemin@example.fr');
        await page.getByLabel('Téléphone (facultatif)').fill('03 81 11 22 33');
        await page.getByLabel('Interlocuteur principal de l’entreprise').check();
        await page.getByRole('button', { name: 'Ajouter l’interlocuteur' }).click();
        await page.waitForURL(new RegExp(`/employers/${employer}#interlocuteurs$`));
        await page.getByText('Interlocuteur Julie Vuillemin ajouté.').waitFor();
        const [{ id }] = (await w.t.ds.query(
          'SELECT id FROM contact_persons WHERE employer_id = $1',
          [employer],
        )) as { id: string }[];
        expect(await contactRow(id!)).toMatchObject({
          first_name: 'Julie',
          last_name: 'Vuillemin',
          email: 'julie.vuillemin@example.fr',
          is_primary: true,
          survey_recipient: false,
        });

        await page.getByRole('link', { name: 'Modifier Julie Vuillemin' }).click();
        await page.getByRole('heading', { level: 1, name: 'Modifier Julie Vuillemin' }).waitFor();
        await page.getByLabel('Fonction (facultatif)').fill('Directrice');
        await page.getByLabel('Téléphone (facultatif)').fill('');
        await page.getByLabel('Reçoit l’enquête annuelle').check();
        await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
        await page.waitForURL(new RegExp(`/employers/${employer}#interlocuteurs$`));
        await page.getByText('Interlocuteur Julie Vuillemin modifié.').waitFor();
        expect(await contactRow(id!)).toMatchObject({
          job_title: 'Directrice',
          phone: null,
          is_primary: true,
          survey_recipient: true,
        });
        await page.close();
      },
      JOURNEY,
    );

    it(
      'shows an opt-out read-only to an adviser; a manager lifts it only with a reason',
      async () => {
        const employer = await anEmployer(w.t.ds, { legal_name: 'Fromagerie Mourey' });
        const contact = await aContact(w.t.ds, employer, {
          first_name: 'Paul',
          last_name: 'Mourey',
          opted_out_at: new Date('2026-10-01T10:00:00Z'),
        });
        const { page } = await browser.newPage();
        await logIn(page, w.baseUrl, adviser);
        await page.goto(`${w.baseUrl}/employers/${employer}/contacts/${contact}/edit`);
        await page.getByText('ne souhaite plus être sollicitée depuis le').waitFor();
        expect(await page.getByLabel('Lever l’opposition de cette personne').count()).toBe(0);

        await logIn(page, w.baseUrl, manager);
        await page.goto(`${w.baseUrl}/employers/${employer}/contacts/${contact}/edit`);
        await page.getByLabel('Lever l’opposition de cette personne').check();
        await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
        await page.getByRole('heading', { name: 'Il y a un problème' }).waitFor();
        await page
          .locator('.field', {
            has: page.getByLabel('Motif de la levée de l’opposition'),
          })
          .getByText('Indiquez le motif de la levée de l’opposition')
          .waitFor();
        expect((await contactRow(contact)).opted_out_at).not.toBeNull();
        await checkPage(page, 'contact-person-opt-out');

        await page
          .getByLabel('Motif de la levée de l’opposition')
          .fill('Courrier de M. Mourey du 20 novembre demandant à être recontacté.');
        await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
        await page.waitForURL(new RegExp(`/employers/${employer}#interlocuteurs$`));
        await page.getByText('Opposition de Paul Mourey levée').waitFor();
        expect((await contactRow(contact)).opted_out_at).toBeNull();
        await page.close();
      },
      JOURNEY,
    );
  });

  describe('over HTTP', () => {
    let client: SessionClient;
    beforeAll(async () => {
      client = await logInHttp(w.t, await aStaffAccount(w.t, 'adviser'));
    });
    const post = (path: string, form: Record<string, string> = {}, csrf = true) =>
      http()
        .post(path)
        .set('Cookie', client.cookie)
        .set('Origin', client.origin)
        .type('form')
        .send(csrf ? { _csrf: client.csrf, ...form } : form);

    it('refuses a take-on without the CSRF token, creating nothing', async () => {
      const siret = aSiret();
      await aProspect(siret, { name: 'Menuiserie Sans Jeton' });
      const res = await post(`/prospects/${siret}/take-on`, {}, false).expect(403);
      expect(res.text).toContain('Formulaire expiré');
      expect(await employersWithSiret(siret)).toHaveLength(0);
    });

    it('answers a second take-on with 409 and a French sentence linking the employer', async () => {
      const siret = aSiret();
      await aProspect(siret, { name: 'Plâtrerie Double' });
      const first = await post(`/prospects/${siret}/take-on`).expect(303);
      const [employer] = await employersWithSiret(siret);
      expect(first.headers.location).toBe(`/employers/${employer!.id}`);
      const second = await post(`/prospects/${siret}/take-on`).expect(409);
      expect(second.text).toContain('Cet établissement a déjà été pris en charge');
      expect(second.text).toContain(`href="/employers/${employer!.id}"`);
      expect(await employersWithSiret(siret)).toHaveLength(1);
    });

    it('refuses a contact person post without the CSRF token, writing nothing', async () => {
      const employer = await anEmployer(w.t.ds);
      const res = await post(
        `/employers/${employer}/contacts`,
        { lastName: 'Sans Jeton' },
        false,
      ).expect(403);
      expect(res.text).toContain('Formulaire expiré');
      expect(
        await w.t.ds.query('SELECT 1 FROM contact_persons WHERE employer_id = $1', [employer]),
      ).toHaveLength(0);
    });

    it('refuses an adviser’s forged opt-out withdrawal with 403, the opt-out kept', async () => {
      const employer = await anEmployer(w.t.ds);
      const contact = await aContact(w.t.ds, employer, {
        last_name: 'Opposé',
        opted_out_at: new Date('2026-10-01T10:00:00Z'),
      });
      const res = await post(`/employers/${employer}/contacts/${contact}/edit`, {
        lastName: 'Opposé',
        withdrawOptOut: 'true',
        optOutWithdrawalReason: 'parce que',
      }).expect(403);
      expect(res.text).toContain('Il y a un problème');
      const [row] = (await w.t.ds.query('SELECT opted_out_at FROM contact_persons WHERE id = $1', [
        contact,
      ])) as { opted_out_at: Date | null }[];
      expect(row!.opted_out_at).not.toBeNull();
    });

    it('gives the 404 page for another employer’s contact person, writing nothing', async () => {
      const mine = await anEmployer(w.t.ds);
      const other = await anEmployer(w.t.ds);
      const contact = await aContact(w.t.ds, other, { last_name: 'Ailleurs' });
      await http()
        .get(`/employers/${mine}/contacts/${contact}/edit`)
        .set('Cookie', client.cookie)
        .expect(404);
      await post(`/employers/${mine}/contacts/${contact}/edit`, { lastName: 'Pirate' }).expect(404);
      const [row] = (await w.t.ds.query('SELECT last_name FROM contact_persons WHERE id = $1', [
        contact,
      ])) as { last_name: string }[];
      expect(row!.last_name).toBe('Ailleurs');
    });

    it('gives the 404 page for a malformed or unknown employer id, writing nothing', async () => {
      const employer = await anEmployer(w.t.ds);
      const contact = await aContact(w.t.ds, employer, { last_name: 'Ici' });
      for (const bad of ['pas-un-id', '00000000-0000-4000-8000-000000000000']) {
        const page = await http()
          .get(`/employers/${bad}/contacts/new`)
          .set('Cookie', client.cookie)
          .expect(404);
        expect(page.text).toContain('Page introuvable');
        await http()
          .get(`/employers/${bad}/contacts/${contact}/edit`)
          .set('Cookie', client.cookie)
          .expect(404);
        await post(`/employers/${bad}/contacts`, { lastName: 'Égaré' }).expect(404);
        await post(`/employers/${bad}/contacts/${contact}/edit`, { lastName: 'Pirate' }).expect(
          404,
        );
      }
      expect(
        await w.t.ds.query('SELECT last_name FROM contact_persons WHERE employer_id = $1', [
          employer,
        ]),
      ).toEqual([{ last_name: 'Ici' }]);
      expect(
        await w.t.ds.query("SELECT 1 FROM contact_persons WHERE last_name = 'Égaré'"),
      ).toHaveLength(0);
    });

    it('answers a stale edit with 409 and overwrites nothing', async () => {
      const employer = await anEmployer(w.t.ds);
      const contact = await aContact(w.t.ds, employer, { last_name: 'Avant' });
      await w.t.ds.query(
        `UPDATE contact_persons SET last_name = 'Autre', version = version + 1 WHERE id = $1`,
        [contact],
      );
      const res = await post(`/employers/${employer}/contacts/${contact}/edit`, {
        lastName: 'Moi',
        version: '1',
      }).expect(409);
      expect(res.text).toContain('Quelqu’un d’autre a modifié cet élément');
    });

    it('filters the employers search by NAF code', async () => {
      await anEmployer(w.t.ds, { legal_name: 'Brasserie Filtrée', naf_code: '56.30Z' });
      await anEmployer(w.t.ds, { legal_name: 'Charpente Filtrée', naf_code: '43.91A' });
      const res = await http()
        .get('/employers?q=filtree&nafCode=56.30z')
        .set('Cookie', client.cookie)
        .expect(200);
      expect(res.text).toContain('Brasserie Filtrée');
      expect(res.text).not.toContain('Charpente Filtrée');
      expect(res.text).toContain('value="56.30Z"');
      // The sector filter: 56.30Z is section I (accommodation and food), 43.91A section F.
      const bySection = await http()
        .get('/employers?q=filtree&nafSection=F')
        .set('Cookie', client.cookie)
        .expect(200);
      expect(bySection.text).toContain('Charpente Filtrée');
      expect(bySection.text).not.toContain('Brasserie Filtrée');
      const bad = await http()
        .get('/employers?nafSection=ZZ')
        .set('Cookie', client.cookie)
        .expect(400);
      expect(bad.text).toContain('Secteur (section NAF)');
    });

    it('gives the 404 page for an unknown or malformed SIRET', async () => {
      await post('/prospects/99999999900099/take-on').expect(404);
      await post('/prospects/abc/take-on').expect(404);
    });

    it('answers bad filters with 400 and a French message beside the field', async () => {
      const res = await http()
        .get('/prospects?headcountBand=zz&nafSection=%3Cb%3E')
        .set('Cookie', client.cookie)
        .expect(400);
      expect(res.text).toContain('Il y a un problème');
      expect(res.text).toContain('Effectif salarié');
      expect(res.text).not.toContain('<b>');
    });
  });
});
