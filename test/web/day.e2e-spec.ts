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
import { anInteraction } from '../support/factories/interaction.js';
import { aYoungPerson } from '../support/factories/young-person.js';
import { aHiredPlacement } from '../support/factories/placement.js';
import { aFollowUp } from '../support/factories/follow-up.js';

const DAY_MS = 86_400_000;
// Browser journeys on a loaded 2-core machine: generous per-test budgets, never timing assertions.

const isoDate = (d: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(d);

describe('Ma journée in headless Chromium', () => {
  let w: WebTestApp;
  let browser: TestBrowser;
  let adviser: WebUserAccount;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    w = await startWebApp();
    adviser = await aStaffAccount(w.t, 'adviser', { displayName: 'Awa Diallo' });
    const other = await aStaffAccount(w.t, 'adviser');
    const ds = w.t.ds;
    const now = w.t.clock.now();
    ids.bakery = await anEmployer(ds, {
      legal_name: 'Boulangerie Martin SARL',
      trade_name: 'Boulangerie Martin',
      referent_id: adviser.id,
    });
    ids.garage = await anEmployer(ds, { legal_name: 'Garage du Stade', referent_id: adviser.id });
    ids.dormant = await anEmployer(ds, {
      legal_name: 'Menuiserie Perrin',
      city: 'Besançon',
      referent_id: adviser.id,
      created_at: new Date(now.getTime() - 800 * DAY_MS),
      last_interaction_at: new Date(now.getTime() - 400 * DAY_MS),
    });
    await anEmployer(ds, {
      legal_name: 'Dormante Ailleurs',
      referent_id: other.id,
      created_at: new Date(now.getTime() - 800 * DAY_MS),
      last_interaction_at: new Date(now.getTime() - 400 * DAY_MS),
    });
    const lea = await aYoungPerson(ds, { first_name: 'Léa', last_name: 'Moreau' });
    const yanis = await aYoungPerson(ds, { first_name: 'Yanis', last_name: 'Benali' });
    const p1 = await aHiredPlacement(ds, ids.bakery, {
      young_person_id: lea,
      adviser_id: adviser.id,
    });
    const p2 = await aHiredPlacement(ds, ids.garage, {
      young_person_id: yanis,
      adviser_id: adviser.id,
      at_risk: true,
      contract_type: 'apprenticeship',
    });
    ids.p2 = p2;
    ids.late = await aFollowUp(ds, p1, {
      due_date: isoDate(new Date(now.getTime() - 3 * DAY_MS)),
      step_key: 'first_week',
    });
    ids.today = await aFollowUp(ds, p2, {
      due_date: isoDate(now),
      step_key: 'before_trial_end',
      with_whom: 'employer',
    });
    await aFollowUp(ds, p2, {
      due_date: isoDate(new Date(now.getTime() - 10 * DAY_MS)),
      step_key: 'first_day',
      status: 'done',
      done_on: isoDate(new Date(now.getTime() - 10 * DAY_MS)),
      risk: 'high',
      channel: 'phone',
    });
    await anInteraction(ds, ids.bakery, adviser.id, {
      next_action_at: new Date(now.getTime() - DAY_MS),
      next_action: 'Rappeler pour le poste de vendeuse',
    });
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await w?.close();
  });

  it('logs in through the form and lands on Ma journée, which passes axe at both widths', async () => {
    const { page, messages } = await browser.newPage();
    await page.context().clearCookies();
    await page.goto(`${w.baseUrl}/`);
    expect(page.url()).toBe(`${w.baseUrl}/login`);
    await checkPage(page, 'connexion');
    await logIn(page, w.baseUrl, adviser);
    await checkPage(page, 'ma-journee');
    expect(messages.filter((m) => /Content Security Policy|pageerror|404/i.test(m))).toEqual([]);

    const late = page.getByRole('region', { name: /Suivis en retard/ });
    await expect(
      late.getByRole('heading', { name: 'Léa Moreau chez Boulangerie Martin' }).count(),
    ).resolves.toBe(1);
    expect(await late.textContent()).toContain('Première semaine');
    expect(await late.textContent()).toContain('en retard de 3 jours');
    expect(
      await late.getByRole('link', { name: 'Faire le suivi de Léa Moreau' }).getAttribute('href'),
    ).toBe(`/follow-ups/${ids.late}/complete`);

    const today = page.getByRole('region', { name: /Suivis du jour/ });
    expect(await today.textContent()).toContain('Avant la fin de la période d’essai');

    const actions = page.getByRole('region', { name: /Prochaines actions/ });
    expect(await actions.textContent()).toContain('Rappeler pour le poste de vendeuse');
    expect(
      await actions
        .getByRole('link', { name: 'Noter le contact avec Boulangerie Martin' })
        .getAttribute('href'),
    ).toBe(`/employers/${ids.bakery}#nouveau-contact`);

    const dormant = page.getByRole('region', { name: /en sommeil/ });
    expect(await dormant.textContent()).toContain('Menuiserie Perrin');
    expect(await dormant.textContent()).not.toContain('Dormante Ailleurs');

    const risk = page.getByRole('region', { name: /à risque/ });
    expect(await risk.getByRole('link', { name: 'Yanis Benali' }).getAttribute('href')).toBe(
      `/placements/${ids.p2}`,
    );
    await page.close();
  }, 120_000);

  it('starts keyboard navigation with a skip link to the content', async () => {
    const { page } = await browser.newPage();
    await logIn(page, w.baseUrl, adviser);
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(
      () => (globalThis as any).document.activeElement.textContent as string,
    );
    expect(focused.trim()).toBe('Aller au contenu');
    await page.keyboard.press('Enter');
    // Following a fragment link is asynchronous: wait for it instead of reading the URL at once.
    await page.waitForURL(`${w.baseUrl}/#contenu`);
    expect(page.url()).toBe(`${w.baseUrl}/#contenu`);
    await page.close();
  }, 120_000);

  it('logs out from the header and the back button shows no page of the session', async () => {
    const { page } = await browser.newPage();
    await logIn(page, w.baseUrl, adviser);
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL(/\/login\?deconnexion$/);
    expect(await page.textContent('main')).toContain('Vous êtes déconnecté·e.');
    await page.goto(`${w.baseUrl}/`);
    expect(page.url()).toBe(`${w.baseUrl}/login`);
    await page.close();
  }, 120_000);
});
