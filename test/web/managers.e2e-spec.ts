import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, type TestBrowser } from '../support/browser.js';
import {
  aStaffAccount,
  checkPage,
  logIn,
  startWebApp,
  type WebTestApp,
  type WebUserAccount,
} from '../support/web.js';
import { anEmployer, aSiret } from '../support/factories/employer.js';
import { aContact } from '../support/factories/contact.js';
import { anInteraction } from '../support/factories/interaction.js';
import { aSurveyResponse } from '../support/factories/survey.js';

const DAY_MS = 86_400_000;

// Managers' and admins' screens (issue 15, screens 7–10) in headless Chromium, by visible French
// labels and roles, with axe at desktop and phone widths on every screen.
describe('managers’ and admins’ screens in headless Chromium', () => {
  let w: WebTestApp;
  let browser: TestBrowser;
  let manager: WebUserAccount;
  let adviser: WebUserAccount;
  let admin: WebUserAccount;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    w = await startWebApp();
    manager = await aStaffAccount(w.t, 'manager', { displayName: 'Nadia Direction' });
    adviser = await aStaffAccount(w.t, 'adviser', { displayName: 'Awa Diallo' });
    admin = await aStaffAccount(w.t, 'admin', { displayName: 'Alex Admin' });
    const ds = w.t.ds;
    const recent = new Date(w.t.clock.now().getTime() - 20 * DAY_MS);
    // Three employers in two sectors and two EPCIs, each in the survey audience.
    const employers = [
      {
        legal_name: 'Pâtisserie Hélène',
        naf_code: '10.71C',
        epci_code: '242500361',
        epci_name: 'Grand Besançon Métropole',
      },
      {
        legal_name: 'Garage du Stade',
        naf_code: '45.20A',
        epci_code: '242500361',
        epci_name: 'Grand Besançon Métropole',
      },
      {
        legal_name: 'Boulangerie des Monts',
        naf_code: '10.71C',
        epci_code: '200041887',
        epci_name: 'CC du Val Marnaysien',
      },
    ];
    for (const [i, e] of employers.entries()) {
      const id = await anEmployer(ds, e);
      ids[`e${i}`] = id;
      await aContact(ds, id, { email: `rh${i}@example.org`, is_primary: true });
      await anInteraction(ds, id, adviser.id, { occurred_at: recent });
    }
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await w?.close();
  });

  it('a manager prepares and launches a survey campaign, then reads its results with charts', async () => {
    const { page } = await browser.newPage();
    await logIn(page, w.baseUrl, manager);
    await page.getByRole('link', { name: 'Enquête' }).click();
    await page.getByRole('heading', { name: 'Enquête de satisfaction des employeurs' }).waitFor();

    // A wrong year: the French message beside the field, nothing created.
    await page.getByLabel('Année enquêtée').fill('deux mille');
    await page.getByRole('button', { name: 'Créer la campagne' }).click();
    await page.getByRole('heading', { name: 'Il y a un problème' }).waitFor();
    expect(
      await page.getByText('La valeur de « Année enquêtée » n’est pas acceptée.').count(),
    ).toBe(2);
    expect(await w.t.ds.query('SELECT count(*)::int AS n FROM survey_campaigns')).toEqual([
      { n: 0 },
    ]);
    await checkPage(page, 'enquete-campagnes-erreur');

    await page.getByLabel('Année enquêtée').fill('2026');
    await page.getByLabel('Relances (jours après le lancement) (facultatif)').fill('7, 21');
    await page.getByRole('button', { name: 'Créer la campagne' }).click();
    await page.getByRole('heading', { name: 'Enquête de satisfaction 2026' }).waitFor();
    expect(await page.getByText('En préparation').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Lancer la campagne' }).click();
    await page.getByRole('button', { name: 'Terminer la campagne' }).waitFor();
    const campaignUrl = page.url();
    const [campaign] = (await w.t.ds.query(
      `SELECT id, reminder_days FROM survey_campaigns WHERE year = 2026`,
    )) as { id: string; reminder_days: number[] }[];
    expect(campaign!.reminder_days).toEqual([7, 21]);
    const invitations = (await w.t.ds.query(
      `SELECT i.id, e.legal_name FROM survey_invitations i JOIN employers e ON e.id = i.employer_id
       WHERE i.campaign_id = $1 ORDER BY e.legal_name`,
      [campaign!.id],
    )) as { id: string; legal_name: string }[];
    expect(invitations).toHaveLength(3);

    // Two employers answer (as through the public survey page).
    await aSurveyResponse(w.t.ds, invitations[0]!.id, {
      satisfaction: 5,
      recommend: 10,
      recruitment_needs: '1-2',
      services: ['job_dating', 'immersion'],
    });
    await aSurveyResponse(w.t.ds, invitations[2]!.id, {
      satisfaction: 3,
      recommend: 5,
      recruitment_needs: 'none',
      services: ['job_dating'],
    });
    // The public survey page marks the invitation answered when it records a response.
    await w.t.ds.query(
      `UPDATE survey_invitations SET answered_at = now() WHERE id = ANY($1::uuid[])`,
      [[invitations[0]!.id, invitations[2]!.id]],
    );
    await page.goto(campaignUrl);
    const satisfaction = page.getByRole('img', { name: /Répartition de la satisfaction/ });
    await satisfaction.waitFor();
    expect(await page.getByRole('img', { name: /Recommandation \(NPS : 0\)/ }).count()).toBe(1);
    expect(await page.getByRole('img', { name: /Services souhaités par EPCI/ }).count()).toBe(1);
    // The numbers are in a table beside each chart.
    const satTable = page.getByRole('table', {
      name: 'Répartition de la satisfaction : les chiffres',
    });
    expect(await satTable.getByRole('row', { name: /5 – Très satisfait 1/ }).count()).toBe(1);
    expect(await satTable.getByRole('row', { name: /3 – Moyennement satisfait 1/ }).count()).toBe(
      1,
    );
    const bySector = page.getByRole('table', { name: 'Réponses par secteur' });
    expect(await bySector.getByRole('row').count()).toBeGreaterThan(1);
    await checkPage(page, 'enquete-resultats');
    // A long page on a phone: its contents list jumps to each part.
    await page
      .getByRole('navigation', { name: 'Sur cette page' })
      .getByRole('link', { name: 'Par EPCI' })
      .click();
    await page.waitForURL(/#par-epci$/);
    await page.getByRole('region', { name: 'Par EPCI' }).getByRole('table').first().waitFor();

    // The CSV of the raw answers, with the session cookie.
    const csv = await page.request.get(`${campaignUrl}/results?format=csv`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const text = await csv.text();
    expect(text).toContain('Satisfaction (1 à 5)');
    expect(text).toContain('Pâtisserie Hélène');

    await page.goto(`${w.baseUrl}/survey-campaigns`);
    const listed = page.getByRole('row', { name: /Campagne 2026/ });
    expect(await listed.getByRole('cell', { name: /^66,7/ }).count()).toBe(1);
    expect(await listed.getByText('En cours').count()).toBe(1);
    await checkPage(page, 'enquete-campagnes');
  }, 180_000);

  it('a manager reads the indicators by EPCI as tables and charts, and downloads them', async () => {
    const { page } = await browser.newPage();
    await logIn(page, w.baseUrl, manager);
    await page.getByRole('link', { name: 'Indicateurs' }).click();
    await page.getByLabel('Regrouper par (facultatif)').selectOption({ label: 'EPCI' });
    await page.getByRole('button', { name: 'Afficher les indicateurs' }).click();
    await page.getByRole('img', { name: /Contacts avec les employeurs par EPCI/ }).waitFor();
    expect(page.url()).toContain('groupBy=epci');
    const byEpci = page.getByRole('table', { name: 'Indicateurs par EPCI' });
    expect(await byEpci.getByRole('row', { name: /Grand Besançon Métropole/ }).count()).toBe(1);
    await checkPage(page, 'indicateurs');
    const csv = await page.request.get(`${page.url()}&format=csv`);
    expect(csv.headers()['content-disposition']).toMatch(
      /indicateurs_\d{4}-01-01_\d{4}-12-31_epci\.csv/,
    );

    // A period the wrong way round: French message beside "Au", status 400.
    const bad = await page.goto(`${w.baseUrl}/indicators?from=2026-12-01&to=2026-01-01`);
    expect(bad!.status()).toBe(400);
    expect(await page.getByText('« Au » est antérieure à la date de début.').count()).toBe(2);
  }, 120_000);

  it('a manager reads the annual report, this year beside the last, and downloads it', async () => {
    const { page } = await browser.newPage();
    await logIn(page, w.baseUrl, manager);
    await page.getByRole('link', { name: 'Bilan annuel' }).click();
    const year = w.t.clock.now().getUTCFullYear();
    await page.getByRole('heading', { name: `Bilan annuel ${year}`, level: 1 }).waitFor();
    expect(page.url()).toBe(`${w.baseUrl}/reports/annual/${year}`);
    // Every action of orientation 4 has its section, its table and, for volumes, its chart.
    for (const key of ['12.1', '12.2', '12.3', '12.4', '12.5', '13.2', '13.3', '13.4'])
      await page
        .getByRole('heading', { name: new RegExp(`^Action ${key.replace('.', '\\.')} — `) })
        .waitFor();
    const t121 = page.getByRole('table', {
      name: `Action 12.1 : ${year} et ${year - 1}`,
      exact: true,
    });
    // The three employers of the world were contacted 20 days ago.
    const contacted = t121.getByRole('row', { name: /Employeurs contactés/ });
    expect(await contacted.getByRole('cell').allTextContents()).toEqual(['3', '0', '+3']);
    await page
      .getByRole('img', { name: `Volumes de l’action 12.1 : ${year} et ${year - 1}` })
      .waitFor();
    await checkPage(page, 'bilan-annuel');
    const csv = await page.request.get(`${page.url()}?format=csv`);
    expect(csv.headers()['content-disposition']).toContain(`bilan_annuel_${year}.csv`);

    // Another year through the form; a year that is not one gets a French message and a 400.
    await page.getByLabel('Année').fill(String(year - 1));
    await page.getByRole('button', { name: 'Afficher le bilan' }).click();
    await page.getByRole('heading', { name: `Bilan annuel ${year - 1}`, level: 1 }).waitFor();
    const bad = await page.goto(`${w.baseUrl}/reports/annual/3000`);
    expect(bad!.status()).toBe(400);
    expect(
      await page
        .getByText('Saisissez une année sur quatre chiffres, de 2000 à l’année en cours.')
        .count(),
    ).toBeGreaterThan(0);
  }, 120_000);

  it('a manager imports employers from a CSV: a dry run first, then for real', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crm-import-'));
    const file = join(dir, 'entreprises.csv');
    const good = aSiret();
    const badSiret = `${good.slice(0, 13)}${(Number(good[13]) + 1) % 10}`;
    writeFileSync(
      file,
      [
        'SIRET;Raison sociale;Enseigne;Code postal;Commune',
        `${aSiret()};Menuiserie Perrin;;25000;Besançon`,
        ';Traiteur du Doubs;Chez Paul;25000;Besançon',
        `${badSiret};Siret Faux;;25000;Besançon`,
      ].join('\r\n'),
    );
    const { page } = await browser.newPage();
    await logIn(page, w.baseUrl, manager);
    await page.getByRole('link', { name: 'Import et export' }).click();
    await checkPage(page, 'import-export');

    // No file chosen: the French message beside the field.
    await page.getByRole('button', { name: 'Vérifier le fichier' }).click();
    await page.getByText('Choisissez un fichier d’entreprises (CSV ou Excel).').first().waitFor();

    await page.getByLabel('Fichier des entreprises (CSV ou Excel)').setInputFiles(file);
    await page.getByRole('button', { name: 'Vérifier le fichier' }).click();
    await page.getByRole('heading', { name: 'Vérification de l’import' }).waitFor();
    // The totals count every row; the table lists the refused ones only.
    const total = (label: string) => page.locator(`dl.summary dt:text-is("${label}") + dd`);
    expect(await total('À créer').innerText()).toBe('2');
    expect(await total('Refusées').innerText()).toBe('1');
    const rows = page.getByRole('table', { name: 'Lignes refusées' });
    expect(await rows.getByRole('row', { name: /Refusée/ }).count()).toBe(1);
    expect(await rows.getByRole('row', { name: /Sera créée/ }).count()).toBe(0);
    await checkPage(page, 'import-verification');
    const count = async () =>
      (
        (await w.t.ds.query(
          `SELECT count(*)::int AS n FROM employers WHERE legal_name IN ('Menuiserie Perrin', 'Traiteur du Doubs')`,
        )) as { n: number }[]
      )[0]!.n;
    expect(await count()).toBe(0);
    const uploadId = await page.locator('input[name="uploadId"]').inputValue();
    const csrf = await page.locator('input[name="_csrf"]').first().inputValue();

    await page.getByRole('button', { name: /Importer pour de bon \(2 entreprises\)/ }).click();
    await page.getByRole('heading', { name: 'Import terminé' }).waitFor();
    expect(await total('Créées').innerText()).toBe('2');
    expect(await count()).toBe(2);
    await checkPage(page, 'import-termine');

    // Sending the confirmation again imports nothing twice.
    const again = await page.request.post(`${w.baseUrl}/import-export/employers/confirm`, {
      form: { _csrf: csrf, uploadId },
      headers: { Origin: w.baseUrl },
    });
    expect(again.status()).toBe(400);
    expect(await again.text()).toContain('Ce fichier a déjà été importé');
    expect(await count()).toBe(2);

    const exported = await page.request.get(`${w.baseUrl}/import-export/employers.csv`);
    expect(exported.status()).toBe(200);
    expect(await exported.text()).toContain('Traiteur du Doubs');
  }, 180_000);

  it('an adviser gets the French 403 page on every manager page, and a manager on admin pages', async () => {
    const { page } = await browser.newPage();
    await logIn(page, w.baseUrl, adviser);
    expect(await page.getByRole('link', { name: 'Indicateurs' }).count()).toBe(0);
    for (const path of [
      '/survey-campaigns',
      '/indicators',
      `/reports/annual/${w.t.clock.now().getUTCFullYear()}`,
      '/import-export',
      '/admin/follow-up-plans',
      '/admin/users',
    ]) {
      const res = await page.goto(`${w.baseUrl}${path}`);
      expect(res!.status()).toBe(403);
      await page.getByRole('heading', { name: 'Accès refusé' }).waitFor();
    }
    await checkPage(page, 'acces-refuse');
    const other = await browser.newPage();
    await logIn(other.page, w.baseUrl, manager);
    const res = await other.page.goto(`${w.baseUrl}/admin/users`);
    expect(res!.status()).toBe(403);
  }, 120_000);

  it('an admin creates an account with the API’s password rules, changes a role, deactivates', async () => {
    const { page } = await browser.newPage();
    await logIn(page, w.baseUrl, admin);
    await page.getByRole('link', { name: 'Comptes' }).click();
    await page.getByLabel('Adresse e-mail').fill('nouvelle@ml.example');
    await page.getByLabel('Nom affiché').fill('Inès Nouvelle');
    await page.getByLabel('Mot de passe provisoire').fill('court');
    await page.getByRole('button', { name: 'Créer le compte' }).click();
    await page.getByRole('heading', { name: 'Il y a un problème' }).waitFor();
    expect(
      await page.getByText('Le mot de passe doit comporter au moins 12 caractères.').count(),
    ).toBe(2);
    // The password typed is not sent back; the rest is.
    expect(await page.getByLabel('Mot de passe provisoire').inputValue()).toBe('');
    expect(await page.getByLabel('Nom affiché').inputValue()).toBe('Inès Nouvelle');
    await checkPage(page, 'comptes-erreur');

    await page.getByLabel('Mot de passe provisoire').fill('un-mot-de-passe-long-2026');
    await page.getByRole('button', { name: 'Créer le compte' }).click();
    const row = page.getByRole('row', { name: /Inès Nouvelle/ });
    await row.waitFor();
    await row.getByLabel('Rôle de Inès Nouvelle').selectOption({ label: 'Direction' });
    await row.getByRole('button', { name: 'Changer le rôle de Inès Nouvelle' }).click();
    await page
      .getByRole('row', { name: /Inès Nouvelle/ })
      .getByRole('button', { name: 'Désactiver Inès Nouvelle' })
      .click();
    await page.getByRole('row', { name: /Inès Nouvelle .*Désactivé/ }).waitFor();
    expect(
      await w.t.ds.query(`SELECT role, active FROM users WHERE email = 'nouvelle@ml.example'`),
    ).toEqual([{ role: 'manager', active: false }]);
    await checkPage(page, 'comptes');

    // An admin cannot deactivate themselves: said in French, nothing changed.
    await page
      .getByRole('row', { name: /Alex Admin/ })
      .getByRole('button', { name: 'Désactiver Alex Admin' })
      .click();
    await page.getByText('Vous ne pouvez pas désactiver votre propre compte').first().waitFor();
    expect(await w.t.ds.query(`SELECT active FROM users WHERE id = $1`, [admin.id])).toEqual([
      { active: true },
    ]);

    // The employer's audit trail.
    await page.goto(`${w.baseUrl}/employers/${ids.e0}/audit`);
    await page
      .getByRole('heading', { name: 'Historique des modifications : Pâtisserie Hélène' })
      .waitFor();
    await checkPage(page, 'historique-entreprise');
  }, 180_000);

  it('a manager saves a new version of a follow-up plan; a wrong step is refused beside its field', async () => {
    const { page } = await browser.newPage();
    await logIn(page, w.baseUrl, manager);
    await page.getByRole('link', { name: 'Plans de suivi' }).click();
    await page.getByLabel('Type de contrat').selectOption({ label: 'Contrat d’apprentissage' });
    await page.getByRole('button', { name: 'Afficher le plan' }).click();
    const heading = page.getByRole('heading', { name: /Contrat d’apprentissage : version (\d+)/ });
    await heading.waitFor();
    const before = Number(/version (\d+)/.exec((await heading.textContent())!)![1]);
    await checkPage(page, 'plans-de-suivi');

    const blank = page.getByRole('group', { name: /Étape \d+/ }).last();
    await blank.getByLabel('Identifiant').fill('monthly_call');
    await blank.getByLabel('Décalage (jours)').fill('-3');
    await blank.getByLabel('Répéter tous les (jours) (facultatif)').fill('2');
    await page.getByRole('button', { name: 'Enregistrer la nouvelle version' }).click();
    await page.getByRole('heading', { name: 'Il y a un problème' }).waitFor();
    expect(await page.getByText(/répétition/).count()).toBeGreaterThan(0);
    expect(
      await w.t.ds.query(
        `SELECT max(version)::int AS v FROM follow_up_plans WHERE contract_type = 'apprenticeship'`,
      ),
    ).toEqual([{ v: before }]);
    await checkPage(page, 'plans-de-suivi-erreur');

    const step = page
      .getByRole('group', { name: /Étape \d+/ })
      .filter({ has: page.locator('input[value="monthly_call"]') });
    await step.getByLabel('Répéter tous les (jours) (facultatif)').fill('30');
    await page.getByRole('button', { name: 'Enregistrer la nouvelle version' }).click();
    await page
      .getByRole('heading', {
        name: `Contrat d’apprentissage : version ${before + 1}`,
        exact: false,
      })
      .waitFor();
    expect(
      await page.getByRole('row', { name: /monthly_call.*Début du contrat − 3 j/ }).count(),
    ).toBe(1);
  }, 180_000);
});
