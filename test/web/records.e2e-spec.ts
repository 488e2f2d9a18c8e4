import { launchBrowser, type TestBrowser } from '../support/browser.js';
import {
  aStaffAccount,
  checkPage,
  logIn,
  startWebApp,
  type WebTestApp,
  type WebUserAccount,
} from '../support/web.js';
import { anEmployer } from '../support/factories/employer.js';

// Screens 3–6 of issue 15 as an adviser goes through them, each checked by axe-core at desktop
// and phone widths with screenshots under var/screenshots/.

describe('Offers, young people, events and the calendar in headless Chromium', () => {
  let w: WebTestApp;
  let browser: TestBrowser;
  let adviser: WebUserAccount;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    w = await startWebApp();
    adviser = await aStaffAccount(w.t, 'adviser', { displayName: 'Awa Diallo' });
    ids.garage = await anEmployer(w.t.ds, {
      legal_name: 'Garage du Stade SARL',
      trade_name: 'Garage du Stade',
      insee_code: '25056',
      postal_code: '25000',
      city: 'Besançon',
    });
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await w?.close();
  });

  it('creates an offer, publishes it and links to its public page and poster', async () => {
    const { page, messages } = await browser.newPage();
    await page.context().clearCookies();
    await logIn(page, w.baseUrl, adviser);
    await page.getByRole('link', { name: 'Offres', exact: true }).click();
    await page.getByRole('link', { name: 'Nouvelle offre' }).click();
    await page.getByLabel('Rechercher l’entreprise').fill('garage stade');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.getByRole('link', { name: /Choisir Garage du Stade/ }).click();
    await checkPage(page, 'offre-nouvelle');
    expect(await page.getByLabel('Code INSEE de la commune du poste').inputValue()).toBe('25056');
    await page.getByLabel('Intitulé du poste').fill('Mécanicien automobile H/F');
    await page.getByLabel('Code ROME').fill('I1604');
    await page.getByLabel('Description').fill('Entretien et réparation de véhicules légers.');
    await page.getByLabel('Type de contrat').selectOption({ label: 'Contrat d’apprentissage' });
    await page.getByLabel('Heures par semaine').fill('35');
    await page.getByRole('button', { name: 'Créer l’offre (brouillon)' }).click();
    await page.getByRole('button', { name: 'Publier l’offre' }).click();
    expect(await page.getByRole('status').first().textContent()).toContain('Offre publiée.');
    const publicLink = page.getByRole('link', { name: 'Page publique de l’offre' });
    expect(await publicLink.getAttribute('href')).toMatch(/^\/public\/job-offers\/[0-9a-f-]{36}$/);
    expect(
      await page.getByRole('link', { name: /Affiche à imprimer/ }).getAttribute('href'),
    ).toMatch(/^\/public\/job-offers\/[0-9a-f-]{36}\/affiche$/);
    ids.offer = page.url().split('/').pop()!;
    await checkPage(page, 'offre');
    await page.goto(`${w.baseUrl}/job-offers`);
    expect(await page.getByRole('link', { name: 'Mécanicien automobile H/F' }).count()).toBe(1);
    await checkPage(page, 'offres');
    expect(messages.filter((m) => /Content Security Policy|pageerror/i.test(m))).toEqual([]);
    await page.close();
  }, 180_000);

  it('adds a young person (the form says what is missing first) and proposes them for the offer', async () => {
    const { page } = await browser.newPage();
    await page.goto(`${w.baseUrl}/young-people`);
    await checkPage(page, 'jeunes');
    await page.getByRole('link', { name: 'Ajouter un jeune' }).click();
    await page.getByLabel('Nom', { exact: true }).fill('Girard');
    await page.getByRole('button', { name: 'Ajouter le jeune' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('Il y a un problème');
    await checkPage(page, 'jeune-erreur');
    await page.getByLabel('Prénom').fill('Hugo');
    await page.getByRole('button', { name: 'Ajouter le jeune' }).click();
    await page.getByRole('heading', { name: 'Hugo Girard' }).waitFor();
    ids.hugo = page.url().split('/').pop()!;
    await checkPage(page, 'jeune');

    await page.getByRole('link', { name: 'Nouvelle mise en relation' }).click();
    await page.getByLabel('Rechercher une entreprise').fill('garage');
    await page.getByRole('button', { name: 'Rechercher l’entreprise' }).click();
    await page.getByRole('link', { name: /Choisir Garage du Stade/ }).click();
    await page.getByLabel('Offre').selectOption({ label: 'Mécanicien automobile H/F' });
    await checkPage(page, 'mise-en-relation-nouvelle');
    await page.getByRole('button', { name: 'Créer la mise en relation' }).click();
    await page.getByRole('link', { name: 'Embaucher' }).waitFor();
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('Mécanicien automobile H/F');
    expect(text).toContain('Proposée');
    await checkPage(page, 'mise-en-relation');

    await page.goto(`${w.baseUrl}/young-people?q=hugo`);
    expect(await page.getByRole('link', { name: 'Hugo Girard' }).count()).toBe(1);
    await page.close();
  }, 180_000);

  it('creates a job dating with an employer, its offer and a young person', async () => {
    const { page } = await browser.newPage();
    await page.goto(`${w.baseUrl}/events`);
    await checkPage(page, 'evenements');
    await page.getByRole('link', { name: 'Nouvel événement' }).click();
    await page.getByLabel('Titre').fill('Job dating mécanique');
    await page.getByLabel('Date et heure').fill('2027-01-14T09:30');
    await page.getByLabel('Lieu').fill('Mission Locale, salle 2');
    await checkPage(page, 'evenement-nouveau');
    await page.getByRole('button', { name: 'Créer l’événement' }).click();
    await page.getByRole('heading', { name: 'Job dating mécanique' }).waitFor();
    expect(await page.locator('main').textContent()).toContain('jeudi 14 janvier 2027 à 09:30');

    await page.getByLabel('Ajouter une entreprise : rechercher').fill('garage');
    await page.getByRole('button', { name: 'Rechercher l’entreprise' }).click();
    await page.getByRole('button', { name: 'Ajouter Garage du Stade' }).click();
    await page.getByLabel('Mécanicien automobile H/F').check();
    await page.getByRole('button', { name: 'Enregistrer les offres de Garage du Stade' }).click();
    await page.getByLabel('Inscrire un jeune : rechercher').fill('girard');
    await page.getByRole('button', { name: 'Rechercher le jeune' }).click();
    await page.getByRole('button', { name: 'Inscrire Hugo Girard' }).click();

    const employers = page.getByRole('listitem').filter({ hasText: 'Garage du Stade' }).first();
    expect(await employers.getByRole('link', { name: 'Mécanicien automobile H/F' }).count()).toBe(
      1,
    );
    expect(await page.getByRole('link', { name: 'Hugo Girard', exact: true }).count()).toBe(1);
    await checkPage(page, 'evenement');
    await page.close();
  }, 180_000);

  it('gives the private calendar link once, readable, with a copy button', async () => {
    const { page } = await browser.newPage();
    await page.goto(`${w.baseUrl}/me/calendar`);
    await page.getByRole('button', { name: 'Créer mon lien' }).click();
    const link = page.getByLabel('Lien d’abonnement');
    expect(await link.inputValue()).toMatch(/\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    const copy = page.getByRole('button', { name: 'Copier le lien' });
    await copy.click();
    await page
      .getByRole('status')
      .filter({ hasText: /Lien copié|sélectionné/ })
      .waitFor();
    await checkPage(page, 'agenda');
    await page.goto(`${w.baseUrl}/me/calendar`);
    expect(await page.getByLabel('Lien d’abonnement').count()).toBe(0);
    expect(await page.getByRole('button', { name: /Créer un nouveau lien/ }).count()).toBe(1);
    await page.close();
  }, 120_000);
});
